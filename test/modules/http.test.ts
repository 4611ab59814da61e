// The HTTP edges: every answer a client can provoke is a problem+json 4xx, never a 500.
import t, { type Test } from 'tap'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { app, request } = ctx
const a = await enterpriseWithToken(ctx)

const problem = (t: Test, res: { status: number; headers: Record<string, unknown>; body: any }, status: number, code: string) => {
  t.equal(res.status, status)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/)
  t.equal(res.body.code, code)
  t.equal(res.body.status, status)
  t.type(res.body.title, 'string')
  t.type(res.body.requestId, 'string')
}

t.test('when the body is 2 MB, then 413', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/demands',
    headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(demandBody({ description: '长'.repeat(700_000) })),
  })
  problem(t, { status: res.statusCode, headers: res.headers, body: res.json() }, 413, 'request.body_too_large')
})

t.test('when the body is not JSON, then 400 malformed_json', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/demands',
    headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
    payload: '{"title": "注塑', 
  })
  problem(t, { status: res.statusCode, headers: res.headers, body: res.json() }, 400, 'request.malformed_json')
})

t.test('when the content type is not JSON, then 415', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/demands',
    headers: { authorization: `Bearer ${a.token}`, 'content-type': 'text/plain' },
    payload: 'title=注塑',
  })
  problem(t, { status: res.statusCode, headers: res.headers, body: res.json() }, 415, 'request.unsupported_media_type')
})

t.test('when the path is unknown, then 404; when the method is wrong, then 405 with Allow', async (t) => {
  problem(t, await request({ method: 'GET', url: '/v1/nothing-here' }), 404, 'route.not_found')
  const res = await request({ method: 'PUT', url: '/v1/demands', token: ADMIN_TOKEN, body: {} })
  problem(t, res, 405, 'route.method_not_allowed')
  t.match(String(res.headers.allow), /GET/)
  t.match(String(res.headers.allow), /POST/)
})

t.test('when the token is missing, bad or of the wrong role, then 401 / 401 / 403', async (t) => {
  const none = await request({ method: 'GET', url: '/v1/demands' })
  problem(t, none, 401, 'auth.token_missing')
  t.equal(none.headers['www-authenticate'], 'Bearer')
  problem(t, await request({ method: 'GET', url: '/v1/demands', token: 'zqx_wrong' }), 401, 'auth.token_invalid')
  problem(t, await request({ method: 'GET', url: '/v1/demands', headers: { authorization: 'Basic abc' } }), 401, 'auth.token_invalid')
  problem(t, await request({ method: 'POST', url: '/v1/tokens', token: a.token, body: { role: 'admin' } }), 403, 'auth.forbidden')
})

t.test('when a client asks in English, then the problem is in English', async (t) => {
  const res = await request({ method: 'GET', url: '/v1/demands', headers: { 'accept-language': 'en' } })
  t.equal(res.body.title, 'Unauthorized')
  t.equal(res.headers['content-language'], 'en')
  const zh = await request({ method: 'GET', url: '/v1/demands', headers: { 'accept-language': 'zh-CN,en;q=0.5' } })
  t.equal(zh.body.title, '未认证')
})

t.test('health reports the database, docs are served, codes are public', async (t) => {
  const h = await request({ method: 'GET', url: '/health' })
  t.equal(h.status, 200)
  t.match(h.body, { status: 'ok', database: { reachable: true } })
  t.equal((await app.inject({ method: 'GET', url: '/docs/' })).statusCode, 200)
  const codes = await request({ method: 'GET', url: '/v1/codes/serviceKind' })
  t.same(
    codes.body.items.map((c: { zh: string }) => c.zh),
    ['技术攻关', '技术帮扶', '技术交流', '技术协作', '技术培训'],
  )
  const industries = await request({ method: 'GET', url: '/v1/codes/industry' })
  for (const zh of ['新能源', '新材料', '新一代电子信息', '纺织服装', '玩具创意', '大健康'])
    t.ok(industries.body.items.some((c: { zh: string }) => c.zh === zh), zh)
  t.equal((await request({ method: 'GET', url: '/v1/codes/nonsense' })).status, 404)
  // Names of Object.prototype's members are unknown lists too (a fuzzing run found toString → 500).
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const res = await request({ method: 'GET', url: `/v1/codes/${name}` })
    t.equal(res.status, 404, `/v1/codes/${name}`)
    t.equal(res.body.code, 'code_list.not_found', `/v1/codes/${name}: problem+json`)
  }
})

t.test('every response carries a request id', async (t) => {
  const res = await request({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-123' } })
  t.equal(res.headers['x-request-id'], 'trace-123')
})
