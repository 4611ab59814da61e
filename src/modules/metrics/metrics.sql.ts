// Impact metrics aggregated inside the database: the same `totals` and `groups` as the
// pure reference `computeImpact` (domain/metrics/impact.ts) over the rows
// metrics.repository.ts loads, without moving every activity and completion into Node.
// test/modules/metrics-sql.test.ts checks the two agree, figure for figure, on records
// built through the API and on randomly generated rows.
//
// One statement per computation (on PostgreSQL inside a read-only transaction that turns JIT
// off for it; see impactFromSql). A cached report is brought forward after new records by
// the same statement over the changed records only (createImpactQuery).
// Its CTEs mirror the reference step by step:
//   act    activities in scope (period, districtCode, teamId), with their group key;
//   touch  one row per in-scope activity and each of its distinct enterprises (listed ∪
//          linked-demand owners; an enterprise both listed and owning a linked demand is
//          one touch, one visit);
//   comp   completions (completed assignments) in scope, aggregated per (group key,
//          demand owner) — each row already carries its enterprise's visits, solved
//          problems, trainees and benefit;
//   served the distinct (group key, enterprise) pairs of touch ∪ comp: their count per key
//          is a group's `enterprisesServed`, and the distinct enterprises among them the total.
// The result is a handful of small tagged rows (one per group and source) plus the teams
// matching the filters, grouped into classes of identical (level, district, active,
// registration day, deactivation day): at most one row per team, a few thousand at most.
// The `teams` figure, its groups and the month list are then counted here in JS with the
// reference's own rule (teamCountedIn, monthPeriod, monthsBetween), so the rule lives in
// one place.
//
// Dimensions, as metrics.repository.ts resolves them for the reference:
//   district     activity: its districtCode; completion: its enterprise's district.
//   industry     activity: its stored industry (resolved at write time); completion: the demand's.
//   teamLevel    the level of the record's team.
//   serviceKind  activity: its serviceKind; completion: the delivered kind, else the demand's
//                first requested kind, else 'tackling'.
//   month        activity: its date; completion: its completedOn ('' when missing: the
//                reference's key for such a row, which only a query without a period sees).
// Calendar days of registration and deactivation are Asia/Shanghai days: UTC + 8 hours
// (no DST since 1991), exactly as shanghaiDay() computes them, on both PGlite and PostgreSQL.
import { sql, type SQL } from 'drizzle-orm'
import type { Database, Tx } from '../../db/client.js'
import {
  ADDITIVE,
  ImpactRowError,
  type Figures,
  type GroupBy,
  type GroupFigures,
  type ImpactGroup,
  type ImpactQuery,
  type ImpactReport,
  type TeamLevel,
  type TeamRow,
} from '../../domain/metrics/impact.js'
import { compareKeys, monthPeriod, monthsBetween, teamCountedIn, validateQuery, type Key } from '../../domain/metrics/impact.scope.js'

/** The group key of an activity (alias `a`, its team `t`) for each grouping. */
const ACTIVITY_KEY: Record<GroupBy, SQL> = {
  district: sql`a.district_code`,
  industry: sql`a.industry`,
  teamLevel: sql`t.level`,
  serviceKind: sql`a.service_kind`,
  month: sql`to_char(a.date, 'YYYY-MM')`,
}

/** The group key of a completion (assignment `a`, demand `d`, enterprise `e`, team `t`). */
const COMPLETION_KEY: Record<GroupBy, SQL> = {
  district: sql`e.district_code`,
  industry: sql`d.industry`,
  teamLevel: sql`t.level`,
  serviceKind: sql`coalesce(a.delivered_service_kind, d.service_kinds[1], 'tackling')`,
  month: sql`coalesce(to_char(a.completed_on, 'YYYY-MM'), '')`,
}

const where = (conditions: SQL[]): SQL => (conditions.length === 0 ? sql`` : sql`where ${sql.join(conditions, sql` and `)}`)

/** A Shanghai calendar day of a timestamptz, as 'YYYY-MM-DD'. */
const shanghaiDay = (column: SQL) => sql`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`

/** What changed since a cached report (metrics_changes), short of anything that forces a recompute. */
export interface Changes {
  /** Activities added or edited since: counted as they are now (a deleted one is not found). */
  readonly activityIds: readonly string[]
  /** Assignments completed since. */
  readonly assignmentIds: readonly string[]
  /**
   * The versions after the cached report's, up to this snapshot's. The edited activities are
   * taken off as the first image of each in these versions shows them (migration 0010: the
   * activity as it was just before its first change since the report).
   */
  readonly versions: { readonly after: number; readonly upTo: number }
  /** A team was registered or changed: the team classes are counted again. */
  readonly teams: boolean
}

const idList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)

/**
 * The one statement behind a query (validated by the caller).
 *
 * With `only`, its rows are what the changes make of the rows of the statement without
 * them: the figures of the activities and completions as they are now, less those of the
 * edited activities as they were (negative rows); for `enterprisesServed`, the (group key,
 * enterprise) pairs and the enterprises that no unchanged record in scope has, counted up
 * for the new side and down for the old. Every row kind sums, so the rows of a cached
 * report plus these are the report after the changes (with the team classes counted
 * again when `only.teams`).
 */
export function impactStatement(query: ImpactQuery, only?: Changes): SQL {
  const { from, to, districtCode, teamId } = query
  const groupBy = query.groupBy ?? null

  // Activities: dated in the period, in the district, by the team.
  const aw: SQL[] = []
  if (from !== undefined) aw.push(sql`a.date >= ${from}::date`)
  if (to !== undefined) aw.push(sql`a.date <= ${to}::date`)
  if (districtCode !== undefined) aw.push(sql`a.district_code = ${districtCode}`)
  if (teamId !== undefined) aw.push(sql`a.team_id = ${teamId}::uuid`)

  // Completions: completed in the period, in the enterprise's district, by the team. (A
  // completion without a completedOn, which the write path never leaves, is in no period,
  // as the repository's loader selects it, and in every unbounded query.)
  const cw: SQL[] = [sql`a.status = 'completed'`]
  if (from !== undefined) cw.push(sql`a.completed_on >= ${from}::date`)
  if (to !== undefined) cw.push(sql`a.completed_on <= ${to}::date`)
  if (districtCode !== undefined) cw.push(sql`e.district_code = ${districtCode}`)
  if (teamId !== undefined) cw.push(sql`a.team_id = ${teamId}::uuid`)

  const needsTeam = groupBy === 'teamLevel'
  const needsEnterprise = groupBy === 'district' || districtCode !== undefined
  const activityKey = groupBy === null ? sql`null::text` : ACTIVITY_KEY[groupBy]
  const completionKey = groupBy === null ? sql`null::text` : COMPLETION_KEY[groupBy]
  const teamJoin = needsTeam ? sql`join teams t on t.id = a.team_id` : sql``

  /** Activities in scope from a relation aliased `a` shaped like `activities`. */
  const activityRows = (relation: SQL, extra: SQL[] = []) => sql`
      select a.id, ${activityKey} as k, a.trainee_count, cardinality(a.on_site_problems_solved) as problems, a.benefit_yuan, a.benefit_kind
      from ${relation} ${teamJoin}
      ${where([...aw, ...extra])}`
  /** One row per activity of `acts` and each of its distinct enterprises in `links` (shaped like activity_enterprises). */
  const touches = (acts: SQL, links: SQL) => sql`
      select x.k, ae.enterprise_id
      from ${acts} x join ${links} ae on ae.activity_id = x.id
      where ae.via = 'listed'
         or not exists (select 1 from ${links} l where l.activity_id = ae.activity_id and l.via = 'listed' and l.enterprise_id = ae.enterprise_id)`

  // The records in scope other than the changed ones, for the served pairs' "no one else has it".
  let served = sql`select k, enterprise_id, 1 as n from touch union select k, enterprise_id, 1 from comp`
  let servedTotal = sql`select count(distinct enterprise_id)::int8 from served`
  let oldSide = sql``
  let oldRows = sql``
  if (only) {
    const otherActivity = (keyed: boolean) => sql`exists (
      select 1 from activities a ${teamJoin}
      join activity_enterprises ae on ae.activity_id = a.id
      where ae.enterprise_id = n.enterprise_id ${aw.length ? sql`and ${sql.join(aw, sql` and `)}` : sql``}
        ${only.activityIds.length ? sql`and a.id not in (${idList(only.activityIds)})` : sql``}
        ${keyed ? sql`and (${activityKey}) is not distinct from n.k` : sql``})`
    const otherCompletion = (keyed: boolean) => sql`exists (
      select 1 from assignments a join demands d on d.id = a.demand_id
      ${needsEnterprise ? sql`join enterprises e on e.id = d.enterprise_id` : sql``}
      ${teamJoin}
      where d.enterprise_id = n.enterprise_id and ${sql.join(cw, sql` and `)}
        ${only.assignmentIds.length ? sql`and a.id not in (${idList(only.assignmentIds)})` : sql``}
        ${keyed ? sql`and (${completionKey}) is not distinct from n.k` : sql``})`
    const alone = (keyed: boolean) => sql`not ${otherActivity(keyed)} and not ${otherCompletion(keyed)}`
    const news = sql`(select k, enterprise_id from touch union select k, enterprise_id from comp) n`
    const olds = sql`(select distinct k, enterprise_id from otouch) n`
    served = sql`select k, enterprise_id, 1 as n from ${news} where ${alone(true)}
      union all select k, enterprise_id, -1 from ${olds} where ${alone(true)}`
    servedTotal = sql`(select count(distinct enterprise_id)::int8 from ${news} where ${alone(false)})
      - (select count(distinct enterprise_id)::int8 from ${olds} where ${alone(false)})`
    // The first change of each activity since the report says what the report counted:
    // nothing (a new activity), or the image taken just before that change.
    oldSide = sql`,
    images as materialized (
      select f.image as i from (
        select distinct on (ref) kind, image from metrics_changes
        where version > ${only.versions.after} and version <= ${only.versions.upTo} and kind in ('activity', 'activity-edit')
        order by ref, version
      ) f
      where f.kind = 'activity-edit' and jsonb_typeof(f.image->'row') = 'object'
    ),
    old_links as materialized (
      select l.* from images cross join lateral jsonb_populate_recordset(null::activity_enterprises, i->'links') l
    ),
    oact as materialized (${activityRows(sql`(select r.* from images cross join lateral jsonb_populate_record(null::activities, i->'row') r) a`)}),
    otouch as materialized (${touches(sql`oact`, sql`old_links`)})`
    oldRows = sql`
    union all
    select 'a', k, null, null, null, null, null,
           -count(*)::int8, -sum(problems)::int8, -sum(trainee_count)::int8,
           -(sum(benefit_yuan) filter (where benefit_kind = 'actual'))::int8,
           -(sum(benefit_yuan) filter (where benefit_kind = 'expected'))::int8, 0::int8
      from oact group by k
    union all
    select 'v', k, null, null, null, null, null, -count(*)::int8, 0, 0, 0, 0, 0 from otouch group by k`
  }
  const newOnly = only ? [only.activityIds.length ? sql`a.id in (${idList(only.activityIds)})` : sql`false`] : []
  if (only) cw.push(only.assignmentIds.length ? sql`a.id in (${idList(only.assignmentIds)})` : sql`false`)

  // Teams matching the filters (the period rule is applied in JS, per group).
  const tw: SQL[] = []
  if (districtCode !== undefined) tw.push(sql`t.district_code = ${districtCode}`)
  if (teamId !== undefined) tw.push(sql`t.id = ${teamId}::uuid`)

  // A completion row the write path must never produce (the reference's checkRow).
  const bad = sql`coalesce(a.trainee_count, 0) < 0 or (a.benefit_yuan is null) <> (a.benefit_kind is null)
    or a.benefit_yuan < 0 or a.benefit_kind not in ('actual', 'expected')`

  // Columns of every result row: src, k, then six integers; team classes also fill
  // level, district, active, created_on and deactivated_on.
  return sql`
    with act as materialized (${activityRows(sql`activities a`, newOnly)}),
    touch as materialized (${touches(sql`act`, sql`activity_enterprises`)}),
    comp as materialized (
      select ${completionKey} as k, d.enterprise_id,
             count(*) as visits,
             count(*) filter (where a.solved) as solved,
             sum(coalesce(a.trainee_count, 0)) as trainees,
             sum(a.benefit_yuan) filter (where a.benefit_kind = 'actual') as actual,
             sum(a.benefit_yuan) filter (where a.benefit_kind = 'expected') as expected,
             count(*) filter (where ${bad}) as bad
      from assignments a
      join demands d on d.id = a.demand_id
      ${needsEnterprise ? sql`join enterprises e on e.id = d.enterprise_id` : sql``}
      ${teamJoin}
      ${where(cw)}
      group by 1, 2
    )${oldSide},
    served as materialized (${served})
    select 'a' as src, k, null::text as level, null::text as district, null::boolean as active, null::text as created_on, null::text as deactivated_on,
           count(*)::int8 as n1, sum(problems)::int8 as n2, sum(trainee_count)::int8 as n3,
           (sum(benefit_yuan) filter (where benefit_kind = 'actual'))::int8 as n4,
           (sum(benefit_yuan) filter (where benefit_kind = 'expected'))::int8 as n5, 0::int8 as n6
      from act group by k
    union all
    select 'c', k, null, null, null, null, null,
           sum(visits)::int8, sum(solved)::int8, sum(trainees)::int8, sum(actual)::int8, sum(expected)::int8, sum(bad)::int8
      from comp group by k
    union all
    select 'v', k, null, null, null, null, null, count(*)::int8, 0, 0, 0, 0, 0 from touch group by k
    union all
    select 's', k, null, null, null, null, null, sum(n)::int8, 0, 0, 0, 0, 0 from served group by k${oldRows}
    ${groupBy === null ? sql`` : sql`union all select 'S', null, null, null, null, null, null, (${servedTotal}), 0, 0, 0, 0, 0`}
    ${only && !only.teams ? sql`` : sql`union all
    select 'T', null, t.level, t.district_code, t.active, ${shanghaiDay(sql`t.created_at`)},
           case when not t.active and t.deactivated_at is not null then ${shanghaiDay(sql`t.deactivated_at`)} end,
           count(*)::int8, 0, 0, 0, 0, 0
      from teams t ${where(tw)}
      group by 3, 4, 5, 6, 7`}`
}

interface ResultRow {
  src: 'a' | 'c' | 'v' | 's' | 'S' | 'T'
  k: string | null
  level: string | null
  district: string | null
  active: boolean | null
  created_on: string | null
  deactivated_on: string | null
  n1: unknown
  n2: unknown
  n3: unknown
  n4: unknown
  n5: unknown
  n6: unknown
}

/** int8 as either driver returns it (postgres.js: string; PGlite: number or bigint); null = 0. */
function int(value: unknown): number {
  if (value === null || value === undefined) return 0
  const n = typeof value === 'number' ? value : Number(value as string | bigint)
  if (!Number.isSafeInteger(n)) throw new RangeError(`metrics: ${String(value)} is not a safe integer`)
  return n
}

interface Acc {
  teams: number
  activities: number
  problemsSolved: number
  workersTrained: number
  enterprisesServed: number
  enterpriseVisits: number
  actual: number
  expected: number
}

const newAcc = (): Acc => ({ teams: 0, activities: 0, problemsSolved: 0, workersTrained: 0, enterprisesServed: 0, enterpriseVisits: 0, actual: 0, expected: 0 })

function addRow(acc: Acc, r: ResultRow): void {
  switch (r.src) {
    case 'a':
      acc.activities += int(r.n1)
      acc.problemsSolved += int(r.n2)
      acc.workersTrained += int(r.n3)
      acc.actual += int(r.n4)
      acc.expected += int(r.n5)
      return
    case 'c':
      acc.enterpriseVisits += int(r.n1)
      acc.problemsSolved += int(r.n2)
      acc.workersTrained += int(r.n3)
      acc.actual += int(r.n4)
      acc.expected += int(r.n5)
      return
    case 'v':
      acc.enterpriseVisits += int(r.n1)
      return
    case 's':
      acc.enterprisesServed += int(r.n1)
      return
    default:
      return
  }
}

function toFigures(acc: Acc): Figures {
  const total = acc.actual + acc.expected
  if (!Number.isSafeInteger(total)) throw new RangeError('benefit total exceeds the safe integer range')
  return {
    teams: acc.teams,
    activities: acc.activities,
    problemsSolved: acc.problemsSolved,
    workersTrained: acc.workersTrained,
    enterprisesServed: acc.enterprisesServed,
    enterpriseVisits: acc.enterpriseVisits,
    benefitYuan: { actual: acc.actual, expected: acc.expected, total },
  }
}

/** A class of identical teams: what the `teams` rule needs, and how many teams share it. */
interface TeamClass extends TeamRow {
  count: number
}

/**
 * The report computeImpact would give for the rows metrics.repository.ts loads, computed
 * by one aggregate statement (one consistent snapshot by itself).
 *
 * On PostgreSQL the statement runs in a read-only transaction with JIT off for it: the
 * plan is costly enough to trigger JIT compilation, which on the province-scale data set
 * adds more time than it saves. (PGlite has no JIT.)
 *
 * @throws ImpactQueryError for a malformed query (the route should have answered 400).
 * @throws ImpactRowError when a completed assignment in scope breaks the outcome invariants.
 */
export async function impactFromSql(database: Database, query: ImpactQuery = {}): Promise<ImpactReport> {
  return createImpactQuery(database, { cache: false })(query)
}

/** A report with the rows it was assembled from and the metrics version of its snapshot. */
interface Computed {
  version: number
  rows: ResultRow[]
  report: ImpactReport
}

/** At most this many changed records are brought into a cached report; more, and it is recomputed. */
const MAX_NEW_RECORDS = 2_000

/** How many reports were computed whole, and how many brought forward (for tests and the curious). */
export interface ImpactQueryStats {
  /** computed by the whole statement */
  full: number
  /** brought forward by counting the changed records only */
  added: number
}

/**
 * The figures for a query, cached under the metrics version: triggers (migrations 0006,
 * 0009, 0010) bump it in the transaction of every write that can move a figure, and it is
 * read in the same snapshot as the statement, so a cached report is exactly what the
 * statement would return at its version — in any process.
 *
 * When the version has moved, a cached report is brought forward rather than recomputed
 * from what metrics_changes says moved it: new and edited activities (an edited one is
 * taken off as its image shows it and counted again as it is now), newly completed
 * assignments, and teams registered or changed (the team classes are counted again). The
 * statement then runs over those records only (`impactStatement(query, changes)`) and its
 * rows are added to the cached ones. A `reset` since — a completed assignment changed, a
 * counted enterprise or demand moved, a team with records changed level — or a gap in the
 * kept changes, or more than MAX_NEW_RECORDS records, recomputes the whole statement.
 */
export function createImpactQuery(database: Database, opts: { cache: boolean } = { cache: true }) {
  const stats: ImpactQueryStats = { full: 0, added: 0 }
  // Promises, so concurrent requests for the same figures share one computation.
  const cache = new Map<string, Promise<Computed>>()
  const readVersion = async (tx?: Tx) => {
    const [v] = await database.rows<{ version: string }>(sql`select version::text as version from metrics_version where id = 1`, tx)
    return Number(v?.version ?? '0')
  }

  /** The report at the version of a new snapshot: `base` brought forward when it can be, else computed whole. */
  const compute = (query: ImpactQuery, base: Computed | null) =>
    database.db.transaction(
      async (tx): Promise<Computed> => {
        // The server's JIT costs more than it saves on this statement (~0.8 s at province scale).
        if (database.driver === 'postgres') await database.rows(sql`select set_config('jit', 'off', true)`, tx)
        const version = await readVersion(tx)
        if (base && base.version === version) return base
        const changes = base && base.version < version ? await changesBetween(tx, base.version, version) : null
        if (base && changes) {
          const added = await database.rows<ResultRow>(impactStatement(query, changes), tx)
          // Counted again, the team classes replace the cached ones.
          const kept = changes.teams ? base.rows.filter((r) => r.src !== 'T') : base.rows
          const rows = compact([...kept, ...added])
          stats.added++
          return { version, rows, report: assemble(rows, query) }
        }
        const rows = compact(await database.rows<ResultRow>(impactStatement(query), tx))
        stats.full++
        return { version, rows, report: assemble(rows, query) }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )

  /** What changed between two versions, or null when something since needs the whole statement. */
  async function changesBetween(tx: Tx, after: number, upTo: number): Promise<Changes | null> {
    if (upTo - after > MAX_NEW_RECORDS * 4) return null
    const rows = await database.rows<{ kind: string; ref: string | null }>(
      sql`select kind, ref::text as ref from metrics_changes where version > ${after} and version <= ${upTo}`,
      tx,
    )
    if (rows.length !== upTo - after) return null // pruned, or written with the triggers off
    const activityIds = new Set<string>()
    const assignmentIds = new Set<string>()
    let teams = false
    for (const c of rows) {
      if (c.kind === 'team') {
        teams = true
        continue
      }
      if (c.ref === null) return null
      if (c.kind === 'completion') assignmentIds.add(c.ref)
      // Edited ones are counted as they are now; impactStatement takes off their images.
      else if (c.kind === 'activity' || c.kind === 'activity-edit') activityIds.add(c.ref)
      else return null // 'reset', and the 'link' of versions written before migration 0010
    }
    if (activityIds.size + assignmentIds.size > MAX_NEW_RECORDS) return null
    return { activityIds: [...activityIds], assignmentIds: [...assignmentIds], versions: { after, upTo }, teams }
  }

  const query = async (query: ImpactQuery = {}): Promise<ImpactReport> => {
    validateQuery(query)
    if (!opts.cache) return (await compute(query, null)).report
    const version = await readVersion()
    const key = JSON.stringify([query.from ?? null, query.to ?? null, query.districtCode ?? null, query.teamId ?? null, query.groupBy ?? null])
    for (;;) {
      const entry = cache.get(key)
      const cached = entry ? await entry.catch(() => null) : null
      // Computed at this version or a later one (its own snapshot's): current for this request.
      if (cached && cached.version >= version) return cached.report
      // Someone else replaced the entry meanwhile: look again.
      if (entry && cache.get(key) !== entry) continue
      const next = compute(query, cached)
      if (!entry && cache.size >= 500) cache.delete(cache.keys().next().value!)
      cache.set(key, next)
      next.catch(() => {
        if (cache.get(key) === next) cache.delete(key)
      })
      return (await next).report
    }
  }
  return Object.assign(query, { stats })
}

const NUMBERS = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] as const

/** The rows summed per kind and group key (a cached report's rows grow with each change otherwise). */
function compact(rows: readonly ResultRow[]): ResultRow[] {
  const out: ResultRow[] = []
  const sums = new Map<string, ResultRow>()
  for (const r of rows) {
    if (r.src === 'T') {
      out.push(r)
      continue
    }
    const id = `${r.src}\u0000${r.k ?? '\u0001null'}`
    let into = sums.get(id)
    if (!into) {
      into = { ...r, n1: 0, n2: 0, n3: 0, n4: 0, n5: 0, n6: 0 }
      sums.set(id, into)
      out.push(into)
    }
    for (const n of NUMBERS) into[n] = int(into[n]) + int(r[n])
  }
  // A group whose records all moved away or went has nothing left (a row of the whole
  // statement always counts at least one record).
  return out.filter((r) => r.src === 'T' || NUMBERS.some((n) => r[n] !== 0))
}

/** Folds the statement's rows into the report, counting `teams` with the reference's rule. */
function assemble(rows: readonly ResultRow[], query: ImpactQuery): ImpactReport {
  const from = query.from ?? null
  const to = query.to ?? null
  const groupBy = query.groupBy ?? null

  const totals = newAcc()
  const groups = new Map<Key, Acc>()
  const groupOf = (key: Key): Acc => {
    let acc = groups.get(key)
    if (acc === undefined) {
      acc = newAcc()
      groups.set(key, acc)
    }
    return acc
  }
  const teamClasses: TeamClass[] = []
  let totalServed = 0
  for (const r of rows) {
    if (r.src === 'T') {
      teamClasses.push({
        id: '',
        level: r.level as TeamLevel,
        districtCode: r.district ?? '',
        active: r.active === true,
        createdOn: r.created_on ?? '',
        deactivatedOn: r.deactivated_on,
        count: int(r.n1),
      })
      continue
    }
    if (r.src === 'S') {
      totalServed += int(r.n1)
      continue
    }
    if (r.src === 'c' && int(r.n6) > 0) {
      throw new ImpactRowError(`${int(r.n6)} completed assignment(s) with a negative traineeCount or a benefit amount without its kind (or the reverse)`)
    }
    addRow(totals, r)
    if (groupBy !== null) addRow(groupOf(r.k), r)
  }
  // Without groupBy every record has the null key: its served count is the total's.
  if (groupBy !== null) totals.enterprisesServed = totalServed

  // `teams`: registered on or before `to`, not deactivated before `from`; no period → active.
  for (const team of teamClasses) {
    if (!teamCountedIn(team, from, to)) continue
    totals.teams += team.count
    if (groupBy === 'district') groupOf(team.districtCode).teams += team.count
    if (groupBy === 'teamLevel') groupOf(team.level).teams += team.count
  }

  const report: ImpactReport = { period: { from, to }, totals: toFigures(totals), additive: ADDITIVE }
  if (groupBy === null) return report

  if (groupBy === 'month') {
    // A bounded period lists every month in it; otherwise the months that have records.
    // Each month's `teams` is the rule over that month, clipped to the query's bounds.
    if (from !== null && to !== null) for (const month of monthsBetween(from, to)) groupOf(month)
    for (const [month, acc] of groups) {
      if (month === null) continue
      const bounds = monthPeriod(month, from, to)
      for (const team of teamClasses) if (teamCountedIn(team, bounds.from, bounds.to)) acc.teams += team.count
    }
  }

  const teamsApply = groupBy === 'district' || groupBy === 'teamLevel' || groupBy === 'month'
  const out: ImpactGroup[] = []
  for (const key of [...groups.keys()].sort(compareKeys)) {
    const figures: GroupFigures = toFigures(groups.get(key) as Acc)
    if (!teamsApply) figures.teams = null
    out.push({ key, figures })
  }
  report.groupBy = groupBy
  report.groups = out
  return report
}
