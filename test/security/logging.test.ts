// What reaches the log: each request's lines carry its request id, and no bearer token
// (the bootstrap admin's or an issued one) is ever written. request.log is made on first
// use (src/logger.ts); this checks it still logs what pino's own child would.
import t from 'tap'
import { pino } from 'pino'
import { REDACT } from '../../src/logger.js'
import { ADMIN_TOKEN, buildTestApp, enterpriseWithToken } from '../helpers/app.js'

const lines: string[] = []
const logger = pino({ level: 'info', redact: { paths: REDACT, censor: '[redacted]' } }, { write: (s: string) => void lines.push(s) })
const ctx = await buildTestApp(t, {}, { logger })
const { request } = ctx
ctx.app.get('/boom', async () => {
  throw new Error('a bug')
})
// A route may log more than the service does (Fastify's per-route logLevel).
ctx.app.get('/chatty', { logLevel: 'debug' }, async (req) => {
  req.log.debug('a detail')
  return { ok: true }
})

t.test('when requests are logged at info, then each line names its request and no token is written', async (t) => {
  const ent = await enterpriseWithToken(ctx)
  lines.length = 0
  const ok = await request({ method: 'GET', url: '/v1/demands?limit=1', token: ent.token, headers: { 'x-request-id': 'log-test-1' } })
  const bad = await request({ method: 'GET', url: '/v1/demands?limit=1', token: 'zqx_not-a-real-token', headers: { 'x-request-id': 'log-test-2' } })
  t.equal(ok.status, 200)
  t.equal(bad.status, 401)
  const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string; res?: { statusCode: number } })
  for (const id of ['log-test-1', 'log-test-2']) {
    const mine = entries.filter((e) => e.reqId === id)
    t.same(
      mine.map((e) => e.msg),
      ['incoming request', 'request completed'],
      `${id}: both lines, with its id`,
    )
  }
  t.equal(entries.find((e) => e.reqId === 'log-test-2' && e.res)?.res?.statusCode, 401)
  const all = lines.join('\n')
  for (const secret of [ADMIN_TOKEN, ent.token, 'zqx_not-a-real-token']) t.notOk(all.includes(secret), 'no token in the log')
})

t.test('when the level is above info, then a request writes nothing, and an error is still written with the request id', async (t) => {
  logger.level = 'warn'
  t.teardown(() => void (logger.level = 'info'))
  lines.length = 0
  const res = await request({ method: 'GET', url: '/health', headers: { 'x-request-id': 'log-test-3' } })
  t.equal(res.status, 200)
  t.same(lines, [], 'nothing written')
  // An unexpected error is written, through request.log, with the request's id.
  const boom = await request({ method: 'GET', url: '/boom', token: ADMIN_TOKEN, headers: { 'x-request-id': 'log-test-4' } })
  t.equal(boom.status, 500)
  t.equal(lines.length, 1)
  t.match(JSON.parse(lines[0]!), { reqId: 'log-test-4', msg: 'unhandled error', err: { message: 'a bug' } })
  t.notOk(lines[0]!.includes(ADMIN_TOKEN))
})

t.test("when a route has its own log level, then its request's lines follow it", async (t) => {
  lines.length = 0
  const res = await request({ method: 'GET', url: '/chatty', headers: { 'x-request-id': 'log-test-5' } })
  t.equal(res.status, 200)
  t.ok(
    lines.some((l) => JSON.parse(l).msg === 'a detail' && JSON.parse(l).reqId === 'log-test-5'),
    'the debug line of a debug route is written while the service logs at info',
  )
})
