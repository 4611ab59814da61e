// 精准匹配 and 工会送菜 in bulk: the service side of the pure matcher and dispatch solver.
// The menu index is built once and cached under a fingerprint of the menus that is
// re-read on every call, so a change made through another process is never missed.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database, Queryable, Tx } from '../../db/client.js'
import { ALL, DEMAND_CHANNEL, MATCHING_CHANNEL, createNotifiedCache, type Drop } from '../../db/notified-cache.js'
import { assignments, demands, teams as teamsTable } from '../../db/schema.js'
import { inTransaction } from '../../db/transaction.js'
import { INDUSTRIES, labelOf } from '../../domain/codes/codes.js'
import { solveDispatch } from '../../domain/matching/dispatch.js'
import {
  buildDemandCorpus,
  buildMatchIndex,
  findSimilarDemands,
  formatReason,
  rankTeamsWithSummary,
  eligiblePairColumns,
  PairScratch,
  scorePair,
  summariseEligibility,
  type MatchDemand,
  type MatchIndex,
  type MatchTeam,
  type ServiceKind,
} from '../../domain/matching/index.js'
import { sharedTokenizer } from '../../domain/text/tokenizer.js'
import { errors } from '../../lib/errors.js'
import type { Lang } from '../../lib/i18n.js'
import { newId } from '../../lib/ids.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'
import type { PairEvaluator } from '../assignments/assignments.service.js'
import { scoreToMicros } from '../assignments/assignments.service.js'
import { moveDemand, type DemandRow } from '../demands/demands.repository.js'
import { withIdempotency } from '../idempotency/idempotency.js'
import { loadMatchMenus, loadTeamLoads, loadTeamsForMatching, menuFingerprint } from '../teams/teams.repository.js'
import type { DispatchRequest, MatchesView } from './matching.schemas.js'

// Second half of advisory-lock keys: batch dispatch runs one at a time across all processes.
const DISPATCH_LOCK = [7_302, 1] as const

const industryLabel = (code: string, lang: Lang) => labelOf(INDUSTRIES, code, lang)

/** The columns of a demand the matcher reads (and batch dispatch selects: no more). */
const matchColumns = {
  id: demands.id,
  status: demands.status,
  title: demands.title,
  description: demands.description,
  serviceKinds: demands.serviceKinds,
  skills: demands.skills,
  industry: demands.industry,
  districtCode: demands.districtCode,
}
type MatchColumns = Pick<DemandRow, keyof typeof matchColumns>

export function toMatchDemand(d: MatchColumns, declinedTeamIds: readonly string[] = []): MatchDemand {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    serviceKinds: d.serviceKinds as ServiceKind[],
    skills: d.skills,
    industry: d.industry,
    districtCode: d.districtCode,
    declinedTeamIds,
  }
}

/**
 * The teams that declined each of the demands `which` selects. A condition, not a list of
 * ids: a batch of 10,000 demands would otherwise be 10,000 parameters to build and send.
 */
async function declinedBy(q: Queryable, which: SQL): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const rows = await q
    .select({ demandId: assignments.demandId, teamId: assignments.teamId })
    .from(assignments)
    .innerJoin(demands, eq(demands.id, assignments.demandId))
    .where(and(eq(assignments.status, 'declined'), which))
  for (const r of rows) out.set(r.demandId, [...(out.get(r.demandId) ?? []), r.teamId])
  return out
}

export function createMatchingService({ database, cityCode }: { database: Database; cityCode: string }) {
  type Catalog = { teams: MatchTeam[]; index: MatchIndex }
  // One build per catalog version: concurrent requests that miss share the same promise.
  let cached: { key: string; catalog: Promise<Catalog>; on: Queryable; built: boolean } | undefined
  const options = { cityCode }
  const pairScratch = new PairScratch()

  // Read-only rankings are served from per-process caches (db/notified-cache.ts): the
  // teams with their loads (`snapshot`) and the serialised answers (`rankings`). Both are
  // dropped on any change a ranking reads, announced by triggers on MATCHING_CHANNEL and
  // DEMAND_CHANNEL (drizzle/0007, 0008). Paths that write (assign, dispatch) always read
  // the database in their own transaction.
  type Context = { teams: MatchTeam[]; index: MatchIndex }
  const everything = (): Drop => ALL
  const channels = { [MATCHING_CHANNEL]: everything, [DEMAND_CHANNEL]: everything }
  // UTF-8 buffers: a ranking is ~11 KB, and in V8's heap its Chinese text would take twice
  // that. Admitted by frequency: a dispatcher going through many demands once does not
  // push out the rankings that are asked for again.
  const rankings = createNotifiedCache<Buffer>(database, { max: 1_000, channels, admitByFrequency: true })
  const snapshot = createNotifiedCache<Context>(database, { max: 1, channels })
  const invalidateCaches = () => {
    rankings.clear()
    snapshot.clear()
  }

  /**
   * The teams as the matcher reads them and the menu index. What the catalog version
   * covers (names, levels, districts, industries, active, menus) is cached under it; the
   * capacity and the trigger-kept load and track record are read fresh on every call.
   */
  async function context(q: Queryable, useSnapshot = false): Promise<Context> {
    return useSnapshot ? (await snapshot.get('teams', () => readContext(q)))! : readContext(q)
  }

  async function readContext(q: Queryable) {
    const key = await menuFingerprint(database, q)
    // A transaction does not wait for a build still running on another connection (the
    // background one at start, or a ranking's): on PGlite that build's queries wait for the
    // transaction to end, so neither would finish; on PostgreSQL a pool of such transactions
    // would hold every connection the build needs. It builds on its own connection instead.
    const inOtherBuild = cached !== undefined && !cached.built && q !== database.db && cached.on !== q
    if (cached?.key !== key || inOtherBuild) {
      const entry = {
        key,
        on: q,
        built: false,
        catalog: (async () => {
          // On the caller's connection (on PGlite another one would wait for its transaction);
          // the caller awaits the build, so its transaction outlives it.
          const teams = await loadTeamsForMatching(q, await loadMatchMenus(q))
          return { teams, index: buildMatchIndex(teams, sharedTokenizer()) }
        })(),
      }
      cached = entry
      entry.catalog.then(
        () => (entry.built = true),
        () => {
          if (cached === entry) cached = undefined
        },
      )
      const { teams, index } = await entry.catalog
      return { teams, index }
    }
    const [{ teams: known, index }, live] = await Promise.all([cached.catalog, loadTeamLoads(q)])
    const teams = known.flatMap((t) => {
      const now = live.get(t.id)
      return now ? [{ ...t, capacity: now.capacity, load: now.load, trackRecord: now.trackRecord }] : []
    })
    return { teams, index }
  }

  const evaluator: PairEvaluator = {
    async evaluate(tx, demand, teamId, lang) {
      const { teams, index } = await context(tx)
      const team = teams.find((t) => t.id === teamId)
      if (!team) return null
      const declined = (await declinedBy(tx, eq(demands.id, demand.id))).get(demand.id) ?? []
      const s = scorePair(toMatchDemand(demand, declined), team, index, options)
      return {
        eligible: s.eligible,
        ineligible: s.ineligible.map((r) => ({ code: r.code, message: formatReason(r, lang, { industryLabel }) })),
        score: s.score,
      }
    },
  }

  // The demand (the columns the matcher reads) and the teams that declined it, in one
  // prepared round trip.
  const demandForMatching = database.db
    .select({
      demand: matchColumns,
      // Written out: drizzle leaves columns unqualified in a selection, which a subquery would misread.
      declined: sql<string[]>`array(select a.team_id::text from assignments a where a.demand_id = "demands"."id" and a.status = 'declined' order by a.id)`,
    })
    .from(demands)
    .where(eq(demands.id, sql.placeholder('id')))
    .prepare('zqx_demand_for_matching')

  async function matches(demandId: string, q: { limit: number; includeIneligible: boolean }, lang: Lang) {
      const [found] = await demandForMatching.execute({ id: demandId })
      if (!found) throw errors.notFound('demand', '需求')
      const { demand, declined } = found
      const { teams, index } = await context(database.db, true)
      const ranking = rankTeamsWithSummary({
        demand: toMatchDemand(demand, declined),
        index,
        teams,
        options,
        lang,
        industryLabel,
        includeIneligible: q.includeIneligible,
        limit: q.limit,
      })
      // Field by field, as the view has them: the route writes this JSON without running it
      // through the response schema (test/modules/match-cache.test.ts holds the two equal).
      const view: z.output<typeof MatchesView> = {
        demandId,
        matches: ranking.matches.map((m) => ({
          teamId: m.teamId,
          teamName: m.teamName,
          score: m.score,
          components: m.components,
          reasons: [...m.reasons],
          eligible: m.eligible,
          ...(m.ineligibleReasons ? { ineligibleReasons: [...m.ineligibleReasons] } : {}),
          capacityLeft: m.capacityLeft,
        })),
        eligibleCount: ranking.summary.eligible,
        totalTeams: ranking.summary.total,
        noEligibleReason: ranking.summary.reason?.message ?? null,
      }
      return view
  }

  return {
    evaluator,
    ready: () => Promise.all([rankings.ready(), snapshot.ready()]).then(() => undefined),
    /** Builds the teams' snapshot and the menu index (and loads jieba) before any ranking asks for them. */
    warm: () => context(database.db, true).then(() => undefined),
    invalidateCaches,

    /**
     * The ranking as JSON (UTF-8), from the per-process cache when it holds it. Written with
     * JSON.stringify, not the response schema: `matches` builds the view field by field
     * (match-cache.test.ts holds the two equal).
     */
    async matchesJson(demandId: string, q: { limit: number; includeIneligible: boolean }, lang: Lang): Promise<Buffer> {
      const key = `${demandId.toLowerCase()}|${q.limit}|${q.includeIneligible}|${lang}`
      return (await rankings.get(key, async () => Buffer.from(JSON.stringify(await matches(demandId, q, lang)))))!
    },

    async similar(demandId: string) {
      const demand = await readDemand(database.db, demandId)
      const candidates = await database.db
        .select({ d: demands, solved: assignments.solved, teamId: assignments.teamId, teamName: teamsTable.name, summary: assignments.summary })
        .from(demands)
        .leftJoin(assignments, and(eq(assignments.demandId, demands.id), eq(assignments.status, 'completed')))
        .leftJoin(teamsTable, eq(teamsTable.id, assignments.teamId))
        .where(sql`${demands.id} <> ${demand.id} and (${demands.status} = 'completed' or (${demands.enterpriseId} = ${demand.enterpriseId} and ${demands.status} not in ('completed', 'cancelled')))`)
      const past = candidates.map((c) => ({
        id: c.d.id,
        title: c.d.title,
        description: c.d.description,
        skills: c.d.skills,
        status: c.d.status,
        enterpriseId: c.d.enterpriseId,
        outcome: c.solved === null ? null : { solved: c.solved, teamId: c.teamId ?? undefined, teamName: c.teamName ?? undefined, summary: c.summary ?? undefined },
      }))
      const result = findSimilarDemands(demand, buildDemandCorpus(past, sharedTokenizer()), sharedTokenizer())
      const item = (s: (typeof result.similar)[number]) => ({
        demandId: s.id,
        title: s.demand.title,
        status: s.demand.status,
        similarity: s.similarity,
        sharedTerms: [...s.sharedTerms],
        outcome: s.demand.outcome
          ? { solved: s.demand.outcome.solved, teamId: s.demand.outcome.teamId ?? null, teamName: s.demand.outcome.teamName ?? null, summary: s.demand.outcome.summary ?? null }
          : null,
      })
      return { demandId, similar: result.similar.map(item), possibleDuplicates: result.possibleDuplicates.map(item) }
    },

    async dispatch(input: z.output<typeof DispatchRequest>, actor: Principal, lang: Lang, idempotencyKey: string | undefined) {
      const plan = (tx: Tx) => planAndMaybeCommit(tx, input, actor, lang)
      if (input.dryRun) return { status: 200, body: await inTransaction(database, plan), replayed: false }
      return withIdempotency(database, { tokenId: actor.tokenId, route: 'POST /v1/dispatch', key: idempotencyKey, body: input }, async (tx) => ({
        status: 200,
        body: await plan(tx),
      }))
    },
  }

  async function planAndMaybeCommit(tx: Tx, input: z.output<typeof DispatchRequest>, actor: Principal, lang: Lang) {
    const commit = !input.dryRun
    if (commit) await database.rows(sql`select pg_advisory_xact_lock(${DISPATCH_LOCK[0]}, ${DISPATCH_LOCK[1]})`, tx)
    const unassigned: { demandId: string; reasons: { code: string; message: string }[] }[] = []
    // Demands first, then teams: the lock order every assignment path uses. Only the
    // columns the matcher reads: at 10,000 open demands every row is garbage afterwards.
    const inBatch = input.demandIds ? inArray(demands.id, input.demandIds) : eq(demands.status, 'open')
    let query = tx
      .select(matchColumns)
      .from(demands)
      .where(inBatch)
      .orderBy(asc(demands.id))
      .$dynamic()
    if (commit) query = query.for('update')
    const rows = await query
    if (input.demandIds) {
      const found = new Map(rows.map((r) => [r.id, r]))
      for (const id of new Set(input.demandIds)) {
        const r = found.get(id)
        if (!r) unassigned.push({ demandId: id, reasons: [{ code: 'demand.not_found', message: lang === 'en' ? 'No such demand' : '需求不存在' }] })
        else if (r.status !== 'open')
          unassigned.push({ demandId: id, reasons: [{ code: 'demand.not_open', message: lang === 'en' ? `The demand is ${r.status}` : '需求不在待派单状态' }] })
      }
    }
    const open = rows.filter((r) => r.status === 'open')
    if (commit) await tx.select({ id: teamsTable.id }).from(teamsTable).orderBy(asc(teamsTable.id)).for('update')
    const { teams, index } = await context(tx)
    const declined = open.length === 0 ? new Map<string, string[]>() : await declinedBy(tx, and(inBatch, eq(demands.status, 'open'))!)
    const matchDemands = open.map((d) => toMatchDemand(d, declined.get(d.id) ?? []))
    // Positions in matchDemands and teams, as columns: three million pairs at 10,000 × 1,000,
    // written into the previous batch's arrays when they have not been collected yet (and
    // solved with its move tables). The solver writes its scaled scores over `edges.score`.
    const edges = eligiblePairColumns(matchDemands, teams, index, options, pairScratch.take() ?? null)
    let solved: ReturnType<typeof solveDispatch>
    try {
      solved = solveDispatch({
        demandIds: matchDemands.map((d) => d.id),
        teams: teams.map((t) => ({ id: t.id, capacityLeft: t.active ? Math.max(0, t.capacity - t.load) : 0 })),
        edges,
      }, { scratch: edges.room?.solver })
    } finally {
      pairScratch.giveBack(edges.room)
    }
    for (const di of solved.unassigned) {
      const d = matchDemands[di]!
      if (edges.start[di] === edges.start[di + 1]) {
        const summary = summariseEligibility(
          teams.map((t) => scorePair(d, t, index, options)),
          lang,
        )
        unassigned.push({ demandId: d.id, reasons: [{ code: 'no_eligible_team', message: summary.reason?.message ?? '' }] })
      } else {
        unassigned.push({
          demandId: d.id,
          reasons: [
            {
              code: 'capacity_exhausted',
              message: lang === 'en' ? 'Every eligible team is at capacity in the best plan' : '可服务的服务队在最优方案中均已满负荷',
            },
          ],
        })
      }
    }
    const out = solved.assignments.map((a) => ({ demandId: matchDemands[a.demand]!.id, teamId: teams[a.team]!.id, teamName: teams[a.team]!.name, score: a.score, assignmentId: null as string | null }))
    if (commit) {
      const byId = new Map(open.map((d) => [d.id, d]))
      for (const a of out) {
        const id = newId()
        await tx.insert(assignments).values({ id, demandId: a.demandId, teamId: a.teamId, status: 'assigned', score: scoreToMicros(a.score), note: 'batch dispatch' })
        await writeAudit(tx, { actor, objectType: 'assignment', objectId: id, action: 'assignment.created', toStatus: 'assigned', data: { demandId: a.demandId, teamId: a.teamId, score: a.score, via: 'dispatch' } })
        await moveDemand(tx, byId.get(a.demandId)!, 'assigned', actor, 'demand.assigned', { assignmentId: id, teamId: a.teamId, via: 'dispatch' })
        a.assignmentId = id
      }
    }
    return {
      dryRun: !commit,
      assignments: out,
      served: solved.served,
      totalScore: solved.totalScore,
      teamLoad: teams
        .map((t: MatchTeam, i) => ({ teamId: t.id, teamName: t.name, capacity: t.capacity, loadBefore: t.load, added: solved.teamLoad[i] ?? 0 }))
        .filter((t) => t.added > 0 || t.loadBefore > 0),
      unassigned,
    }
  }
}

/** Matches and similar demands are the dispatcher's tools (admin routes), so every demand is readable here. */
async function readDemand(q: Queryable, id: string): Promise<DemandRow> {
  const [row] = await q.select().from(demands).where(eq(demands.id, id))
  if (!row) throw errors.notFound('demand', '需求')
  return row
}

export type MatchingService = ReturnType<typeof createMatchingService>
