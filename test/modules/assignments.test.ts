import t from 'tap'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const ent = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
const other = await enterpriseWithToken(ctx, { districtCode: '440507' })

const menu = (teamId: string, token: string, body: Record<string, unknown>) =>
  request({ method: 'POST', url: `/v1/teams/${teamId}/menu-items`, token, body: { industries: [], skills: [], ...body } })

// 澄海区 district team for toys and moulds, and a city-wide team.
const local = await teamWithToken(ctx, { name: '澄海区玩具模具劳模服务队', level: 'district', districtCode: '440515', capacity: 3, industries: ['toys_creative'] })
await menu(local.team.id, local.token, { title: '注塑模具设计与缩痕攻关', description: '注塑件缩痕、翘曲分析与模具结构优化', serviceKinds: ['tackling', 'training'], skills: ['注塑', '模具'] })
const city = await teamWithToken(ctx, { name: '市级智能制造劳模服务队', level: 'city', districtCode: '440507', capacity: 2, industries: ['equipment_manufacturing'] })
await menu(city.team.id, city.token, { title: '自动化产线改造', description: 'PLC 编程、伺服调试、产线自动化改造', serviceKinds: ['tackling', 'assistance'], skills: ['PLC', '自动化'] })
const far = await teamWithToken(ctx, { name: '南澳县海洋产业服务队', level: 'district', districtCode: '440523', capacity: 2, industries: ['marine'] })
await menu(far.team.id, far.token, { title: '注塑与模具', description: '注塑模具', serviceKinds: ['tackling'], skills: ['注塑', '模具'] })

const post = async (token = ent.token, overrides: Record<string, unknown> = {}) => {
  const res = await request({ method: 'POST', url: '/v1/demands', token, body: demandBody(overrides) })
  t.equal(res.status, 201)
  return res.body.id as string
}
const assign = (demandId: string, body: Record<string, unknown>, token = ADMIN_TOKEN) => request({ method: 'POST', url: `/v1/demands/${demandId}/assignments`, token, body })
const act = (id: string, verb: string, token: string, body?: unknown) => request({ method: 'POST', url: `/v1/assignments/${id}/${verb}`, token, ...(body !== undefined ? { body } : {}) })
const demand = async (id: string) => (await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body

t.test('when a demand is matched, then the local moulding team ranks first with reasons, and the far team is ineligible', async (t) => {
  const id = await post()
  const res = await request({ method: 'GET', url: `/v1/demands/${id}/matches?includeIneligible=true`, token: ADMIN_TOKEN })
  t.equal(res.status, 200)
  const [first] = res.body.matches
  t.equal(first.teamId, local.team.id)
  t.ok(first.eligible)
  t.equal(first.capacityLeft, 3)
  for (const k of ['skills', 'industry', 'serviceKind', 'locality', 'capacity', 'trackRecord']) t.type(first.components[k], 'number', k)
  const messages = first.reasons.map((r: { message: string }) => r.message).join('；')
  t.match(messages, /技能匹配/)
  t.match(messages, /注塑|模具/)
  t.match(messages, /同区/)
  const farMatch = res.body.matches.find((m: { teamId: string }) => m.teamId === far.team.id)
  t.equal(farMatch.eligible, false)
  t.equal(farMatch.ineligibleReasons[0].code, 'out_of_jurisdiction')
  const noIneligible = await request({ method: 'GET', url: `/v1/demands/${id}/matches`, token: ADMIN_TOKEN })
  t.notOk(noIneligible.body.matches.some((m: { teamId: string }) => m.teamId === far.team.id))
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}/matches`, token: ent.token })).status, 403)
})

t.test('when no team offers the service kind, then the matches say why', async (t) => {
  const id = await post(ent.token, { serviceKinds: ['exchange'] })
  const res = await request({ method: 'GET', url: `/v1/demands/${id}/matches`, token: ADMIN_TOKEN })
  t.equal(res.body.eligibleCount, 0)
  t.same(res.body.matches, [])
  t.match(res.body.noEligibleReason, /没有符合条件的服务队/)
})

t.test('when a demand goes the whole way, then the demand follows its assignment and each step is audited', async (t) => {
  const id = await post()
  const a = await assign(id, { teamId: local.team.id, note: '就近派单' })
  t.equal(a.status, 201)
  t.match(a.body, { demandId: id, teamId: local.team.id, status: 'assigned' })
  t.ok(a.body.score > 0 && a.body.score <= 1)
  t.match(await demand(id), { status: 'assigned', currentAssignment: { id: a.body.id, teamName: '澄海区玩具模具劳模服务队', status: 'assigned' } })

  // The enterprise can see who is coming; the team sees the demand now.
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: local.token })).status, 200)
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: city.token })).status, 404)
  t.equal((await act(a.body.id, 'accept', city.token)).status, 404, 'another team cannot touch it')

  t.equal((await act(a.body.id, 'accept', local.token)).status, 200)
  t.equal((await demand(id)).status, 'accepted')
  t.equal((await act(a.body.id, 'start', local.token)).status, 200)
  t.equal((await demand(id)).status, 'in_progress')
  t.equal((await act(a.body.id, 'accept', local.token)).body.code, 'assignment.invalid_transition')

  const badOutcome = await act(a.body.id, 'complete', local.token, { solved: true, benefitYuan: 1000, summary: '完成' })
  t.equal(badOutcome.status, 400)
  t.equal(badOutcome.body.errors[0].path, 'benefitKind')

  const done = await act(a.body.id, 'complete', local.token, { solved: true, traineeCount: 25, benefitYuan: 500000, benefitKind: 'expected', completedOn: '2024-05-10', summary: '优化浇口位置和保压参数，缩痕消除，良品率升至 98%' })
  t.equal(done.status, 200)
  t.match(done.body.outcome, { solved: true, serviceKind: 'tackling', traineeCount: 25, benefitYuan: 500000, benefitKind: 'expected', completedOn: '2024-05-10' })
  t.equal((await demand(id)).status, 'completed')
  t.equal((await act(a.body.id, 'cancel', ADMIN_TOKEN, { reason: '晚了' })).status, 409)

  const fb = await request({ method: 'POST', url: `/v1/demands/${id}/feedback`, token: ent.token, body: { rating: 5, outcomeConfirmed: true, comment: '非常专业' } })
  t.equal(fb.status, 201)
  t.equal((await request({ method: 'POST', url: `/v1/demands/${id}/feedback`, token: ent.token, body: { rating: 4, outcomeConfirmed: true } })).status, 409)
  t.equal((await request({ method: 'POST', url: `/v1/demands/${id}/feedback`, token: other.token, body: { rating: 1, outcomeConfirmed: false } })).status, 404)

  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=assignment&objectId=${a.body.id}`, token: ADMIN_TOKEN })
  t.same(
    audit.body.items.map((r: { action: string }) => r.action).reverse(),
    ['assignment.created', 'assignment.accepted', 'assignment.in_progress', 'assignment.completed'],
  )
  const dAudit = await request({ method: 'GET', url: `/v1/audit?objectType=demand&objectId=${id}`, token: ADMIN_TOKEN })
  t.same(
    dAudit.body.items.map((r: { toStatus: string }) => r.toStatus).reverse(),
    ['open', 'assigned', 'accepted', 'in_progress', 'completed'],
  )
})

t.test('when a team declines, then the demand returns to the queue and that team is not offered it again', async (t) => {
  const id = await post()
  const a = await assign(id, { teamId: local.team.id })
  const bad = await act(a.body.id, 'decline', local.token, { reasonCode: 'other' })
  t.equal(bad.status, 400, 'other needs a note')
  const res = await act(a.body.id, 'decline', local.token, { reasonCode: 'no_capacity', note: '本月排满' })
  t.equal(res.status, 200)
  t.match(res.body, { status: 'declined', declineReasonCode: 'no_capacity', declineNote: '本月排满' })
  const d = await demand(id)
  t.equal(d.status, 'open')
  t.equal(d.currentAssignment, null)
  t.match(d.assignments, [{ status: 'declined', declineReasonCode: 'no_capacity' }])
  // Read-only for the team after its decline.
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: local.token })).status, 200)
  const again = await assign(id, { teamId: local.team.id })
  t.equal(again.status, 409)
  t.equal(again.body.code, 'assignment.team_ineligible')
  t.match(again.body.detail, /曾拒绝/)
  const m = await request({ method: 'GET', url: `/v1/demands/${id}/matches?includeIneligible=true`, token: ADMIN_TOKEN })
  t.equal(m.body.matches.find((x: { teamId: string }) => x.teamId === local.team.id).eligible, false)
})

t.test('when a team is out of jurisdiction, then 409 unless overridden with a note, which is audited', async (t) => {
  const id = await post()
  const res = await assign(id, { teamId: far.team.id })
  t.equal(res.status, 409)
  t.equal(res.body.code, 'assignment.team_ineligible')
  t.equal((await assign(id, { teamId: far.team.id, override: true })).status, 400, 'override needs a note')
  const ok = await assign(id, { teamId: far.team.id, override: true, note: '南澳队曾为该企业服务，企业点名要求' })
  t.equal(ok.status, 201)
  t.equal(ok.body.override, true)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=assignment&objectId=${ok.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items[0].data, { override: true, overridden: ['out_of_jurisdiction'] })
  t.equal((await assign(id, { teamId: local.team.id })).body.code, 'demand.not_open')
  // An admin cancel returns it to the queue.
  t.equal((await act(ok.body.id, 'cancel', far.token, { reason: 'x' })).status, 403)
  t.equal((await act(ok.body.id, 'cancel', ADMIN_TOKEN, { reason: '改派本区服务队' })).status, 200)
  t.equal((await demand(id)).status, 'open')
})

t.test('when a team is at capacity, then the next assignment is a 409 capacity_full', async (t) => {
  const ids = [await post(), await post(), await post()]
  const team = await teamWithToken(ctx, { name: '澄海区第二服务队', level: 'district', districtCode: '440515', capacity: 2, industries: ['toys_creative'] })
  await menu(team.team.id, team.token, { title: '注塑', description: '注塑工艺', serviceKinds: ['tackling'], skills: ['注塑'] })
  t.equal((await assign(ids[0]!, { teamId: team.team.id })).status, 201)
  t.equal((await assign(ids[1]!, { teamId: team.team.id })).status, 201)
  const full = await assign(ids[2]!, { teamId: team.team.id })
  t.equal(full.status, 409)
  t.equal(full.body.code, 'assignment.capacity_full')
  t.equal((await demand(ids[2]!)).status, 'open', 'nothing half-done')
  t.equal((await assign(ids[2]!, { teamId: '01890000-0000-7000-8000-000000000000' })).status, 400)
})

t.test('when an enterprise cancels an assigned demand, then the assignment is cancelled too', async (t) => {
  const id = await post()
  const a = await assign(id, { teamId: city.team.id })
  t.equal(a.status, 201)
  const res = await request({ method: 'POST', url: `/v1/demands/${id}/cancel`, token: ent.token, body: { reason: '已找到供应商解决' } })
  t.equal(res.status, 200)
  const view = await request({ method: 'GET', url: `/v1/assignments/${a.body.id}`, token: ADMIN_TOKEN })
  t.match(view.body, { status: 'cancelled', cancelReason: '已找到供应商解决' })
  const accepted = await post()
  const b = await assign(accepted, { teamId: city.team.id })
  await act(b.body.id, 'accept', city.token)
  const late = await request({ method: 'POST', url: `/v1/demands/${accepted}/cancel`, token: ent.token, body: { reason: '不要了' } })
  t.equal(late.status, 409)
  t.equal(late.body.code, 'demand.cancel_too_late')
})

t.test('when a team lists assignments, then it sees only its own', async (t) => {
  const mine = await request({ method: 'GET', url: '/v1/assignments?limit=100', token: city.token })
  t.ok(mine.body.items.length > 0)
  t.ok(mine.body.items.every((a: { teamId: string }) => a.teamId === city.team.id))
  t.equal((await request({ method: 'GET', url: '/v1/assignments', token: ent.token })).status, 403)
})

t.test('when the work above is done, then every team’s trigger-kept counters equal a recount of the history', async (t) => {
  const rows = await ctx.db.database.rows<{ id: string; ok: boolean }>(
    (await import('drizzle-orm')).sql`
      select t.id,
        t.active_load = (select count(*) from assignments a where a.team_id = t.id and a.status in ('assigned','accepted','in_progress'))
        and t.completed_count = (select count(*) from assignments a where a.team_id = t.id and a.status = 'completed')
        and t.solved_count = (select count(*) from assignments a where a.team_id = t.id and a.status = 'completed' and a.solved)
        and t.rating_sum = coalesce((select sum(f.rating) from feedback f join assignments a on a.id = f.assignment_id where a.team_id = t.id), 0)
        and t.rating_count = (select count(*) from feedback f join assignments a on a.id = f.assignment_id where a.team_id = t.id) as ok
      from teams t`,
  )
  t.ok(rows.length >= 4)
  t.same(rows.filter((r) => !r.ok), [])
  const view = await request({ method: 'GET', url: `/v1/teams/${local.team.id}`, token: ADMIN_TOKEN })
  t.match(view.body.trackRecord, { completed: 1, solved: 1, ratingCount: 1 })
})

t.test('when a team’s capacity changes, then the next ranking shows it (capacity is read fresh, not from the menu cache)', async (t) => {
  const id = await post()
  const capLeft = async () =>
    (await request({ method: 'GET', url: `/v1/demands/${id}/matches?includeIneligible=true&limit=100`, token: ADMIN_TOKEN })).body.matches.find(
      (m: { teamId: string }) => m.teamId === city.team.id,
    ).capacityLeft as number
  const before = await capLeft()
  const patched = await request({ method: 'PATCH', url: `/v1/teams/${city.team.id}`, token: ADMIN_TOKEN, body: { capacity: 9 } })
  t.equal(patched.status, 200)
  t.equal(await capLeft(), before + 7)
})
