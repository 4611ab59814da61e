import { eq } from 'drizzle-orm'
import t from 'tap'
import { assignments, demands, feedback } from '../../src/db/schema.js'
import { newId } from '../../src/lib/ids.js'
import { loadTeamsForMatching } from '../../src/modules/teams/teams.repository.js'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamBody, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const db = ctx.db.database.db

const PRIVATE = ['contact', 'capacity', 'load', 'capacityLeft', 'trackRecord']
const post = (body: unknown, token = ADMIN_TOKEN) => request({ method: 'POST', url: '/v1/teams', token, body })
const get = (id: string, token?: string) => request({ method: 'GET', url: `/v1/teams/${id}`, ...(token ? { token } : {}) })
const patch = (id: string, body: unknown, token = ADMIN_TOKEN) => request({ method: 'PATCH', url: `/v1/teams/${id}`, token, body })
const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort()

t.test('when an admin registers a district team, then it is stored with district and honour labels, audited', async (t) => {
  const res = await post(teamBody())
  t.equal(res.status, 201)
  t.match(res.body, {
    level: 'district',
    districtCode: '440515',
    districtName: '澄海区',
    leader: { name: '林师傅', honors: ['national_model_worker', 'shantou_craftsman'], honorLabels: ['全国劳动模范', '汕头工匠'] },
    memberCount: 12,
    industries: ['toys_creative', 'plastics'],
    active: true,
    deactivatedAt: null,
    menu: [],
    contact: { name: '林师傅', phone: '13900139000' },
    capacity: 3,
    load: 0,
    capacityLeft: 3,
    trackRecord: { completed: 0, solved: 0, solveRate: null, ratingCount: 0, ratingAvg: null },
  })
  const again = await get(res.body.id, ADMIN_TOKEN)
  t.same(again.body, res.body)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=team&objectId=${res.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items, [{ action: 'team.created', actorRole: 'admin' }])
})

t.test('when a city team is registered, then its district is optional (its base when given)', async (t) => {
  const noBase = await post(teamBody({ level: 'city', districtCode: undefined, name: '汕头市劳模工匠技术服务总队' }))
  t.equal(noBase.status, 201)
  t.match(noBase.body, { level: 'city', districtCode: '440500', districtName: '汕头市' })
  const based = await post(teamBody({ level: 'city', districtCode: '440507' }))
  t.equal(based.status, 201)
  t.match(based.body, { level: 'city', districtCode: '440507', districtName: '龙湖区' })
})

t.test('when a district team has no district, or one outside the city, then 400 on districtCode', async (t) => {
  const missing = await post(teamBody({ districtCode: undefined }))
  t.equal(missing.status, 400)
  t.match(missing.headers['content-type'], /application\/problem\+json/)
  t.same(missing.body.errors, [{ path: 'districtCode', code: 'team.district_required', message: '区县级服务队必须指定 districtCode' }])
  const outside = await post(teamBody({ districtCode: '440305' }))
  t.equal(outside.status, 400)
  t.match(outside.body.errors, [{ path: 'districtCode', code: 'district.not_in_city' }])
  const cityOutside = await post(teamBody({ level: 'city', districtCode: '440305' }))
  t.equal(cityOutside.status, 400)
  t.equal(cityOutside.body.errors[0].path, 'districtCode')
})

t.test('when fields are wrong, then 400 names every field and nothing is stored', async (t) => {
  const before = await request({ method: 'GET', url: '/v1/teams?limit=100', token: ADMIN_TOKEN })
  const res = await post({
    ...teamBody({
      name: '',
      level: 'province',
      leader: { name: '林师傅', honors: ['hero'] },
      contact: { name: '林师傅', phone: '12345' },
      memberCount: 0,
      capacity: 1001,
      industries: ['spaceships'],
    }),
    extra: 1,
  })
  t.equal(res.status, 400)
  t.equal(res.body.code, 'validation.failed')
  t.same(paths(res), ['capacity', 'contact.phone', 'extra', 'industries.0', 'leader.honors.0', 'level', 'memberCount', 'name'])

  const nested = await post(teamBody({ leader: { name: '林', honors: [], title: '队长' }, contact: { phone: '13900139000' } }))
  t.equal(nested.status, 400)
  t.same(paths(nested), ['contact.name', 'leader.title'])

  const dup = await post(teamBody({ industries: ['plastics', 'plastics'], capacity: 1.5 }))
  t.same(paths(dup), ['capacity', 'industries'])

  const { leader: _l, ...noLeader } = teamBody()
  const missing = await post(noLeader)
  t.same(paths(missing), ['leader'])
  t.match(missing.body.errors[0].message, /缺少必填字段/)

  const after = await request({ method: 'GET', url: '/v1/teams?limit=100', token: ADMIN_TOKEN })
  t.equal(after.body.items.length, before.body.items.length)
})

t.test('when someone other than an admin registers a team, then 401 or 403', async (t) => {
  const e = await enterpriseWithToken(ctx)
  const asEnterprise = await post(teamBody(), e.token)
  t.equal(asEnterprise.status, 403)
  t.equal(asEnterprise.body.code, 'auth.forbidden')
  const tm = await teamWithToken(ctx)
  t.equal((await post(teamBody(), tm.token)).status, 403)
  t.equal((await request({ method: 'POST', url: '/v1/teams', body: teamBody() })).status, 401)
  t.equal((await patch(tm.team.id, { capacity: 9 }, tm.token)).status, 403)
  t.equal((await patch(tm.team.id, { capacity: 9 }, e.token)).status, 403)
})

t.test('when the public reads a team, then contact, load, capacity and track record are hidden; admin and the team itself see them', async (t) => {
  const a = await teamWithToken(ctx)
  const b = await teamWithToken(ctx)
  const item = await addMenuItem(ctx, a.team.id)

  const anon = await get(a.team.id)
  t.equal(anon.status, 200)
  for (const k of PRIVATE) t.notOk(k in anon.body, `public view has no ${k}`)
  t.notMatch(anon.raw, /13900139000/)
  t.match(anon.body, { name: a.team.name, districtName: '澄海区', leader: { honorLabels: ['全国劳动模范', '汕头工匠'] }, menu: [{ id: item.id, title: item.title }] })

  const other = await get(a.team.id, b.token)
  for (const k of PRIVATE) t.notOk(k in other.body, `another team sees no ${k}`)
  const enterprise = await enterpriseWithToken(ctx)
  const asEnterprise = await get(a.team.id, enterprise.token)
  for (const k of PRIVATE) t.notOk(k in asEnterprise.body, `an enterprise sees no ${k}`)

  for (const token of [a.token, ADMIN_TOKEN]) {
    const own = await get(a.team.id, token)
    t.match(own.body, { contact: { phone: '13900139000' }, capacity: 3, load: 0, capacityLeft: 3, trackRecord: { completed: 0 } })
  }

  // In lists too: a team sees its own private part, not another's.
  const list = await request({ method: 'GET', url: '/v1/teams?limit=100', token: a.token })
  const mine = list.body.items.find((x: { id: string }) => x.id === a.team.id)
  const theirs = list.body.items.find((x: { id: string }) => x.id === b.team.id)
  t.ok(mine.contact)
  t.notOk(theirs.contact)
  const publicList = await request({ method: 'GET', url: '/v1/teams?limit=100' })
  t.ok(publicList.body.items.length > 1)
  t.notMatch(publicList.raw, /"contact"|"trackRecord"|"load"/)
  t.equal((await get('01890000-0000-7000-8000-000000000000')).status, 404)
  t.equal((await get('not-a-uuid')).status, 400)
})

t.test('when teams are filtered and paged, then only matching ones come back, each once', async (t) => {
  const south = await teamWithToken(ctx, { districtCode: '440514', industries: ['textile_apparel'] })
  const city = await teamWithToken(ctx, { level: 'city', districtCode: '440507', industries: ['new_energy'] })
  const ids = async (qs: string) => (await request({ method: 'GET', url: `/v1/teams?limit=100&${qs}` })).body.items.map((x: { id: string }) => x.id) as string[]
  t.same(await ids('districtCode=440514'), [south.team.id])
  t.ok((await ids('level=city')).includes(city.team.id))
  t.notOk((await ids('level=city')).includes(south.team.id))
  t.ok((await ids('industry=textile_apparel')).includes(south.team.id))
  t.notOk((await ids('industry=textile_apparel')).includes(city.team.id))
  t.ok((await ids(`updatedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).includes(south.team.id))
  t.same(await ids(`updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [])
  t.equal((await request({ method: 'GET', url: '/v1/teams?level=province' })).status, 400)
  t.equal((await request({ method: 'GET', url: '/v1/teams?active=maybe' })).status, 400)
  t.equal((await request({ method: 'GET', url: '/v1/teams?colour=red' })).status, 400)

  const seen = new Set<string>()
  let cursor: string | null = null
  let pages = 0
  do {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await request({ method: 'GET', url: `/v1/teams?limit=2${cursor ? `&cursor=${cursor}` : ''}` })
    for (const x of res.body.items) {
      t.notOk(seen.has(x.id))
      seen.add(x.id)
    }
    cursor = res.body.nextCursor
    pages++
  } while (cursor && pages < 50)
  t.equal(seen.size, (await ids('')).length)
  t.ok(pages > 1)
})

t.test('when an admin patches a team, then the fields change, updatedAt moves and the audit names fields, not phones', async (t) => {
  const a = await teamWithToken(ctx)
  await new Promise((r) => setTimeout(r, 5))
  const res = await patch(a.team.id, {
    name: '澄海区玩具产业劳模服务队',
    memberCount: 20,
    capacity: 5,
    industries: ['toys_creative'],
    leader: { name: '陈师傅', honors: ['great_craftsman'] },
    contact: { name: '陈师傅', phone: '0754-85551234' },
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    name: '澄海区玩具产业劳模服务队',
    memberCount: 20,
    capacity: 5,
    capacityLeft: 5,
    industries: ['toys_creative'],
    leader: { name: '陈师傅', honors: ['great_craftsman'], honorLabels: ['大国工匠'] },
    contact: { name: '陈师傅', phone: '0754-85551234' },
  })
  t.ok(res.body.updatedAt > a.team.updatedAt)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=team&objectId=${a.team.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items[0], { action: 'team.updated', data: { capacity: { from: 3, to: 5 } } })
  t.same([...audit.body.items[0].data.fields].sort(), ['capacity', 'contact', 'industries', 'leader', 'memberCount', 'name'])
  t.notMatch(audit.raw, /0754-85551234/)

  t.same(paths(await patch(a.team.id, {})), [''])
  t.same(paths(await patch(a.team.id, { level: 'city', districtCode: '440507' })), ['districtCode', 'level'])
  t.same(paths(await patch(a.team.id, { capacity: -1, active: 'no' })), ['active', 'capacity'])
  t.equal((await patch('01890000-0000-7000-8000-000000000000', { capacity: 1 })).status, 404)
})

/** A demand of `enterprise` in `status`, with an assignment to `teamId` in `assignmentStatus`. */
async function assignedDemand(enterpriseToken: string, teamId: string, status: string, assignmentStatus: string, extra: Partial<typeof assignments.$inferInsert> = {}) {
  const d = await request({ method: 'POST', url: '/v1/demands', token: enterpriseToken, body: demandBody() })
  if (d.status !== 201) throw new Error(d.raw)
  const id = newId()
  await db.update(demands).set({ status }).where(eq(demands.id, d.body.id))
  await db.insert(assignments).values({
    id,
    demandId: d.body.id,
    teamId,
    status: assignmentStatus,
    ...(assignmentStatus !== 'assigned' ? { acceptedAt: new Date() } : {}),
    ...extra,
  })
  return { demandId: d.body.id as string, assignmentId: id }
}

t.test('when a team is deactivated, then only its assigned work is cancelled and reopened; accepted work stays; its menu hides', async (t) => {
  const e = await enterpriseWithToken(ctx)
  const a = await teamWithToken(ctx, { capacity: 4 })
  const other = await teamWithToken(ctx)
  await addMenuItem(ctx, a.team.id, { title: '停用测试菜单项' })

  const waiting = await assignedDemand(e.token, a.team.id, 'assigned', 'assigned')
  const accepted = await assignedDemand(e.token, a.team.id, 'accepted', 'accepted')
  const working = await assignedDemand(e.token, a.team.id, 'in_progress', 'in_progress', { startedAt: new Date() })
  const done = await assignedDemand(e.token, a.team.id, 'completed', 'completed', { solved: true, endedAt: new Date(), completedOn: '2025-01-10', traineeCount: 5 })
  const unsolved = await assignedDemand(e.token, a.team.id, 'completed', 'completed', { solved: false, endedAt: new Date(), completedOn: '2025-01-11' })
  await db.insert(feedback).values([
    { assignmentId: done.assignmentId, demandId: done.demandId, rating: 5, outcomeConfirmed: true },
    { assignmentId: unsolved.assignmentId, demandId: unsolved.demandId, rating: 2, outcomeConfirmed: false },
  ])
  const otherWaiting = await assignedDemand(e.token, other.team.id, 'assigned', 'assigned')

  const before = await get(a.team.id, a.token)
  t.match(before.body, { load: 3, capacity: 4, capacityLeft: 1, trackRecord: { completed: 2, solved: 1, solveRate: 0.5, ratingCount: 2, ratingAvg: 3.5 } })
  const forMatching = (await loadTeamsForMatching(db)).find((x) => x.id === a.team.id)
  t.match(forMatching, { load: 3, capacity: 4, active: true, districtCode: '440515', trackRecord: { completed: 2, solved: 1, ratingSum: 7, ratingCount: 2 }, menu: [{ title: '停用测试菜单项' }] })
  const menuBefore = await request({ method: 'GET', url: '/v1/menu?limit=100' })
  t.ok(menuBefore.body.items.some((x: { teamId: string }) => x.teamId === a.team.id))

  const res = await patch(a.team.id, { active: false })
  t.equal(res.status, 200)
  t.equal(res.body.active, false)
  t.ok(res.body.deactivatedAt)
  t.match(res.body, { load: 2, capacityLeft: 2 })

  const rows = new Map((await db.select().from(assignments)).map((r) => [r.id, r]))
  t.match(rows.get(waiting.assignmentId), { status: 'cancelled', cancelReason: '服务队已停用' })
  t.ok(rows.get(waiting.assignmentId)!.endedAt)
  t.equal(rows.get(accepted.assignmentId)!.status, 'accepted')
  t.equal(rows.get(working.assignmentId)!.status, 'in_progress')
  t.equal(rows.get(done.assignmentId)!.status, 'completed')
  t.equal(rows.get(otherWaiting.assignmentId)!.status, 'assigned', "another team's work is untouched")
  const status = async (id: string) => (await request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.status
  t.equal(await status(waiting.demandId), 'open')
  t.equal(await status(accepted.demandId), 'accepted')
  t.equal(await status(working.demandId), 'in_progress')
  t.equal(await status(otherWaiting.demandId), 'assigned')

  const auditOf = async (type: string, id: string) => (await request({ method: 'GET', url: `/v1/audit?objectType=${type}&objectId=${id}`, token: ADMIN_TOKEN })).body.items
  t.match(await auditOf('assignment', waiting.assignmentId), [{ action: 'assignment.cancelled', fromStatus: 'assigned', toStatus: 'cancelled', actorRole: 'admin', data: { reason: '服务队已停用' } }])
  t.match(await auditOf('demand', waiting.demandId), [{ action: 'demand.reopened', fromStatus: 'assigned', toStatus: 'open' }, { action: 'demand.created' }])
  t.same(await auditOf('assignment', accepted.assignmentId), [])
  t.match(await auditOf('team', a.team.id), [{ action: 'team.deactivated', data: { cancelledAssignmentIds: [waiting.assignmentId] } }])

  // Hidden from the public and other teams; visible to admins and to itself.
  t.equal((await get(a.team.id)).status, 404)
  t.equal((await get(a.team.id)).body.code, 'team.not_found')
  t.equal((await get(a.team.id, other.token)).status, 404)
  t.equal((await get(a.team.id, a.token)).status, 200)
  t.equal((await get(a.team.id, ADMIN_TOKEN)).status, 200)
  const publicIds = (await request({ method: 'GET', url: '/v1/teams?limit=100' })).body.items.map((x: { id: string }) => x.id)
  t.notOk(publicIds.includes(a.team.id))
  t.notOk((await request({ method: 'GET', url: '/v1/teams?limit=100&active=false' })).body.items.some((x: { id: string }) => x.id === a.team.id))
  t.ok((await request({ method: 'GET', url: '/v1/teams?limit=100', token: ADMIN_TOKEN })).body.items.some((x: { id: string }) => x.id === a.team.id))
  t.same(
    (await request({ method: 'GET', url: '/v1/teams?limit=100&active=false', token: ADMIN_TOKEN })).body.items.map((x: { id: string }) => x.id),
    [a.team.id],
  )
  const menuAfter = await request({ method: 'GET', url: '/v1/menu?limit=100' })
  t.notOk(menuAfter.body.items.some((x: { teamId: string }) => x.teamId === a.team.id))
  t.notOk((await request({ method: 'GET', url: `/v1/menu?q=${encodeURIComponent('停用测试')}` })).body.items.some((x: { teamId: string }) => x.teamId === a.team.id))
  t.match((await loadTeamsForMatching(db)).find((x) => x.id === a.team.id), { active: false, load: 2 })

  // Deactivating again changes nothing more.
  const again = await patch(a.team.id, { active: false })
  t.equal(again.body.deactivatedAt, res.body.deactivatedAt)

  const back = await patch(a.team.id, { active: true })
  t.equal(back.status, 200)
  t.equal(back.body.deactivatedAt, null)
  t.equal((await get(a.team.id)).status, 200)
  t.ok((await request({ method: 'GET', url: '/v1/menu?limit=100' })).body.items.some((x: { teamId: string }) => x.teamId === a.team.id))
  t.match(await auditOf('team', a.team.id), [{ action: 'team.reactivated' }, { action: 'team.updated' }, { action: 'team.deactivated' }])
})

t.test('when capacity is lowered below the load, then it is allowed and capacityLeft is 0', async (t) => {
  const e = await enterpriseWithToken(ctx)
  const a = await teamWithToken(ctx, { capacity: 2 })
  await assignedDemand(e.token, a.team.id, 'assigned', 'assigned')
  await assignedDemand(e.token, a.team.id, 'accepted', 'accepted')
  const res = await patch(a.team.id, { capacity: 1 })
  t.equal(res.status, 200)
  t.match(res.body, { capacity: 1, load: 2, capacityLeft: 0 })
  const zero = await patch(a.team.id, { capacity: 0 })
  t.match(zero.body, { capacity: 0, capacityLeft: 0 })
})
