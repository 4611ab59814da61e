// 需求点单: an enterprise posts a technical problem; the union follows it to the end.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database, Tx } from '../../db/client.js'
import { assignments, demands, enterprises } from '../../db/schema.js'
import type { AssignmentStatus, DemandStatus, Industry, ServiceKind, Urgency } from '../../domain/codes/codes.js'
import { ACTIVE_ASSIGNMENT_STATUSES, FINAL_DEMAND_STATUSES } from '../../domain/lifecycle.js'
import { coalescing } from '../../lib/coalesce.js'
import { errors } from '../../lib/errors.js'
import { newId } from '../../lib/ids.js'
import { dayAfter, dayStart, decodeCursor, pageOf } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { auditInsertFrom, writeAudit } from '../audit/audit.repository.js'
import type { Districts } from '../codes/districts.js'
import { insertManyOnce, withIdempotency, type InsertOnceItem, type Replayable } from '../idempotency/idempotency.js'
import { cachedVisibleTo, type CachedDemandView, type DemandViewCache, type EnterpriseFacts } from './demand-views.cache.js'
import {
  assignmentHistory,
  demandFilters,
  demandVisibleTo,
  type DemandRow,
  lockDemand,
  moveDemand,
  preparedDemandView,
  selectDemands,
} from './demands.repository.js'
import type { DemandCancel, DemandCreate, DemandListQuery, DemandPatch } from './demands.schemas.js'

const INTAKE_ROUTE = 'POST /v1/demands'
const textArray = (json: SQL) => sql`array(select a.e from jsonb_array_elements_text(${json}) with ordinality as a(e, o) order by a.o)`
/**
 * The new demands and their audit rows, from insertManyOnce's `zqx_new`: `x` is the answer
 * (the demand's view, which holds every column), `extra` the audit row's own fields.
 */
const INSERT_NEW_DEMANDS = sql`zqx_demand as (
    insert into demands (id, enterprise_id, title, description, service_kinds, skills, industry, district_code, urgency, trainees_wanted, estimated_benefit_yuan, due_date, status, created_at, updated_at)
    select (x->>'id')::uuid, (x->>'enterpriseId')::uuid, x->>'title', x->>'description', ${textArray(sql`x->'serviceKinds'`)}, ${textArray(sql`x->'skills'`)},
      x->>'industry', x->>'districtCode', x->>'urgency', (x->>'traineesWanted')::int, (x->>'estimatedBenefitYuan')::bigint, (x->>'dueDate')::date,
      x->>'status', (x->>'createdAt')::timestamptz, (x->>'updatedAt')::timestamptz
    from zqx_new
  ), ${auditInsertFrom(
    'zqx_audit',
    'zqx_new',
    { id: sql`(extra->>'auditId')::uuid`, tokenId: sql`token_id`, actorRole: sql`extra->>'actorRole'`, objectId: sql`(x->>'id')::uuid`, data: sql`extra->'data'` },
    { objectType: 'demand', action: 'demand.created', toStatus: 'open' },
  )}`

type Selected = Awaited<ReturnType<typeof selectDemands>>[number]
type History = Awaited<ReturnType<typeof assignmentHistory>>
const iso = (d: Date | null) => d?.toISOString() ?? null

export function createDemandService({ database, districts, views }: { database: Database; districts: Districts; views?: DemandViewCache }) {
  const { db } = database
  const viewReads = preparedDemandView(db)
  // Intake is the busiest write: new demands are written with their audit rows and keys in
  // one statement, and those that arrive while earlier ones are being written share the
  // next (lib/coalesce.ts). One batch at a time: on the bench (README, Performance) a
  // second concurrent batch made intake slower, not faster — smaller batches, and two
  // backends competing for the same enterprise rows' key-share locks.
  const intake = coalescing((batch: InsertOnceItem[]) => insertManyOnce(database, INTAKE_ROUTE, batch, INSERT_NEW_DEMANDS), {
    maxBatch: 64,
    maxInFlight: 1,
    keyOf: (it) => (it.key === undefined ? undefined : `${it.tokenId}|${it.key}`),
  })

  const view = ({ demand: d, enterpriseName, current }: Omit<Selected, 'current'> & { current: Selected['current'] | null }, history?: History) => ({
    id: d.id,
    enterpriseId: d.enterpriseId,
    enterpriseName,
    title: d.title,
    description: d.description,
    serviceKinds: d.serviceKinds as ServiceKind[],
    skills: d.skills,
    industry: d.industry as Industry,
    districtCode: d.districtCode,
    districtName: districts.name(d.districtCode),
    urgency: d.urgency as Urgency,
    traineesWanted: d.traineesWanted,
    estimatedBenefitYuan: d.estimatedBenefitYuan,
    dueDate: d.dueDate,
    status: d.status as DemandStatus,
    cancelReason: d.cancelReason,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    currentAssignment:
      current?.id && current.teamId && current.assignedAt
        ? {
            id: current.id,
            teamId: current.teamId,
            teamName: current.teamName ?? '',
            status: current.status as AssignmentStatus,
            assignedAt: current.assignedAt.toISOString(),
            acceptedAt: iso(current.acceptedAt),
          }
        : null,
    ...(history
      ? {
          assignments: history.map((a) => ({
            ...a,
            status: a.status as AssignmentStatus,
            assignedAt: a.assignedAt.toISOString(),
            acceptedAt: iso(a.acceptedAt),
            endedAt: iso(a.endedAt),
          })),
        }
      : {}),
  })

  async function load(q: Tx | Database['db'], id: string, actor: Principal) {
    const [row] = await selectDemands(q, [eq(demands.id, id), demandVisibleTo(actor)], 1)
    if (!row) throw errors.notFound('demand', '需求')
    return view(row, await assignmentHistory(q, id))
  }

  return {
    /**
     * The demand's view as JSON written by `serialize`, from the per-process cache when it
     * holds it (see demand-views.cache.ts); 404 unless the caller may read it.
     */
    async getJson(id: string, actor: Principal, serialize: (v: ReturnType<typeof view>) => string): Promise<Buffer> {
      const read = async (): Promise<CachedDemandView | null> => {
        const [row] = await viewReads.demand.execute({ id })
        if (!row) return null
        const history = await viewReads.history.execute({ id })
        return { json: Buffer.from(serialize(view(row, history))), enterpriseId: row.demand.enterpriseId, teamIds: [...new Set(history.map((a) => a.teamId))] }
      }
      // Keyed in lower case, as the triggers announce ids (a UUID may arrive in upper case).
      const found = views ? await views.views.get(id.toLowerCase(), read) : await read()
      if (!found || !cachedVisibleTo(found, actor)) throw errors.notFound('demand', '需求')
      return found.json
    },

    /**
     * Posts a demand. The answer is JSON written by `serialize` (the route's own serializer)
     * when this request created it, or the stored first answer when the key replays it.
     */
    async create(
      input: z.output<typeof DemandCreate>,
      actor: Principal,
      idempotencyKey: string | undefined,
      serialize: (v: ReturnType<typeof view>) => string,
    ): Promise<{ status: number; json: string; replayed: false } | (Replayable & { json?: undefined })> {
      const enterpriseId = (actor.role === 'enterprise' ? actor.enterpriseId! : input.enterpriseId)?.toLowerCase()
      if (actor.role === 'enterprise' && input.enterpriseId && input.enterpriseId !== actor.enterpriseId)
        throw errors.forbidden({ zh: '企业只能为自己发布需求', en: 'An enterprise posts demands only for itself' })
      if (!enterpriseId)
        throw errors.badRequest(
          'validation.failed',
          { zh: '管理员发布需求须指定 enterpriseId', en: 'enterpriseId is required when an admin posts a demand' },
          { errors: [{ path: 'enterpriseId', code: 'required', message: '管理员发布需求须指定 enterpriseId' }] },
        )
      // The enterprise's name, district and industry, from the per-process cache if held.
      const readFacts = async (): Promise<EnterpriseFacts | null> => {
        const [e] = await db
          .select({ name: enterprises.name, districtCode: enterprises.districtCode, industry: enterprises.industry })
          .from(enterprises)
          .where(eq(enterprises.id, enterpriseId))
        return e ?? null
      }
      const enterprise = views ? await views.enterprises.get(enterpriseId, readFacts) : await readFacts()
      if (!enterprise)
        throw errors.badRequest(
          'validation.failed',
          { zh: '企业不存在', en: 'No such enterprise' },
          { errors: [{ path: 'enterpriseId', code: 'unknown_enterprise', message: '企业不存在' }] },
        )
      const now = new Date()
      const row: DemandRow = {
        id: newId(),
        enterpriseId,
        title: input.title,
        description: input.description,
        serviceKinds: input.serviceKinds,
        skills: input.skills,
        industry: input.industry ?? enterprise.industry,
        // The district is the enterprise's: it decides which teams may serve.
        districtCode: enterprise.districtCode,
        urgency: input.urgency,
        traineesWanted: input.traineesWanted ?? null,
        estimatedBenefitYuan: input.estimatedBenefitYuan ?? null,
        dueDate: input.dueDate ?? null,
        status: 'open',
        cancelReason: null,
        createdAt: now,
        updatedAt: now,
      }
      const audit = { actor, objectType: 'demand', action: 'demand.created', toStatus: 'open', data: { title: input.title } } as const
      // A new demand has no assignment yet: its view needs no query.
      const answer = { status: 201, body: view({ demand: row, enterpriseName: enterprise.name, current: null }, []) }
      const scope = { tokenId: actor.tokenId, route: INTAKE_ROUTE, key: idempotencyKey, body: input }
      const json = serialize(answer.body)
      const stored = await intake({ ...scope, status: answer.status, answerJson: json, extra: { auditId: newId(), actorRole: actor.role, data: audit.data } })
      if (stored) return { status: answer.status, json, replayed: false }
      // The key was used before: replay, 422 for another body, or replace an expired key.
      return withIdempotency(database, scope, async (tx) => {
        await tx.insert(demands).values(row)
        await writeAudit(tx, { ...audit, objectId: row.id })
        return answer
      })
    },

    async list(q: z.output<typeof DemandListQuery>, actor: Principal) {
      const where = [
        demandVisibleTo(actor),
        ...demandFilters({
          status: q.status,
          districtCode: q.districtCode,
          industry: q.industry,
          serviceKind: q.serviceKind,
          enterpriseId: q.enterpriseId,
          createdFrom: q.from ? dayStart(q.from) : undefined,
          createdBefore: q.to ? dayAfter(q.to) : undefined,
          updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
          before: decodeCursor(q.cursor),
        }),
      ]
      const rows = await selectDemands(db, where, q.limit + 1)
      const p = pageOf(
        rows.map((r) => ({ ...r, id: r.demand.id })),
        q.limit,
      )
      return { items: p.items.map((r) => view(r)), nextCursor: p.nextCursor }
    },

    async patch(id: string, input: z.output<typeof DemandPatch>, actor: Principal) {
      return db.transaction(async (tx) => {
        const demand = await lockDemand(tx, id, actor)
        if (demand.status !== 'open')
          throw errors.conflict(
            'demand.not_open',
            { zh: '需求已派单，不能修改', en: 'Demand is not open' },
            { zh: '只有待派单的需求可以修改；如需更改请先取消派单', en: 'Only an open demand can be edited' },
          )
        await tx
          .update(demands)
          .set({ ...input, updatedAt: new Date() })
          .where(eq(demands.id, id))
        const changed = Object.fromEntries(Object.keys(input).map((k) => [k, { from: demand[k as keyof typeof demand], to: input[k as keyof typeof input] }]))
        await writeAudit(tx, { actor, objectType: 'demand', objectId: id, action: 'demand.updated', data: { changed } })
        return load(tx, id, actor)
      })
    },

    async cancel(id: string, input: z.output<typeof DemandCancel>, actor: Principal) {
      if (actor.role === 'team') throw errors.forbidden({ zh: '服务队不能取消需求；可拒绝派单', en: 'A team cannot cancel a demand; it may decline the assignment' })
      return db.transaction(async (tx) => {
        const demand = await lockDemand(tx, id, actor)
        const status = demand.status as DemandStatus
        if (FINAL_DEMAND_STATUSES.includes(status))
          throw errors.conflict(
            'demand.already_final',
            { zh: '需求已结束', en: 'Demand is final' },
            { zh: '已完成或已取消的需求不能再取消', en: 'A completed or cancelled demand cannot be cancelled' },
          )
        // An enterprise may withdraw its order until a team has accepted it.
        if (actor.role === 'enterprise' && status !== 'open' && status !== 'assigned')
          throw errors.conflict(
            'demand.cancel_too_late',
            { zh: '服务队已接单', en: 'Too late to cancel' },
            { zh: '服务队已接单，请联系工会调度员取消', en: 'A team has accepted this demand; ask the union dispatcher to cancel it' },
          )
        const active = await tx
          .select()
          .from(assignments)
          .where(and(eq(assignments.demandId, id), inArray(assignments.status, [...ACTIVE_ASSIGNMENT_STATUSES])))
          .for('update')
        for (const a of active) {
          await tx
            .update(assignments)
            .set({ status: 'cancelled', cancelReason: input.reason, endedAt: new Date(), updatedAt: new Date() })
            .where(eq(assignments.id, a.id))
          await writeAudit(tx, {
            actor,
            objectType: 'assignment',
            objectId: a.id,
            action: 'assignment.cancelled',
            fromStatus: a.status,
            toStatus: 'cancelled',
            data: { reason: input.reason, because: 'demand.cancelled' },
          })
        }
        await moveDemand(tx, demand, 'cancelled', actor, 'demand.cancelled', { reason: input.reason }, { cancelReason: input.reason })
        return load(tx, id, actor)
      })
    },
  }
}

export type DemandService = ReturnType<typeof createDemandService>
