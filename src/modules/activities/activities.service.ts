// 活动: teams record their service visits, trainings and exchange meetings — tied to one
// order, several or none — with what they achieved. Each write is one transaction with its
// audit row; the demands an activity links are locked so that "each demand's outcome
// counts once" (domain/outcome.ts) holds against a concurrent completion.
import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database, Queryable } from '../../db/client.js'
import { activities, teams } from '../../db/schema.js'
import { inTransaction } from '../../db/transaction.js'
import type { BenefitKind, Industry, ServiceKind, TeamLevel } from '../../domain/codes/codes.js'
import { findOutcomeConflict, type OutcomeReport } from '../../domain/outcome.js'
import type { FieldProblem } from '../../lib/errors.js'
import { newId } from '../../lib/ids.js'
import { decodeCursor, pageOf } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'
import type { Districts } from '../codes/districts.js'
import { withIdempotency } from '../idempotency/idempotency.js'
import { activityErrors } from './activities.errors.js'
import {
  activityFilters,
  activityVisibleTo,
  lockActivity,
  lockDemands,
  visibleDemandIds,
  selectActivities,
  selectActivityLinks,
  selectEnterpriseIndustries,
  selectOutcomeReports,
  writeActivityLinks,
  type ActivityLinks,
  type ActivityRow,
  type LockedDemand,
} from './activities.repository.js'
import type { ActivityCreate, ActivityListQuery, ActivityPatch } from './activities.schemas.js'

type Selected = Awaited<ReturnType<typeof selectActivities>>[number]

/** Distinct values, first occurrence kept. */
const distinct = <T>(xs: readonly T[]) => [...new Set(xs)]

/** The outcome an activity reports, for the outcome-once rule. */
const activityOutcome = (activityId: string, a: { traineeCount: number; benefitYuan: number | null; onSiteProblemsSolved: readonly string[] }): OutcomeReport => ({
  source: { kind: 'activity', activityId },
  traineeCount: a.traineeCount,
  benefitYuan: a.benefitYuan,
  problemsSolved: a.onSiteProblemsSolved.length,
})

/**
 * The outcome-once rule over the linked demands (locked by the caller): 409 when one of
 * them already has a completion reporting an outcome and this activity reports one too.
 */
async function assertActivityOutcomeFree(tx: Queryable, locked: ReadonlyMap<string, LockedDemand>, incoming: OutcomeReport) {
  const stored = await selectOutcomeReports(tx, [...locked.keys()])
  for (const [demandId, existing] of stored) {
    const conflict = findOutcomeConflict(demandId, incoming, existing)
    if (conflict) throw activityErrors.outcomeAlreadyReported(conflict, locked.get(demandId)?.title ?? demandId)
  }
}

/**
 * The completion side of "each demand's outcome counts once", for assignments.complete:
 * call it inside the completing transaction, with the demand locked.
 */
export async function assertCompletionOutcomeFree(
  tx: Queryable,
  demand: { id: string; title: string },
  completion: { assignmentId: string; solved: boolean; traineeCount: number; benefitYuan: number | null },
) {
  const incoming: OutcomeReport = {
    source: { kind: 'completion', assignmentId: completion.assignmentId },
    traineeCount: completion.traineeCount,
    benefitYuan: completion.benefitYuan,
    problemsSolved: completion.solved ? 1 : 0,
  }
  const stored = await selectOutcomeReports(tx, [demand.id])
  const conflict = findOutcomeConflict(demand.id, incoming, stored.get(demand.id) ?? [])
  if (conflict) throw activityErrors.outcomeAlreadyReported(conflict, demand.title)
}

export function createActivityService({ database, districts }: { database: Database; districts: Districts }) {
  const { db } = database

  const view = ({ activity: a, teamName, teamLevel }: Selected, links: ActivityLinks) => {
    const listedIds = new Set(links.listed.map((e) => e.id))
    return {
      id: a.id,
      teamId: a.teamId,
      teamName,
      teamLevel: teamLevel as TeamLevel,
      date: a.date,
      serviceKind: a.serviceKind as ServiceKind,
      title: a.title,
      districtCode: a.districtCode,
      districtName: districts.name(a.districtCode),
      industry: a.industry as Industry,
      industryDefaulted: a.industryDefaulted,
      enterpriseIds: links.listed.map((e) => e.id),
      demandIds: links.demandIds,
      linkedEnterpriseIds: links.linked.map((e) => e.id),
      enterprises: [
        ...links.listed.map((e) => ({ ...e, via: 'listed' as const })),
        ...links.linked.filter((e) => !listedIds.has(e.id)).map((e) => ({ ...e, via: 'linkedDemand' as const })),
      ],
      traineeCount: a.traineeCount,
      onSiteProblemsSolved: a.onSiteProblemsSolved,
      problemsSolved: a.onSiteProblemsSolved.length,
      benefitYuan: a.benefitYuan,
      benefitKind: a.benefitKind as BenefitKind | null,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    }
  }

  async function load(q: Queryable, id: string, actor: Principal) {
    const [row] = await selectActivities(q, [eq(activities.id, id), activityVisibleTo(actor)], 1)
    if (!row) throw activityErrors.notFound()
    const links = await selectActivityLinks(q, [id])
    return view(row, links.get(id) ?? { listed: [], linked: [], demandIds: [] })
  }

  /**
   * Checks the enterprises and demands an activity names (400 naming each unknown one),
   * locks the demands, and resolves the owners of the demands and the default industry.
   * A team may link only demands it can read (ever assigned to it).
   */
  async function resolveLinks(tx: Queryable, input: { enterpriseIds: readonly string[]; demandIds: readonly string[] }, actor: Principal, problems: FieldProblem[]) {
    const locked = await lockDemands(tx, input.demandIds, actor)
    input.demandIds.forEach((id, i) => {
      if (!locked.has(id)) problems.push({ path: `demandIds.${i}`, code: 'unknown_demand', message: '需求不存在或无权查看' })
    })
    const linkedOwnerIds = distinct(input.demandIds.flatMap((id) => locked.get(id)?.enterpriseId ?? []))
    const industries = await selectEnterpriseIndustries(tx, distinct([...input.enterpriseIds, ...linkedOwnerIds]))
    input.enterpriseIds.forEach((id, i) => {
      if (!industries.has(id)) problems.push({ path: `enterpriseIds.${i}`, code: 'unknown_enterprise', message: '企业不存在' })
    })
    // API.md: an activity's industry defaults to its first enterprise's — the first listed,
    // else the owner of the first linked demand.
    const first = input.enterpriseIds[0] ?? linkedOwnerIds[0]
    return { locked, linkedOwnerIds, defaultIndustry: first === undefined ? undefined : industries.get(first) }
  }

  const industryRequired = (): FieldProblem => ({ path: 'industry', code: 'required', message: '活动未关联任何企业时须填写 industry' })

  return {
    get: (id: string, actor: Principal) => load(db, id, actor),

    async create(input: z.output<typeof ActivityCreate>, actor: Principal, idempotencyKey: string | undefined) {
      if (actor.role === 'team' && input.teamId !== actor.teamId) throw activityErrors.otherTeam()
      districts.assertInCity(input.districtCode, 'districtCode')
      return withIdempotency(database, { tokenId: actor.tokenId, route: 'POST /v1/activities', key: idempotencyKey, body: input }, async (tx) => {
        const problems: FieldProblem[] = []
        const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId))
        if (!team) problems.push({ path: 'teamId', code: 'unknown_team', message: '服务队不存在' })
        const { locked, linkedOwnerIds, defaultIndustry } = await resolveLinks(tx, input, actor, problems)
        const industry = input.industry ?? defaultIndustry
        if (!industry && !problems.some((p) => p.path.startsWith('enterpriseIds') || p.path.startsWith('demandIds'))) problems.push(industryRequired())
        if (problems.length) throw activityErrors.invalidFields(problems)

        const id = newId()
        await assertActivityOutcomeFree(tx, locked, activityOutcome(id, { ...input, benefitYuan: input.benefitYuan ?? null }))
        await tx.insert(activities).values({
          id,
          teamId: input.teamId,
          date: input.date,
          serviceKind: input.serviceKind,
          title: input.title,
          districtCode: input.districtCode,
          industry: industry!,
          industryDefaulted: input.industry === undefined,
          traineeCount: input.traineeCount,
          onSiteProblemsSolved: input.onSiteProblemsSolved,
          benefitYuan: input.benefitYuan ?? null,
          benefitKind: input.benefitKind ?? null,
        })
        await writeActivityLinks(tx, id, { enterpriseIds: input.enterpriseIds, linkedOwnerIds, demandIds: input.demandIds })
        await writeAudit(tx, {
          actor,
          objectType: 'activity',
          objectId: id,
          action: 'activity.created',
          data: {
            teamId: input.teamId,
            date: input.date,
            title: input.title,
            enterpriseIds: input.enterpriseIds,
            demandIds: input.demandIds,
            traineeCount: input.traineeCount,
            problemsSolved: input.onSiteProblemsSolved.length,
            benefitYuan: input.benefitYuan ?? null,
            benefitKind: input.benefitKind ?? null,
          },
        })
        return { status: 201, body: await load(tx, id, actor) }
      })
    },

    async list(q: z.output<typeof ActivityListQuery>, actor: Principal) {
      const rows = await selectActivities(
        db,
        [
          activityVisibleTo(actor),
          ...activityFilters({ ...q, updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined, before: decodeCursor(q.cursor) }),
        ],
        q.limit + 1,
      )
      const p = pageOf(
        rows.map((r) => ({ ...r, id: r.activity.id })),
        q.limit,
      )
      const links = await selectActivityLinks(
        db,
        p.items.map((r) => r.id),
      )
      return { items: p.items.map((r) => view(r, links.get(r.id) ?? { listed: [], linked: [], demandIds: [] })), nextCursor: p.nextCursor }
    },

    /** A correction: the fields given replace the stored ones; audited with each changed field's old and new value. */
    async patch(id: string, input: z.output<typeof ActivityPatch>, actor: Principal) {
      if (input.districtCode !== undefined) districts.assertInCity(input.districtCode, 'districtCode')
      return inTransaction(database, async (tx) => {
        // The activity first, then its demands (in id order): the same order for every writer.
        const current = await lockActivity(tx, id, actor)
        const stored = (await selectActivityLinks(tx, [id])).get(id) ?? { listed: [], linked: [], demandIds: [] }
        const enterpriseIds = input.enterpriseIds ?? stored.listed.map((e) => e.id)
        const demandIds = input.demandIds ?? stored.demandIds
        // Every linked demand is locked (in id order); those newly named must be readable by
        // the caller, those already linked stay.
        const problems: FieldProblem[] = []
        const { locked, linkedOwnerIds, defaultIndustry } = await resolveLinks(tx, { enterpriseIds, demandIds }, { ...actor, role: 'admin' }, problems)
        const added = demandIds.filter((d) => !stored.demandIds.includes(d))
        const visible = await visibleDemandIds(tx, added, actor)
        demandIds.forEach((d, i) => {
          if (added.includes(d) && locked.has(d) && !visible.has(d)) problems.push({ path: `demandIds.${i}`, code: 'unknown_demand', message: '需求不存在或无权查看' })
        })
        if (problems.length) throw activityErrors.invalidFields(problems)

        const linksChanged = input.enterpriseIds !== undefined || input.demandIds !== undefined
        let industry = current.industry
        let industryDefaulted = current.industryDefaulted
        if (input.industry !== undefined) {
          industry = input.industry
          industryDefaulted = false
        } else if (current.industryDefaulted && linksChanged && defaultIndustry) {
          industry = defaultIndustry
        }

        const next: ActivityRow = {
          ...current,
          ...(input.date !== undefined ? { date: input.date } : {}),
          ...(input.serviceKind !== undefined ? { serviceKind: input.serviceKind } : {}),
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.districtCode !== undefined ? { districtCode: input.districtCode } : {}),
          ...(input.traineeCount !== undefined ? { traineeCount: input.traineeCount } : {}),
          ...(input.onSiteProblemsSolved !== undefined ? { onSiteProblemsSolved: input.onSiteProblemsSolved } : {}),
          ...(input.benefitYuan !== undefined ? { benefitYuan: input.benefitYuan, benefitKind: input.benefitKind ?? null } : {}),
          industry,
          industryDefaulted,
        }
        await assertActivityOutcomeFree(tx, locked, activityOutcome(id, next))

        const changed: Record<string, { from: unknown; to: unknown }> = {}
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
        for (const k of ['date', 'serviceKind', 'title', 'districtCode', 'industry', 'traineeCount', 'onSiteProblemsSolved', 'benefitYuan', 'benefitKind'] as const)
          if (!same(current[k], next[k])) changed[k] = { from: current[k], to: next[k] }
        const storedLinks = { enterpriseIds: stored.listed.map((e) => e.id), demandIds: stored.demandIds }
        if (!same(storedLinks.enterpriseIds, enterpriseIds)) changed.enterpriseIds = { from: storedLinks.enterpriseIds, to: enterpriseIds }
        if (!same(storedLinks.demandIds, demandIds)) changed.demandIds = { from: storedLinks.demandIds, to: demandIds }
        if (Object.keys(changed).length === 0) return load(tx, id, actor)

        const { id: _id, teamId: _team, createdAt: _created, ...columns } = next
        await tx
          .update(activities)
          .set({ ...columns, updatedAt: new Date() })
          .where(eq(activities.id, id))
        if (changed.enterpriseIds || changed.demandIds) await writeActivityLinks(tx, id, { enterpriseIds, linkedOwnerIds, demandIds })
        await writeAudit(tx, { actor, objectType: 'activity', objectId: id, action: 'activity.updated', data: { changed } })
        return load(tx, id, actor)
      })
    },
  }
}

export type ActivityService = ReturnType<typeof createActivityService>
