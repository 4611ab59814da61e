import t, { type Test } from 'tap'
import { sql, type SQL } from 'drizzle-orm'
import { computeImpact, ImpactRowError, type GroupBy, type ImpactQuery, type ImpactReport } from '../../src/domain/metrics/impact.js'
import { todayInShanghai } from '../../src/lib/pagination.js'
import { loadImpactRows, type LoadedRows } from '../../src/modules/metrics/metrics.repository.js'
import { impactFromSql } from '../../src/modules/metrics/metrics.sql.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

// The SQL aggregate path (metrics.sql.ts) against a brute-force reference: the pure
// computeImpact over every row metrics.repository.ts loads. For every query of a grid
// (periods with boundary days × district and team filters × every groupBy), the two
// reports must be strictly the same — totals, groups, keys, order, nulls. First on a
// programme built through the API, then with a few hundred seeded random rows written
// straight into the tables to reach the corners the API makes rare.

const ctx = await buildTestApp(t)
const { request } = ctx
const { database } = ctx.db
const today = todayInShanghai()
const DISTRICTS = ['440507', '440511', '440512', '440513', '440514', '440515', '440523'] as const
const GROUP_BYS: (GroupBy | undefined)[] = [undefined, 'district', 'industry', 'teamLevel', 'serviceKind', 'month']

type Team = Awaited<ReturnType<typeof teamWithToken>>
type Ent = Awaited<ReturnType<typeof enterpriseWithToken>>

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, token: string, body?: unknown, expect?: number) {
  const res = await request({ method, url, token, ...(body !== undefined ? { body } : {}) })
  const want = expect ?? (method === 'POST' && /\/(v1\/demands|v1\/activities|assignments)$/.test(url) ? 201 : 200)
  if (res.status !== want) throw new Error(`${method} ${url}: ${res.status} ${res.raw}`)
  return res.body
}
const demand = (ent: Ent, overrides: Record<string, unknown> = {}) => call('POST', '/v1/demands', ent.token, demandBody(overrides))
const assign = (demandId: string, team: Team) =>
  call('POST', `/v1/demands/${demandId}/assignments`, ADMIN_TOKEN, { teamId: team.team.id, override: true, note: '测试' })
async function completion(ent: Ent, team: Team, d: Record<string, unknown>, outcome: Record<string, unknown>) {
  const dm = await demand(ent, d)
  const a = await assign(dm.id, team)
  await call('POST', `/v1/assignments/${a.id}/accept`, team.token)
  await call('POST', `/v1/assignments/${a.id}/complete`, team.token, { summary: '完成', ...outcome })
  return dm.id as string
}
// As the admin, who may link any demand.
const activity = (team: Team, body: Record<string, unknown>) =>
  call('POST', '/v1/activities', ADMIN_TOKEN, { teamId: team.team.id, demandIds: [], enterpriseIds: [], onSiteProblemsSolved: [], traineeCount: 0, ...body })

// ---- the grid of queries --------------------------------------------------------------

const PERIODS: { from?: string; to?: string }[] = [
  {},
  { from: '2024-01-01' },
  { to: '2024-06-30' },
  { from: '2024-01-01', to: '2024-06-30' },
  { from: '2024-02-01', to: '2024-02-29' },
  { from: '2024-01-31', to: '2024-01-31' },
  { from: '2024-02-01', to: '2024-02-01' },
  { from: '2023-12-31', to: '2024-07-01' },
  { from: '2023-06-15', to: '2025-03-10' },
  { from: today, to: today },
  { from: today },
]

const describeQuery = (q: ImpactQuery) => JSON.stringify(q)

/** Compares the SQL path with the reference on every query of the grid; returns how many. */
async function compareGrid(t: Test, teamIds: readonly string[]): Promise<number> {
  const filters: { districtCode?: string; teamId?: string }[] = [{}, ...DISTRICTS.map((districtCode) => ({ districtCode })), ...teamIds.map((teamId) => ({ teamId }))]
  // One district together with a team: the filters combine.
  if (teamIds[0]) filters.push({ districtCode: '440515', teamId: teamIds[0] })
  let n = 0
  for (const period of PERIODS) {
    for (const filter of filters) {
      const base: ImpactQuery = { ...period, ...filter }
      // The reference's rows depend on the period and filters only, not on groupBy.
      const rows: LoadedRows = await loadImpactRows(database, base)
      for (const groupBy of GROUP_BYS) {
        const q: ImpactQuery = groupBy ? { ...base, groupBy } : base
        const want = computeImpact(rows, q)
        const got = await impactFromSql(database, q)
        if (!sameReport(got, want)) t.strictSame(got, want, describeQuery(q)) // fails, with the diff
        n++
      }
    }
  }
  t.pass(`${n} queries: the SQL path equals the reference on each`)
  return n
}

// Deep, strict equality without one tap assertion per query (thousands would drown the output).
function sameReport(a: ImpactReport, b: ImpactReport): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
  return v
}

// ---- 1. a programme through the API ---------------------------------------------------

const E = [
  await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' }),
  await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'plastics' }),
  await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'textile_apparel' }),
  await enterpriseWithToken(ctx, { districtCode: '440507', industry: 'electronic_information' }),
  await enterpriseWithToken(ctx, { districtCode: '440511', industry: 'chemicals' }),
  await enterpriseWithToken(ctx, { districtCode: '440513', industry: 'textile_apparel' }),
] as const
const [E0, E1, E2, E3, E4, E5] = E
const T0 = await teamWithToken(ctx, { level: 'district', districtCode: '440515', capacity: 20 })
const T1 = await teamWithToken(ctx, { level: 'city', districtCode: '440507', capacity: 20 })
const T2 = await teamWithToken(ctx, { level: 'district', districtCode: '440514', capacity: 20 })
const T3 = await teamWithToken(ctx, { level: 'district', districtCode: '440511', capacity: 20 })
const T4 = await teamWithToken(ctx, { level: 'city', districtCode: '440515', capacity: 20 })

// Completions: boundary days, solved or not, with and without trainees and benefit, the
// delivered service kind given or defaulted to the demand's first.
await completion(E0, T0, { serviceKinds: ['tackling'] }, { solved: true, serviceKind: 'tackling', traineeCount: 20, benefitYuan: 500000, benefitKind: 'actual', completedOn: '2024-01-01' })
await completion(E0, T4, { serviceKinds: ['training', 'tackling'] }, { solved: false, completedOn: '2023-12-31' })
await completion(E1, T0, { serviceKinds: ['assistance'] }, { solved: true, traineeCount: 3, completedOn: '2024-01-31' })
await completion(E2, T2, { serviceKinds: ['training'] }, { solved: true, serviceKind: 'exchange', traineeCount: 5, benefitYuan: 70000, benefitKind: 'expected', completedOn: '2024-02-01' })
await completion(E3, T1, { serviceKinds: ['collaboration'], industry: 'new_energy' }, { solved: false, serviceKind: 'collaboration', benefitYuan: 100000, benefitKind: 'expected', completedOn: '2024-02-29' })
await completion(E4, T3, { serviceKinds: ['tackling'] }, { solved: true, benefitYuan: 1, benefitKind: 'actual', completedOn: '2024-06-30' })
await completion(E5, T1, { serviceKinds: ['training'] }, { solved: true, traineeCount: 40, completedOn: '2024-07-01' })
await completion(E0, T3, { serviceKinds: ['exchange'] }, { solved: false, traineeCount: 2 }) // today
const D_done = await completion(E2, T2, { serviceKinds: ['assistance'] }, { solved: true, traineeCount: 1, completedOn: '2024-03-15' })
const D_unsolved = await completion(E4, T4, { serviceKinds: ['tackling'] }, { solved: false, completedOn: '2024-01-31' })

// Assignments that never complete: declined, cancelled, still active. None counts.
const open1 = await demand(E1, { serviceKinds: ['tackling'] })
const a1 = await assign(open1.id, T0)
await call('POST', `/v1/assignments/${a1.id}/decline`, T0.token, { reasonCode: 'no_capacity' })
const a2 = await assign(open1.id, T1)
await call('POST', `/v1/assignments/${a2.id}/cancel`, ADMIN_TOKEN, { reason: '测试取消' })
const open2 = await demand(E3, { serviceKinds: ['training'] })
const a3 = await assign(open2.id, T1)
await call('POST', `/v1/assignments/${a3.id}/accept`, T1.token)
const open3 = await demand(E5, { serviceKinds: ['assistance'] })

// Activities: listed enterprises, linked demands whose owners are added (also when the
// owner is listed too), industry given or defaulted, on-site problems, benefit kinds.
await activity(T0, { date: '2024-01-01', serviceKind: 'training', title: 'A 培训', districtCode: '440515', enterpriseIds: [E0.enterprise.id, E1.enterprise.id], traineeCount: 40, onSiteProblemsSolved: ['缩痕', '飞边'], benefitYuan: 200000, benefitKind: 'expected' })
await activity(T1, { date: '2024-01-31', serviceKind: 'exchange', title: 'A 交流会', districtCode: '440507', industry: 'electronic_information', enterpriseIds: [E3.enterprise.id], demandIds: [open2.id, open1.id] })
await activity(T2, { date: '2024-02-01', serviceKind: 'assistance', title: 'A 帮扶', districtCode: '440514', enterpriseIds: [E2.enterprise.id], demandIds: [D_done] })
await activity(T2, { date: '2023-12-31', serviceKind: 'training', title: 'A 年末', districtCode: '440514', enterpriseIds: [E2.enterprise.id, E5.enterprise.id], traineeCount: 10, benefitYuan: 30000, benefitKind: 'actual' })
await activity(T3, { date: '2024-06-30', serviceKind: 'tackling', title: 'A 攻关', districtCode: '440511', demandIds: [open3.id], onSiteProblemsSolved: ['腐蚀'] })
await activity(T4, { date: '2024-07-01', serviceKind: 'collaboration', title: 'A 协作', districtCode: '440515', enterpriseIds: [E4.enterprise.id, E0.enterprise.id], demandIds: [D_unsolved], traineeCount: 7 })
await activity(T0, { date: '2024-02-29', serviceKind: 'training', title: 'A 无企业', districtCode: '440523', industry: 'marine', traineeCount: 15 })
await activity(T1, { date: today, serviceKind: 'exchange', title: 'A 今天', districtCode: '440507', enterpriseIds: [E3.enterprise.id, E1.enterprise.id], benefitYuan: 5, benefitKind: 'actual' })
// T4 leaves the programme today; T3 leaves and comes back.
await call('PATCH', `/v1/teams/${T4.team.id}`, ADMIN_TOKEN, { active: false })
await call('PATCH', `/v1/teams/${T3.team.id}`, ADMIN_TOKEN, { active: false })
await call('PATCH', `/v1/teams/${T3.team.id}`, ADMIN_TOKEN, { active: true })

const teamIds = [T0, T1, T2, T3, T4].map((x) => x.team.id as string)

t.test('on a programme built through the API, the SQL path equals the reference for every query of the grid', async (t) => {
  // The data set exercises what the grid is meant to check.
  const all = computeImpact(await loadImpactRows(database, {}), {})
  t.match(all.totals, { teams: 4, activities: 8, problemsSolved: 9, enterprisesServed: 6 })
  t.ok(all.totals.benefitYuan.actual > 0 && all.totals.benefitYuan.expected > 0)
  await compareGrid(t, teamIds)
})

t.test('the HTTP answer is the SQL path’s, in the same shape', async (t) => {
  for (const [query, q] of [
    ['', {}],
    ['from=2024-01-01&to=2024-06-30&groupBy=district', { from: '2024-01-01', to: '2024-06-30', groupBy: 'district' }],
    ['groupBy=month', { groupBy: 'month' }],
    [`from=2024-01-01&to=2024-03-31&groupBy=industry&districtCode=440515`, { from: '2024-01-01', to: '2024-03-31', groupBy: 'industry', districtCode: '440515' }],
    [`groupBy=teamLevel&teamId=${T1.team.id}`, { groupBy: 'teamLevel', teamId: T1.team.id }],
  ] as [string, ImpactQuery][]) {
    const res = await request({ method: 'GET', url: `/v1/metrics/impact?${query}`, token: ADMIN_TOKEN })
    t.equal(res.status, 200, query)
    const want = computeImpact(await loadImpactRows(database, q), q)
    const { benefitWanYuan, ...totals } = res.body.totals
    t.strictSame(totals, want.totals, `${query}: totals`)
    t.strictSame(benefitWanYuan, { actual: want.totals.benefitYuan.actual / 10_000, expected: want.totals.benefitYuan.expected / 10_000, total: want.totals.benefitYuan.total / 10_000 })
    if (q.groupBy) {
      t.strictSame(
        res.body.groups.map((g: { key: string | null; figures: Record<string, unknown> }) => {
          const { benefitWanYuan: _, ...figures } = g.figures
          return { key: g.key, figures }
        }),
        want.groups,
        `${query}: groups`,
      )
    } else t.notOk(res.body.groups)
  }
})

// ---- 2. seeded random rows straight into the tables -----------------------------------

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T
  const chance = (p: number) => next() < p
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16))
    hex[12] = '4'
    hex[16] = (8 + int(4)).toString(16)
    const h = hex.join('')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  return { next, int, pick, chance, uuid }
}

// Days the grid's periods start or end on, the days either side, and a spread of others.
const EDGE_DAYS = ['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-30', '2024-01-31', '2024-02-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-06-29', '2024-06-30', '2024-07-01', '2024-07-02', '2023-06-14', '2023-06-15', '2025-03-10', '2025-03-11', today]
const randomDay = (r: ReturnType<typeof prng>) => {
  if (r.chance(0.6)) return r.pick(EDGE_DAYS)
  const d = new Date(Date.UTC(2023, 4, 1) + r.int(800) * 86_400_000)
  return d.toISOString().slice(0, 10)
}
/** An instant near a Shanghai midnight (16:00 UTC) of one of the edge days, or any time of a day. */
const randomInstant = (r: ReturnType<typeof prng>) => {
  const day = randomDay(r)
  const midnight = Date.parse(`${day}T00:00:00+08:00`)
  const offset = r.pick([-1000, 0, 1000, 3_600_000 * 7.99, -3_600_000 * 8.01, r.int(86_400_000)])
  return new Date(midnight + offset).toISOString()
}
const INDUSTRIES = ['toys_creative', 'plastics', 'textile_apparel', 'electronic_information', 'chemicals', 'food']
const KINDS = ['tackling', 'assistance', 'exchange', 'collaboration', 'training']
const textArray = (xs: readonly string[]): SQL => (xs.length === 0 ? sql`'{}'::text[]` : sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`)
const insert = (q: SQL) => database.rows(q)

async function seedRandom(seed: number) {
  const r = prng(seed)
  const enterprises: { id: string }[] = []
  for (let i = 0; i < 25; i++) {
    const id = r.uuid()
    enterprises.push({ id })
    await insert(sql`insert into enterprises (id, name, credit_code, district_code, address, industry, size, contact_name, contact_phone)
      values (${id}, ${`随机企业${seed}-${i}`}, ${`R${seed}-${i}`}, ${r.pick(DISTRICTS)}, '汕头', ${r.pick(INDUSTRIES)}, 'small', '陈工', '13800138000')`)
  }
  const teams: string[] = []
  // Registered or deactivated on a Shanghai midnight that starts or ends a period, or one
  // second before it: the day is Shanghai's (UTC+8), not UTC's.
  const edges: [created: string, deactivated: string | null][] = [
    ['2024-07-01T00:00:00+08:00', null],
    ['2024-06-30T23:59:59+08:00', null],
    ['2024-02-01T00:00:00+08:00', null],
    ['2024-01-31T23:59:59+08:00', null],
    ['2023-05-01T12:00:00+08:00', '2024-01-01T00:00:00+08:00'],
    ['2023-05-01T12:00:00+08:00', '2023-12-31T23:59:59+08:00'],
    ['2023-05-01T12:00:00+08:00', '2024-02-01T00:00:00+08:00'],
    ['2023-05-01T12:00:00+08:00', '2024-01-31T23:59:59+08:00'],
  ]
  for (const [i, [created, deactivated]] of edges.entries()) {
    const id = r.uuid()
    teams.push(id)
    await insert(sql`insert into teams (id, name, level, district_code, leader_name, contact_name, contact_phone, member_count, capacity, active, deactivated_at, created_at)
      values (${id}, ${`边界服务队${seed}-${i}`}, ${i % 2 ? 'city' : 'district'}, ${DISTRICTS[i % DISTRICTS.length]!}, '林师傅', '林师傅', '13900139000', 5, 10,
        ${deactivated === null}, ${deactivated}::timestamptz, ${created}::timestamptz)`)
  }
  for (let i = 0; i < 12; i++) {
    const id = r.uuid()
    teams.push(id)
    const active = r.chance(0.6)
    // Deactivated teams carry a day; some active ones a stale one (reactivated).
    const deactivatedAt = !active || r.chance(0.3) ? randomInstant(r) : null
    await insert(sql`insert into teams (id, name, level, district_code, leader_name, contact_name, contact_phone, member_count, capacity, active, deactivated_at, created_at)
      values (${id}, ${`随机服务队${seed}-${i}`}, ${r.pick(['city', 'district'])}, ${r.pick(DISTRICTS)}, '林师傅', '林师傅', '13900139000', 5, 10, ${active}, ${deactivatedAt}::timestamptz, ${randomInstant(r)}::timestamptz)`)
  }
  const allTeams = [...teams, ...teamIds]
  const demands: { id: string; owner: string }[] = []
  for (let i = 0; i < 160; i++) {
    const id = r.uuid()
    const owner = r.pick(enterprises).id
    demands.push({ id, owner })
    const kinds = [r.pick(KINDS), ...(r.chance(0.4) ? [r.pick(KINDS)] : [])]
    await insert(sql`insert into demands (id, enterprise_id, title, description, service_kinds, industry, district_code, urgency, status)
      values (${id}, ${owner}, '随机需求', '随机需求描述', ${textArray(kinds)}, ${r.pick(INDUSTRIES)}, '440515', 'normal', 'open')`)
    // One assignment per demand at most here (the database allows one completed one).
    const roll = r.next()
    if (roll < 0.15) continue
    const status = roll < 0.75 ? 'completed' : r.pick(['declined', 'cancelled', 'assigned', 'accepted', 'in_progress'])
    const completed = status === 'completed'
    const hasBenefit = completed && r.chance(0.5)
    // The API always writes these on completion; a few rows leave them null to check the
    // fallbacks are the reference's (no delivered kind → the demand's first, and so on).
    const odd = completed && r.chance(0.08)
    await insert(sql`insert into assignments (id, demand_id, team_id, status, solved, delivered_service_kind, trainee_count, benefit_yuan, benefit_kind, completed_on)
      values (${r.uuid()}, ${id}, ${r.pick(allTeams)}, ${status},
        ${completed && !(odd && r.chance(0.5)) ? r.chance(0.6) : null},
        ${completed && !(odd && r.chance(0.5)) ? r.pick(KINDS) : null},
        ${completed && !(odd && r.chance(0.5)) ? r.pick([0, 0, 1, 3, 12]) : null},
        ${hasBenefit ? r.pick([0, 1, 9999, 250000]) : null}, ${hasBenefit ? r.pick(['actual', 'expected']) : null},
        ${completed && !(odd && r.chance(0.5)) ? randomDay(r) : null}::date)`)
  }
  for (let i = 0; i < 140; i++) {
    const id = r.uuid()
    const hasBenefit = r.chance(0.4)
    const problems = Array.from({ length: r.pick([0, 0, 1, 2, 3]) }, (_, k) => `问题${k}`)
    await insert(sql`insert into activities (id, team_id, date, service_kind, title, district_code, industry, trainee_count, on_site_problems_solved, benefit_yuan, benefit_kind)
      values (${id}, ${r.pick(allTeams)}, ${randomDay(r)}::date, ${r.pick(KINDS)}, '随机活动', ${r.pick(DISTRICTS)}, ${r.pick(INDUSTRIES)},
        ${r.pick([0, 0, 5, 30])}, ${textArray(problems)}, ${hasBenefit ? r.pick([0, 7, 120000]) : null}, ${hasBenefit ? r.pick(['actual', 'expected']) : null})`)
    const listed = [...new Set(Array.from({ length: r.pick([0, 1, 1, 2, 3]) }, () => r.pick(enterprises).id))]
    // Linked-demand owners: often one of the listed (one touch, not two), sometimes twice the same owner.
    const linked = [...new Set(Array.from({ length: r.pick([0, 0, 1, 2]) }, () => (listed.length > 0 && r.chance(0.5) ? r.pick(listed) : r.pick(demands).owner)))]
    for (const [via, ids] of [['listed', listed], ['linkedDemand', linked]] as const) {
      for (const [position, enterpriseId] of ids.entries()) {
        await insert(sql`insert into activity_enterprises (activity_id, enterprise_id, via, position) values (${id}, ${enterpriseId}, ${via}, ${position})`)
      }
    }
  }
  return teams
}

t.test('with seeded random rows added straight into the tables, the SQL path still equals the reference everywhere', async (t) => {
  const seeded = await seedRandom(20240601)
  const rows = await loadImpactRows(database, {})
  // The corners are there: an activity touching one enterprise both ways, completions
  // without a delivered kind or a day, teams deactivated on a period's edge.
  t.ok(rows.activities.some((a) => a.enterpriseIds.some((e) => a.linkedDemandOwnerIds.includes(e))), 'listed and linked at once')
  t.ok(rows.completions.some((c) => c.completedOn === ''), 'a completion without a day')
  t.ok(rows.teams.some((x) => x.deactivatedOn !== null) && rows.teams.some((x) => x.active && x.deactivatedOn === null), 'active and deactivated teams')
  t.ok(rows.completions.length > 100 && rows.activities.length > 100)
  await compareGrid(t, [seeded[0]!, seeded[1]!, seeded[2]!, teamIds[1]!])
})

t.test('a completed assignment breaking the outcome invariants is refused by both paths', async (t) => {
  const [row] = await database.rows<{ id: string }>(sql`select id from assignments where status = 'completed' and completed_on is not null limit 1`)
  await database.rows(sql`update assignments set benefit_yuan = 10, benefit_kind = null where id = ${row!.id}`)
  await t.rejects(impactFromSql(database, {}), ImpactRowError, 'SQL path')
  const rows = await loadImpactRows(database, {})
  t.throws(() => computeImpact(rows, {}), ImpactRowError, 'reference')
  await database.rows(sql`update assignments set benefit_yuan = null where id = ${row!.id}`)
  t.ok(await impactFromSql(database, {}), 'fine again')
})
