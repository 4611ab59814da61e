import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { Database } from './client.js'

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

/** Changes whenever a migration does, so a database template made from older ones is never used. */
export function migrationsHash(): string {
  const h = createHash('sha256')
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, f.name)
      if (f.isDirectory()) walk(p)
      else h.update(f.name).update(readFileSync(p))
    }
  }
  walk(migrationsFolder)
  return h.digest('hex').slice(0, 12)
}

// Several instances starting at once on one PostgreSQL race to create the same objects;
// the losers get a unique violation on the catalog (or "already exists"). The migrator
// applies pending migrations in one transaction, so a loser has changed nothing: it waits
// and runs again, and then finds them applied.
const RACE_CODES = new Set(['23505', '42P07', '42710', '42P06', '40P01'])
const ATTEMPTS = 10

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: unknown }
  return e?.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : e?.cause ? sqlState(e.cause) : undefined
}

/** Applies the committed drizzle-kit migrations; safe to run on every start, from several processes at once. */
export async function migrate(database: Database): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder })
    return
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await migratePostgres(database.db as never, { migrationsFolder })
      return
    } catch (err) {
      if (attempt >= ATTEMPTS || !RACE_CODES.has(sqlState(err) ?? '')) throw err
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100))
    }
  }
}
