import t from 'tap'
import { todayInShanghai } from '../../src/lib/pagination.js'
import { shanghaiDay } from '../../src/modules/metrics/metrics.repository.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

// A small programme built only through the API; every expected figure below is counted by
// hand from this list, not by the code under test.
//
// Teams (all registered today): T1 澄海 district team, T2 city team based in 龙湖, T3 潮南 district team (deactivated today).
// Enterprises: E1 澄海 toys, E2 澄海 plastics, E3 潮南 textiles, E4 龙湖 electronics.
// Completions (completed assignments):
//   C1 D1(E1, toys)        by T1  2024-03-15  tackling    solved   20 trainees  500000 actual
//   C2 D3(E4, electronics) by T2  2024-04-20  assistance  unsolved  0 trainees  100000 expected
//   C3 D2(E3, textiles)    by T3  2024-06-30  training    solved    5 trainees  —
// Activities:
//   A1 T1 2024-03-10 training   澄海 [E1, E2]            — 40 trainees, 2 problems, 200000 expected (industry: E1's, toys)
//   A2 T2 2024-04-01 exchange   龙湖 [E4] + D4 (owner E2) —  0 trainees, 0 problems (industry given: electronics)
//   A3 T3 2024-06-01 assistance 潮南 [E3] + D2 (owner E3) —  0 (D2's outcome is C3's) (industry: E3's, textiles)
//   A4 T1 2023-12-31 training   澄海 [E1]                — 10 trainees (the day before the period)
//   A5 T1 2024-07-01 training   澄海 [E2]                —  7 trainees (the day after the period)
const ctx = await buildTestApp(t)
const { request } = ctx
const PERIOD = 'from=2024-01-01&to=2024-06-30'

const E1 = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
const E2 = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'plastics' })
const E3 = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'textile_apparel' })
const E4 = await enterpriseWithToken(ctx, { districtCode: '440507', industry: 'electronic_information' })
const T1 = await teamWithToken(ctx, { level: 'district', districtCode: '440515', capacity: 5 })
const T2 = await teamWithToken(ctx, { level: 'city', districtCode: '440507', capacity: 5 })
const T3 = await teamWithToken(ctx, { level: 'district', districtCode: '440514', capacity: 5 })

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, token: string, body?: unknown, expect = method === 'POST' && !url.includes('/complete') && !url.includes('/accept') ? 201 : 200) {
  const res = await request({ method, url, token, ...(body !== undefined ? { body } : {}) })
  if (res.status !== expect) throw new Error(`${method} ${url}: ${res.status} ${res.raw}`)
  return res.body
}
async function completion(ent: { token: string }, team: { team: { id: string }; token: string }, demand: Record<string, unknown>, outcome: Record<string, unknown>) {
  const d = await call('POST', '/v1/demands', ent.token, demandBody(demand))
  const a = await call('POST', `/v1/demands/${d.id}/assignments`, ADMIN_TOKEN, { teamId: team.team.id, override: true, note: '测试' })
  await call('POST', `/v1/assignments/${a.id}/accept`, team.token)
  await call('POST', `/v1/assignments/${a.id}/complete`, team.token, { summary: '完成', ...outcome })
  return { demandId: d.id as string, assignmentId: a.id as string }
}
const activity = (team: { team: { id: string }; token: string }, body: Record<string, unknown>) =>
  call('POST', '/v1/activities', team.token, { teamId: team.team.id, demandIds: [], onSiteProblemsSolved: [], traineeCount: 0, ...body })

const C1 = await completion(E1, T1, { title: 'D1 注塑缩痕', serviceKinds: ['tackling'] }, { solved: true, serviceKind: 'tackling', traineeCount: 20, benefitYuan: 500000, benefitKind: 'actual', completedOn: '2024-03-15' })
const C2 = await completion(E4, T2, { title: 'D3 贴片良率', serviceKinds: ['assistance'] }, { solved: false, serviceKind: 'assistance', benefitYuan: 100000, benefitKind: 'expected', completedOn: '2024-04-20' })
const C3 = await completion(E3, T3, { title: 'D2 染色色差', serviceKinds: ['training'] }, { solved: true, serviceKind: 'training', traineeCount: 5, completedOn: '2024-06-30' })
const D4 = await call('POST', '/v1/demands', E2.token, demandBody({ title: 'D4 吹塑壁厚' }))
await call('POST', `/v1/demands/${D4.id}/assignments`, ADMIN_TOKEN, { teamId: T2.team.id, override: true, note: '测试' })

const A1 = await activity(T1, { date: '2024-03-10', serviceKind: 'training', title: 'A1 注塑培训班', districtCode: '440515', enterpriseIds: [E1.enterprise.id, E2.enterprise.id], traineeCount: 40, onSiteProblemsSolved: ['缩痕', '飞边'], benefitYuan: 200000, benefitKind: 'expected' })
const A2 = await activity(T2, { date: '2024-04-01', serviceKind: 'exchange', title: 'A2 电子信息交流会', districtCode: '440507', industry: 'electronic_information', enterpriseIds: [E4.enterprise.id], demandIds: [D4.id] })
const A3 = await activity(T3, { date: '2024-06-01', serviceKind: 'assistance', title: 'A3 印染帮扶', districtCode: '440514', enterpriseIds: [E3.enterprise.id], demandIds: [C3.demandId] })
const A4 = await activity(T1, { date: '2023-12-31', serviceKind: 'training', title: 'A4 年末培训', districtCode: '440515', enterpriseIds: [E1.enterprise.id], traineeCount: 10 })
const A5 = await activity(T1, { date: '2024-07-01', serviceKind: 'training', title: 'A5 七月培训', districtCode: '440515', enterpriseIds: [E2.enterprise.id], traineeCount: 7 })
await call('PATCH', `/v1/teams/${T3.team.id}`, ADMIN_TOKEN, { active: false })

const ADDITIVE = ['activities', 'problemsSolved', 'workersTrained', 'enterpriseVisits'] as const
const impact = async (query: string, token?: string) => request({ method: 'GET', url: `/v1/metrics/impact?${query}`, ...(token ? { token } : {}) })

t.test('when anyone asks for the period’s totals, then they are the hand-counted figures, benefit kept apart and in 万元', async (t) => {
  const res = await impact(PERIOD)
  t.equal(res.status, 200)
  t.same(res.body.period, { from: '2024-01-01', to: '2024-06-30' })
  t.same(res.body.totals, {
    teams: 0, // all three were registered after the period
    activities: 3, // A1 A2 A3 (A4 and A5 fall a day outside)
    problemsSolved: 4, // C1 + C3 + A1's two on-site entries
    workersTrained: 65, // 20 + 5 + 40
    enterprisesServed: 4, // E1 E2 E3 E4
    enterpriseVisits: 8, // A1:2 A2:2 (E4, E2 via D4) A3:1 (E3 listed and owner) C1 C2 C3
    benefitYuan: { actual: 500000, expected: 300000, total: 800000 },
    benefitWanYuan: { actual: 50, expected: 30, total: 80 },
  })
  t.same(res.body.additive, { teams: false, activities: true, problemsSolved: true, workersTrained: true, enterprisesServed: false, enterpriseVisits: true, benefitYuan: true })
  t.equal(res.body.figureLabels.workersTrained, '帮助职工提升技能（人次）')
  t.notOk(res.body.groups)
})

t.test('when the period or filters change, then the teams rule and the day bounds hold', async (t) => {
  const all = (await impact('')).body.totals
  t.equal(all.teams, 2, 'no period: the active teams (T3 is deactivated)')
  t.equal(all.activities, 5)
  t.equal(all.workersTrained, 82) // 65 + 10 + 7
  t.equal(all.problemsSolved, 4)

  const today = todayInShanghai()
  t.equal((await impact(`from=2024-01-01&to=${today}`)).body.totals.teams, 3, 'registered by `to`, none deactivated before `from`')
  t.equal((await impact(`from=${today}`)).body.totals.teams, 3, 'deactivated today still counts for a period starting today')
  t.match((await impact('from=2024-07-01&to=2024-07-01')).body.totals, { activities: 1, workersTrained: 7 }, 'one day: A5 only')
  t.match((await impact('from=2023-12-31&to=2023-12-31')).body.totals, { activities: 1, workersTrained: 10 }, 'one day: A4 only')
  t.match((await impact('from=2024-06-30&to=2024-06-30')).body.totals, { activities: 0, problemsSolved: 1, workersTrained: 5 }, 'C3 on the last day')

  const chaonan = (await impact(`${PERIOD}&districtCode=440514`)).body
  t.match(chaonan.totals, { activities: 1, problemsSolved: 1, workersTrained: 5, enterprisesServed: 1, enterpriseVisits: 2 })
  t.match(chaonan.filters, { districtCode: '440514', districtName: '潮南区' })
  t.match((await impact(`${PERIOD}&teamId=${T1.team.id}`)).body.totals, { activities: 1, problemsSolved: 3, workersTrained: 60, enterprisesServed: 2, benefitYuan: { actual: 500000, expected: 200000 } })

  // A registration at 00:30 in Shanghai is the previous UTC day: the day is Shanghai's.
  t.equal(shanghaiDay(new Date('2024-06-30T16:30:00Z')), '2024-07-01')
  t.equal(shanghaiDay(new Date('2024-06-30T15:59:59Z')), '2024-06-30')
})

t.test('when the query is wrong, then 400 naming the parameter', async (t) => {
  const reversed = await impact('from=2024-06-30&to=2024-01-01')
  t.equal(reversed.status, 400)
  t.match(reversed.body.errors, [{ path: 'querystring.to', code: 'range' }])
  t.match((await impact('districtCode=440305')).body.errors, [{ path: 'querystring.districtCode', code: 'district.not_in_city' }])
  t.match((await impact('from=2024-02-30')).body.errors, [{ path: 'querystring.from' }])
  t.match((await impact('groupBy=color', ADMIN_TOKEN)).body.errors, [{ path: 'querystring.groupBy' }])
  t.match((await impact('colour=red')).body.errors, [{ path: 'querystring.colour', code: 'unknown_field' }])
})

t.test('when groups are asked for, then an admin gets them (401 without a token, 403 for another role)', async (t) => {
  t.equal((await impact(`${PERIOD}&groupBy=district`)).status, 401)
  t.equal((await impact(`${PERIOD}&groupBy=district`, T1.token)).status, 403)
  t.equal((await impact(`${PERIOD}&groupBy=district`, E1.token)).status, 403)
  t.equal((await impact(PERIOD, E1.token)).status, 200, 'totals are for anyone')
})

t.test('when grouped by district, then each row is the hand count, labelled, and additive figures add up', async (t) => {
  const res = await impact(`${PERIOD}&groupBy=district`, ADMIN_TOKEN)
  t.equal(res.status, 200)
  t.equal(res.body.groupBy, 'district')
  const rows = Object.fromEntries(res.body.groups.map((g: { key: string; label: string; figures: object }) => [g.key, { label: g.label, ...g.figures }]))
  t.same(Object.keys(rows), ['440507', '440514', '440515'])
  t.match(rows['440515'], { label: '澄海区', teams: 0, activities: 1, problemsSolved: 3, workersTrained: 60, enterprisesServed: 2, enterpriseVisits: 3, benefitYuan: { actual: 500000, expected: 200000, total: 700000 } })
  t.match(rows['440507'], { label: '龙湖区', activities: 1, problemsSolved: 0, workersTrained: 0, enterprisesServed: 2, enterpriseVisits: 3, benefitYuan: { actual: 0, expected: 100000 } })
  t.match(rows['440514'], { label: '潮南区', activities: 1, problemsSolved: 1, workersTrained: 5, enterprisesServed: 1, enterpriseVisits: 2, benefitYuan: { total: 0 } })
  // E2 is served in 澄海 (A1) and 龙湖 (A2 via D4): 5 over the groups, 4 in total.
  const served = res.body.groups.reduce((s: number, g: { figures: { enterprisesServed: number } }) => s + g.figures.enterprisesServed, 0)
  t.equal(served, 5)
  t.equal(res.body.totals.enterprisesServed, 4)
  t.equal(res.body.additive.enterprisesServed, false)
})

t.test('for every groupBy, the group rows of additive figures add up to the totals, with the expected keys and labels', async (t) => {
  const expected: Record<string, Record<string, { label: string; activities: number; workersTrained: number; teams?: number | null }>> = {
    industry: {
      electronic_information: { label: '新一代电子信息', activities: 1, workersTrained: 0, teams: null }, // A2, C2
      textile_apparel: { label: '纺织服装', activities: 1, workersTrained: 5, teams: null }, // A3 (E3's industry), C3
      toys_creative: { label: '玩具创意', activities: 1, workersTrained: 60, teams: null }, // A1 (E1's industry), C1
    },
    serviceKind: {
      assistance: { label: '技术帮扶', activities: 1, workersTrained: 0 }, // A3, C2
      exchange: { label: '技术交流', activities: 1, workersTrained: 0 }, // A2
      tackling: { label: '技术攻关', activities: 0, workersTrained: 20 }, // C1
      training: { label: '技术培训', activities: 1, workersTrained: 45 }, // A1, C3
    },
    teamLevel: {
      city: { label: '市级服务队', activities: 1, workersTrained: 0, teams: 0 }, // A2, C2
      district: { label: '区县级服务队', activities: 2, workersTrained: 65, teams: 0 }, // A1 A3 C1 C3
    },
    month: {
      '2024-01': { label: '2024年1月', activities: 0, workersTrained: 0 },
      '2024-02': { label: '2024年2月', activities: 0, workersTrained: 0 },
      '2024-03': { label: '2024年3月', activities: 1, workersTrained: 60 }, // A1, C1
      '2024-04': { label: '2024年4月', activities: 1, workersTrained: 0 }, // A2, C2
      '2024-05': { label: '2024年5月', activities: 0, workersTrained: 0 },
      '2024-06': { label: '2024年6月', activities: 1, workersTrained: 5 }, // A3, C3
    },
  }
  for (const groupBy of ['district', 'industry', 'serviceKind', 'teamLevel', 'month']) {
    const res = await impact(`${PERIOD}&groupBy=${groupBy}`, ADMIN_TOKEN)
    t.equal(res.status, 200, groupBy)
    const { totals, groups } = res.body
    for (const figure of ADDITIVE) {
      t.equal(
        groups.reduce((s: number, g: { figures: Record<string, number> }) => s + g.figures[figure]!, 0),
        totals[figure],
        `${groupBy}: ${figure} adds up`,
      )
    }
    for (const part of ['actual', 'expected', 'total'])
      t.equal(
        groups.reduce((s: number, g: { figures: { benefitYuan: Record<string, number> } }) => s + g.figures.benefitYuan[part]!, 0),
        totals.benefitYuan[part],
        `${groupBy}: benefit ${part} adds up`,
      )
    for (const [key, want] of Object.entries(expected[groupBy] ?? {})) {
      const row = groups.find((g: { key: string }) => g.key === key)
      t.match(row, { label: want.label, figures: { activities: want.activities, workersTrained: want.workersTrained, ...(want.teams !== undefined ? { teams: want.teams } : {}) } }, `${groupBy} ${key}`)
    }
    if (expected[groupBy]) t.equal(groups.length, Object.keys(expected[groupBy]!).length, `${groupBy}: no other groups`)
  }
})

t.test('when the records behind each figure are listed, then their count or sum is the figure', async (t) => {
  const records = async (query: string) => {
    const all: { contributes: number; [k: string]: unknown }[] = []
    let cursor: string | null = null
    let last: { body: { value: unknown; count: number; nextCursor: string | null; records: typeof all } }
    do {
      last = await request({ method: 'GET', url: `/v1/metrics/impact/records?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, token: ADMIN_TOKEN })
      all.push(...last.body.records)
      cursor = last.body.nextCursor
    } while (cursor)
    return { value: last.body.value, count: last.body.count, records: all }
  }
  const totals = (await impact(PERIOD)).body.totals
  for (const figure of ['teams', 'activities', 'problemsSolved', 'workersTrained', 'enterprisesServed', 'enterpriseVisits', 'benefitYuan']) {
    const r = await records(`figure=${figure}&${PERIOD}`)
    t.same(r.value, totals[figure], `${figure}: value is the figure`)
    t.equal(r.count, r.records.length, `${figure}: count is the records over all pages`)
    const sum = r.records.reduce((s, x) => s + x.contributes, 0)
    t.equal(sum, figure === 'benefitYuan' ? totals.benefitYuan.total : totals[figure], `${figure}: the records add up to the figure`)
  }

  const benefit = await records(`figure=benefitYuan&${PERIOD}`)
  t.same(
    benefit.records.map((r) => [r.type, r.title, r.amountYuan, r.benefitKind]).sort(),
    [
      ['activity', 'A1 注塑培训班', 200000, 'expected'],
      ['completion', 'D1 注塑缩痕', 500000, 'actual'],
      ['completion', 'D3 贴片良率', 100000, 'expected'],
    ],
  )
  const c1 = benefit.records.find((r) => r.type === 'completion' && r.amountYuan === 500000)
  t.match(c1, { assignmentId: C1.assignmentId, demandId: C1.demandId, date: '2024-03-15', teamId: T1.team.id, teamName: T1.team.name })

  const problems = await records(`figure=problemsSolved&${PERIOD}`)
  t.same(problems.records.filter((r) => r.type === 'activity').map((r) => [r.activityId, r.problemIndex, r.problemText]), [
    [A1.id, 0, '缩痕'],
    [A1.id, 1, '飞边'],
  ])
  t.same(problems.records.filter((r) => r.type === 'completion').map((r) => r.assignmentId).sort(), [C1.assignmentId, C3.assignmentId].sort())

  const served = await records(`figure=enterprisesServed&${PERIOD}`)
  const e2 = served.records.find((r) => r.enterpriseId === E2.enterprise.id) as unknown as { enterpriseName: string; touches: { activityId: string; via: string }[] }
  t.equal(e2.enterpriseName, E2.enterprise.name)
  t.same(e2.touches.map((x) => [x.activityId, x.via]).sort(), [
    [A1.id, 'listed'],
    [A2.id, 'linkedDemand'],
  ].sort())

  // One group's figure: 龙湖's visits are A2 (E4, E2) and C2 (E4).
  const longhu = await records(`figure=enterpriseVisits&${PERIOD}&groupBy=district&groupKey=440507`)
  t.equal(longhu.value, 3)
  t.same(longhu.records.map((r) => [r.type, r.enterpriseId]).sort(), [
    ['activity', E2.enterprise.id],
    ['activity', E4.enterprise.id],
    ['completion', E4.enterprise.id],
  ].sort())
  t.same((await records(`figure=teams&${PERIOD}&groupBy=industry&groupKey=toys_creative`)).value, null, 'teams are not a dimension of industry')
  const teamsNow = await records('figure=teams')
  t.same(teamsNow.records.map((r) => r.teamId).sort(), [T1.team.id, T2.team.id].sort())
  t.ok(A3.id && A4.id && A5.id && C2.assignmentId)

  t.equal((await request({ method: 'GET', url: `/v1/metrics/impact/records?figure=teams`, token: T1.token })).status, 403)
  t.equal((await request({ method: 'GET', url: `/v1/metrics/impact/records?figure=teams` })).status, 401)
  const noGroupBy = await request({ method: 'GET', url: `/v1/metrics/impact/records?figure=teams&groupKey=440515`, token: ADMIN_TOKEN })
  t.match(noGroupBy.body.errors, [{ path: 'querystring.groupKey' }])
  t.match((await request({ method: 'GET', url: `/v1/metrics/impact/records?figure=colour`, token: ADMIN_TOKEN })).body.errors, [{ path: 'querystring.figure' }])
  t.equal((await request({ method: 'GET', url: `/v1/metrics/impact/records?figure=teams&cursor=zzzz`, token: ADMIN_TOKEN })).status, 400)
})
