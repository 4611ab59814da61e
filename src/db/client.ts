// The database behind the service: PostgreSQL through postgres.js when a URL is given,
// otherwise the embedded PGlite in a data folder, so `npm start` works with no server.
import { mkdirSync, rmSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { interruptedUnpacking, isEmptyDir, openFromTemplate, pgliteTemplate } from './pglite-template.js'
import * as schema from './schema.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything a repository can run a query on: the database or an open transaction. */
export type Queryable = Db | Tx

export interface Database {
  db: Db
  driver: 'pglite' | 'postgres'
  /** Rows of a raw statement, whatever the driver returns them in. */
  rows<T = Record<string, unknown>>(query: ReturnType<typeof sql>, on?: Queryable): Promise<T[]>
  ping(): Promise<boolean>
  /**
   * LISTEN on a channel. `onReconnect` runs when the listening connection was lost and
   * is back, since notifications sent meanwhile were missed.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<void>
  close(): Promise<void>
}

export type DatabaseOptions =
  | { url: string; poolSize?: number; logger?: { warn(obj: object, msg: string): void } }
  | { dataDir?: string; pglite?: PGlite }

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      // Notices (e.g. "relation already exists, skipping") are not errors.
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 30,
      // While PostgreSQL is down, queued queries wait for the next connection attempt; the
      // driver's default backoff grows to 20 s, so requests would hang that long before
      // their 503. Retry quickly instead (50 ms doubling, at most 1 s).
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    })
    const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db
    const listen: Database['listen'] = async (channel, onNotify, onReconnect) => {
      let first = true
      await client.listen(channel, onNotify, () => {
        if (!first) onReconnect?.()
        first = false
      })
    }
    return wrap(db, 'postgres', listen, () => client.end({ timeout: 5 }))
  }
  let pg = options.pglite
  if (!pg) {
    const dir = options.dataDir
    // A first start killed while unpacking left a partial folder: start it again.
    if (dir && interruptedUnpacking(dir)) rmSync(dir, { recursive: true, force: true })
    // A new data folder starts from the packed, migrated template when there is one.
    const template = dir && isEmptyDir(dir) ? pgliteTemplate() : undefined
    if (dir && template) pg = await openFromTemplate(template, dir)
    else {
      if (dir) mkdirSync(dir, { recursive: true })
      pg = await PGlite.create(dir ? { dataDir: dir } : {})
    }
  }
  const db = drizzlePglite(pg, { schema }) as unknown as Db
  const owned = pg
  // One in-process connection: nothing to reconnect.
  const listen: Database['listen'] = async (channel, onNotify) => {
    await owned.listen(channel, onNotify)
  }
  return wrap(db, 'pglite', listen, () => (options.pglite ? Promise.resolve() : owned.close()))
}

/** Statements with more parameters than this (bulk inserts) are not kept prepared. */
const MAX_PREPARED_PARAMS = 100

/**
 * drizzle runs every query as an unnamed statement (`prepare: false` unless the query is
 * given a name), so PostgreSQL parses and plans it on every execution and the driver
 * describes it first. This has the driver keep them as prepared statements per
 * connection (it caches them by text), inside transactions and savepoints too. Bulk
 * statements, whose text varies with their row count, stay unnamed.
 */
export function preparing<T extends postgres.Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, { ...options, prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMS })
      if (prop === 'begin' || prop === 'savepoint')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).call(target, ...args, (tx: postgres.Sql) => fn(preparing(tx)))
        }
      return Reflect.get(target, prop, receiver)
    },
  })
}

function wrap(db: Db, driver: Database['driver'], listen: Database['listen'], close: () => Promise<void>): Database {
  let closed = false
  const rows: Database['rows'] = async (query, on = db) => {
    const result = (await on.execute(query)) as unknown
    // PGlite answers {rows}, postgres.js an array.
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as never
  }
  return {
    db,
    driver,
    rows,
    listen,
    async ping() {
      if (closed) return false
      try {
        await db.execute(sql`select 1`)
        return true
      } catch {
        return false
      }
    },
    async close() {
      if (closed) return
      closed = true
      await close()
    },
  }
}
