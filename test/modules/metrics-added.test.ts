import t, { type Test } from 'tap'
import { sql } from 'drizzle-orm'
import type { GroupBy, ImpactQuery, ImpactReport } from '../../src/domain/metrics/impact.js'
import { todayInShanghai } from '../../src/lib/pagination.js'
import { createImpactQuery, impactFromSql } from '../../src/modules/metrics/metrics.sql.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

// A cached impact report brought forward by adding only the new records (metrics_changes,
// migration 0009) must be the report the whole statement gives at the same moment, for
// every query of a grid, after each kind of write; and writes that are not plain
// additions must recompute it whole. (metrics-sql.test.ts holds the whole statement to
// the pure reference.)

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
async function check(t: Test, what: string, expect: 'added' | 'full') {
  const before = { ...cached.stats }
  let differ = 0
  for (const q of QUERIES) {
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
  if (expect === 'added') t.same({ added, full }, { added: QUERIES.length, full: 0 }, `${what}: every report brought forward by adding the new records`)
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

  // An edit to a counted record: recomputed whole.
  const a = await activity(T1, { date: '2024-06-01', serviceKind: 'training', title: '待改', districtCode: '440507', enterpriseIds: [E4.enterprise.id] })
  await check(t, 'one more activity', 'added')
  await call('PATCH', `/v1/activities/${a.id}`, ADMIN_TOKEN, { enterpriseIds: [E0.enterprise.id, E2.enterprise.id], date: '2024-01-05' })
  await check(t, 'an activity edited', 'full')

  // An enterprise moving district changes where its completions count.
  await call('PATCH', `/v1/enterprises/${E3.enterprise.id}`, ADMIN_TOKEN, { districtCode: '440507' })
  await check(t, 'an enterprise moved', 'full')
  await completed(E2, T1, '2024-03-03')
  await check(t, 'a completion after the move', 'added')

  // A link added to an older activity, without the activity itself changing (straight into the table).
  await database.db.execute(sql`insert into activity_enterprises (activity_id, enterprise_id, via, position) values (${a.id}::uuid, ${E5.enterprise.id}::uuid, 'listed', 9)`)
  await check(t, 'a link of an older activity', 'full')

  // Changes no longer kept (pruned): recomputed whole.
  await completed(E0, T1, '2024-03-04')
  await database.db.execute(sql`delete from metrics_changes where version = (select max(version) from metrics_changes)`)
  await check(t, 'a change no longer kept', 'full')
})

t.test('every figure-moving write records its change, in the version it moved', async (t) => {
  const [v] = await database.rows<{ version: string }>(sql`select version::text as version from metrics_version where id = 1`)
  await completed(E1, T1, '2024-02-02')
  const rows = await database.rows<{ version: string; kind: string }>(sql`select version::text as version, kind from metrics_changes where version > ${Number(v!.version)} order by version`)
  t.same(
    rows.map((r) => r.kind),
    ['completion'],
    'a completion: one version, one change (creating, assigning and accepting move no figure)',
  )
  const [after] = await database.rows<{ version: string }>(sql`select version::text as version from metrics_version where id = 1`)
  t.equal(Number(after!.version), Number(v!.version) + 1, 'and the version moved by exactly that one')
})
