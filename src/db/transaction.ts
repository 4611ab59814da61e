import type { Database, Tx } from './client.js'

// Deadlocks and serialization failures are PostgreSQL asking the client to try again.
const RETRYABLE = new Set(['40P01', '40001'])

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: unknown }
  return e?.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : e?.cause ? sqlState(e.cause) : undefined
}

/** One transaction, retried a few times when PostgreSQL reports a deadlock or serialization failure. */
export async function inTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await database.db.transaction(work)
    } catch (err) {
      if (i >= attempts || !RETRYABLE.has(sqlState(err) ?? '')) throw err
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20))
    }
  }
}

/** A unique-constraint violation (23505), e.g. a duplicate credit code or a second active assignment. */
export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505'
