// Impact metrics (劳模工匠助企行的成效). The figures (totals and groups) are aggregated in
// the database (metrics.sql.ts: one statement, the same figures as the pure computeImpact);
// the records behind a figure still load the rows and hand them to the pure recordsBehind
// (domain/metrics). Then adds what a reader needs — Chinese labels for group keys, benefit
// in 万元, and the names and titles that let each record behind a figure be looked up.
import type { z } from 'zod'
import type { Database } from '../../db/client.js'
import { INDUSTRIES, SERVICE_KINDS, TEAM_LEVELS, labelOf } from '../../domain/codes/codes.js'
import {
  recordsBehind,
  type BenefitFigures,
  type EnterpriseTouch,
  type FigureName,
  type Figures,
  type GroupBy,
  type GroupFigures,
  type ImpactReport,
  type RecordsBehind,
} from '../../domain/metrics/impact.js'
import { errors } from '../../lib/errors.js'
import type { Principal } from '../../plugins/auth.js'
import type { Districts } from '../codes/districts.js'
import { isCityWideCode } from '../teams/teams.repository.js'
import { enterpriseNames, loadImpactRows, type LoadedRows } from './metrics.repository.js'
import type { ImpactQuery, ImpactRecord, RecordsQuery } from './metrics.schemas.js'
import { createImpactQuery } from './metrics.sql.js'

export const FIGURE_LABELS: Readonly<Record<FigureName, string>> = {
  teams: '服务队（支）',
  activities: '活动（场）',
  problemsSolved: '解决技术问题（个）',
  workersTrained: '帮助职工提升技能（人次）',
  enterprisesServed: '服务企业（家）',
  enterpriseVisits: '服务企业（家次）',
  benefitYuan: '经济效益或预期经济效益（元）',
}

export const GROUP_BY_LABELS: Readonly<Record<GroupBy, string>> = {
  district: '区县',
  industry: '行业',
  teamLevel: '服务队级别',
  serviceKind: '服务类型',
  month: '月份',
}

/** Integer yuan → 万元, exact to 4 decimals (no float sums: the yuan are summed first). */
export const toWan = (yuan: number) => Math.round(yuan) / 10_000

const wan = (b: BenefitFigures) => ({ actual: toWan(b.actual), expected: toWan(b.expected), total: toWan(b.total) })

type ImpactQueryInput = z.output<typeof ImpactQuery>
type RecordView = z.output<typeof ImpactRecord>

export function createMetricsService({ database, districts }: { database: Database; districts: Districts }) {
  const districtLabel = (code: string) => (isCityWideCode(code) ? districts.city.name : districts.name(code))
  const impactQuery = createImpactQuery(database)

  /** The Chinese label of a group key. */
  function groupLabel(groupBy: GroupBy, key: string | null): string {
    if (key === null) return '未知'
    switch (groupBy) {
      case 'district':
        return districtLabel(key)
      case 'industry':
        return labelOf(INDUSTRIES, key)
      case 'teamLevel':
        return labelOf(TEAM_LEVELS, key)
      case 'serviceKind':
        return labelOf(SERVICE_KINDS, key)
      case 'month':
        return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`
    }
  }

  const figuresView = <F extends Figures | GroupFigures>(f: F) => ({ ...f, benefitWanYuan: wan(f.benefitYuan) })

  function impactView(report: ImpactReport, q: ImpactQueryInput) {
    return {
      period: report.period,
      filters: { districtCode: q.districtCode ?? null, districtName: q.districtCode ? districtLabel(q.districtCode) : null, teamId: q.teamId ?? null },
      totals: figuresView(report.totals),
      ...(report.groupBy && report.groups
        ? {
            groupBy: report.groupBy,
            groups: report.groups.map((g) => ({ key: g.key, label: groupLabel(report.groupBy!, g.key), figures: figuresView(g.figures) })),
          }
        : {}),
      additive: { ...report.additive },
      figureLabels: { ...FIGURE_LABELS },
    }
  }

  /** groupBy and records are for admins: 401 without a token, 403 for another role. */
  function assertAdmin(actor: Principal | null) {
    if (!actor) throw errors.unauthorized('missing')
    if (actor.role !== 'admin') throw errors.forbidden({ zh: '分组统计和明细仅限工会调度员查看', en: 'Groups and records are for admins' })
  }

  const checkDistrict = (code: string | undefined) => {
    if (code !== undefined) districts.assertInCity(code, 'querystring.districtCode')
  }

  const domainQuery = (q: ImpactQueryInput) => ({ from: q.from, to: q.to, districtCode: q.districtCode, teamId: q.teamId, groupBy: q.groupBy })

  async function impact(q: ImpactQueryInput, actor: Principal | null) {
    if (q.groupBy) assertAdmin(actor)
    checkDistrict(q.districtCode)
    return impactView(await impactQuery(domainQuery(q)), q)
  }

  /** Flat, self-describing records: each says what it adds to the figure and how to look it up. */
  function flatten(behind: RecordsBehind<FigureName>, rows: LoadedRows): RecordView[] {
    const teamName = new Map(rows.teams.map((t) => [t.id, t.name]))
    const activity = new Map(rows.activities.map((a) => [a.id, a]))
    const completion = new Map(rows.completions.map((c) => [c.assignmentId, c]))
    const activityRef = (id: string) => {
      const a = activity.get(id)
      return { type: 'activity' as const, activityId: id, title: a?.title ?? '', date: a?.date ?? '', teamId: a?.teamId ?? '', teamName: teamName.get(a?.teamId ?? '') ?? '' }
    }
    const completionRef = (assignmentId: string, demandId: string) => {
      const c = completion.get(assignmentId)
      return {
        type: 'completion' as const,
        assignmentId,
        demandId,
        title: c?.demandTitle ?? '',
        date: c?.completedOn ?? '',
        teamId: c?.teamId ?? '',
        teamName: teamName.get(c?.teamId ?? '') ?? '',
      }
    }
    const touchRef = (t: EnterpriseTouch) =>
      t.type === 'activity' ? { ...activityRef(t.activityId), via: t.via } : { ...completionRef(t.assignmentId, t.demandId), solved: t.solved }
    const ref = (r: { type: 'activity'; activityId: string } | { type: 'completion'; assignmentId: string; demandId: string }) =>
      r.type === 'activity' ? activityRef(r.activityId) : completionRef(r.assignmentId, r.demandId)

    switch (behind.figure) {
      case 'teams':
        return (behind as RecordsBehind<'teams'>).records.map((t) => ({
          type: 'team',
          contributes: 1,
          teamId: t.teamId,
          teamName: teamName.get(t.teamId) ?? '',
          level: t.level,
          districtCode: t.districtCode,
          date: t.createdOn,
          deactivatedOn: t.deactivatedOn,
          active: t.active,
        }))
      case 'activities':
        return (behind as RecordsBehind<'activities'>).records.map((a) => ({ ...activityRef(a.activityId), contributes: 1 }))
      case 'problemsSolved':
        return (behind as RecordsBehind<'problemsSolved'>).records.map((p) =>
          p.type === 'activity' ? { ...activityRef(p.activityId), contributes: 1, problemIndex: p.index, problemText: p.text } : { ...ref(p), contributes: 1, solved: true },
        )
      case 'workersTrained':
        return (behind as RecordsBehind<'workersTrained'>).records.map((r) => ({ ...ref(r), contributes: r.traineeCount, traineeCount: r.traineeCount }))
      case 'enterprisesServed':
        return (behind as RecordsBehind<'enterprisesServed'>).records.map((e) => ({
          type: 'enterprise',
          contributes: 1,
          enterpriseId: e.enterpriseId,
          touches: e.touches.map(touchRef),
        }))
      case 'enterpriseVisits':
        return (behind as RecordsBehind<'enterpriseVisits'>).records.map((v) => ({ ...touchRef(v), contributes: 1, enterpriseId: v.enterpriseId }))
      case 'benefitYuan':
        return (behind as RecordsBehind<'benefitYuan'>).records.map((b) => ({ ...ref(b), contributes: b.amountYuan, amountYuan: b.amountYuan, benefitKind: b.kind }))
    }
  }

  async function records(q: z.output<typeof RecordsQuery>) {
    checkDistrict(q.districtCode)
    const offset = decodeOffset(q.cursor)
    const rows = await loadImpactRows(database, q)
    const groupKey = q.groupKey === undefined ? undefined : q.groupKey === '' ? null : q.groupKey
    const behind = recordsBehind(q.figure, rows, { ...domainQuery(q), groupKey })
    const all = flatten(behind, rows)
    const records = all.slice(offset, offset + q.limit)
    const names = await enterpriseNames(
      database.db,
      [...new Set(records.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : [])))],
    )
    for (const r of records) if (r.enterpriseId) r.enterpriseName = names.get(r.enterpriseId) ?? ''
    return {
      figure: q.figure,
      label: FIGURE_LABELS[q.figure],
      period: { from: q.from ?? null, to: q.to ?? null },
      groupBy: q.groupBy ?? null,
      groupKey: groupKey ?? null,
      value: behind.value,
      count: all.length,
      records,
      nextCursor: offset + q.limit < all.length ? encodeOffset(offset + q.limit) : null,
    }
  }

  return { impact, records, districtLabel }
}

export type MetricsService = ReturnType<typeof createMetricsService>

// The records of one figure are recomputed on each call; a page is an offset into them.
const encodeOffset = (n: number) => Buffer.from(`o${n}`).toString('base64url')
function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!m) throw errors.badRequest('pagination.bad_cursor', { zh: 'cursor 无效', en: 'Invalid cursor' }, { errors: [{ path: 'querystring.cursor', code: 'bad_cursor', message: 'cursor 无效' }] })
  return Number(m[1])
}
