// Team reads shared by the teams service and the matcher: live menus, load and track record.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database, Queryable } from '../../db/client.js'
import { catalogVersion, menuItems, teams } from '../../db/schema.js'
import type { MatchTeam, ServiceKind, TeamLevel } from '../../domain/matching/types.js'
import { ACTIVE_ASSIGNMENT_STATUSES } from '../../domain/lifecycle.js'
import { errors } from '../../lib/errors.js'

export type TeamRow = typeof teams.$inferSelect
export type MenuItemRow = typeof menuItems.$inferSelect

/** What a team has done and carries now, counted from assignments and feedback. */
export interface TeamStats {
  /** active assignments: assigned, accepted, in_progress */
  load: number
  /** completed assignments, solved or not */
  completed: number
  /** completed with solved = true */
  solved: number
  ratingSum: number
  ratingCount: number
}

export const EMPTY_STATS: Readonly<TeamStats> = { load: 0, completed: 0, solved: 0, ratingSum: 0, ratingCount: 0 }

const activeList = sql.join(
  ACTIVE_ASSIGNMENT_STATUSES.map((s) => sql`${s}`),
  sql`, `,
)

/**
 * Load and track record per team, read from the counters the database keeps (migration
 * 0003 triggers); `teamIds` undefined means every team.
 */
export async function selectTeamStats(q: Queryable, teamIds?: readonly string[]): Promise<Map<string, TeamStats>> {
  const out = new Map<string, TeamStats>()
  if (teamIds && teamIds.length === 0) return out
  const rows = await q
    .select({ id: teams.id, load: teams.activeLoad, completed: teams.completedCount, solved: teams.solvedCount, ratingSum: teams.ratingSum, ratingCount: teams.ratingCount })
    .from(teams)
    .where(teamIds ? inArray(teams.id, [...teamIds]) : undefined)
  for (const { id, ...stats } of rows) out.set(id, stats)
  return out
}

/** Live (not soft-deleted) menu items per team, oldest first; `teamIds` undefined means every team. */
export async function selectLiveMenus(q: Queryable, teamIds?: readonly string[]): Promise<Map<string, MenuItemRow[]>> {
  const out = new Map<string, MenuItemRow[]>()
  if (teamIds && teamIds.length === 0) return out
  const rows = await q
    .select()
    .from(menuItems)
    .where(and(isNull(menuItems.deletedAt), teamIds ? inArray(menuItems.teamId, [...teamIds]) : undefined))
    .orderBy(asc(menuItems.id))
  for (const r of rows) {
    const list = out.get(r.teamId)
    if (list) list.push(r)
    else out.set(r.teamId, [r])
  }
  return out
}

/** The team row, locked for the rest of the transaction; 404 when it does not exist. */
export async function lockTeam(tx: Queryable, id: string): Promise<TeamRow> {
  const [row] = await tx.select().from(teams).where(eq(teams.id, id)).for('update')
  if (!row) throw errors.notFound('team', '服务队')
  return row
}

/** County-level GB/T 2260 codes never end in 00; a city team with no base stores its city's code. */
export const isCityWideCode = (code: string) => /00$/.test(code)

/**
 * Every team (active or not, so the matcher can say why one is ineligible) as the matcher
 * reads it: live menu items, load (active assignments), capacity and track record.
 */
export async function loadTeamsForMatching(q: Queryable, menus?: ReadonlyMap<string, readonly MatchTeam['menu'][number][]>): Promise<MatchTeam[]> {
  const [rows, live] = await Promise.all([q.select().from(teams).orderBy(asc(teams.id)), menus ? undefined : selectLiveMenus(q, undefined)])
  const menuOf = (id: string) => menus?.get(id) ?? (live?.get(id) ?? []).map(toMenuInput)
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    level: t.level as TeamLevel,
    districtCode: isCityWideCode(t.districtCode) ? null : t.districtCode,
    capacity: t.capacity,
    load: t.activeLoad,
    industries: t.industries,
    active: t.active,
    menu: menuOf(t.id),
    trackRecord: { completed: t.completedCount, solved: t.solvedCount, ratingSum: t.ratingSum, ratingCount: t.ratingCount },
  }))
}

/** Per team: capacity and the trigger-kept load and track record (a narrow read, for every match request). */
export async function loadTeamLoads(q: Queryable): Promise<Map<string, Pick<MatchTeam, 'capacity' | 'load' | 'trackRecord'>>> {
  const rows = await q
    .select({ id: teams.id, capacity: teams.capacity, load: teams.activeLoad, completed: teams.completedCount, solved: teams.solvedCount, ratingSum: teams.ratingSum, ratingCount: teams.ratingCount })
    .from(teams)
  return new Map(rows.map((r) => [r.id, { capacity: r.capacity, load: r.load, trackRecord: { completed: r.completed, solved: r.solved, ratingSum: r.ratingSum, ratingCount: r.ratingCount } }]))
}

export const toMenuInput = (m: MenuItemRow): MatchTeam['menu'][number] => ({
  id: m.id,
  title: m.title,
  description: m.description,
  serviceKinds: m.serviceKinds as ServiceKind[],
  skills: m.skills,
  industries: m.industries,
})

/** Every team's live menu as the matcher reads it; cache it under `menuFingerprint`. */
export async function loadMatchMenus(q: Queryable): Promise<Map<string, MatchTeam['menu'][number][]>> {
  const live = await selectLiveMenus(q, undefined)
  return new Map([...live].map(([id, items]) => [id, items.map(toMenuInput)]))
}

/**
 * The catalog version: a trigger (migration 0003) bumps it in the transaction of any
 * change to the menus or to the teams' matching fields, so a cache keyed on it — in any
 * process — is rebuilt after a change made anywhere. One indexed single-row read.
 */
export async function menuFingerprint(database: Database, q: Queryable = database.db): Promise<string> {
  const [row] = await q.select({ version: catalogVersion.version }).from(catalogVersion).where(eq(catalogVersion.id, 1))
  return String(row?.version ?? 0)
}
