import t from 'tap'
import { ADMIN_TOKEN, buildTestApp, enterpriseWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx

t.test('when an admin issues a token, then it works, is listed without its secret, and revocation is immediate', async (t) => {
  const issued = await request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body: { role: 'admin', label: '调度员 张三' } })
  t.equal(issued.status, 201)
  t.match(issued.body.token, /^zqx_[A-Za-z0-9_-]{43}$/)
  t.equal((await request({ method: 'GET', url: '/v1/demands', token: issued.body.token })).status, 200)

  // lastUsedAt is written after the answer, off the request path.
  let list = await request({ method: 'GET', url: '/v1/tokens', token: ADMIN_TOKEN })
  for (let i = 0; i < 50 && !list.body.items.find((x: { id: string }) => x.id === issued.body.id).lastUsedAt; i++) {
    await new Promise((r) => setTimeout(r, 20))
    list = await request({ method: 'GET', url: '/v1/tokens', token: ADMIN_TOKEN })
  }
  const row = list.body.items.find((x: { id: string }) => x.id === issued.body.id)
  t.match(row, { role: 'admin', label: '调度员 张三', revokedAt: null })
  t.type(row.lastUsedAt, 'string', 'lastUsedAt is recorded')
  t.notMatch(JSON.stringify(list.body), issued.body.token, 'the secret is never listed')

  const { rows } = await import('../../src/db/schema.js').then(async ({ tokens }) => ({ rows: await ctx.db.database.db.select().from(tokens) }))
  t.notOk(rows.some((r) => r.hash === issued.body.token || JSON.stringify(r).includes(issued.body.token)), 'only a hash is stored')

  const revoked = await request({ method: 'DELETE', url: `/v1/tokens/${issued.body.id}`, token: ADMIN_TOKEN })
  t.equal(revoked.status, 204, revoked.raw)
  t.equal((await request({ method: 'GET', url: '/v1/demands', token: issued.body.token })).status, 401)
  t.equal((await request({ method: 'DELETE', url: '/v1/tokens/01890000-0000-7000-8000-000000000000', token: ADMIN_TOKEN })).status, 404)
})

t.test('when the owner is missing, wrong or unknown, then 400 names the field', async (t) => {
  const cases: [object, string][] = [
    [{ role: 'enterprise' }, 'enterpriseId'],
    [{ role: 'team' }, 'teamId'],
    [{ role: 'admin', teamId: '01890000-0000-7000-8000-000000000000' }, 'teamId'],
    [{ role: 'enterprise', enterpriseId: '01890000-0000-7000-8000-000000000000' }, 'enterpriseId'],
    [{ role: 'team', teamId: '01890000-0000-7000-8000-000000000000' }, 'teamId'],
    [{ role: 'root' }, 'role'],
    [{ role: 'admin', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
  ]
  for (const [body, path] of cases) {
    const res = await request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body })
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.errors?.[0]?.path, path, JSON.stringify(body))
  }
})

t.test('when a token has expired, then it is refused', async (t) => {
  const e = await enterpriseWithToken(ctx)
  const soon = new Date(Date.now() + 1500).toISOString()
  const issued = await request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body: { role: 'enterprise', enterpriseId: e.enterprise.id, expiresAt: soon } })
  t.equal((await request({ method: 'GET', url: '/v1/demands', token: issued.body.token })).status, 200)
  await new Promise((r) => setTimeout(r, 1600))
  t.equal((await request({ method: 'GET', url: '/v1/demands', token: issued.body.token })).status, 401)
})

t.test('when the bootstrap token changes between starts, then the old value stops working', async (t) => {
  const { buildApp } = await import('../../src/app.js')
  const { parseConfig } = await import('../../src/config.js')
  const next = await buildApp({ config: parseConfig({ BOOTSTRAP_ADMIN_TOKEN: 'another-bootstrap-token-0123456789' }), database: ctx.db.database })
  t.teardown(() => next.close())
  const old = await next.inject({ method: 'GET', url: '/v1/tokens', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  t.equal(old.statusCode, 401)
  const fresh = await next.inject({ method: 'GET', url: '/v1/tokens', headers: { authorization: 'Bearer another-bootstrap-token-0123456789' } })
  t.equal(fresh.statusCode, 200)
})

t.test('when a token is revoked through another instance, then this instance refuses it at once (cache eviction by NOTIFY)', async (t) => {
  const { buildApp } = await import('../../src/app.js')
  const { parseConfig } = await import('../../src/config.js')
  const { createDatabase } = await import('../../src/db/client.js')
  // On PostgreSQL a second connection pool, as a second process would have; on PGlite the same database.
  const otherDb = ctx.db.url ? await createDatabase({ url: ctx.db.url, poolSize: 2 }) : ctx.db.database
  const other = await buildApp({ config: parseConfig({ BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN }), database: otherDb })
  t.teardown(async () => {
    await other.close()
    if (otherDb !== ctx.db.database) await otherDb.close()
  })
  const issued = await request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body: { role: 'admin', label: 'cache test' } })
  t.equal((await request({ method: 'GET', url: '/v1/tokens', token: issued.body.token })).status, 200, 'cached here')
  const del = await other.inject({ method: 'DELETE', url: `/v1/tokens/${issued.body.id}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  t.equal(del.statusCode, 204)
  let status = 0
  for (let i = 0; i < 50; i++) {
    status = (await request({ method: 'GET', url: '/v1/tokens', token: issued.body.token })).status
    if (status === 401) break
    await new Promise((r) => setTimeout(r, 10))
  }
  t.equal(status, 401)
})
