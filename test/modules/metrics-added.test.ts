import t, { type Test } from 'tap'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import type { GroupBy, ImpactQuery, ImpactReport } from '../../src/domain/metrics/impact.js'
import { todayInShanghai } from '../../src/lib/pagination.js'
import { createImpactQuery, impactFromSql } from '../../src/modules/metrics/metrics.sql.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

// A cached impact report brought forward by counting only the changed records
// (metrics_changes, migrations 0009 and 0010) must be the report the whole statement gives
// at the same moment, for every query of a grid, after each kind of write: new records,
// edited and deleted activities, teams registered and changed. The writes that still
// recompute it whole must do so, and writes that move no figure must not move the version.
// (metrics-sql.test.ts holds the whole statement to the pure reference.)

const ctx = await buildTestApp(t)
const { request } = ctx
const { database } = ctx.db
const today = todayInShanghai()

async function call(method: 'POST' | 'PATCH', url: string, token: string, body: unknown, want = method === 'POST' && !url.includes('/accept') && !url.includes('/complete') ? 201 : 200) {
  const res = await request({ method, url, token, body })
  if (res.status !== want) throw new Error(`${method} ${url}: ${res.status} ${res.raw}`)
  return res.body
}
type Ent = Awaited<ReturnType<typeof enterpriseWithToken>>
type Team = Awaited<ReturnType<typeof teamWithToken>>

/** A demand of `ent` completed by `team` on `completedOn`. */
async function completed(ent: Ent, team: Team, completedOn: string, outcome: Record<string, unknown> = {}) {
  const d = await call('POST', '/v1/demands', ent.token, demandBody({ serviceKinds: ['training', 'tackling'] }))
  const a = await call('POST', `/v1/demands/${d.id}/assignments`, ADMIN_TOKEN, { teamId: team.team.id, override: true, note: '测试' })
  await call('POST', `/v1/assignments/${a.id}/accept`, team.token, {})
  await call('POST', `/v1/assignments/${a.id}/complete`, team.token, { summary: '完成', solved: true, traineeCount: 2, completedOn, ...outcome })
  return d.id as string
}
const activity = (team: Team, body: Record<string, unknown>) =>
  call('POST', '/v1/activities', ADMIN_TOKEN, { teamId: team.team.id, demandIds: [], enterpriseIds: [], onSiteProblemsSolved: [], traineeCount: 0, ...body })

const E0 = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
const E1 = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'plastics' })
const E2 = await enterpriseWithToken(ctx, { districtCode: '440507', industry: 'chemicals' })
const T0 = await teamWithToken(ctx, { level: 'district', districtCode: '440515', capacity: 50 })
const T1 = await teamWithToken(ctx, { level: 'city', districtCode: '440507', capacity: 50 })

await completed(E0, T0, '2024-02-10', { benefitYuan: 1000, benefitKind: 'actual' })
await activity(T1, { date: '2024-03-01', serviceKind: 'exchange', title: '交流', districtCode: '440507', enterpriseIds: [E2.enterprise.id], traineeCount: 5 })

// The grid: periods × filters × every groupBy.
const GROUP_BYS: (GroupBy | undefined)[] = [undefined, 'district', 'industry', 'teamLevel', 'serviceKind', 'month']
const QUERIES: ImpactQuery[] = []
for (const period of [{}, { from: '2024-01-01', to: '2024-06-30' }, { from: today }]) {
  for (const filter of [{}, { districtCode: '440515' }, { teamId: T0.team.id as string }]) {
    for (const groupBy of GROUP_BYS) QUERIES.push(groupBy ? { ...period, ...filter, groupBy } : { ...period, ...filter })
  }
}

const cached = createImpactQuery(database)
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v
const same = (a: ImpactReport, b: ImpactReport) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))

/** Every query of the grid, cached against whole; then how the cache brought them up to date. */
async function check(t: Test, what: string, expect: 'added' | 'full' | 'cached' | 'either') {
  const before = { ...cached.stats }
  let differ = 0
  for (const q of QUERIES) {
    // PGlite answers on the microtask queue: without a turn of the event loop between
    // queries, a whole grid (~2 s) starves the timers, and the app's load shedding would
    // read that as sustained event-loop delay and refuse the next writes (503).
    await new Promise((resolve) => setImmediate(resolve))
    const got = await cached(q)
    const want = await impactFromSql(database, q)
    if (!same(got, want)) {
      differ++
      t.strictSame(got, want, `${what}: ${JSON.stringify(q)}`)
    }
  }
  t.equal(differ, 0, `${what}: the cached report equals the whole statement on all ${QUERIES.length} queries`)
  const added = cached.stats.added - before.added
  const full = cached.stats.full - before.full
  if (expect === 'either') return
  if (expect === 'cached') t.same({ added, full }, { added: 0, full: 0 }, `${what}: every report from the cache as it is`)
  else if (expect === 'added') t.same({ added, full }, { added: QUERIES.length, full: 0 }, `${what}: every report brought forward by adding the new records`)
  else t.same({ added, full }, { added: 0, full: QUERIES.length }, `${what}: every report recomputed whole`)
}

t.test('new records are added to cached reports; anything else recomputes them', async (t) => {
  await check(t, 'first queries', 'full')
  const again = { ...cached.stats }
  for (const q of QUERIES) await cached(q)
  t.same(cached.stats, again, 'no write: every report from the cache as it is')

  // An activity listing an enterprise already served and a new one, in and out of the periods.
  const E3 = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'plastics' })
  await activity(T0, { date: '2024-02-20', serviceKind: 'training', title: '培训', districtCode: '440515', enterpriseIds: [E0.enterprise.id, E3.enterprise.id], traineeCount: 30, onSiteProblemsSolved: ['缩痕'], benefitYuan: 500, benefitKind: 'expected' })
  await activity(T1, { date: today, serviceKind: 'exchange', title: '今天', districtCode: '440507', enterpriseIds: [E2.enterprise.id] })
  await check(t, 'two new activities', 'added')

  // Completions: an enterprise served before (by an activity), one served by nobody yet, one today.
  const E4 = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'textile_apparel' })
  await completed(E3, T0, '2024-05-31', { benefitYuan: 20, benefitKind: 'expected' })
  await completed(E4, T1, '2024-06-30')
  await completed(E1, T0, today, { solved: false })
  await check(t, 'three completions', 'added')

  // An activity whose linked demand's owner is listed too (one touch), and one through a link only.
  const open = await call('POST', '/v1/demands', E1.token, demandBody())
  await activity(T0, { date: '2024-04-01', serviceKind: 'assistance', title: '帮扶', districtCode: '440514', enterpriseIds: [E1.enterprise.id], demandIds: [open.id] })
  const E5 = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
  const open5 = await call('POST', '/v1/demands', E5.token, demandBody())
  await activity(T0, { date: today, serviceKind: 'tackling', title: '攻关', districtCode: '440515', demandIds: [open5.id] })
  await completed(E5, T0, '2024-01-15')
  await check(t, 'activities with linked demands, and a completion together', 'added')

  // An edit to a counted record: its old figures off, its new ones on.
  const a = await activity(T1, { date: '2024-06-01', serviceKind: 'training', title: '待改', districtCode: '440507', enterpriseIds: [E4.enterprise.id] })
  await check(t, 'one more activity', 'added')
  await call('PATCH', `/v1/activities/${a.id}`, ADMIN_TOKEN, { enterpriseIds: [E0.enterprise.id, E2.enterprise.id], date: '2024-01-05' })
  await check(t, 'an activity edited', 'added')

  // An enterprise moving district changes where its completions count.
  await call('PATCH', `/v1/enterprises/${E3.enterprise.id}`, ADMIN_TOKEN, { districtCode: '440507' })
  await check(t, 'an enterprise moved', 'full')
  await completed(E2, T1, '2024-03-03')
  await check(t, 'a completion after the move', 'added')

  // A link added to an older activity, without the activity itself changing (straight into the table).
  await database.db.execute(sql`insert into activity_enterprises (activity_id, enterprise_id, via, position) values (${a.id}::uuid, ${E5.enterprise.id}::uuid, 'listed', 9)`)
  await check(t, 'a link of an older activity', 'added')

  // Changes no longer kept (pruned): recomputed whole.
  await completed(E0, T1, '2024-03-04')
  await database.db.execute(sql`delete from metrics_changes where version = (select max(version) from metrics_changes)`)
  await check(t, 'a change no longer kept', 'full')
})

const versionNow = async () => {
  const [v] = await database.rows<{ version: string }>(sql`select version::text as version from metrics_version where id = 1`)
  return Number(v!.version)
}

t.test('edited and deleted activities and team changes are brought forward, figure for figure', async (t) => {
  await check(t, 'start', 'either')

  // The only record of a month moves to another month: the old month's group goes.
  const lone = await activity(T0, { date: '2023-11-11', serviceKind: 'collaboration', title: '协作', districtCode: '440515', enterpriseIds: [E1.enterprise.id], traineeCount: 3 })
  await check(t, 'an activity alone in its month', 'added')
  await call('PATCH', `/v1/activities/${lone.id}`, ADMIN_TOKEN, { date: '2024-02-02' })
  await check(t, 'moved to another month', 'added')

  // An enterprise served only by one activity is dropped from it: served counts go down.
  const E6 = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'plastics' })
  const only6 = await activity(T1, { date: '2024-05-05', serviceKind: 'assistance', title: '帮扶', districtCode: '440514', enterpriseIds: [E6.enterprise.id, E0.enterprise.id], benefitYuan: 900, benefitKind: 'actual' })
  await check(t, 'an activity serving a new enterprise', 'added')
  await call('PATCH', `/v1/activities/${only6.id}`, ADMIN_TOKEN, { enterpriseIds: [E0.enterprise.id] })
  await check(t, 'that enterprise dropped from it', 'added')

  // Every counted field at once, twice in a row; and a new activity edited before anyone asked.
  await call('PATCH', `/v1/activities/${only6.id}`, ADMIN_TOKEN, { districtCode: '440515', serviceKind: 'training', traineeCount: 40, onSiteProblemsSolved: ['毛边', '变形'], benefitYuan: 1200, benefitKind: 'expected', industry: 'chemicals' })
  await call('PATCH', `/v1/activities/${only6.id}`, ADMIN_TOKEN, { date: today, enterpriseIds: [E6.enterprise.id, E2.enterprise.id], benefitYuan: null, benefitKind: null })
  const fresh = await activity(T0, { date: '2024-03-03', serviceKind: 'exchange', title: '新交流', districtCode: '440507', enterpriseIds: [E2.enterprise.id] })
  await call('PATCH', `/v1/activities/${fresh.id}`, ADMIN_TOKEN, { enterpriseIds: [E6.enterprise.id], traineeCount: 7 })
  await check(t, 'two edits of one activity, and a new one edited', 'added')

  // An activity deleted (no route does it; straight from the table, its links cascade).
  await database.db.execute(sql`delete from activities where id = ${lone.id}::uuid`)
  await check(t, 'an activity deleted', 'added')

  // Teams: registered, deactivated, and a change of level without records: the teams figure only.
  const T2 = await teamWithToken(ctx, { level: 'district', districtCode: '440514', capacity: 5 })
  await check(t, 'a team registered', 'added')
  await call('PATCH', `/v1/teams/${T2.team.id}`, ADMIN_TOKEN, { active: false })
  await check(t, 'a team deactivated', 'added')
  await call('PATCH', `/v1/teams/${T2.team.id}`, ADMIN_TOKEN, { active: true })
  await check(t, 'a team reactivated', 'added')
  // (No route changes a team's level or district.)
  await database.db.execute(sql`update teams set level = 'city', district_code = '440507' where id = ${T2.team.id}::uuid`)
  await check(t, 'a team without records changed level and district', 'added')

  // A team with records changing level moves them to another teamLevel group: whole.
  await database.db.execute(sql`update teams set level = 'city' where id = ${T0.team.id}::uuid`)
  await check(t, 'a team with records changed level', 'full')

  // Writes that move no figure leave the version alone.
  const v0 = await versionNow()
  const open = await call('POST', '/v1/demands', E6.token, demandBody())
  await call('PATCH', `/v1/demands/${open.id}`, E6.token, { industry: 'chemicals', serviceKinds: ['training'] })
  await call('PATCH', `/v1/enterprises/${E6.enterprise.id}`, ADMIN_TOKEN, { districtCode: '440507' })
  await call('PATCH', `/v1/teams/${T1.team.id}`, ADMIN_TOKEN, { capacity: 40 })
  t.equal(await versionNow(), v0, 'a demand edited, an enterprise without completions moved, a team capacity changed: the version stays')
  await check(t, 'after writes that move no figure', 'cached')
})

t.test('a seeded run of random writes: each batch brought forward equals the whole statement', async (t) => {
  await check(t, 'start', 'either')
  let seed = 20261203
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!
  const ents = [E0, E1, E2, await enterpriseWithToken(ctx, { districtCode: '440507', industry: 'plastics' })].map((e) => e.enterprise.id as string)
  const teams = [T0, T1]
  const dates = ['2023-12-31', '2024-01-01', '2024-02-29', '2024-06-30', '2024-07-01', today]
  const kinds = ['tackling', 'assistance', 'exchange', 'collaboration', 'training']
  const districts = ['440507', '440514', '440515']
  const someEnts = () => ents.filter(() => rnd(3) === 0)
  const fields = (): Record<string, unknown> => {
    const f: Record<string, unknown> = {}
    if (rnd(2)) f.date = pick(dates)
    if (rnd(2)) f.enterpriseIds = someEnts()
    if (rnd(4) === 0 || (Array.isArray(f.enterpriseIds) && f.enterpriseIds.length === 0)) f.industry = pick(['plastics', 'chemicals', 'toys_creative'])
    if (rnd(3) === 0) f.districtCode = pick(districts)
    if (rnd(3) === 0) f.serviceKind = pick(kinds)
    if (rnd(3) === 0) f.traineeCount = rnd(50)
    if (rnd(3) === 0) f.onSiteProblemsSolved = ['问题甲', '问题乙', '问题丙'].slice(0, rnd(4))
    if (rnd(3) === 0) Object.assign(f, rnd(2) ? { benefitYuan: rnd(10_000), benefitKind: pick(['actual', 'expected']) } : { benefitYuan: null, benefitKind: null })
    if (Object.keys(f).length === 0) f.traineeCount = rnd(50)
    return f
  }
  const live: string[] = []
  for (let batch = 0; batch < 8; batch++) {
    const ops: string[] = []
    for (let i = 0; i < 4; i++) {
      const op = live.length < 2 ? 0 : rnd(10)
      if (op < 3) {
        const given = Object.entries(fields()).filter(([, v]) => v !== null) // a new activity has no benefit to clear
        const a = await activity(pick(teams), { title: '随机', serviceKind: pick(kinds), districtCode: pick(districts), date: pick(dates), enterpriseIds: someEnts(), industry: pick(['plastics', 'textile_apparel']), ...Object.fromEntries(given) })
        live.push(a.id)
        ops.push('new')
      } else if (op < 8) {
        await call('PATCH', `/v1/activities/${pick(live)}`, ADMIN_TOKEN, fields())
        ops.push('edit')
      } else if (op < 9) {
        const id = live.splice(rnd(live.length), 1)[0]!
        await database.db.execute(sql`delete from activities where id = ${id}::uuid`)
        ops.push('delete')
      } else {
        await teamWithToken(ctx, { level: 'city', districtCode: '440507', capacity: 3 })
        ops.push('team')
      }
    }
    await check(t, `batch ${batch + 1} (${ops.join(', ')})`, 'added')
  }
})

t.test('an activity changed by two transactions at once: the second image is taken after the first commits', { skip: ctx.db.url ? false : 'PostgreSQL only (two connections)' }, async (t) => {
  const pg = postgres(ctx.db.url!, { max: 2, onnotice: () => {} })
  t.teardown(() => pg.end())
  const x = await activity(T1, { date: '2024-04-04', serviceKind: 'training', title: '并发', districtCode: '440507', enterpriseIds: [E2.enterprise.id], traineeCount: 1 })
  await check(t, 'start', 'either')
  const a = await pg.reserve()
  const b = await pg.reserve()
  try {
    // A edits the activity's row and holds it; B adds an enterprise to the same activity meanwhile.
    await a`begin`
    await a`update activities set trainee_count = 9 where id = ${x.id}`
    await b`begin`
    const [{ pid }] = (await b`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
    const adding = b`insert into activity_enterprises (activity_id, enterprise_id, via, position) values (${x.id}, ${E1.enterprise.id}, 'listed', 5)`.execute()
    adding.catch(() => {}) // awaited below; handled here too, should it fail while we poll
    // Until B is seen waiting for A's lock (a fixed pause would pass without proving anything
    // on a machine too slow to have B waiting by then).
    let waiting = false
    for (let k = 0; k < 200 && !waiting; k++) {
      const [row] = await database.rows<{ wait: string | null }>(sql`select wait_event_type as wait from pg_stat_activity where pid = ${pid}`)
      waiting = row?.wait === 'Lock'
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    t.ok(waiting, 'the second transaction waits for the first one to commit')
    await a`commit`
    await adding
    // The reports brought up to A's commit, while B has not committed yet.
    await check(t, 'the first transaction committed', 'added')
    await b`commit`
  } finally {
    a.release()
    b.release()
  }
  // B's image must show A's edit, or the old figures taken off would be the ones before it.
  await check(t, 'the second one committed', 'added')
})

t.test('every figure-moving write records its change, in the version it moved', async (t) => {
  const v = await versionNow()
  await completed(E1, T1, '2024-02-02')
  const rows = await database.rows<{ kind: string }>(sql`select kind from metrics_changes where version > ${v} order by version`)
  t.same(
    rows.map((r) => r.kind),
    ['completion'],
    'a completion: one version, one change (creating, assigning and accepting move no figure)',
  )
  t.equal(await versionNow(), v + 1, 'and the version moved by exactly that one')
})
