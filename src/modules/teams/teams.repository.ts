// Team reads shared by the teams service and the matcher: live menus, load and track record.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database, Queryable } from '../../db/client.js'
import { assignments, feedback, menuItems, teams } from '../../db/schema.js'
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

/** Load and track record per team; `teamIds` undefined means every team. Teams with no record are absent. */
export async function selectTeamStats(q: Queryable, teamIds?: readonly string[]): Promise<Map<string, TeamStats>> {
  const out = new Map<string, TeamStats>()
  if (teamIds && teamIds.length === 0) return out
  const get = (id: string) => {
    let s = out.get(id)
    if (!s) out.set(id, (s = { ...EMPTY_STATS }))
    return s
  }
  const counts = await q
    .select({
      teamId: assignments.teamId,
      load: sql<number>`count(*) filter (where ${assignments.status} in (${activeList}))`.mapWith(Number),
      completed: sql<number>`count(*) filter (where ${assignments.status} = 'completed')`.mapWith(Number),
      solved: sql<number>`count(*) filter (where ${assignments.status} = 'completed' and ${assignments.solved})`.mapWith(Number),
    })
    .from(assignments)
    .where(teamIds ? inArray(assignments.teamId, [...teamIds]) : undefined)
    .groupBy(assignments.teamId)
  for (const c of counts) Object.assign(get(c.teamId), { load: c.load, completed: c.completed, solved: c.solved })
  const ratings = await q
    .select({
      teamId: assignments.teamId,
      ratingSum: sql<number>`coalesce(sum(${feedback.rating}), 0)`.mapWith(Number),
      ratingCount: sql<number>`count(*)`.mapWith(Number),
    })
    .from(feedback)
    .innerJoin(assignments, eq(assignments.id, feedback.assignmentId))
    .where(teamIds ? inArray(assignments.teamId, [...teamIds]) : undefined)
    .groupBy(assignments.teamId)
  for (const r of ratings) Object.assign(get(r.teamId), { ratingSum: r.ratingSum, ratingCount: r.ratingCount })
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
export async function loadTeamsForMatching(q: Queryable): Promise<MatchTeam[]> {
  const rows = await q.select().from(teams).orderBy(asc(teams.id))
  // One query after another: `q` may be a transaction, which runs one statement at a time.
  const menus = await selectLiveMenus(q, undefined)
  const stats = await selectTeamStats(q, undefined)
  return rows.map((t) => {
    const s = stats.get(t.id) ?? EMPTY_STATS
    return {
      id: t.id,
      name: t.name,
      level: t.level as TeamLevel,
      districtCode: isCityWideCode(t.districtCode) ? null : t.districtCode,
      capacity: t.capacity,
      load: s.load,
      industries: t.industries,
      active: t.active,
      menu: (menus.get(t.id) ?? []).map((m) => ({
        id: m.id,
        title: m.title,
        description: m.description,
        serviceKinds: m.serviceKinds as ServiceKind[],
        skills: m.skills,
        industries: m.industries,
      })),
      trackRecord: { completed: s.completed, solved: s.solved, ratingSum: s.ratingSum, ratingCount: s.ratingCount },
    }
  })
}

/**
 * A fingerprint of everything the public menu depends on (menu_items and teams): row
 * counts, max(updated_at) and a checksum of the update times, read fresh on every call so
 * that an index cached in one process is rebuilt after a change made by another.
 * Every menu or team change bumps updated_at (soft deletes too), so the key moves.
 */
export async function menuFingerprint(database: Database, q: Queryable = database.db): Promise<string> {
  const [row] = await database.rows<{ key: string }>(
    sql`select concat_ws('|',
          (select count(*) from ${menuItems}),
          (select max(${menuItems.updatedAt})::text from ${menuItems}),
          (select sum(extract(epoch from ${menuItems.updatedAt}))::text from ${menuItems}),
          (select count(*) from ${teams}),
          (select max(${teams.updatedAt})::text from ${teams}),
          (select sum(extract(epoch from ${teams.updatedAt}))::text from ${teams})
        ) as key`,
    q,
  )
  return String(row?.key ?? '')
}
