// Reports for the federation's paperwork: the impact figures (totals and groups) and the
// activity ledger (活动台账), as JSON, CSV or XLSX with Chinese headers. The figures are
// exactly those of GET /v1/metrics/impact: the same service computes them.
import { asc, eq, inArray } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.js'
import { demands, teams } from '../../db/schema.js'
import { BENEFIT_KINDS, INDUSTRIES, SERVICE_KINDS, TEAM_LEVELS, labelOf } from '../../domain/codes/codes.js'
import { todayInShanghai } from '../../lib/pagination.js'
import { activityFilters, selectActivities, selectActivityLinks, type ActivityLinks } from '../activities/activities.repository.js'
import type { Principal } from '../../plugins/auth.js'
import type { Districts } from '../codes/districts.js'
import { FIGURE_LABELS, GROUP_BY_LABELS, toWan, type MetricsService } from '../metrics/metrics.service.js'
import type { ImpactReportQuery, LedgerQuery } from './reports.schemas.js'
import type { Cell, Column, Notes, Table } from './tabular.js'

type ImpactView = Awaited<ReturnType<MetricsService['impact']>>
type FiguresView = ImpactView['totals'] | NonNullable<ImpactView['groups']>[number]['figures']

// Enough ids per `in (…)` to stay far below the 65,535 bind parameters of the protocol.
const CHUNK = 5_000
const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK))

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

  /** 活动台账: one row per activity, oldest first. */
  async function ledger(q: z.output<typeof LedgerQuery>): Promise<Table> {
    const rows = await selectActivities(db, activityFilters(q))
    rows.sort((a, b) => (a.activity.date === b.activity.date ? (a.activity.id < b.activity.id ? -1 : 1) : a.activity.date < b.activity.date ? -1 : 1))
    const links = new Map<string, ActivityLinks>()
    for (const ids of chunks(rows.map((r) => r.activity.id))) for (const [id, l] of await selectActivityLinks(db, ids)) links.set(id, l)
    const demandIds = [...new Set([...links.values()].flatMap((l) => l.demandIds))]
    const titles = new Map<string, string>()
    for (const ids of chunks(demandIds))
      for (const d of await db.select({ id: demands.id, title: demands.title }).from(demands).where(inArray(demands.id, ids)).orderBy(asc(demands.id))) titles.set(d.id, d.title)
    return {
      name: '活动台账',
      columns: LEDGER_COLUMNS,
      rows: rows.map(({ activity: a, teamName, teamLevel }) => {
        const l = links.get(a.id) ?? { listed: [], linked: [], demandIds: [] }
        const listed = new Set(l.listed.map((e) => e.id))
        const served = [...l.listed, ...l.linked.filter((e) => !listed.has(e.id))]
        return {
          id: a.id,
          date: a.date,
          teamName,
          teamLevel: labelOf(TEAM_LEVELS, teamLevel),
          serviceKind: labelOf(SERVICE_KINDS, a.serviceKind),
          title: a.title,
          district: metrics.districtLabel(a.districtCode),
          industry: labelOf(INDUSTRIES, a.industry),
          enterprises: served.map((e) => e.name).join('、'),
          enterpriseCount: new Set(served.map((e) => e.id)).size,
          demands: l.demandIds.map((id) => titles.get(id) ?? id).join('、'),
          traineeCount: a.traineeCount,
          problemsSolved: a.onSiteProblemsSolved.length,
          problems: a.onSiteProblemsSolved.join('；'),
          benefitYuan: a.benefitYuan,
          benefitKind: a.benefitKind ? labelOf(BENEFIT_KINDS, a.benefitKind) : null,
          benefitWan: a.benefitYuan === null ? null : toWan(a.benefitYuan),
        }
      }),
    }
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
