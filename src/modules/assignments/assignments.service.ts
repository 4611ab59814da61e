// 工会送菜: the union assigns a team; the team accepts or declines, works, completes.
// Capacity and "one active assignment per demand" hold under concurrency: the demand
// row and then the team row are locked (always in that order) before counting, and a
// partial unique index backs the second rule in the database itself.
import { and, eq, inArray } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database, Tx } from '../../db/client.js'
import { assignments, demands, feedback, teams } from '../../db/schema.js'
import { inTransaction, isUniqueViolation } from '../../db/transaction.js'
import type { AssignmentStatus, BenefitKind, DeclineReason, DemandStatus, ServiceKind } from '../../domain/codes/codes.js'
import { errors } from '../../lib/errors.js'
import type { Lang } from '../../lib/i18n.js'
import { newId } from '../../lib/ids.js'
import { decodeCursor, pageOf, todayInShanghai } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { assertCompletionOutcomeFree } from '../activities/activities.service.js'
import { writeAudit } from '../audit/audit.repository.js'
import { lockDemand, moveDemand, type DemandRow } from '../demands/demands.repository.js'
import {
  activeLoad,
  assignmentFilters,
  assignmentVisibleTo,
  lockAssignment,
  moveAssignment,
  selectAssignments,
  type AssignmentRow,
} from './assignments.repository.js'
import type { AssignmentCancel, AssignmentComplete, AssignmentCreate, AssignmentDecline, AssignmentListQuery, FeedbackCreate } from './assignments.schemas.js'

/** What the assignment rules need from the matcher for one (demand, team) pair. */
export interface PairEvaluator {
  evaluate(tx: Tx, demand: DemandRow, teamId: string, lang: Lang): Promise<{ eligible: boolean; ineligible: { code: string; message: string }[]; score: number } | null>
}

type Selected = Awaited<ReturnType<typeof selectAssignments>>[number]
const iso = (d: Date | null) => d?.toISOString() ?? null
const SCORE_SCALE = 1_000_000

export function toAssignmentView({ assignment: a, demandTitle, enterpriseId, enterpriseName, teamName }: Selected) {
  return {
    id: a.id,
    demandId: a.demandId,
    demandTitle,
    enterpriseId,
    enterpriseName,
    teamId: a.teamId,
    teamName,
    status: a.status as AssignmentStatus,
    score: a.score === null ? null : a.score / SCORE_SCALE,
    note: a.note,
    override: a.override,
    assignedAt: a.assignedAt.toISOString(),
    acceptedAt: iso(a.acceptedAt),
    startedAt: iso(a.startedAt),
    endedAt: iso(a.endedAt),
    declineReasonCode: a.declineReasonCode as DeclineReason | null,
    declineNote: a.declineNote,
    cancelReason: a.cancelReason,
    outcome:
      a.status === 'completed'
        ? {
            solved: a.solved ?? false,
            serviceKind: (a.deliveredServiceKind ?? 'tackling') as ServiceKind,
            traineeCount: a.traineeCount ?? 0,
            benefitYuan: a.benefitYuan,
            benefitKind: a.benefitKind as BenefitKind | null,
            completedOn: a.completedOn ?? '',
            summary: a.summary ?? '',
          }
        : null,
    updatedAt: a.updatedAt.toISOString(),
  }
}

export const scoreToMicros = (score: number) => Math.round(score * SCORE_SCALE)

export function createAssignmentService({ database, matcher }: { database: Database; matcher: PairEvaluator }) {
  const { db } = database

  async function load(q: Tx | Database['db'], id: string) {
    const [row] = await selectAssignments(q, [eq(assignments.id, id)], 1)
    return toAssignmentView(row!)
  }

  /** Locks the team row: concurrent assignments to one team queue here, in every process. */
  async function lockTeam(tx: Tx, teamId: string) {
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update')
    return team
  }

  /**
   * Moves an assignment and its demand together. The demand is locked before the
   * assignment, the same order as everywhere else, so two transactions never wait on each other in a circle.
   */
  async function transition(
    id: string,
    actor: Principal,
    to: AssignmentStatus,
    demandTo: DemandStatus,
    set: (a: AssignmentRow, demand: DemandRow) => Partial<AssignmentRow>,
    data?: Record<string, unknown>,
    guard?: (tx: Tx, a: AssignmentRow, demand: DemandRow) => Promise<void>,
  ) {
    return inTransaction(database, async (tx) => {
      const [peek] = await tx.select({ demandId: assignments.demandId }).from(assignments).where(and(eq(assignments.id, id), assignmentVisibleTo(actor)))
      if (!peek) throw errors.notFound('assignment', '派单')
      const demand = await lockDemand(tx, peek.demandId, { ...actor, role: 'admin' })
      const a = await lockAssignment(tx, id, actor)
      await moveAssignment(tx, a, to, actor, set(a, demand), data)
      if (guard) await guard(tx, a, demand)
      await moveDemand(tx, demand, demandTo, actor, `demand.${demandTo === 'open' ? 'reopened' : demandTo}`, { assignmentId: id })
      return load(tx, id)
    })
  }

  return {
    async assign(demandId: string, input: z.output<typeof AssignmentCreate>, actor: Principal, lang: Lang) {
      try {
        return await inTransaction(database, async (tx) => {
          const demand = await lockDemand(tx, demandId, actor)
          if (demand.status !== 'open')
            throw errors.conflict(
              'demand.not_open',
              { zh: '需求不在待派单状态', en: 'Demand is not open' },
              { zh: '只有待派单的需求可以派单', en: 'Only an open demand can be assigned' },
              { status: demand.status },
            )
          const team = await lockTeam(tx, input.teamId)
          if (!team)
            throw errors.badRequest('validation.failed', { zh: '服务队不存在', en: 'No such team' }, { errors: [{ path: 'teamId', code: 'unknown_team', message: '服务队不存在' }] })
          const verdict = await matcher.evaluate(tx, demand, team.id, lang)
          if (!verdict) throw errors.badRequest('validation.failed', { zh: '服务队不存在', en: 'No such team' }, { errors: [{ path: 'teamId', code: 'unknown_team', message: '服务队不存在' }] })
          if (!verdict.eligible && !input.override)
            throw errors.conflict(
              'assignment.team_ineligible',
              { zh: '该服务队不符合派单条件', en: 'Team is not eligible' },
              {
                zh: `不能派给「${team.name}」：${verdict.ineligible.map((r) => r.message).join('；')}。如确需派单，请带 override 与说明`,
                en: `${team.name} is not eligible: ${verdict.ineligible.map((r) => r.message).join('; ')}. Use override with a note if you must`,
              },
              { reasons: verdict.ineligible },
            )
          const current = await activeLoad(tx, team.id)
          if (current >= team.capacity)
            throw errors.conflict(
              'assignment.capacity_full',
              { zh: '服务队已满负荷', en: 'Team at capacity' },
              { zh: `「${team.name}」当前负载 ${current}/${team.capacity}，无法再接新单`, en: `${team.name} is at capacity (${current}/${team.capacity})` },
              { load: current, capacity: team.capacity },
            )
          const id = newId()
          await tx.insert(assignments).values({
            id,
            demandId,
            teamId: team.id,
            status: 'assigned',
            score: scoreToMicros(verdict.score),
            note: input.note ?? null,
            override: !verdict.eligible && input.override,
          })
          await writeAudit(tx, {
            actor,
            objectType: 'assignment',
            objectId: id,
            action: 'assignment.created',
            toStatus: 'assigned',
            data: { demandId, teamId: team.id, score: verdict.score, ...(input.note ? { note: input.note } : {}), ...(!verdict.eligible ? { override: true, overridden: verdict.ineligible.map((r) => r.code) } : {}) },
          })
          await moveDemand(tx, demand, 'assigned', actor, 'demand.assigned', { assignmentId: id, teamId: team.id })
          return load(tx, id)
        })
      } catch (err) {
        // The partial unique index: another process assigned this demand a moment ago.
        if (isUniqueViolation(err)) throw errors.conflict('demand.not_open', { zh: '需求不在待派单状态', en: 'Demand is not open' }, { zh: '该需求刚刚已被派单', en: 'The demand was just assigned' })
        throw err
      }
    },

    get: async (id: string, actor: Principal) => {
      const [row] = await selectAssignments(db, [eq(assignments.id, id), assignmentVisibleTo(actor)], 1)
      if (!row) throw errors.notFound('assignment', '派单')
      return toAssignmentView(row)
    },

    async list(q: z.output<typeof AssignmentListQuery>, actor: Principal) {
      const rows = await selectAssignments(
        db,
        [
          assignmentVisibleTo(actor),
          ...assignmentFilters({ ...q, updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined, before: decodeCursor(q.cursor) }),
        ],
        q.limit + 1,
      )
      const p = pageOf(
        rows.map((r) => ({ ...r, id: r.assignment.id })),
        q.limit,
      )
      return { items: p.items.map(toAssignmentView), nextCursor: p.nextCursor }
    },

    accept: (id: string, actor: Principal) => transition(id, actor, 'accepted', 'accepted', () => ({ acceptedAt: new Date() })),

    start: (id: string, actor: Principal) => transition(id, actor, 'in_progress', 'in_progress', () => ({ startedAt: new Date() })),

    decline: (id: string, input: z.output<typeof AssignmentDecline>, actor: Principal) =>
      transition(id, actor, 'declined', 'open', () => ({ declineReasonCode: input.reasonCode, declineNote: input.note ?? null, endedAt: new Date() }), {
        reasonCode: input.reasonCode,
        ...(input.note ? { note: input.note } : {}),
      }),

    cancel: (id: string, input: z.output<typeof AssignmentCancel>, actor: Principal) =>
      transition(id, actor, 'cancelled', 'open', () => ({ cancelReason: input.reason, endedAt: new Date() }), { reason: input.reason }),

    complete: (id: string, input: z.output<typeof AssignmentComplete>, actor: Principal) =>
      transition(
        id,
        actor,
        'completed',
        'completed',
        (_a, demand) => ({
          solved: input.solved,
          deliveredServiceKind: input.serviceKind ?? demand.serviceKinds[0] ?? 'tackling',
          traineeCount: input.traineeCount,
          benefitYuan: input.benefitYuan ?? null,
          benefitKind: input.benefitKind ?? null,
          completedOn: input.completedOn ?? todayInShanghai(),
          summary: input.summary,
          endedAt: new Date(),
        }),
        { solved: input.solved, traineeCount: input.traineeCount, benefitYuan: input.benefitYuan, benefitKind: input.benefitKind },
        // Each demand's outcome counts once (domain/outcome.ts): 409 when an activity linked
        // to this demand already reported one. The demand is locked by `transition`.
        (tx, a, demand) =>
          assertCompletionOutcomeFree(tx, demand, { assignmentId: a.id, solved: input.solved, traineeCount: input.traineeCount, benefitYuan: input.benefitYuan ?? null }),
      ),

    async feedback(demandId: string, input: z.output<typeof FeedbackCreate>, actor: Principal) {
      try {
        return await inTransaction(database, async (tx) => {
          const demand = await lockDemand(tx, demandId, actor)
          const [done] = await tx
            .select()
            .from(assignments)
            .where(and(eq(assignments.demandId, demand.id), inArray(assignments.status, ['completed'])))
          if (!done)
            throw errors.conflict('feedback.not_completed', { zh: '需求尚未完成', en: 'Demand not completed' }, { zh: '服务完成后才能评价', en: 'Feedback comes after completion' })
          const [existing] = await tx.select().from(feedback).where(eq(feedback.assignmentId, done.id))
          if (existing)
            throw errors.conflict('feedback.already_given', { zh: '已评价', en: 'Feedback already given' }, { zh: '每次服务只能评价一次', en: 'One feedback per completed assignment' })
          const [row] = await tx
            .insert(feedback)
            .values({ assignmentId: done.id, demandId: demand.id, rating: input.rating, outcomeConfirmed: input.outcomeConfirmed, comment: input.comment ?? null })
            .returning()
          await writeAudit(tx, { actor, objectType: 'feedback', objectId: done.id, action: 'feedback.created', data: { demandId: demand.id, rating: input.rating, outcomeConfirmed: input.outcomeConfirmed } })
          await tx.update(demands).set({ updatedAt: new Date() }).where(eq(demands.id, demand.id))
          await tx.update(teams).set({ updatedAt: new Date() }).where(eq(teams.id, done.teamId))
          return { ...row!, createdAt: row!.createdAt.toISOString() }
        })
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.conflict('feedback.already_given', { zh: '已评价', en: 'Feedback already given' }, { zh: '每次服务只能评价一次', en: 'One feedback per completed assignment' })
        throw err
      }
    },
  }
}

export type AssignmentService = ReturnType<typeof createAssignmentService>
