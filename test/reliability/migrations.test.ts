// Several instances starting at once with MIGRATE_ON_START: all of them must come up, on
// one empty PostgreSQL database, with the migrations applied once. PostgreSQL only.
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import t from 'tap'
import { createDatabase } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { TEST_DATABASE_URL, withDatabase } from '../helpers/db.js'

t.test('when four processes migrate one empty database at once, then all succeed and each migration is applied once', { skip: TEST_DATABASE_URL ? false : 'PostgreSQL only: set TEST_DATABASE_URL' }, async (t) => {
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
  // Named like the other test databases, so a killed run's leftover is dropped by test/setup/before.ts.
  const name = `zqxtest_${process.pid}_migrate`
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.unsafe(`create database ${name}`)
  t.teardown(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  const url = withDatabase(TEST_DATABASE_URL!, name)
  for (let round = 1; round <= 2; round++) {
    const dbs = await Promise.all([1, 2, 3, 4].map(() => createDatabase({ url, poolSize: 2 })))
    const results = await Promise.allSettled(dbs.map((d) => migrate(d)))
    t.same(
      results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message).slice(0, 120) : 'ok')),
      ['ok', 'ok', 'ok', 'ok'],
      `round ${round}: every process migrated (${round === 1 ? 'empty database' : 'already migrated'})`,
    )
    const [applied] = await dbs[0]!.rows<{ n: number; distinct: number }>(
      sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
    )
    t.equal(Number(applied!.n), Number(applied!.distinct), 'no migration recorded twice')
    for (const d of dbs) await d.close()
  }
})
