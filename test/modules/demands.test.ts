import t from 'tap'
import { sql } from 'drizzle-orm'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request, db } = ctx
const a = await enterpriseWithToken(ctx, { districtCode: '440514', industry: 'textile_apparel' })
const b = await enterpriseWithToken(ctx)

const post = (token: string, body: unknown, headers: Record<string, string> = {}) => request({ method: 'POST', url: '/v1/demands', token, body, headers })

t.test('when an enterprise posts a demand, then it is open with its district and default industry', async (t) => {
  const res = await post(a.token, demandBody())
  t.equal(res.status, 201)
  t.match(res.body, {
    status: 'open',
    enterpriseId: a.enterprise.id,
    enterpriseName: a.enterprise.name,
    districtCode: '440514',
    districtName: '潮南区',
    industry: 'textile_apparel',
    serviceKinds: ['tackling'],
    skills: ['注塑', '模具'],
    urgency: 'high',
    estimatedBenefitYuan: 300000,
    currentAssignment: null,
    assignments: [],
  })
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=demand&objectId=${res.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items, [{ action: 'demand.created', toStatus: 'open', actorRole: 'enterprise', tokenId: a.tokenId }])
})

t.test('when text has surrounding spaces, then it is trimmed and Chinese stored as given', async (t) => {
  const res = await post(a.token, demandBody({ title: '  印染废水处理 ', skills: [' 印染 ', '废水'] }))
  t.equal(res.status, 201)
  t.equal(res.body.title, '印染废水处理')
  t.same(res.body.skills, ['印染', '废水'])
})

t.test('when fields are missing or wrong, then 400 lists each field and nothing is stored', async (t) => {
  const before = await request({ method: 'GET', url: '/v1/demands?limit=100', token: ADMIN_TOKEN })
  const { title: _t, ...noTitle } = demandBody()
  const missing = await post(a.token, noTitle)
  t.equal(missing.status, 400)
  t.same(missing.body.errors.map((e: { path: string }) => e.path), ['title'])
  t.match(missing.body.errors[0].message, /缺少必填字段/)

  const kind = await post(a.token, demandBody({ serviceKinds: ['cooking'] }))
  t.equal(kind.status, 400)
  t.equal(kind.body.errors[0].path, 'serviceKinds.0')

  const many = await post(a.token, { ...demandBody({ title: 'x'.repeat(101), urgency: 'now', traineesWanted: -1, estimatedBenefitYuan: 1.5, dueDate: '2025-02-30' }), status: 'completed' })
  t.equal(many.status, 400)
  t.same(many.body.errors.map((e: { path: string }) => e.path).sort(), ['dueDate', 'estimatedBenefitYuan', 'status', 'title', 'traineesWanted', 'urgency'])

  const ctl = await post(a.token, demandBody({ title: '标题\u0007' }))
  t.equal(ctl.status, 400)
  t.equal(ctl.body.errors[0].code, 'control_characters')

  const after = await request({ method: 'GET', url: '/v1/demands?limit=100', token: ADMIN_TOKEN })
  t.equal(after.body.items.length, before.body.items.length)
})

t.test('when another enterprise reads a demand, then it is 404; the owner and admin see it', async (t) => {
  const d = await post(a.token, demandBody())
  t.equal((await request({ method: 'GET', url: `/v1/demands/${d.body.id}`, token: b.token })).status, 404)
  t.equal((await request({ method: 'GET', url: `/v1/demands/${d.body.id}`, token: a.token })).status, 200)
  t.equal((await request({ method: 'GET', url: `/v1/demands/${d.body.id}`, token: ADMIN_TOKEN })).status, 200)
  const list = await request({ method: 'GET', url: '/v1/demands?limit=100', token: b.token })
  t.notOk(list.body.items.some((x: { id: string }) => x.id === d.body.id))
  t.equal((await request({ method: 'PATCH', url: `/v1/demands/${d.body.id}`, token: b.token, body: { title: '抢改' } })).status, 404)
  t.equal((await request({ method: 'POST', url: `/v1/demands/${d.body.id}/cancel`, token: b.token, body: { reason: '恶意取消' } })).status, 404)
  t.equal((await request({ method: 'GET', url: '/v1/demands/not-a-uuid', token: a.token })).status, 400)
})

t.test('when an enterprise names another enterprise, then 403; an admin must name one', async (t) => {
  t.equal((await post(a.token, demandBody({ enterpriseId: b.enterprise.id }))).status, 403)
  const noOwner = await post(ADMIN_TOKEN, demandBody())
  t.equal(noOwner.status, 400)
  t.equal(noOwner.body.errors[0].path, 'enterpriseId')
  const unknown = await post(ADMIN_TOKEN, demandBody({ enterpriseId: '01890000-0000-7000-8000-000000000000' }))
  t.equal(unknown.status, 400)
  const ok = await post(ADMIN_TOKEN, demandBody({ enterpriseId: b.enterprise.id }))
  t.equal(ok.status, 201)
  t.equal(ok.body.enterpriseId, b.enterprise.id)
})

t.test('when the same Idempotency-Key is sent twice, then one demand is created and replayed', async (t) => {
  const before = await request({ method: 'GET', url: '/v1/demands?limit=100', token: a.token })
  const key = 'order-2024-0001'
  const first = await post(a.token, demandBody({ title: '幂等测试' }), { 'idempotency-key': key })
  const second = await post(a.token, { ...demandBody({ title: '幂等测试' }) }, { 'idempotency-key': key })
  t.equal(first.status, 201)
  t.equal(second.status, 201)
  t.equal(second.headers['idempotent-replayed'], 'true')
  t.notOk(first.headers['idempotent-replayed'])
  t.same(second.body, first.body)
  const after = await request({ method: 'GET', url: '/v1/demands?limit=100', token: a.token })
  t.equal(after.body.items.length, before.body.items.length + 1)

  const reused = await post(a.token, demandBody({ title: '另一个需求' }), { 'idempotency-key': key })
  t.equal(reused.status, 422)
  t.equal(reused.body.code, 'idempotency.key_reused')

  // Keys are scoped to the caller's token: another enterprise's same key is a new request.
  const other = await post(b.token, demandBody({ title: '幂等测试' }), { 'idempotency-key': key })
  t.equal(other.status, 201)
  t.not(other.body.id, first.body.id)

  const bad = await post(a.token, demandBody(), { 'idempotency-key': 'has space' })
  t.equal(bad.status, 400)
})

t.test('when a demand is patched while open, then it changes with an audit row', async (t) => {
  const d = await post(a.token, demandBody())
  const res = await request({ method: 'PATCH', url: `/v1/demands/${d.body.id}`, token: a.token, body: { urgency: 'critical', dueDate: '2026-12-31' } })
  t.equal(res.status, 200)
  t.equal(res.body.urgency, 'critical')
  t.equal(res.body.dueDate, '2026-12-31')
  t.equal((await request({ method: 'PATCH', url: `/v1/demands/${d.body.id}`, token: a.token, body: {} })).status, 400)
  t.equal((await request({ method: 'PATCH', url: `/v1/demands/${d.body.id}`, token: a.token, body: { status: 'completed' } })).status, 400)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=demand&objectId=${d.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items[0], { action: 'demand.updated', data: { changed: { urgency: { from: 'high', to: 'critical' } } } })
})

t.test('when a demand is cancelled, then it is final and cannot be cancelled or edited again', async (t) => {
  const d = await post(a.token, demandBody())
  t.equal((await request({ method: 'POST', url: `/v1/demands/${d.body.id}/cancel`, token: a.token, body: {} })).status, 400)
  const res = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/cancel`, token: a.token, body: { reason: '已自行解决' } })
  t.equal(res.status, 200)
  t.equal(res.body.status, 'cancelled')
  t.equal(res.body.cancelReason, '已自行解决')
  const again = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/cancel`, token: ADMIN_TOKEN, body: { reason: '重复' } })
  t.equal(again.status, 409)
  t.equal(again.body.code, 'demand.already_final')
  const edit = await request({ method: 'PATCH', url: `/v1/demands/${d.body.id}`, token: a.token, body: { title: '改' } })
  t.equal(edit.status, 409)
  t.equal(edit.body.code, 'demand.not_open')
})

t.test('when demands are filtered, then only matching ones come back', async (t) => {
  const tr = await post(a.token, demandBody({ serviceKinds: ['training'], industry: 'health' }))
  const q = async (qs: string) =>
    (await request({ method: 'GET', url: `/v1/demands?limit=100&${qs}`, token: ADMIN_TOKEN })).body.items.map((x: { id: string }) => x.id) as string[]
  t.ok((await q('serviceKind=training')).includes(tr.body.id))
  t.notOk((await q('serviceKind=exchange')).includes(tr.body.id))
  t.ok((await q('industry=health&districtCode=440514')).includes(tr.body.id))
  t.notOk((await q('districtCode=440515')).includes(tr.body.id))
  t.ok((await q('status=open')).includes(tr.body.id))
  t.notOk((await q('status=cancelled')).includes(tr.body.id))
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  t.ok((await q(`from=${today}&to=${today}`)).includes(tr.body.id))
  t.notOk((await q('to=2020-01-01')).includes(tr.body.id))
  t.ok((await q(`updatedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).includes(tr.body.id))
  t.equal((await request({ method: 'GET', url: '/v1/demands?from=2024-05-02&to=2024-05-01', token: ADMIN_TOKEN })).status, 400)
  t.equal((await request({ method: 'GET', url: '/v1/demands?status=lost', token: ADMIN_TOKEN })).status, 400)
})

t.test('when a demand is posted in one statement, then what is stored is what was answered, with its audit row', async (t) => {
  for (const [key, body] of [
    [undefined, demandBody({ title: '一条语句写入', skills: ['注塑', '模具', '工艺参数'], serviceKinds: ['training', 'tackling'], dueDate: '2027-01-15' })],
    ['one-statement-1', demandBody({ title: '带幂等键', skills: [], traineesWanted: undefined, estimatedBenefitYuan: undefined })],
  ] as const) {
    const created = await post(a.token, body, key ? { 'idempotency-key': key } : {})
    t.equal(created.status, 201)
    // GET reads the stored rows (a new demand is not in the view cache).
    const read = await request({ method: 'GET', url: `/v1/demands/${created.body.id}`, token: a.token })
    t.same(read.body, { ...created.body, assignments: [] }, `stored as answered (${key ?? 'no key'})`)
    t.same(read.body.skills, body.skills, 'array order kept')
    const audit = await request({ method: 'GET', url: `/v1/audit?objectType=demand&objectId=${created.body.id}`, token: ADMIN_TOKEN })
    t.same(
      audit.body.items.map((r: { action: string; toStatus: string }) => [r.action, r.toStatus]),
      [['demand.created', 'open']],
    )
  }
  const replay = await post(a.token, demandBody({ title: '带幂等键', skills: [], traineesWanted: undefined, estimatedBenefitYuan: undefined }), { 'idempotency-key': 'one-statement-1' })
  t.equal(replay.headers['idempotent-replayed'], 'true')
})

t.test('when many demands arrive at once, then they are written together and each is stored as answered, with its audit row and key', async (t) => {
  // Thirty posts from two enterprises at once: while the first is written the rest queue
  // and go to the database together (lib/coalesce.ts), keyed or not, a repeated key among them.
  const bodies = Array.from({ length: 30 }, (_, i) => demandBody({ title: `同时到达的需求 ${i}`, skills: [`技能${i}`, '模具'] }))
  const sends = bodies.map((body, i) => {
    const who = i % 2 === 0 ? a : b
    const key = i % 3 === 0 ? undefined : i === 28 ? 'together-1' : `together-${i}`
    return post(who.token, body, key ? { 'idempotency-key': key } : {})
  })
  // The same key and body as the second post (enterprise b), in the same burst.
  sends.push(post(b.token, bodies[1], { 'idempotency-key': 'together-1' }))
  const answers = await Promise.all(sends)
  t.ok(answers.every((r) => r.status === 201), `statuses ${answers.map((r) => r.status)}`)
  t.equal(answers[30]!.body.id, answers[1]!.body.id, 'the repeated key replays the first answer')
  t.equal(answers[30]!.headers['idempotent-replayed'], 'true')
  t.not(answers[28]!.body.id, answers[1]!.body.id, "enterprise a's key together-1 is its own")
  const ids = new Set(answers.slice(0, 30).map((r) => r.body.id))
  t.equal(ids.size, 30, 'thirty demands')
  for (const [i, res] of answers.slice(0, 30).entries()) {
    const owner = i % 2 === 0 ? a : b
    const read = await request({ method: 'GET', url: `/v1/demands/${res.body.id}`, token: owner.token })
    if (!t.same(read.body, { ...res.body, assignments: [] }, `demand ${i} stored as answered`)) break
    t.same(read.body.skills, [`技能${i}`, '模具'])
  }
  const [counts] = await db.database.rows<{ demands: number; audits: number; keys: number }>(sql`
    select (select count(*) from demands where title like '同时到达的需求%')::int as demands,
      (select count(*) from audit_log where action = 'demand.created' and data->>'title' like '同时到达的需求%')::int as audits,
      (select count(*) from idempotency_keys where key like 'together-%')::int as keys`)
  t.same(counts, { demands: 30, audits: 30, keys: 20 })
})

t.test('when one demand of those written together fails in the database, then only it fails', async (t) => {
  // A constraint only this test's bad row breaks stands in for a row the database refuses.
  await db.database.db.execute(sql`alter table demands add constraint zqx_test_no_bad_title check (title <> '数据库拒绝的需求')`)
  t.teardown(() => db.database.db.execute(sql`alter table demands drop constraint zqx_test_no_bad_title`))
  const titles = ['一同写入 1', '一同写入 2', '数据库拒绝的需求', '一同写入 3', '一同写入 4']
  const answers = await Promise.all(titles.map((title, i) => post(a.token, demandBody({ title }), i % 2 ? { 'idempotency-key': `fails-alone-${i}` } : {})))
  t.same(
    answers.map((r) => r.status),
    [201, 201, 500, 201, 201],
  )
  const [n] = await db.database.rows<{ demands: number; audits: number; keys: number }>(sql`
    select (select count(*) from demands where title like '一同写入%' or title = '数据库拒绝的需求')::int as demands,
      (select count(*) from audit_log where action = 'demand.created' and data->>'title' like '一同写入%')::int as audits,
      (select count(*) from idempotency_keys where key like 'fails-alone-%')::int as keys`)
  t.same(n, { demands: 4, audits: 4, keys: 2 }, 'the refused one left nothing behind, not even its key')
})

t.test('when the same Idempotency-Key arrives many times at once, then one demand exists and every answer is it', async (t) => {
  const body = demandBody({ title: '并发重试' })
  const answers = await Promise.all(Array.from({ length: 12 }, () => post(a.token, body, { 'idempotency-key': 'burst-1' })))
  const created = answers.filter((r) => r.status === 201)
  // A retry gets the first answer back, or 409 while the first is still running; never a second demand.
  t.ok(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'idempotency.in_progress')), `statuses ${answers.map((r) => r.status)}`)
  t.equal(new Set(created.map((r) => r.body.id)).size, 1, 'one demand id in every 201')
  t.equal(created.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1, 'exactly one was not a replay')
  const mine = await request({ method: 'GET', url: '/v1/demands?limit=100', token: a.token })
  t.equal(mine.body.items.filter((d: { title: string }) => d.title === '并发重试').length, 1)
})
