import t from 'tap'
import { ADMIN_TOKEN, buildTestApp, creditCode, enterpriseBody, enterpriseWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx

t.test('when an admin registers an enterprise, then it is stored with its district name', async (t) => {
  const body = enterpriseBody()
  const res = await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body })
  t.equal(res.status, 201)
  t.match(res.body, { name: body.name, creditCode: body.creditCode, districtCode: '440515', districtName: '澄海区', specialized: true, contact: { phone: '13800138000' } })
  const again = await request({ method: 'GET', url: `/v1/enterprises/${res.body.id}`, token: ADMIN_TOKEN })
  t.same(again.body, res.body)
})

t.test('when the credit code has a wrong check digit, then 400 names the field and nothing is stored', async (t) => {
  const good = creditCode()
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
  const res = await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body: enterpriseBody({ creditCode: bad }) })
  t.equal(res.status, 400)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.equal(res.body.code, 'validation.failed')
  t.same(res.body.errors, [{ path: 'creditCode', code: 'credit_code.check_digit', message: '统一社会信用代码校验位错误' }])
  const list = await request({ method: 'GET', url: `/v1/enterprises?q=${bad}`, token: ADMIN_TOKEN })
  t.equal(list.body.items.length, 0)
})

t.test('when a lower-case credit code is valid, then it is stored upper-case', async (t) => {
  const code = '91350100M000100Y43'
  const res = await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body: enterpriseBody({ creditCode: code.toLowerCase() }) })
  t.equal(res.status, 201)
  t.equal(res.body.creditCode, code)
})

t.test('when the credit code is registered already, then 409', async (t) => {
  const body = enterpriseBody()
  t.equal((await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body })).status, 201)
  const res = await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body: { ...body, name: '另一家' } })
  t.equal(res.status, 409)
  t.equal(res.body.code, 'enterprise.duplicate_credit_code')
})

t.test('when the district is not in the configured city, then 400 on districtCode', async (t) => {
  const res = await request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body: enterpriseBody({ districtCode: '440305' }) })
  t.equal(res.status, 400)
  t.equal(res.body.errors[0].path, 'districtCode')
  t.equal(res.body.errors[0].code, 'district.not_in_city')
})

t.test('when several fields are wrong, then every one is listed, in English on request', async (t) => {
  const res = await request({
    method: 'POST',
    url: '/v1/enterprises',
    token: ADMIN_TOKEN,
    headers: { 'accept-language': 'en-US,en;q=0.9' },
    body: { ...enterpriseBody({ size: 'huge', industry: 'spaceships', contact: { name: '', phone: '123' } }), extra: true },
  })
  t.equal(res.status, 400)
  t.equal(res.body.title, 'Invalid request')
  const paths = res.body.errors.map((e: { path: string }) => e.path).sort()
  t.same(paths, ['contact.name', 'contact.phone', 'extra', 'industry', 'size'])
})

t.test('when an enterprise reads, then it sees itself only and others are 404', async (t) => {
  const a = await enterpriseWithToken(ctx)
  const b = await enterpriseWithToken(ctx)
  const own = await request({ method: 'GET', url: `/v1/enterprises/${a.enterprise.id}`, token: a.token })
  t.equal(own.status, 200)
  const other = await request({ method: 'GET', url: `/v1/enterprises/${b.enterprise.id}`, token: a.token })
  t.equal(other.status, 404)
  t.equal(other.body.code, 'enterprise.not_found')
  const list = await request({ method: 'GET', url: '/v1/enterprises', token: a.token })
  t.same(
    list.body.items.map((e: { id: string }) => e.id),
    [a.enterprise.id],
  )
  t.equal((await request({ method: 'POST', url: '/v1/enterprises', token: a.token, body: enterpriseBody() })).status, 403)
})

t.test('when an enterprise patches itself, then contact changes but identity fields are the admin’s', async (t) => {
  const a = await enterpriseWithToken(ctx)
  const ok = await request({ method: 'PATCH', url: `/v1/enterprises/${a.enterprise.id}`, token: a.token, body: { contact: { name: '林工', phone: '0754-88881234' } } })
  t.equal(ok.status, 200)
  t.same(ok.body.contact, { name: '林工', phone: '0754-88881234' })
  const no = await request({ method: 'PATCH', url: `/v1/enterprises/${a.enterprise.id}`, token: a.token, body: { name: '改名' } })
  t.equal(no.status, 403)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=enterprise&objectId=${a.enterprise.id}`, token: ADMIN_TOKEN })
  t.same(
    audit.body.items.map((r: { action: string }) => r.action),
    ['enterprise.updated', 'enterprise.created'],
  )
  t.notMatch(JSON.stringify(audit.body), /0754-88881234/, 'the audit trail does not copy phone numbers')
})

t.test('when pages are walked with the cursor, then every enterprise appears once', async (t) => {
  const all = new Set<string>()
  let cursor: string | null = null
  let pages = 0
  do {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await request({
      method: 'GET',
      url: `/v1/enterprises?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      token: ADMIN_TOKEN,
    })
    for (const e of res.body.items) {
      t.notOk(all.has(e.id))
      all.add(e.id)
    }
    cursor = res.body.nextCursor
    pages++
  } while (cursor && pages < 50)
  const total = await request({ method: 'GET', url: '/v1/enterprises?limit=100', token: ADMIN_TOKEN })
  t.equal(all.size, total.body.items.length)
  t.ok(pages > 1)
  t.equal((await request({ method: 'GET', url: '/v1/enterprises?cursor=%%%', token: ADMIN_TOKEN })).status, 400)
  t.equal((await request({ method: 'GET', url: '/v1/enterprises?limit=1000', token: ADMIN_TOKEN })).status, 400)
})
