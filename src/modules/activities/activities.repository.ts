// Activity reads and writes: the activity row, its enterprises and its linked demands,
// and what is already stored about a demand's outcome (for domain/outcome.ts).
import { and, asc, desc, eq, exists, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { activities, activityDemands, activityEnterprises, assignments, demands, enterprises, teams } from '../../db/schema.js'
import type { OutcomeReport } from '../../domain/outcome.js'
import type { Principal } from '../../plugins/auth.js'
import { demandVisibleTo } from '../demands/demands.repository.js'
import { activityErrors } from './activities.errors.js'

export type ActivityRow = typeof activities.$inferSelect
export type Via = 'listed' | 'linkedDemand'

const NO_ID = '00000000-0000-0000-0000-000000000000'

/** Admins read every activity, a team its own. */
export function activityVisibleTo(p: Principal): SQL | undefined {
  return p.role === 'admin' ? undefined : eq(activities.teamId, p.teamId ?? NO_ID)
}

export interface ActivityFilters {
  teamId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  serviceKind?: string | undefined
  districtCode?: string | undefined
  demandId?: string | undefined
  enterpriseId?: string | undefined
  updatedSince?: Date | undefined
  before?: string | undefined
}

export function activityFilters(f: ActivityFilters): SQL[] {
  const w: SQL[] = []
  if (f.teamId) w.push(eq(activities.teamId, f.teamId))
  // `date` is a calendar day already (Asia/Shanghai): inclusive bounds, compared as dates.
  if (f.from) w.push(gte(activities.date, f.from))
  if (f.to) w.push(lte(activities.date, f.to))
  if (f.serviceKind) w.push(eq(activities.serviceKind, f.serviceKind))
  if (f.districtCode) w.push(eq(activities.districtCode, f.districtCode))
  if (f.demandId)
    w.push(exists(sql`(select 1 from ${activityDemands} where ${activityDemands.activityId} = ${activities.id} and ${activityDemands.demandId} = ${f.demandId})`))
  if (f.enterpriseId)
    w.push(
      exists(sql`(select 1 from ${activityEnterprises} where ${activityEnterprises.activityId} = ${activities.id} and ${activityEnterprises.enterpriseId} = ${f.enterpriseId})`),
    )
  if (f.updatedSince) w.push(gte(activities.updatedAt, f.updatedSince))
  if (f.before) w.push(lt(activities.id, f.before))
  return w
}

/** Activities with their team's name and level, newest first (ids are time-ordered). */
export async function selectActivities(q: Queryable, where: (SQL | undefined)[], limit?: number) {
  const query = q
    .select({ activity: activities, teamName: teams.name, teamLevel: teams.level })
    .from(activities)
    .innerJoin(teams, eq(teams.id, activities.teamId))
    .where(and(...where))
    .orderBy(desc(activities.id))
  return limit === undefined ? query : query.limit(limit)
}

export interface ActivityLinks {
  /** Listed by the team, in the order given. */
  listed: { id: string; name: string }[]
  /** Owners of the linked demands, in the order of the demands. */
  linked: { id: string; name: string }[]
  demandIds: string[]
}

const noLinks = (): ActivityLinks => ({ listed: [], linked: [], demandIds: [] })

/** Enterprises and demands of the given activities. */
export async function selectActivityLinks(q: Queryable, activityIds: readonly string[]): Promise<Map<string, ActivityLinks>> {
  const out = new Map<string, ActivityLinks>()
  if (activityIds.length === 0) return out
  const get = (id: string) => {
    let l = out.get(id)
    if (!l) out.set(id, (l = noLinks()))
    return l
  }
  const ents = await q
    .select({ activityId: activityEnterprises.activityId, via: activityEnterprises.via, id: enterprises.id, name: enterprises.name })
    .from(activityEnterprises)
    .innerJoin(enterprises, eq(enterprises.id, activityEnterprises.enterpriseId))
    .where(inArray(activityEnterprises.activityId, [...activityIds]))
    .orderBy(asc(activityEnterprises.activityId), asc(activityEnterprises.position))
  for (const e of ents) get(e.activityId)[e.via === 'listed' ? 'listed' : 'linked'].push({ id: e.id, name: e.name })
  const dems = await q
    .select({ activityId: activityDemands.activityId, demandId: activityDemands.demandId })
    .from(activityDemands)
    .where(inArray(activityDemands.activityId, [...activityIds]))
    .orderBy(asc(activityDemands.activityId), asc(activityDemands.position))
  for (const d of dems) get(d.activityId).demandIds.push(d.demandId)
  return out
}

/** The activity, locked for the rest of the transaction, if the caller may read it. */
export async function lockActivity(tx: Queryable, id: string, actor: Principal): Promise<ActivityRow> {
  const [row] = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.id, id), activityVisibleTo(actor)))
    .for('update')
  if (!row) throw activityErrors.notFound()
  return row
}

/** Replaces the enterprises and demands of an activity. */
export async function writeActivityLinks(tx: Queryable, activityId: string, links: { enterpriseIds: readonly string[]; linkedOwnerIds: readonly string[]; demandIds: readonly string[] }) {
  await tx.delete(activityEnterprises).where(eq(activityEnterprises.activityId, activityId))
  await tx.delete(activityDemands).where(eq(activityDemands.activityId, activityId))
  const ents = [
    ...links.enterpriseIds.map((enterpriseId, position) => ({ activityId, enterpriseId, via: 'listed' as const, position })),
    ...links.linkedOwnerIds.map((enterpriseId, position) => ({ activityId, enterpriseId, via: 'linkedDemand' as const, position })),
  ]
  if (ents.length) await tx.insert(activityEnterprises).values(ents)
  if (links.demandIds.length) await tx.insert(activityDemands).values(links.demandIds.map((demandId, position) => ({ activityId, demandId, position })))
}

/** Enterprises by id with their industry (for existence checks and the default industry). */
export async function selectEnterpriseIndustries(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await q.select({ id: enterprises.id, industry: enterprises.industry }).from(enterprises).where(inArray(enterprises.id, [...ids]))
  return new Map(rows.map((r) => [r.id, r.industry]))
}

export interface LockedDemand {
  id: string
  title: string
  enterpriseId: string
}

/**
 * The demands among `ids` that `actor` may read, locked in id order (the order every
 * transaction locks several demands in, so two never wait on each other in a circle).
 */
export async function lockDemands(tx: Queryable, ids: readonly string[], actor: Principal): Promise<Map<string, LockedDemand>> {
  if (ids.length === 0) return new Map()
  const rows = await tx
    .select({ id: demands.id, title: demands.title, enterpriseId: demands.enterpriseId })
    .from(demands)
    .where(and(inArray(demands.id, [...ids]), demandVisibleTo(actor)))
    .orderBy(asc(demands.id))
    .for('update')
  return new Map(rows.map((r) => [r.id, r]))
}

/** The ids among `ids` of demands `actor` may read (no lock). */
export async function visibleDemandIds(q: Queryable, ids: readonly string[], actor: Principal): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await q
    .select({ id: demands.id })
    .from(demands)
    .where(and(inArray(demands.id, [...ids]), demandVisibleTo(actor)))
  return new Set(rows.map((r) => r.id))
}

/**
 * What is stored about the outcome of each demand: its completion (at most one) and the
 * activities linked to it. Call with the demands locked.
 */
export async function selectOutcomeReports(q: Queryable, demandIds: readonly string[]): Promise<Map<string, OutcomeReport[]>> {
  const out = new Map<string, OutcomeReport[]>(demandIds.map((id) => [id, []]))
  if (demandIds.length === 0) return out
  const completions = await q
    .select({ id: assignments.id, demandId: assignments.demandId, solved: assignments.solved, traineeCount: assignments.traineeCount, benefitYuan: assignments.benefitYuan })
    .from(assignments)
    .where(and(inArray(assignments.demandId, [...demandIds]), eq(assignments.status, 'completed')))
  for (const c of completions)
    out.get(c.demandId)?.push({
      source: { kind: 'completion', assignmentId: c.id },
      traineeCount: c.traineeCount ?? 0,
      benefitYuan: c.benefitYuan,
      problemsSolved: c.solved ? 1 : 0,
    })
  const linked = await q
    .select({
      id: activities.id,
      demandId: activityDemands.demandId,
      traineeCount: activities.traineeCount,
      benefitYuan: activities.benefitYuan,
      problems: sql<number>`cardinality(${activities.onSiteProblemsSolved})`.mapWith(Number),
    })
    .from(activityDemands)
    .innerJoin(activities, eq(activities.id, activityDemands.activityId))
    .where(inArray(activityDemands.demandId, [...demandIds]))
    .orderBy(asc(activities.id))
  for (const a of linked)
    out.get(a.demandId)?.push({ source: { kind: 'activity', activityId: a.id }, traineeCount: a.traineeCount, benefitYuan: a.benefitYuan, problemsSolved: a.problems })
  return out
}
