import t from 'tap'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const ent = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'textile_apparel' })

const menu = (teamId: string, token: string, body: Record<string, unknown>) =>
  request({ method: 'POST', url: `/v1/teams/${teamId}/menu-items`, token, body: { industries: [], skills: [], ...body } })
const A = await teamWithToken(ctx, { name: '潮南区纺织印染服务队', level: 'district', districtCode: '440514', capacity: 1, industries: ['textile_apparel'] })
await menu(A.team.id, A.token, { title: '印染废水处理与节能', description: '印染废水治理、染色工艺优化', serviceKinds: ['tackling', 'training'], skills: ['印染', '废水'] })
const B = await teamWithToken(ctx, { name: '市级纺织服装工匠服务队', level: 'city', districtCode: '440507', capacity: 2, industries: ['textile_apparel'] })
await menu(B.team.id, B.token, { title: '服装版型与缝制工艺', description: '服装制版、缝纫设备调试、员工技能培训', serviceKinds: ['tackling', 'training'], skills: ['服装', '缝制'] })

const ids: string[] = []
for (const body of [
  demandBody({ title: '印染废水处理达标', description: '印染车间废水化学需氧量超标，需要改进废水治理工艺', skills: ['印染', '废水'] }),
  demandBody({ title: '缝制工艺培训', description: '新员工缝纫技能培训与缝制工艺改进', serviceKinds: ['training'], skills: ['缝制'] }),
  demandBody({ title: '染色色差问题', description: '染色批次色差大，需要印染工艺攻关', skills: ['印染', '染色'] }),
  demandBody({ title: '展会交流', description: '行业技术交流', serviceKinds: ['exchange'], skills: [] }),
]) {
  const r = await request({ method: 'POST', url: '/v1/demands', token: ent.token, body })
  ids.push(r.body.id)
}

t.test('when a dry run is asked, then the plan serves every servable demand within capacity and nothing changes', async (t) => {
  const res = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: true } })
  t.equal(res.status, 200)
  t.equal(res.body.dryRun, true)
  t.equal(res.body.served, 3, 'A takes one, B takes two: three of the four (the exchange demand has no team)')
  const byDemand = new Map(res.body.assignments.map((a: { demandId: string; teamId: string }) => [a.demandId, a.teamId]))
  t.equal(byDemand.get(ids[1]), B.team.id)
  const unassigned = res.body.unassigned.find((u: { demandId: string }) => u.demandId === ids[3])
  t.equal(unassigned.reasons[0].code, 'no_eligible_team')
  const sum = res.body.assignments.reduce((s: number, a: { score: number }) => s + a.score, 0)
  t.ok(Math.abs(sum - res.body.totalScore) < 1e-6)
  for (const id of ids) t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.status, 'open')
})

t.test('when the plan is committed, then every planned demand is assigned atomically and a replay changes nothing', async (t) => {
  const headers = { 'idempotency-key': 'dispatch-2024-05-01' }
  const res = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: false }, headers })
  t.equal(res.status, 200)
  t.equal(res.body.served, 3)
  for (const a of res.body.assignments) {
    const d = (await request({ method: 'GET', url: `/v1/demands/${a.demandId}`, token: ADMIN_TOKEN })).body
    t.equal(d.status, 'assigned')
    t.equal(d.currentAssignment.teamId, a.teamId)
    t.equal(d.currentAssignment.id, a.assignmentId)
  }
  const replay = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: false }, headers })
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.same(replay.body, res.body)
  const again = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: false } })
  t.equal(again.body.served, 0, 'teams are full and the rest has no team')
})

t.test('when given demand ids that are not open or unknown, then they are reported unassigned', async (t) => {
  const res = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: true, demandIds: [ids[0], '01890000-0000-7000-8000-000000000000'] } })
  t.same(res.body.unassigned.map((u: { reasons: { code: string }[] }) => u.reasons[0]!.code).sort(), ['demand.not_found', 'demand.not_open'])
  t.equal((await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body: { dryRun: true, demandIds: [] } })).status, 400)
  t.equal((await request({ method: 'POST', url: '/v1/dispatch', token: ent.token, body: { dryRun: true } })).status, 403)
})

t.test('when a team declined a demand, then no plan gives it that demand again, in a whole batch or by ids', async (t) => {
  const C = await teamWithToken(ctx, { name: '潮南区印染技改服务队', level: 'district', districtCode: '440514', capacity: 3, industries: ['textile_apparel'] })
  await menu(C.team.id, C.token, { title: '印染设备节能改造', description: '印染设备改造、染色工艺攻关', serviceKinds: ['tackling'], skills: ['印染', '染色'] })
  const post = async (title: string) =>
    (await request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody({ title, description: `${title}，需要印染工艺攻关`, skills: ['印染', '染色'] }) })).body.id as string
  const declined = await post('染色牢度不达标')
  const other = await post('印染能耗偏高')
  const a = await request({ method: 'POST', url: `/v1/demands/${declined}/assignments`, token: ADMIN_TOKEN, body: { teamId: C.team.id } })
  t.equal(a.status, 201)
  t.equal((await request({ method: 'POST', url: `/v1/assignments/${a.body.id}/decline`, token: C.token, body: { reasonCode: 'no_capacity' } })).status, 200)
  for (const body of [{ dryRun: true }, { dryRun: true, demandIds: [declined, other] }]) {
    const res = await request({ method: 'POST', url: '/v1/dispatch', token: ADMIN_TOKEN, body })
    t.equal(res.status, 200)
    const teamOf = new Map(res.body.assignments.map((x: { demandId: string; teamId: string }) => [x.demandId, x.teamId]))
    t.equal(teamOf.get(other), C.team.id, `${JSON.stringify(body)}: the team still takes the other demand`)
    t.not(teamOf.get(declined), C.team.id, `${JSON.stringify(body)}: but not the one it declined`)
    t.ok(res.body.unassigned.some((u: { demandId: string }) => u.demandId === declined), `${JSON.stringify(body)}: which no other team with room can take`)
  }
})
