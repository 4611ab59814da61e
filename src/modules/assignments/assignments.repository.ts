import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { assignments, demands, enterprises, teams } from '../../db/schema.js'
import { ASSIGNMENT_STATUSES, labelOf, type AssignmentStatus } from '../../domain/codes/codes.js'
import { ACTIVE_ASSIGNMENT_STATUSES, canMoveAssignment } from '../../domain/lifecycle.js'
import { errors } from '../../lib/errors.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'

export type AssignmentRow = typeof assignments.$inferSelect
const NO_ID = '00000000-0000-0000-0000-000000000000'

/** Admins read every assignment, a team its own. */
export function assignmentVisibleTo(p: Principal): SQL | undefined {
  return p.role === 'admin' ? undefined : eq(assignments.teamId, p.teamId ?? NO_ID)
}

export async function selectAssignments(db: Queryable, where: (SQL | undefined)[], limit: number) {
  return db
    .select({ assignment: assignments, demandTitle: demands.title, enterpriseId: demands.enterpriseId, enterpriseName: enterprises.name, teamName: teams.name })
    .from(assignments)
    .innerJoin(demands, eq(demands.id, assignments.demandId))
    .innerJoin(enterprises, eq(enterprises.id, demands.enterpriseId))
    .innerJoin(teams, eq(teams.id, assignments.teamId))
    .where(and(...where))
    .orderBy(desc(assignments.id))
    .limit(limit)
}

export function assignmentFilters(f: { status?: string; demandId?: string; teamId?: string; updatedSince?: Date; before?: string }): SQL[] {
  const w: SQL[] = []
  if (f.status) w.push(eq(assignments.status, f.status))
  if (f.demandId) w.push(eq(assignments.demandId, f.demandId))
  if (f.teamId) w.push(eq(assignments.teamId, f.teamId))
  // gte maps the Date through the column's type; a raw sql`` parameter would hand postgres.js a bare Date.
  if (f.updatedSince) w.push(gte(assignments.updatedAt, f.updatedSince))
  if (f.before) w.push(lt(assignments.id, f.before))
  return w
}

/** Active assignments per team, for capacity. */
export async function activeLoad(q: Queryable, teamId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(assignments)
    .where(and(eq(assignments.teamId, teamId), inArray(assignments.status, [...ACTIVE_ASSIGNMENT_STATUSES])))
  return Number(row?.n ?? 0)
}

export async function lockAssignment(tx: Queryable, id: string, actor: Principal): Promise<AssignmentRow> {
  const [row] = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.id, id), assignmentVisibleTo(actor)))
    .for('update')
  if (!row) throw errors.notFound('assignment', '派单')
  return row
}

/**
 * Every assignment status change goes through here: checked against the state machine
 * and written with its audit row, in the caller's transaction.
 */
export async function moveAssignment(
  tx: Queryable,
  a: AssignmentRow,
  to: AssignmentStatus,
  actor: Principal | null,
  set: Partial<AssignmentRow> = {},
  data?: Record<string, unknown>,
): Promise<AssignmentRow> {
  const from = a.status as AssignmentStatus
  if (!canMoveAssignment(from, to))
    throw errors.conflict(
      'assignment.invalid_transition',
      { zh: '派单状态不允许此操作', en: 'Illegal assignment transition' },
      {
        zh: `派单当前为「${labelOf(ASSIGNMENT_STATUSES, from)}」，不能变为「${labelOf(ASSIGNMENT_STATUSES, to)}」`,
        en: `An assignment that is ${from} cannot become ${to}`,
      },
      { from, to },
    )
  const [row] = await tx
    .update(assignments)
    .set({ ...set, status: to, updatedAt: new Date() })
    .where(eq(assignments.id, a.id))
    .returning()
  await writeAudit(tx, { actor, objectType: 'assignment', objectId: a.id, action: `assignment.${to}`, fromStatus: from, toStatus: to, ...(data ? { data } : {}) })
  return row!
}
