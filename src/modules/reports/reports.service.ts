// Reports for the federation's paperwork: the impact figures (totals and groups) and the
// activity ledger (活动台账), as JSON, CSV or XLSX with Chinese headers. The figures are
// exactly those of GET /v1/metrics/impact: the same service computes them.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.js'
import { activities, activityDemands, activityEnterprises, demands, enterprises, teams } from '../../db/schema.js'
import { BENEFIT_KINDS, INDUSTRIES, SERVICE_KINDS, TEAM_LEVELS, labelOf } from '../../domain/codes/codes.js'
import { todayInShanghai } from '../../lib/pagination.js'
import { activityFilters } from '../activities/activities.repository.js'
import type { Principal } from '../../plugins/auth.js'
import type { Districts } from '../codes/districts.js'
import { FIGURE_LABELS, GROUP_BY_LABELS, toWan, type MetricsService } from '../metrics/metrics.service.js'
import type { ImpactReportQuery, LedgerQuery } from './reports.schemas.js'
import type { Cell, Column, Notes, PagedTable, Table } from './tabular.js'

type ImpactView = Awaited<ReturnType<MetricsService['impact']>>
type FiguresView = ImpactView['totals'] | NonNullable<ImpactView['groups']>[number]['figures']

// Activities per page of the ledger.
const LEDGER_PAGE = 1_000

const FIGURE_COLUMNS: Column[] = [
  { key: 'teams', header: FIGURE_LABELS.teams, kind: 'int' },
  { key: 'activities', header: FIGURE_LABELS.activities, kind: 'int' },
  { key: 'problemsSolved', header: FIGURE_LABELS.problemsSolved, kind: 'int' },
  { key: 'workersTrained', header: FIGURE_LABELS.workersTrained, kind: 'int' },
  { key: 'enterprisesServed', header: FIGURE_LABELS.enterprisesServed, kind: 'int' },
  { key: 'enterpriseVisits', header: FIGURE_LABELS.enterpriseVisits, kind: 'int' },
  { key: 'benefitActualYuan', header: '经济效益（元）', kind: 'int' },
  { key: 'benefitExpectedYuan', header: '预期经济效益（元）', kind: 'int' },
  { key: 'benefitTotalYuan', header: '经济效益合计（元）', kind: 'int' },
  { key: 'benefitActualWan', header: '经济效益（万元）', kind: 'wan' },
  { key: 'benefitExpectedWan', header: '预期经济效益（万元）', kind: 'wan' },
  { key: 'benefitTotalWan', header: '经济效益合计（万元）', kind: 'wan' },
]

const figureCells = (f: FiguresView): Record<string, Cell> => ({
  teams: f.teams,
  activities: f.activities,
  problemsSolved: f.problemsSolved,
  workersTrained: f.workersTrained,
  enterprisesServed: f.enterprisesServed,
  enterpriseVisits: f.enterpriseVisits,
  benefitActualYuan: f.benefitYuan.actual,
  benefitExpectedYuan: f.benefitYuan.expected,
  benefitTotalYuan: f.benefitYuan.total,
  benefitActualWan: f.benefitWanYuan.actual,
  benefitExpectedWan: f.benefitWanYuan.expected,
  benefitTotalWan: f.benefitWanYuan.total,
})

export const LEDGER_COLUMNS: Column[] = [
  { key: 'id', header: '活动编号', kind: 'text', width: 38 },
  { key: 'date', header: '日期', kind: 'text', width: 12 },
  { key: 'teamName', header: '服务队', kind: 'text', width: 30 },
  { key: 'teamLevel', header: '服务队级别', kind: 'text' },
  { key: 'serviceKind', header: '服务类型', kind: 'text' },
  { key: 'title', header: '活动名称', kind: 'text', width: 30 },
  { key: 'district', header: '区县', kind: 'text' },
  { key: 'industry', header: '行业', kind: 'text' },
  { key: 'enterprises', header: '服务企业', kind: 'text', width: 40 },
  { key: 'enterpriseCount', header: '服务企业数（家）', kind: 'int' },
  { key: 'demands', header: '关联需求', kind: 'text', width: 30 },
  { key: 'traineeCount', header: '培训人次', kind: 'int' },
  { key: 'problemsSolved', header: '解决技术问题（个）', kind: 'int' },
  { key: 'problems', header: '现场解决的问题', kind: 'text', width: 40 },
  { key: 'benefitYuan', header: '经济效益（元）', kind: 'int' },
  { key: 'benefitKind', header: '效益类型', kind: 'text' },
  { key: 'benefitWan', header: '经济效益（万元）', kind: 'wan' },
]

export function createReportService({ database, districts, metrics }: { database: Database; districts: Districts; metrics: MetricsService }) {
  const { db } = database

  /** The impact figures as one table: a row per group (when grouped), then the 合计 row. */
  function impactTable(view: ImpactView): Table {
    const dimension = view.groupBy ? GROUP_BY_LABELS[view.groupBy] : '统计范围'
    const rows: Record<string, Cell>[] = (view.groups ?? []).map((g) => ({ code: g.key ?? '', label: g.label, ...figureCells(g.figures) }))
    rows.push({ code: '', label: '合计', ...figureCells(view.totals) })
    return {
      name: '成效汇总',
      columns: [{ key: 'code', header: '代码', kind: 'text', width: 12 }, { key: 'label', header: dimension, kind: 'text', width: 16 }, ...FIGURE_COLUMNS],
      rows,
    }
  }

  async function impactNotes(view: ImpactView): Promise<Notes> {
    const teamId = view.filters.teamId
    const [team] = teamId ? await db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)) : []
    const teamName = teamId ? (team?.name ?? teamId) : '全部'
    return {
      name: '说明',
      lines: [
        ['统计期间', view.period.from || view.period.to ? `${view.period.from ?? '开始'} 至 ${view.period.to ?? '今'}` : '全部（自开展以来）'],
        ['区县', view.filters.districtName ?? `${districts.city.name}全市`],
        ['服务队', teamName],
        ['分组', view.groupBy ? GROUP_BY_LABELS[view.groupBy] : '不分组'],
        ['服务队（支）', '统计期末前登记、期初前未停用的服务队；不分期间时为在册服务队。按区县、级别、月份分组；不可跨分组相加'],
        ['服务企业（家）', '活动所列企业（含关联需求的企业）与期间内完成需求的企业，去重计数；不可跨分组相加。服务企业（家次）为不去重的次数'],
        ['帮助职工提升技能（人次）', '活动与完成需求登记的培训人次之和；为人次，非去重人数'],
        ['经济效益', '经济效益（实际）与预期经济效益分列，合计为两者之和；企业发布需求时的预估效益不计入'],
        ['同一需求', '同一需求的培训人次、经济效益和解决的问题只登记一次（完成结果或关联活动之一）'],
        ['生成日期', todayInShanghai()],
      ],
    }
  }

  /**
   * 活动台账: one row per activity, oldest first (by date, then id), read a page of
   * activities at a time: a province's ledger is 100,000 rows, which built whole held
   * 0.5–0.7 GB. Which activities, and their order, are fixed by one query at the start;
   * each page is read when the one before it has been written. The first page is read
   * here, so a failure to read shows as an error and not as a cut-off file.
   */
  async function ledger(q: z.output<typeof LedgerQuery>): Promise<PagedTable> {
    const ids = (await db.select({ id: activities.id }).from(activities).where(and(...activityFilters(q))).orderBy(asc(activities.date), asc(activities.id))).map((r) => r.id)
    const first = await ledgerPage(ids.slice(0, LEDGER_PAGE))
    // Each page is asked for as the one before it is handed on, so the database reads one
    // while the other is written out.
    async function* pages() {
      let page: Promise<Record<string, Cell>[]> = Promise.resolve(first)
      for (let k = 0; k < ids.length || k === 0; k += LEDGER_PAGE) {
        const rows = await page
        if (k + LEDGER_PAGE < ids.length) {
          page = ledgerPage(ids.slice(k + LEDGER_PAGE, k + 2 * LEDGER_PAGE))
          // Handled here too: a client that goes away leaves it unawaited.
          page.catch(() => {})
        }
        yield rows
      }
    }
    return { name: '活动台账', columns: LEDGER_COLUMNS, pages: pages() }
  }

  /**
   * The ledger rows of these activities, in the order of `ids` (one deleted since is left
   * out): one statement with the ids as one array, the enterprises and demand titles
   * gathered per activity, listed ones first as `selectActivityLinks` orders them. Read
   * through selectActivities and selectActivityLinks (three statements of 1,000 parameters
   * each, rows mapped by drizzle), a province's export took 10 s; this way 5 s.
   */
  async function ledgerPage(ids: string[]): Promise<Record<string, Cell>[]> {
    if (ids.length === 0) return []
    type PageRow = {
      id: string
      date: string
      teamName: string
      teamLevel: string
      serviceKind: string
      title: string
      districtCode: string
      industry: string
      traineeCount: number
      problems: string[]
      benefitYuan: string | null
      benefitKind: string | null
      // [id, name]: the listed enterprises in their order, then the owners of the linked demands.
      listed: [string, string][]
      linked: [string, string][]
      demands: string[]
    }
    const rows = await database.rows<PageRow>(sql`
      select a.id::text as "id", a.date::text as "date", t.name as "teamName", t.level as "teamLevel", a.service_kind as "serviceKind",
             a.title, a.district_code as "districtCode", a.industry, a.trainee_count as "traineeCount",
             a.on_site_problems_solved as "problems", a.benefit_yuan::text as "benefitYuan", a.benefit_kind as "benefitKind",
             coalesce((select json_agg(json_build_array(e.id, e.name) order by ae.position) from ${activityEnterprises} ae
                       join ${enterprises} e on e.id = ae.enterprise_id where ae.activity_id = a.id and ae.via = 'listed'), '[]') as "listed",
             coalesce((select json_agg(json_build_array(e.id, e.name) order by ae.position) from ${activityEnterprises} ae
                       join ${enterprises} e on e.id = ae.enterprise_id where ae.activity_id = a.id and ae.via = 'linkedDemand'), '[]') as "linked",
             coalesce((select json_agg(coalesce(d.title, ad.demand_id::text) order by ad.position) from ${activityDemands} ad
                       left join ${demands} d on d.id = ad.demand_id where ad.activity_id = a.id), '[]') as "demands"
      from unnest(${`{${ids.join(',')}}`}::uuid[]) with ordinality as page(id, n)
      join ${activities} a on a.id = page.id
      join ${teams} t on t.id = a.team_id
      order by page.n`)
    return rows.map((a) => {
      const listed = new Set(a.listed.map(([id]) => id))
      const served = [...a.listed, ...a.linked.filter(([id]) => !listed.has(id))]
      const benefitYuan = a.benefitYuan === null ? null : Number(a.benefitYuan)
      return {
        id: a.id,
        date: a.date,
        teamName: a.teamName,
        teamLevel: labelOf(TEAM_LEVELS, a.teamLevel),
        serviceKind: labelOf(SERVICE_KINDS, a.serviceKind),
        title: a.title,
        district: metrics.districtLabel(a.districtCode),
        industry: labelOf(INDUSTRIES, a.industry),
        enterprises: served.map(([, name]) => name).join('、'),
        enterpriseCount: new Set(served.map(([id]) => id)).size,
        demands: a.demands.join('、'),
        traineeCount: a.traineeCount,
        problemsSolved: a.problems.length,
        problems: a.problems.join('；'),
        benefitYuan,
        benefitKind: a.benefitKind ? labelOf(BENEFIT_KINDS, a.benefitKind) : null,
        benefitWan: benefitYuan === null ? null : toWan(benefitYuan),
      }
    })
  }

  return {
    async impact(q: z.output<typeof ImpactReportQuery>, actor: Principal) {
      const { format: _format, ...query } = q
      const view = await metrics.impact(query, actor)
      return { view, table: impactTable(view), notes: await impactNotes(view) }
    },
    ledger,
  }
}

export type ReportService = ReturnType<typeof createReportService>
