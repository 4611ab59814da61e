// A database of its own for each test file: on PGlite a copy of a migrated template
// (made once by test/setup/before.ts), on PostgreSQL (TEST_DATABASE_URL) a database
// created from a migrated template database and dropped afterwards.
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { createDatabase, type Database } from '../../src/db/client.js'
import { migrationsHash } from '../../src/db/migrate.js'
import { pgliteTemplatePath } from '../../src/db/pglite-template.js'

export { migrationsHash }
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

export const pgTemplateName = () => `zqx_template_${migrationsHash()}`

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export interface TestDatabase {
  database: Database
  /** A connection string for other processes (PostgreSQL only). */
  url?: string
  drop(): Promise<void>
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DATABASE_URL) {
    const name = `zqxtest_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
    const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database ${name} template ${pgTemplateName()}`)
    const url = withDatabase(TEST_DATABASE_URL, name)
    const database = await createDatabase({ url, poolSize: 5 })
    return {
      database,
      url,
      async drop() {
        await database.close()
        await admin.unsafe(`drop database if exists ${name} with (force)`)
        await admin.end()
      },
    }
  }
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) })
  const database = await createDatabase({ pglite })
  return {
    database,
    async drop() {
      await database.close()
      await pglite.close()
    },
  }
}
