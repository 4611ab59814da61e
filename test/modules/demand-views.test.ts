// GET /v1/demands/{id} is served from a per-process cache of serialised views
// (src/modules/demands/demand-views.cache.ts). These prove it is a cache (a change the
// triggers do not announce is not seen), that every announced change is seen — by this
// process at once, by another process on the same database shortly after — and that
// the cache never widens who may read a demand.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { DEMAND_CHANNEL, createNotifiedCache } from '../../src/db/notified-cache.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken, eventually, secondApp } from '../helpers/app.js'

t.setTimeout(120_000)

const ctx = await buildTestApp(t)
const { request, db } = ctx
const a = await enterpriseWithToken(ctx)
const b = await enterpriseWithToken(ctx)
const team = await teamWithToken(ctx)
const other = await teamWithToken(ctx)

const newDemand = async (title = '注塑件缩痕问题攻关') => {
  const res = await request({ method: 'POST', url: '/v1/demands', token: a.token, body: demandBody({ title }) })
  t.equal(res.status, 201)
  return res.body.id as string
}
const titleOf = async (id: string, token = ADMIN_TOKEN) => (await request({ method: 'GET', url: `/v1/demands/${id}`, token })).body?.title


t.test('a view is cached: a change no trigger announces is not seen until one is', async (t) => {
  const id = await newDemand('缓存前标题')
  t.equal(await titleOf(id), '缓存前标题')
  await db.database.db.execute(sql`alter table demands disable trigger demands_view_changed`)
  await db.database.db.execute(sql`update demands set title = '未通知的修改' where id = ${id}`)
  await db.database.db.execute(sql`alter table demands enable trigger demands_view_changed`)
  await new Promise((r) => setTimeout(r, 200))
  t.equal(await titleOf(id), '缓存前标题', 'served from the cache')
  // Any announced change to the row (here by SQL, no request of this process) is seen.
  await db.database.db.execute(sql`update demands set urgency = 'low' where id = ${id}`)
  t.ok(await eventually(async () => (await titleOf(id)) === '未通知的修改'), 'the NOTIFY dropped the cached view')
})

t.test('a write through this process is read back at once, every time', async (t) => {
  const id = await newDemand()
  for (let i = 0; i < 15; i++) {
    await titleOf(id, a.token)
    const title = `第 ${i} 次修改`
    const patched = await request({ method: 'PATCH', url: `/v1/demands/${id}`, token: a.token, body: { title } })
    t.equal(patched.status, 200)
    if ((await titleOf(id, a.token)) !== title) return t.fail(`round ${i}: stale read after PATCH`)
  }
  const assigned = await request({ method: 'POST', url: `/v1/demands/${id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id, override: true, note: '测试派单' } })
  t.equal(assigned.status, 201)
  const after = await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })
  t.equal(after.body.status, 'assigned')
  t.equal(after.body.currentAssignment?.teamId, team.team.id)
  t.equal(after.body.assignments.length, 1)
})

t.test('names shown in a view (enterprise, team) are refreshed when they change', async (t) => {
  const id = await newDemand()
  await request({ method: 'POST', url: `/v1/demands/${id}/assignments`, token: ADMIN_TOKEN, body: { teamId: other.team.id, override: true, note: '测试派单' } })
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.currentAssignment.teamName, other.team.name)
  await db.database.db.execute(sql`update teams set name = '改名后的服务队' where id = ${other.team.id}`)
  t.ok(await eventually(async () => (await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.currentAssignment?.teamName === '改名后的服务队'))
  await db.database.db.execute(sql`update enterprises set name = '改名后的企业' where id = ${a.enterprise.id}`)
  t.ok(await eventually(async () => (await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.enterpriseName === '改名后的企业'))
})

t.test('the cache does not widen access: a cached view is still 404 to those who may not read it', async (t) => {
  const id = await newDemand()
  await request({ method: 'POST', url: `/v1/demands/${id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id, override: true, note: '测试派单' } })
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).status, 200, 'cached by an admin read')
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: a.token })).status, 200, 'the owner')
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: team.token })).status, 200, 'the assigned team')
  const otherEnterprise = await request({ method: 'GET', url: `/v1/demands/${id}`, token: b.token })
  t.equal(otherEnterprise.status, 404)
  t.equal(otherEnterprise.body.code, 'demand.not_found')
  t.equal((await request({ method: 'GET', url: `/v1/demands/${id}`, token: other.token })).status, 404, 'a team never assigned')
  t.equal((await request({ method: 'GET', url: '/v1/demands/00000000-0000-7000-8000-000000000000', token: ADMIN_TOKEN })).status, 404)
})

t.test('another process on the same database sees this one’s writes', async (t) => {
  const second = await secondApp(t, ctx)
  const id = await newDemand('跨进程之前')
  const viaSecond = async () =>
    (await second.inject({ method: 'GET', url: `/v1/demands/${id}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json().title
  t.equal(await viaSecond(), '跨进程之前', 'cached in the second process')
  t.equal((await request({ method: 'PATCH', url: `/v1/demands/${id}`, token: a.token, body: { title: '跨进程之后' } })).status, 200)
  t.ok(await eventually(async () => (await viaSecond()) === '跨进程之后'), 'the second process dropped its copy')
})

t.test('a view read while a change is announced is not stored', async (t) => {
  const cache = createNotifiedCache<{ json: string }>(db.database, { max: 10, channels: { [DEMAND_CHANNEL]: (p) => p } })
  await cache.ready()
  const id = await newDemand()
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  let loads = 0
  const load = async () => {
    loads++
    await gate
    return { json: '{"stale":true}' }
  }
  const pending = cache.get(id, load)
  await db.database.db.execute(sql`update demands set urgency = 'medium' where id = ${id}`)
  // Wait for the notification to arrive, then let the read finish.
  await new Promise((r) => setTimeout(r, 300))
  release()
  t.equal((await pending)?.json, '{"stale":true}', 'the caller still gets its read')
  await cache.get(id, async () => {
    loads++
    return { json: '{"fresh":true}' }
  })
  t.equal(loads, 2, 'the read that overlapped the change was not stored: the next one loads again')
  t.equal((await cache.get(id, load))?.json, '{"fresh":true}', 'the fresh read was stored')
})

t.test('a full cache that admits by frequency keeps what is asked for often through a scan of one-off keys', async (t) => {
  const cache = createNotifiedCache<{ key: string; n: number }>(db.database, { max: 2, channels: { [DEMAND_CHANNEL]: () => null }, admitByFrequency: true })
  await cache.ready()
  const loads: string[] = []
  const get = async (key: string) => (await cache.get(key, async () => (loads.push(key), { key, n: loads.length })))!
  await get('a')
  await get('a')
  await get('b')
  t.same(loads, ['a', 'b'], 'while there is room every value is kept')
  for (const k of ['c', 'd', 'e', 'f']) await get(k)
  await get('a')
  await get('b')
  t.same(loads, ['a', 'b', 'c', 'd', 'e', 'f'], 'keys asked for once did not push out a or b')
  // c asked for again and again: a (the least recent entry) has been asked for 3 times, so
  // c is loaded on its 2nd, 3rd and 4th ask, kept on the 4th (4 > 3), and served after that.
  for (let k = 0; k < 4; k++) await get('c')
  t.equal(loads.filter((k) => k === 'c').length, 4, 'c was loaded until it was asked for more often than the entry it evicts')
  t.equal((await get('a')).key, 'a')
  t.equal(loads.at(-1), 'a', 'a was the one evicted')
  cache.clear()
  await get('g')
  t.equal(loads.at(-1), 'g', 'after a change is announced the cache fills again')
  t.equal((await get('g')).key, 'g')
})

t.test('a new demand copies the enterprise’s current district and industry, however they were changed', async (t) => {
  const c = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
  const post = async () => (await request({ method: 'POST', url: '/v1/demands', token: c.token, body: demandBody() })).body
  t.equal((await post()).districtCode, '440515', 'read once, then cached')
  // Through this process: the cache is dropped before the PATCH answers.
  t.equal((await request({ method: 'PATCH', url: `/v1/enterprises/${c.enterprise.id}`, token: ADMIN_TOKEN, body: { districtCode: '440511' } })).status, 200)
  t.equal((await post()).districtCode, '440511', 'the PATCH is seen at once')
  // Behind the service's back (another process, a migration): the trigger's NOTIFY drops it.
  await db.database.db.execute(sql`update enterprises set industry = 'plastics' where id = ${c.enterprise.id}`)
  t.ok(await eventually(async () => (await post()).industry === 'plastics'), 'the SQL update is seen')
  const unknown = await request({ method: 'POST', url: '/v1/demands', token: ADMIN_TOKEN, body: demandBody({ enterpriseId: '00000000-0000-7000-8000-000000000000' }) })
  t.equal(unknown.status, 400)
  t.equal(unknown.body.errors[0].path, 'enterpriseId')
})

t.test('an id asked for in upper case is the same cached view, and is dropped like it', async (t) => {
  const id = await newDemand('大小写')
  const upper = id.toUpperCase()
  t.equal(await titleOf(upper), '大小写')
  await db.database.db.execute(sql`update demands set title = '大小写已改' where id = ${id}`)
  t.ok(await eventually(async () => (await titleOf(upper)) === '大小写已改'), 'the notification (lower case) dropped it')
})
