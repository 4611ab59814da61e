// Runs once before the test files: migrates a template database they copy.
import { existsSync, writeFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { createDatabase } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { TEST_DATABASE_URL, pgTemplateName, pgliteTemplatePath, withDatabase } from '../helpers/db.js'

if (TEST_DATABASE_URL) {
  const name = pgTemplateName()
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.unsafe(`create database ${name}`)
  const database = await createDatabase({ url: withDatabase(TEST_DATABASE_URL, name), poolSize: 1 })
  await migrate(database)
  await database.close()
  // Leftovers of runs that were killed before their teardown.
  const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'zqxtest\_%'`
  for (const { datname } of stale) await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {})
  await admin.end()
  console.log(`# template database ${name} migrated`)
} else {
  const path = pgliteTemplatePath()
  if (!existsSync(path)) {
    const pglite = await PGlite.create()
    await migrate(await createDatabase({ pglite }))
    const dump = await pglite.dumpDataDir('gzip')
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()))
    await pglite.close()
    console.log(`# PGlite template written to ${path}`)
  }
}
