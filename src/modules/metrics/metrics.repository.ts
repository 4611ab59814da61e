// Loads the plain rows the pure impact metrics (domain/metrics) compute from: teams,
// activities (with their listed enterprises and linked-demand owners) and completions
// (completed assignments with their demand and its enterprise).
import { and, asc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm'
import type { Database, Queryable } from '../../db/client.js'
import { activities, activityEnterprises, assignments, demands, enterprises, teams } from '../../db/schema.js'
import type { ActivityRow, BenefitKind, CompletionRow, ServiceKind, TeamLevel, TeamRow } from '../../domain/metrics/impact.js'
import { todayInShanghai } from '../../lib/pagination.js'

/** The rows, with what the records endpoint and the reports show next to them. */
export interface LoadedTeam extends TeamRow {
  name: string
}
export interface LoadedActivity extends ActivityRow {
  title: string
}
export interface LoadedCompletion extends CompletionRow {
  demandTitle: string
}
export interface LoadedRows {
  teams: LoadedTeam[]
  activities: LoadedActivity[]
  completions: LoadedCompletion[]
}

export interface RowFilters {
  from?: string | undefined
  to?: string | undefined
  districtCode?: string | undefined
  teamId?: string | undefined
}

/** A timestamp's calendar day in Asia/Shanghai (UTC+8, no DST). */
export const shanghaiDay = (d: Date) => todayInShanghai(d)

/**
 * The rows in scope of the filters. The filters are pushed down only to cut the load;
 * computeImpact applies the same rules again, so the figures do not depend on it.
 * All teams are loaded (the `teams` figure and the team level of every record need them).
 * One read-only snapshot, so the three reads agree with each other.
 */
export async function loadImpactRows(database: Database, f: RowFilters): Promise<LoadedRows> {
  return database.db.transaction(async (tx) => ({
    teams: await loadTeams(tx),
    activities: await loadActivities(tx, f),
    completions: await loadCompletions(tx, f),
  }), { isolationLevel: 'repeatable read', accessMode: 'read only' })
}

async function loadTeams(q: Queryable): Promise<LoadedTeam[]> {
  const rows = await q
    .select({ id: teams.id, name: teams.name, level: teams.level, districtCode: teams.districtCode, createdAt: teams.createdAt, deactivatedAt: teams.deactivatedAt, active: teams.active })
    .from(teams)
    .orderBy(asc(teams.id))
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    level: t.level as TeamLevel,
    districtCode: t.districtCode,
    // Registration and deactivation are instants; the counting rule compares calendar days.
    createdOn: shanghaiDay(t.createdAt),
    deactivatedOn: !t.active && t.deactivatedAt ? shanghaiDay(t.deactivatedAt) : null,
    active: t.active,
  }))
}

function activityWhere(f: RowFilters): SQL[] {
  const w: SQL[] = []
  if (f.from) w.push(gte(activities.date, f.from))
  if (f.to) w.push(lte(activities.date, f.to))
  if (f.districtCode) w.push(eq(activities.districtCode, f.districtCode))
  if (f.teamId) w.push(eq(activities.teamId, f.teamId))
  return w
}

async function loadActivities(q: Queryable, f: RowFilters): Promise<LoadedActivity[]> {
  const where = and(...activityWhere(f))
  const rows = await q.select().from(activities).where(where).orderBy(asc(activities.id))
  const links = await q
    .select({ activityId: activityEnterprises.activityId, enterpriseId: activityEnterprises.enterpriseId, via: activityEnterprises.via })
    .from(activityEnterprises)
    .innerJoin(activities, eq(activities.id, activityEnterprises.activityId))
    .where(where)
    .orderBy(asc(activityEnterprises.activityId), asc(activityEnterprises.via), asc(activityEnterprises.position))
  const listed = new Map<string, string[]>()
  const linked = new Map<string, string[]>()
  for (const l of links) {
    const into = l.via === 'listed' ? listed : linked
    const list = into.get(l.activityId)
    if (list) list.push(l.enterpriseId)
    else into.set(l.activityId, [l.enterpriseId])
  }
  return rows.map((a) => ({
    id: a.id,
    teamId: a.teamId,
    date: a.date,
    serviceKind: a.serviceKind as ServiceKind,
    districtCode: a.districtCode,
    industry: a.industry,
    enterpriseIds: listed.get(a.id) ?? [],
    linkedDemandOwnerIds: linked.get(a.id) ?? [],
    traineeCount: a.traineeCount,
    onSiteProblemsSolved: a.onSiteProblemsSolved,
    benefitYuan: a.benefitYuan,
    benefitKind: a.benefitKind as BenefitKind | null,
    title: a.title,
  }))
}

async function loadCompletions(q: Queryable, f: RowFilters): Promise<LoadedCompletion[]> {
  const w: SQL[] = [eq(assignments.status, 'completed')]
  if (f.from) w.push(gte(assignments.completedOn, f.from))
  if (f.to) w.push(lte(assignments.completedOn, f.to))
  // A completion counts under its enterprise's district.
  if (f.districtCode) w.push(eq(enterprises.districtCode, f.districtCode))
  if (f.teamId) w.push(eq(assignments.teamId, f.teamId))
  const rows = await q
    .select({
      assignmentId: assignments.id,
      demandId: assignments.demandId,
      teamId: assignments.teamId,
      enterpriseId: demands.enterpriseId,
      completedOn: assignments.completedOn,
      solved: assignments.solved,
      traineeCount: assignments.traineeCount,
      benefitYuan: assignments.benefitYuan,
      benefitKind: assignments.benefitKind,
      serviceKind: assignments.deliveredServiceKind,
      districtCode: enterprises.districtCode,
      industry: demands.industry,
      demandTitle: demands.title,
      demandServiceKinds: demands.serviceKinds,
    })
    .from(assignments)
    .innerJoin(demands, eq(demands.id, assignments.demandId))
    .innerJoin(enterprises, eq(enterprises.id, demands.enterpriseId))
    .where(and(...w))
    .orderBy(asc(assignments.id))
  return rows.map(({ demandServiceKinds, ...c }) => ({
    ...c,
    completedOn: c.completedOn ?? '',
    solved: c.solved ?? false,
    traineeCount: c.traineeCount ?? 0,
    benefitKind: c.benefitKind as BenefitKind | null,
    serviceKind: (c.serviceKind ?? demandServiceKinds[0] ?? 'tackling') as ServiceKind,
  }))
}

/** Enterprise names by id (for the records behind a figure). */
export async function enterpriseNames(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await q.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(inArray(enterprises.id, [...ids]))
  return new Map(rows.map((r) => [r.id, r.name]))
}
