// Limits in front of the routes (src/plugins/security.ts): security headers, CORS closed
// unless configured, rate limits per token / per IP / per failed authentication, load
// shedding, and page-size limits on every list route. Every refusal is problem+json.
import t, { type Test } from 'tap'
import { ADMIN_TOKEN, buildTestApp, enterpriseWithToken } from '../helpers/app.js'

// Bounded_ but longer than tap's 30 s default: parallel test files share the CPU.
t.setTimeout(120_000)

type Res = { status: number; headers: Record<string, unknown>; body: any }

const problem = (t: Test, res: Res, status: number, code: string) => {
  t.equal(res.status, status, `status ${status}`)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'problem+json')
  t.equal(res.body?.code, code, `code ${code}`)
  t.equal(res.body?.status, status)
  t.type(res.body?.title, 'string')
}

t.test('security headers: a strict CSP on the API, a workable one on /docs, which still serves', async (t) => {
  const { app, request } = await buildTestApp(t)
  const api = await request({ method: 'GET', url: '/v1/codes/industry' })
  t.equal(api.status, 200)
  const csp = String(api.headers['content-security-policy'])
  t.match(csp, /default-src 'none'/)
  t.match(csp, /frame-ancestors 'none'/)
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  t.equal(api.headers['x-frame-options'], 'DENY')
  t.match(String(api.headers['strict-transport-security']), /max-age=\d+/)
  t.equal(api.headers['referrer-policy'], 'no-referrer')
  t.notOk(api.headers['x-powered-by'])
  // Errors carry them too.
  const nf = await request({ method: 'GET', url: '/v1/nothing' })
  t.match(String(nf.headers['content-security-policy']), /default-src 'none'/)

  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/)
  const docsCsp = String(docs.headers['content-security-policy'])
  t.match(docsCsp, /script-src 'self'/)
  t.match(docsCsp, /style-src 'self' 'unsafe-inline'/)
  t.match(docsCsp, /connect-src 'self'/)
  t.notMatch(docsCsp, /unsafe-eval/)
  // Everything the page loads comes from /docs/static on the same origin, which the CSP allows.
  for (const m of docs.body.matchAll(/(?:src|href)="([^"]+)"/g)) {
    const url = new URL(m[1]!, 'http://localhost/docs/').pathname
    const r = await app.inject({ method: 'GET', url })
    t.equal(r.statusCode, 200, `${url} is served`)
  }
  const spec = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(spec.statusCode, 200)
  t.equal(spec.json().openapi, '3.1.0')
})

t.test('CORS is closed by default: no Access-Control headers, a preflight is not answered with 2xx', async (t) => {
  const { request } = await buildTestApp(t)
  const res = await request({ method: 'GET', url: '/v1/menu', headers: { origin: 'https://evil.example' } })
  t.equal(res.status, 200)
  t.notOk(res.headers['access-control-allow-origin'])
  const pre = await request({ method: 'OPTIONS' as 'GET', url: '/v1/demands', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
  t.ok(pre.status >= 400, `preflight refused (${pre.status})`)
  t.notOk(pre.headers['access-control-allow-origin'])
})

t.test('CORS_ORIGINS opens the API to the named origins only, and unknown paths stay 404', async (t) => {
  const { request } = await buildTestApp(t, { CORS_ORIGINS: 'https://zqx.example.cn, http://localhost:5173' })
  const ok = await request({ method: 'GET', url: '/v1/menu', headers: { origin: 'https://zqx.example.cn' } })
  t.equal(ok.headers['access-control-allow-origin'], 'https://zqx.example.cn')
  t.match(String(ok.headers['access-control-expose-headers']), /x-request-id/)
  t.match(String(ok.headers.vary), /Origin/)
  // The menu page also varies by Accept-Encoding: both, not one over the other.
  const compressed = await request({ method: 'GET', url: '/v1/menu', headers: { origin: 'https://zqx.example.cn', 'accept-encoding': 'gzip' } })
  t.equal(compressed.headers.vary, 'Origin, Accept-Encoding')
  t.notOk(ok.headers['access-control-allow-credentials'], 'bearer tokens, no cookies')
  const other = await request({ method: 'GET', url: '/v1/menu', headers: { origin: 'https://evil.example' } })
  t.notOk(other.headers['access-control-allow-origin'])

  const pre = await request({
    method: 'OPTIONS' as 'GET',
    url: '/v1/demands',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  })
  t.equal(pre.status, 204, 'preflight answered before auth')
  t.equal(pre.headers['access-control-allow-origin'], 'http://localhost:5173')
  t.match(String(pre.headers['access-control-allow-methods']), /POST/)
  t.match(String(pre.headers['access-control-allow-headers']), /authorization/)
  t.match(String(pre.headers['access-control-allow-headers']), /idempotency-key/)
  const badPre = await request({ method: 'OPTIONS' as 'GET', url: '/v1/demands', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
  t.ok(badPre.status >= 400)

  problem(t, await request({ method: 'GET', url: '/v1/nothing-here', headers: { origin: 'https://zqx.example.cn' } }), 404, 'route.not_found')
  const wrong = await request({ method: 'PUT', url: '/v1/demands', token: ADMIN_TOKEN, body: {} })
  problem(t, wrong, 405, 'route.method_not_allowed')
  t.notMatch(String(wrong.headers.allow), /OPTIONS/)
})

t.test('per-token limit: the N+1st request in a window is 429 rate_limited with Retry-After; another token is unaffected', async (t) => {
  const ctx = await buildTestApp(t, { RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_PER_IP: '1000' })
  const a = await enterpriseWithToken(ctx) // 2 admin requests
  const statuses: number[] = []
  let last: Res | undefined
  for (let i = 0; i < 7; i++) {
    last = await ctx.request({ method: 'GET', url: '/v1/demands', token: a.token })
    statuses.push(last.status)
  }
  t.same(statuses, [200, 200, 200, 200, 200, 429, 429])
  problem(t, last!, 429, 'rate_limited')
  t.ok(Number(last!.headers['retry-after']) >= 1, 'Retry-After in seconds')
  t.equal(last!.headers['x-ratelimit-limit'], '5')
  t.equal(last!.headers['x-ratelimit-remaining'], '0')
  const en = await ctx.request({ method: 'GET', url: '/v1/demands', token: a.token, headers: { 'accept-language': 'en' } })
  t.equal(en.body.title, 'Too many requests')
  // The admin token has its own budget (2 used above).
  t.equal((await ctx.request({ method: 'GET', url: '/v1/demands', token: ADMIN_TOKEN })).status, 200)
  // Health is never limited.
  t.equal((await ctx.request({ method: 'GET', url: '/health', token: a.token })).status, 200)
  t.comment(`per-token limit 5: statuses ${statuses.join(' ')}`)
})

t.test('per-IP limit for anonymous callers; a forwarded address counts only behind TRUST_PROXY', async (t) => {
  const ctx = await buildTestApp(t, { RATE_LIMIT_PER_IP: '3' })
  const s: number[] = []
  for (let i = 0; i < 5; i++) s.push((await ctx.request({ method: 'GET', url: '/v1/menu' })).status)
  t.same(s, [200, 200, 200, 429, 429])
  problem(t, await ctx.request({ method: 'GET', url: '/v1/menu' }), 429, 'rate_limited')
  // Spoofed X-Forwarded-For is ignored without TRUST_PROXY: still the same client.
  t.equal((await ctx.request({ method: 'GET', url: '/v1/menu', headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 429)
  // Authenticated calls use the token's budget, not the address's.
  t.equal((await ctx.request({ method: 'GET', url: '/v1/menu', token: ADMIN_TOKEN })).status, 200)
  t.equal((await ctx.request({ method: 'GET', url: '/health' })).status, 200, '/health is exempt')

  const behind = await buildTestApp(t, { RATE_LIMIT_PER_IP: '2', TRUST_PROXY: 'true' })
  const fwd = (ip: string) => behind.request({ method: 'GET', url: '/v1/menu', headers: { 'x-forwarded-for': ip } })
  t.same([(await fwd('203.0.113.1')).status, (await fwd('203.0.113.1')).status, (await fwd('203.0.113.1')).status], [200, 200, 429])
  t.equal((await fwd('203.0.113.2')).status, 200, 'another client behind the proxy has its own budget')
})

t.test('failed authentications from one address are capped before any token lookup', async (t) => {
  const ctx = await buildTestApp(t, { RATE_LIMIT_AUTH_FAILURES_PER_IP: '4' })
  const s: number[] = []
  for (let i = 0; i < 6; i++) s.push((await ctx.request({ method: 'GET', url: '/v1/demands', token: `zqx_guess_${i}` })).status)
  t.same(s, [401, 401, 401, 401, 429, 429])
  const res = await ctx.request({ method: 'GET', url: '/v1/demands', token: 'zqx_guess_x' })
  problem(t, res, 429, 'rate_limited')
  t.ok(Number(res.headers['retry-after']) >= 1)
  t.equal((await ctx.request({ method: 'GET', url: '/v1/menu' })).status, 200, 'anonymous public reads go on')
})

t.test('under pressure the service sheds load: 503 service.overloaded with Retry-After; /health still answers', async (t) => {
  // A heap threshold of 1 byte: the first sample puts the process "under pressure".
  const { request } = await buildTestApp(t, { PRESSURE_MAX_HEAP_USED_BYTES: '1', PRESSURE_SAMPLE_INTERVAL_MS: '10' })
  await new Promise((r) => setTimeout(r, 150))
  const res = await request({ method: 'GET', url: '/v1/menu' })
  problem(t, res, 503, 'service.overloaded')
  t.ok(Number(res.headers['retry-after']) >= 1)
  const h = await request({ method: 'GET', url: '/health' })
  t.equal(h.status, 200)
  t.match(h.body, { status: 'ok', database: { reachable: true } })
})

t.test('default limits are generous and load shedding is on with a 1 s event-loop delay threshold', async (t) => {
  const { parseConfig } = await import('../../src/config.js')
  const c = parseConfig({})
  t.match(c.rateLimit, { perToken: 600, perIp: 300, windowMs: 60_000 })
  t.same(c.corsOrigins, [])
  t.equal(c.pressure.maxEventLoopDelayMs, 1000)
  t.throws(() => parseConfig({ CORS_ORIGINS: 'https://a.example.cn/path' }), /CORS_ORIGINS/)
})

t.test('every list route has a bounded page size: limit above its maximum, 0, negative or not a number is 400', async (t) => {
  const { app, request } = await buildTestApp(t)
  await app.ready()
  type Param = { in: string; name: string; required?: boolean; schema?: { maximum?: number; enum?: string[]; default?: unknown } }
  const doc = app.swagger() as { paths: Record<string, Record<string, { parameters?: Param[] }>> }
  const lists: Array<{ path: string; max: number; required: string }> = []
  const unpaged: string[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    const op = ops.get
    if (!op || !path.startsWith('/v1') || path.includes('{')) continue
    const limit = op.parameters?.find((p) => p.in === 'query' && p.name === 'limit')
    if (!limit) {
      unpaged.push(path)
      continue
    }
    // Required query parameters (e.g. figure) get the first value of their enum.
    const required = (op.parameters ?? [])
      .filter((p) => p.in === 'query' && p.required && p.schema?.enum)
      .map((p) => `&${p.name}=${encodeURIComponent(p.schema!.enum![0]!)}`)
      .join('')
    lists.push({ path, max: limit.schema?.maximum ?? Infinity, required })
  }
  t.ok(lists.length >= 7, `${lists.length} list routes`)
  for (const { path, max, required } of lists) {
    t.ok(max <= 1000, `${path}: limit has a maximum (${max})`)
    if (max === Infinity) continue
    for (const bad of [String(max + 1), '0', '-1', '1e9', 'abc', '']) {
      const r = await request({ method: 'GET', url: `${path}?limit=${bad}${required}`, token: ADMIN_TOKEN })
      t.equal(r.status, 400, `${path}?limit=${bad} → 400`)
    }
    const ok = await request({ method: 'GET', url: `${path}?limit=${max}${required}`, token: ADMIN_TOKEN })
    t.equal(ok.status, 200, `${path}?limit=${max} → 200`)
  }
  t.comment(`page sizes: ${lists.map((l) => `${l.path} ≤ ${l.max}`).join(', ')}`)
  // Collections without paging are aggregates (figures, reports), not lists of records.
  t.comment(`GET routes without a page size (aggregates): ${unpaged.join(', ')}`)
})
