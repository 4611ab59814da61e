// An unexpected error is a 500 that hides its details behind the request id — unless the
// database cannot be reached at that moment, when it is a 503 the client may retry.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { parseConfig } from '../../src/config.js'
import { createTestDatabase } from '../helpers/db.js'

t.test('an unexpected error: 500 while the database is up, 503 while it is unreachable', async (t) => {
  const db = await createTestDatabase()
  let reachable = true
  const database = { ...db.database, ping: async () => reachable && db.database.ping() }
  const app = await buildApp({ config: parseConfig({ BOOTSTRAP_ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' }), database })
  app.get('/boom', async () => {
    throw new Error('a bug, with a secret detail')
  })
  t.teardown(async () => {
    await app.close()
    await db.drop()
  })
  const up = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(up.statusCode, 500)
  t.equal(up.json().code, 'internal')
  t.notMatch(up.body, /secret detail/)
  reachable = false
  const down = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(down.statusCode, 503)
  t.equal(down.json().code, 'service.unavailable')
  t.ok(down.headers['retry-after'], 'with Retry-After')
})
