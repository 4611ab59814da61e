import { eq } from 'drizzle-orm'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { menuItems, teams } from '../../src/db/schema.js'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, enterpriseWithToken, eventually, menuItemBody, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const db = ctx.db.database.db

const chenghai = await teamWithToken(ctx, { districtCode: '440515', industries: ['toys_creative', 'plastics'] })
const chaonan = await teamWithToken(ctx, { districtCode: '440514', industries: ['textile_apparel'] })
const city = await teamWithToken(ctx, { level: 'city', districtCode: '440507', industries: ['electronic_information'] })
const longhu = await teamWithToken(ctx, { districtCode: '440507', industries: ['electronic_information'] })

const items = (url: string, token?: string) => request({ method: 'GET', url, ...(token ? { token } : {}) })
const menu = async (qs = '') => (await items(`/v1/menu?limit=100${qs ? `&${qs}` : ''}`)).body.items as any[]
const ids = async (qs = '') => (await menu(qs)).map((x) => x.id as string)
const search = async (q: string, qs = '') => (await items(`/v1/menu?q=${encodeURIComponent(q)}${qs ? `&${qs}` : ''}`)).body.items as any[]
const teamUpdatedAt = async (id: string) => (await db.select({ u: teams.updatedAt }).from(teams).where(eq(teams.id, id)))[0]!.u.getTime()
const tick = () => new Promise((r) => setTimeout(r, 5))

// The city's menu, as the teams publish it.
const moldFlow = await addMenuItem(
  ctx,
  chenghai.team.id,
  {
    title: '模流分析与模具设计优化',
    description: '运用模流分析软件预测注塑件的熔接线、困气和翘曲，在开模前优化浇口与冷却水路设计。',
    serviceKinds: ['tackling'],
    skills: ['模流分析', '模具设计'],
    industries: ['toys_creative', 'plastics'],
  },
  chenghai.token,
)
const molding = await addMenuItem(ctx, chenghai.team.id, {}, chenghai.token)
const dyeing = await addMenuItem(
  ctx,
  chaonan.team.id,
  {
    title: '印染废水处理工艺改进',
    description: '针对印染企业废水色度高、COD 超标等问题，提供废水处理工艺诊断与改造方案。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['印染', '废水处理', '环保'],
    industries: [],
  },
  chaonan.token,
)
const soldering = await addMenuItem(
  ctx,
  city.team.id,
  {
    title: '电子元器件焊接技能培训',
    description: '为电子企业一线员工开展手工焊接、返修技能培训，提升焊点一次合格率。',
    serviceKinds: ['training'],
    skills: ['焊接', '电子装联'],
    industries: ['electronic_information'],
  },
  city.token,
)
const smt = await addMenuItem(
  ctx,
  longhu.team.id,
  { title: 'SMT 贴片产线调试', description: '贴片机编程与回流焊温度曲线调试。', serviceKinds: ['assistance'], skills: ['SMT', '回流焊'], industries: ['electronic_information'] },
  longhu.token,
)

t.test('when a team adds a menu item, then it is stored, audited, and the team’s updatedAt moves', async (t) => {
  const before = await teamUpdatedAt(chenghai.team.id)
  await tick()
  const res = await request({ method: 'POST', url: `/v1/teams/${chenghai.team.id}/menu-items`, token: chenghai.token, body: menuItemBody({ title: '  注塑工艺参数培训 ', skills: [' 注塑 '] }) })
  t.equal(res.status, 201)
  t.match(res.body, { teamId: chenghai.team.id, title: '注塑工艺参数培训', skills: ['注塑'], serviceKinds: ['tackling', 'training'], industries: ['toys_creative'] })
  t.ok((await teamUpdatedAt(chenghai.team.id)) > before)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=menu_item&objectId=${res.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items, [{ action: 'menu_item.created', actorRole: 'team', tokenId: chenghai.tokenId, data: { teamId: chenghai.team.id } }])
  const team = await request({ method: 'GET', url: `/v1/teams/${chenghai.team.id}` })
  t.ok(team.body.menu.some((m: { id: string }) => m.id === res.body.id))

  const byAdmin = await request({ method: 'POST', url: `/v1/teams/${chenghai.team.id}/menu-items`, token: ADMIN_TOKEN, body: menuItemBody({ title: '管理员代录菜单项' }) })
  t.equal(byAdmin.status, 201)
})

t.test('when a menu item body is wrong, then 400 names each field', async (t) => {
  const url = `/v1/teams/${chenghai.team.id}/menu-items`
  const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort()
  const empty = await request({ method: 'POST', url, token: chenghai.token, body: menuItemBody({ serviceKinds: [] }) })
  t.equal(empty.status, 400)
  t.same(paths(empty), ['serviceKinds'])
  const many = await request({
    method: 'POST',
    url,
    token: chenghai.token,
    body: { ...menuItemBody({ title: '', serviceKinds: ['cooking'], skills: ['注塑', '注塑'], industries: ['spaceships'], description: 'x'.repeat(2001) }), price: 100 },
  })
  t.same(paths(many), ['description', 'industries.0', 'price', 'serviceKinds.0', 'skills', 'title'])
  const { description: _d, ...noDescription } = menuItemBody()
  t.same(paths(await request({ method: 'POST', url, token: chenghai.token, body: noDescription })), ['description'])
  const patchUrl = `${url}/${molding.id}`
  t.same(paths(await request({ method: 'PATCH', url: patchUrl, token: chenghai.token, body: {} })), [''])
  t.same(paths(await request({ method: 'PATCH', url: patchUrl, token: chenghai.token, body: { teamId: chaonan.team.id } })), ['teamId'])
  t.same(paths(await request({ method: 'PATCH', url: patchUrl, token: chenghai.token, body: { serviceKinds: [] } })), ['serviceKinds'])
  t.equal((await request({ method: 'POST', url: '/v1/teams/not-a-uuid/menu-items', token: ADMIN_TOKEN, body: menuItemBody() })).status, 400)
})

t.test('when a team edits another team’s menu, then 403; an enterprise 403; no token 401; an unknown team 404', async (t) => {
  const url = `/v1/teams/${chaonan.team.id}/menu-items`
  const post = await request({ method: 'POST', url, token: chenghai.token, body: menuItemBody() })
  t.equal(post.status, 403)
  t.equal(post.body.code, 'auth.forbidden')
  t.equal((await request({ method: 'PATCH', url: `${url}/${dyeing.id}`, token: chenghai.token, body: { title: '抢改' } })).status, 403)
  t.equal((await request({ method: 'DELETE', url: `${url}/${dyeing.id}`, token: chenghai.token })).status, 403)
  // Its own team id in the path with another team's item: not found.
  t.equal((await request({ method: 'PATCH', url: `/v1/teams/${chenghai.team.id}/menu-items/${dyeing.id}`, token: chenghai.token, body: { title: '抢改' } })).status, 404)
  const e = await enterpriseWithToken(ctx)
  t.equal((await request({ method: 'POST', url, token: e.token, body: menuItemBody() })).status, 403)
  t.equal((await request({ method: 'POST', url, body: menuItemBody() })).status, 401)
  const unknown = await request({ method: 'POST', url: '/v1/teams/01890000-0000-7000-8000-000000000000/menu-items', token: ADMIN_TOKEN, body: menuItemBody() })
  t.equal(unknown.status, 404)
  t.equal(unknown.body.code, 'team.not_found')
  t.equal((await request({ method: 'PATCH', url: `${url}/01890000-0000-7000-8000-000000000000`, token: chaonan.token, body: { title: '新' } })).body.code, 'menu_item.not_found')
  const stillThere = await request({ method: 'GET', url: `/v1/teams/${chaonan.team.id}` })
  t.match(stillThere.body.menu, [{ id: dyeing.id, title: '印染废水处理工艺改进' }])
})

t.test('when another team targets an inactive team’s menu, then 404, since it may not read it', async (t) => {
  const sleeper = await teamWithToken(ctx)
  const item = await addMenuItem(ctx, sleeper.team.id)
  t.equal((await request({ method: 'PATCH', url: `/v1/teams/${sleeper.team.id}`, token: ADMIN_TOKEN, body: { active: false } })).status, 200)
  t.equal((await request({ method: 'PATCH', url: `/v1/teams/${sleeper.team.id}/menu-items/${item.id}`, token: chenghai.token, body: { title: '新' } })).status, 404)
  t.equal((await request({ method: 'PATCH', url: `/v1/teams/${sleeper.team.id}/menu-items/${item.id}`, token: sleeper.token, body: { title: '停用期间修改' } })).status, 200)
  t.notOk((await ids()).includes(item.id))
})

t.test('when a menu item is patched, then it changes, and both it and its team get a new updatedAt', async (t) => {
  const item = await addMenuItem(ctx, longhu.team.id, { title: '待修改的菜单项' }, longhu.token)
  const teamBefore = await teamUpdatedAt(longhu.team.id)
  await tick()
  const res = await request({ method: 'PATCH', url: `/v1/teams/${longhu.team.id}/menu-items/${item.id}`, token: longhu.token, body: { title: '回流焊工艺优化', skills: ['回流焊'] } })
  t.equal(res.status, 200)
  t.match(res.body, { id: item.id, title: '回流焊工艺优化', skills: ['回流焊'], description: item.description })
  t.ok(res.body.updatedAt > item.updatedAt)
  t.ok((await teamUpdatedAt(longhu.team.id)) > teamBefore)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=menu_item&objectId=${item.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items[0], { action: 'menu_item.updated', data: { changed: { title: { from: '待修改的菜单项', to: '回流焊工艺优化' } } } })
  const byAdmin = await request({ method: 'PATCH', url: `/v1/teams/${longhu.team.id}/menu-items/${item.id}`, token: ADMIN_TOKEN, body: { serviceKinds: ['exchange'] } })
  t.same(byAdmin.body.serviceKinds, ['exchange'])
})

t.test('when a menu item is deleted, then it is gone from the menu, the team view and search, but kept in the table', async (t) => {
  const item = await addMenuItem(ctx, chaonan.team.id, { title: '面料色牢度检测', skills: ['色牢度'] }, chaonan.token)
  t.ok((await ids()).includes(item.id))
  t.ok((await search('色牢度')).some((x) => x.id === item.id))
  const teamBefore = await teamUpdatedAt(chaonan.team.id)
  await tick()
  const res = await request({ method: 'DELETE', url: `/v1/teams/${chaonan.team.id}/menu-items/${item.id}`, token: chaonan.token })
  t.equal(res.status, 204)
  t.equal(res.raw, '')
  t.ok((await teamUpdatedAt(chaonan.team.id)) > teamBefore)
  t.notOk((await ids()).includes(item.id))
  t.notOk((await search('色牢度')).some((x) => x.id === item.id))
  const team = await request({ method: 'GET', url: `/v1/teams/${chaonan.team.id}`, token: ADMIN_TOKEN })
  t.notOk(team.body.menu.some((m: { id: string }) => m.id === item.id))
  const [row] = await db.select().from(menuItems).where(eq(menuItems.id, item.id))
  t.ok(row?.deletedAt, 'soft delete')
  t.equal((await request({ method: 'DELETE', url: `/v1/teams/${chaonan.team.id}/menu-items/${item.id}`, token: chaonan.token })).status, 404)
  t.equal((await request({ method: 'PATCH', url: `/v1/teams/${chaonan.team.id}/menu-items/${item.id}`, token: ADMIN_TOKEN, body: { title: '复活' } })).status, 404)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=menu_item&objectId=${item.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items[0], { action: 'menu_item.deleted', actorRole: 'team' })
})

t.test('when the menu is browsed, then each item carries its team, newest first, filters apply', async (t) => {
  const all = await menu()
  t.ok(all.length >= 5)
  const first = all.find((x) => x.id === dyeing.id)
  t.same(first.team, { id: chaonan.team.id, name: chaonan.team.name, level: 'district', districtCode: '440514', districtName: '潮南区' })
  t.notOk('score' in first)
  t.notMatch(JSON.stringify(all), /13900139000/, 'no contact data on the public menu')
  const order = all.map((x) => x.id)
  t.same(order, [...order].sort().reverse(), 'newest first')

  t.same(await ids('serviceKind=training'), (await menu()).filter((x) => x.serviceKinds.includes('training')).map((x) => x.id))
  t.ok((await ids('serviceKind=training')).includes(soldering.id))
  t.notOk((await ids('serviceKind=training')).includes(dyeing.id))

  // The 澄海区 filter: 澄海 district teams and every city team, no other district's.
  const chenghaiMenu = await ids('districtCode=440515')
  t.ok(chenghaiMenu.includes(moldFlow.id))
  t.ok(chenghaiMenu.includes(soldering.id), 'city teams serve every district')
  t.notOk(chenghaiMenu.includes(dyeing.id))
  t.notOk(chenghaiMenu.includes(smt.id))
  t.ok((await ids('districtCode=440507')).includes(smt.id))

  // industry: the item's own list, or its team's when the item names none.
  t.ok((await ids('industry=textile_apparel')).includes(dyeing.id))
  t.notOk((await ids('industry=textile_apparel')).includes(moldFlow.id))
  t.ok((await ids('industry=plastics')).includes(moldFlow.id))

  t.same(await ids(`updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [])
  t.equal((await items('/v1/menu?serviceKind=cooking')).status, 400)
  t.equal((await items('/v1/menu?districtCode=44')).status, 400)
  t.equal((await items('/v1/menu?extra=1')).status, 400)
  t.same((await items('/v1/menu?limit=100&q=%20')).body.items.map((x: { id: string }) => x.id), order, 'an empty q is no search')

  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await items(`/v1/menu?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...res.body.items.map((x) => x.id))
    cursor = res.body.nextCursor
    pages++
  } while (cursor && pages < 50)
  t.same(seen, order)
})

t.test('when the menu is searched with q, then the tokenizer finds the right items by relevance and leaves out unrelated ones', async (t) => {
  const mf = await search('模流分析')
  t.equal(mf[0]?.id, moldFlow.id, '模流分析 ranks its own item first')
  t.ok(mf[0].score > 0 && mf[0].score <= 1)
  t.notOk(mf.some((x) => x.id === soldering.id || x.id === dyeing.id || x.id === smt.id), 'unrelated items are left out')
  const scores = mf.map((x) => x.score)
  t.same(scores, [...scores].sort((a, b) => b - a), 'by relevance')

  // 治理 is not on the menu, but 印染 and 废水 are, as words (no substring test).
  const ww = await search('印染废水治理')
  t.same(
    ww.map((x) => x.id),
    [dyeing.id],
  )
  t.same(ww[0].team, { id: chaonan.team.id, name: chaonan.team.name, level: 'district', districtCode: '440514', districtName: '潮南区' })

  // Filters apply to search results too.
  t.same(await search('印染废水治理', 'districtCode=440515'), [])
  t.same(
    (await search('焊接', 'districtCode=440515')).map((x) => x.id),
    [soldering.id],
  )
  t.same(await search('的'), [], 'a query of stop words matches nothing')
  t.same(await search('航天发动机'), [])
  t.equal((await items(`/v1/menu?q=${'长'.repeat(101)}`)).status, 400)
})

t.test('when search results span pages, then the relevance cursor walks them once each', async (t) => {
  const all = (await search('注塑 模具 焊接 印染', 'limit=100')).map((x) => x.id)
  t.ok(all.length >= 4)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await items(`/v1/menu?limit=1&q=${encodeURIComponent('注塑 模具 焊接 印染')}${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...res.body.items.map((x) => x.id))
    cursor = res.body.nextCursor
    pages++
  } while (cursor && pages < 50)
  t.same(seen, all)
  // A keyset cursor of the plain list is not a relevance cursor, and vice versa.
  const plain = (await items('/v1/menu?limit=1')).body.nextCursor
  t.equal((await items(`/v1/menu?q=${encodeURIComponent('注塑')}&cursor=${plain}`)).status, 400)
  const ranked = (await items(`/v1/menu?limit=1&q=${encodeURIComponent('注塑 模具 焊接 印染')}`)).body.nextCursor
  t.equal((await items(`/v1/menu?cursor=${ranked}`)).status, 400)
})

t.test('when a client accepts br or gzip, then the menu page comes compressed, decodes to the same JSON, and says Vary', async (t) => {
  const get = (url: string, acceptEncoding?: string) =>
    ctx.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })
  const url = '/v1/menu?limit=100'
  const plain = await get(url)
  t.equal(plain.statusCode, 200)
  t.equal(plain.headers['content-encoding'], undefined)
  t.equal(plain.headers.vary, 'Accept-Encoding')
  t.ok(plain.rawPayload.length >= 1024, `a page worth compressing (${plain.rawPayload.length} B)`)
  const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const
  for (const [header, encoding] of [
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
  ] as const) {
    const res = await get(url, header)
    t.equal(res.headers['content-encoding'], encoding, header)
    t.equal(res.headers.vary, 'Accept-Encoding')
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(Number(res.headers['content-length']), res.rawPayload.length)
    t.ok(res.rawPayload.length < plain.rawPayload.length / 2, `${header}: ${res.rawPayload.length} B`)
    t.same(decode[encoding](res.rawPayload), plain.rawPayload, `${header}: the same bytes once decoded`)
  }
  for (const header of ['identity', 'deflate', 'gzip;q=0, br;q=0', 'x-gzip', '']) {
    const res = await get(url, header)
    t.equal(res.headers['content-encoding'], undefined, `${JSON.stringify(header)}: sent as it is`)
    t.same(res.rawPayload, plain.rawPayload)
  }

  // A page under 1 KB is not worth compressing; it still varies by Accept-Encoding.
  const empty = await get('/v1/menu?industry=textile_apparel&serviceKind=training', 'gzip')
  t.same(JSON.parse(empty.body).items, [])
  t.equal(empty.headers['content-encoding'], undefined)
  t.equal(empty.headers.vary, 'Accept-Encoding')

  // A change to the menu reaches the compressed page too (it is cached with the plain one).
  const before = JSON.parse(gunzipSync((await get(url, 'gzip')).rawPayload).toString('utf8')).items as { id: string }[]
  const added = await addMenuItem(ctx, longhu.team.id, { title: '回流焊炉温曲线优化' }, longhu.token)
  const after = JSON.parse(gunzipSync((await get(url, 'gzip')).rawPayload).toString('utf8')).items as { id: string }[]
  t.equal(after.length, before.length + 1)
  t.equal(after[0]!.id, added.id, 'the new item, newest first')
  const br = JSON.parse(brotliDecompressSync((await get(url, 'br')).rawPayload).toString('utf8')).items as { id: string }[]
  t.same(br, after)
})

t.test('when the menu changes behind the service’s back (another process), then searches see it once the NOTIFY arrives', async (t) => {
  t.same(await search('锂电池'), [])
  // Written straight to the database, as another server process would.
  const now = new Date()
  await db.update(menuItems).set({ title: '锂电池极片涂布工艺', updatedAt: now }).where(eq(menuItems.id, smt.id))
  await db.update(teams).set({ updatedAt: now }).where(eq(teams.id, longhu.team.id))
  // The cached page is dropped by the trigger's NOTIFY, which reaches this process a
  // moment after the commit (its own writes clear the cache before they answer).
  const ids = async () => (await search('锂电池')).map((x) => x.id as string)
  t.ok(await eventually(async () => (await ids()).join() === smt.id), 'the edited item is found, and only it')
  // A new item with an older timestamp still moves the count.
  await db.insert(menuItems).values({
    id: '01890000-0000-7000-8000-0000000000aa',
    teamId: city.team.id,
    title: '锂电池安全培训',
    description: '储能与动力锂电池生产安全培训。',
    serviceKinds: ['training'],
    updatedAt: new Date(0),
    createdAt: new Date(0),
  })
  t.ok(await eventually(async () => (await ids()).includes('01890000-0000-7000-8000-0000000000aa')), 'the new item is found')
  t.equal((await ids()).length, 2)
})
