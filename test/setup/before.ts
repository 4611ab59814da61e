// Runs once before the test files: makes the migrated template database they copy.
// Templates are named after a hash of the migrations, so an existing one is reused and
// concurrent runs (other engineers, CI) never drop each other's databases.
import postgres from 'postgres'
import { createDatabase } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { ensurePgliteTemplate } from '../../src/db/pglite-template.js'
import { TEST_DATABASE_URL, pgTemplateName, withDatabase } from '../helpers/db.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

if (TEST_DATABASE_URL) {
  const name = pgTemplateName()
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  await admin`select pg_advisory_lock(7303, 0)`
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`
    if (!exists) {
      const building = `${name}_building`
      await admin.unsafe(`drop database if exists ${building} with (force)`)
      await admin.unsafe(`create database ${building}`)
      const database = await createDatabase({ url: withDatabase(TEST_DATABASE_URL, building), poolSize: 1 })
      await migrate(database)
      await database.close()
      await admin.unsafe(`alter database ${building} rename to ${name}`)
      console.log(`# template database ${name} migrated`)
    }
    // Leftovers of runs killed before their teardown: test databases whose process is gone.
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'zqxtest\\_%'`
    for (const { datname } of stale) {
      const pid = Number(datname.split('_')[1])
      if (!alive(pid)) await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {})
    }
  } finally {
    await admin`select pg_advisory_unlock(7303, 0)`
    await admin.end()
  }
} else {
  // The same packed, migrated database a first `npm start` unpacks (src/db/pglite-template.ts).
  await ensurePgliteTemplate()
}
