// GET /v1/demands/{id}/matches is served from per-process caches (the teams with their
// loads, and the serialised rankings) that the triggers of drizzle/0007–0008 and this
// process's own writes invalidate. These prove it is cached, and that a change to
// anything a ranking reads — a team's capacity or load, a menu, the demand — shows in
// the next ranking: at once in this process, shortly after in another.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { MatchesView } from '../../src/modules/matching/matching.schemas.js'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamWithToken, eventually, secondApp } from '../helpers/app.js'

t.setTimeout(120_000)

const ctx = await buildTestApp(t)
const { request, db } = ctx
const ent = await enterpriseWithToken(ctx)
const team = await teamWithToken(ctx, { capacity: 5 })
await addMenuItem(ctx, team.team.id)

const newDemand = async (overrides: Record<string, unknown> = {}) => {
  const res = await request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody(overrides) })
  t.equal(res.status, 201)
  return res.body.id as string
}
const ranking = async (id: string, app = ctx.app) =>
  (await app.inject({ method: 'GET', url: `/v1/demands/${id}/matches?includeIneligible=true`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()
const entryOf = (r: any, teamId: string) => r.matches.find((m: { teamId: string }) => m.teamId === teamId)


t.test('the ranking JSON is what the response schema makes of it: no field more, none missing or malformed', async (t) => {
  const other = await teamWithToken(ctx, { level: 'district', districtCode: '440507', capacity: 0 }) // another district's: ineligible
  await addMenuItem(ctx, other.team.id, { serviceKinds: ['training'] })
  const id = await newDemand({ serviceKinds: ['tackling', 'training'] })
  for (const query of ['includeIneligible=true&limit=100', 'limit=1', '']) {
    for (const lang of ['zh-CN', 'en']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/demands/${id}/matches?${query}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': lang } })
      t.equal(res.statusCode, 200)
      const body = res.json()
      t.strictSame(MatchesView.strict().parse(body), body, `?${query} (${lang}): parsed by the schema, the same`)
      if (query.startsWith('includeIneligible')) t.ok(body.matches.some((m: { eligible: boolean }) => !m.eligible), 'with an ineligible team and its reasons')
    }
  }
})

t.test('a ranking is cached: a change no trigger announces is not seen until one is', async (t) => {
  const id = await newDemand()
  t.equal(entryOf(await ranking(id), team.team.id).capacityLeft, 5)
  await db.database.db.execute(sql`alter table teams disable trigger teams_matching_changed`)
  await db.database.db.execute(sql`update teams set capacity = 4 where id = ${team.team.id}`)
  await db.database.db.execute(sql`alter table teams enable trigger teams_matching_changed`)
  await new Promise((r) => setTimeout(r, 200))
  t.equal(entryOf(await ranking(id), team.team.id).capacityLeft, 5, 'served from the cache')
  await db.database.db.execute(sql`update teams set capacity = 6 where id = ${team.team.id}`)
  t.ok(await eventually(async () => entryOf(await ranking(id), team.team.id).capacityLeft === 6), 'the NOTIFY dropped it')
})

t.test('an assignment made through this process shows in the next ranking of every demand', async (t) => {
  const first = await newDemand()
  const second = await newDemand()
  const before = entryOf(await ranking(second), team.team.id).capacityLeft
  t.equal((await request({ method: 'POST', url: `/v1/demands/${first}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id } })).status, 201)
  t.equal(entryOf(await ranking(second), team.team.id).capacityLeft, before - 1, 'the team’s load moved at once')
})

t.test('a new menu item and a demand edit change the ranking', async (t) => {
  const id = await newDemand({ title: '数控机床主轴异响', description: '数控车床主轴高速运转时有异响，需要诊断轴承与润滑问题。', skills: ['数控机床'] })
  const other = await teamWithToken(ctx, { industries: ['equipment_manufacturing'] })
  const before = entryOf(await ranking(id), other.team.id)
  await addMenuItem(ctx, other.team.id, { title: '数控机床维修', description: '数控车床主轴、轴承、润滑系统故障诊断与维修。', skills: ['数控机床'], industries: [] })
  const after = entryOf(await ranking(id), other.team.id)
  t.ok(after.score > before.score, `the menu item raised the team's score (${before.score} → ${after.score})`)
  const patched = await request({ method: 'PATCH', url: `/v1/demands/${id}`, token: ent.token, body: { title: '注塑模具改进', description: '注塑件缩痕，需要优化模具。', skills: ['注塑'] } })
  t.equal(patched.status, 200)
  t.ok(entryOf(await ranking(id), other.team.id).score < after.score, 'the edited demand is ranked afresh')
})

t.test('another process on the same database sees this one’s assignments in its rankings', async (t) => {
  const second = await secondApp(t, ctx)
  const first = await newDemand()
  const probe = await newDemand()
  const before = entryOf(await ranking(probe, second), team.team.id).capacityLeft
  t.equal((await request({ method: 'POST', url: `/v1/demands/${first}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id } })).status, 201)
  t.ok(await eventually(async () => entryOf(await ranking(probe, second), team.team.id).capacityLeft === before - 1), 'the second process dropped its ranking')
})

t.test('the menu page is cached, and a new menu item shows at once here and shortly in another process', async (t) => {
  const second = await secondApp(t, ctx)
  const titles = async (app = ctx.app) => (await app.inject({ method: 'GET', url: '/v1/menu?limit=100' })).json().items.map((i: { title: string }) => i.title) as string[]
  const before = await titles(second)
  await db.database.db.execute(sql`alter table menu_items disable trigger menu_items_matching_changed`)
  await db.database.db.execute(sql`update menu_items set title = '未通知的标题' where team_id = ${team.team.id}`)
  await db.database.db.execute(sql`alter table menu_items enable trigger menu_items_matching_changed`)
  t.same(await titles(second), before, 'served from the cache')
  await addMenuItem(ctx, team.team.id, { title: '新上架的服务' })
  t.ok((await titles()).includes('新上架的服务'), 'this process: at once')
  t.ok(await eventually(async () => (await titles(second)).includes('新上架的服务')), 'the other process: after the NOTIFY')
  t.ok((await titles(second)).includes('未通知的标题'), 'and the page was read afresh')
})
