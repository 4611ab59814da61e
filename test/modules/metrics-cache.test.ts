// The metrics are cached under a version that triggers move with every write that can
// change a figure: a write through this or another instance shows in the next answer.
import t from 'tap'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, secondApp, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const ent = await enterpriseWithToken(ctx, { districtCode: '440515' })
const team = await teamWithToken(ctx, { level: 'district', districtCode: '440515', capacity: 5 })
await addMenuItem(ctx, team.team.id, { serviceKinds: ['tackling', 'training'] })

const other = await secondApp(t, ctx)
const totals = async () => (await request({ method: 'GET', url: '/v1/metrics/impact' })).body.totals

t.test('when figures change through another instance, then the next answer here shows them', async (t) => {
  const before = await totals()
  t.same(await totals(), before, 'a repeated query answers the same')
  const d = await request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody() })
  const a = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id } })
  t.same(await totals(), before, 'an assignment changes no figure')
  const via = (url: string, body?: unknown) =>
    other.inject({ method: 'POST', url, headers: { authorization: `Bearer ${team.token}` }, ...(body ? { payload: body as object } : {}) })
  t.equal((await via(`/v1/assignments/${a.body.id}/accept`)).statusCode, 200)
  const done = await via(`/v1/assignments/${a.body.id}/complete`, { solved: true, traineeCount: 12, benefitYuan: 5000, benefitKind: 'actual', summary: '已解决' })
  t.equal(done.statusCode, 200)
  const after = await totals()
  t.equal(after.problemsSolved, before.problemsSolved + 1)
  t.equal(after.workersTrained, before.workersTrained + 12)
  t.equal(after.benefitYuan.actual, before.benefitYuan.actual + 5000)
  const act = await other.inject({
    method: 'POST',
    url: '/v1/activities',
    headers: { authorization: `Bearer ${team.token}` },
    payload: { teamId: team.team.id, date: '2024-05-01', serviceKind: 'training', title: '培训', districtCode: '440515', enterpriseIds: [ent.enterprise.id], demandIds: [], traineeCount: 30, onSiteProblemsSolved: [] },
  })
  t.equal(act.statusCode, 201, act.body)
  const last = await totals()
  t.equal(last.activities, after.activities + 1)
  t.equal(last.workersTrained, after.workersTrained + 30)
  const deactivate = await other.inject({ method: 'PATCH', url: `/v1/teams/${team.team.id}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { active: false } })
  t.equal(deactivate.statusCode, 200)
  t.equal((await totals()).teams, last.teams - 1)
})
