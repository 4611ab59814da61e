// Idempotency-Key (API.md): scoped to the caller's token and the route; the same key
// with the same canonical body replays the first answer, another body is a 422, and a
// key whose first request is still running is a 409. The key row is written in the same
// transaction as what the request creates, so a crash leaves neither.
import { createHash } from 'node:crypto'
import { and, eq, lt, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Database, Tx } from '../../db/client.js'
import { idempotencyKeys } from '../../db/schema.js'
import { errors } from '../../lib/errors.js'

const KEEP_MS = 24 * 3_600_000
// First half of the advisory-lock key: a namespace so these locks meet no others.
const LOCK_NAMESPACE = 7_301

export interface Replayable {
  status: number
  body: unknown
  replayed: boolean
}

/** Stable JSON: object keys sorted, so key order in the client's body does not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** The header as the routes that honour it declare it (OpenAPI); parseIdempotencyKey checks its form. */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().max(200).optional().describe('Replays the first answer for the same key and body, for 24 h'),
})

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const key = Array.isArray(header) ? header[0] : header
  if (!key || !/^[\x21-\x7E]{1,200}$/.test(key))
    throw errors.badRequest(
      'idempotency.bad_key',
      { zh: 'Idempotency-Key 应为 1–200 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–200 visible ASCII characters' },
      { errors: [{ path: 'headers.idempotency-key', code: 'bad_key', message: 'Idempotency-Key 应为 1–200 个可见 ASCII 字符' }] },
    )
  return key
}

const requestHashOf = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex')

export interface InsertOnceItem {
  tokenId: string
  key: string | undefined
  /** The request body, whose canonical hash is stored with the key. */
  body: unknown
  /** The answer's status and body (as JSON text), stored with the key for replays. */
  status: number
  answerJson: string
  /** Anything else the caller's inserts need besides the answer. */
  extra: Record<string, unknown>
}

/**
 * Requests that only insert rows, several at once in one statement (one round trip,
 * atomic by itself; see lib/coalesce.ts for how they are gathered). Each item's key row
 * and answer are inserted first (ON CONFLICT DO NOTHING); `inserts` gives the
 * data-modifying CTEs (comma-separated), which read only the items whose key was new (or
 * that have none) from the CTE `zqx_new` (columns `token_id`, `x`: the answer's body as
 * jsonb, `extra`). Returns, per item, false when its key was already there: nothing was
 * written for it, and the caller takes withIdempotency's path, which replays, refuses
 * another body (422) or replaces an expired key. A request with the key of one whose
 * statement is still running waits for it on the key's unique index, then replays. Two
 * items of one batch must not share a token and key.
 */
export async function insertManyOnce(database: Database, route: string, items: readonly InsertOnceItem[], inserts: SQL): Promise<boolean[]> {
  // The answers are JSON already (as they are sent): spliced in, not serialised again.
  const input = `[${items
    .map(
      (it) =>
        `{"tokenId":${JSON.stringify(it.tokenId)},"key":${JSON.stringify(it.key ?? null)},"requestHash":${it.key === undefined ? 'null' : JSON.stringify(requestHashOf(it.body))},"status":${it.status},"answer":${it.answerJson},"extra":${JSON.stringify(it.extra)}}`,
    )
    .join(',')}]`
  const rows = await database.rows<{ n: number; stored: boolean }>(sql`
    with zqx_in as (
      select t.n::int as n, (t.v->>'tokenId')::uuid as token_id, t.v->>'key' as key, t.v
      from jsonb_array_elements(${input}::text::jsonb) with ordinality as t(v, n)
    ), zqx_key as (
      insert into idempotency_keys (token_id, route, key, request_hash, status_code, response_body)
      select token_id, ${route}::text, key, v->>'requestHash', (v->>'status')::int, v->'answer' from zqx_in where key is not null
      on conflict do nothing
      returning token_id, key
    ), zqx_new as (
      select i.n, i.token_id, i.v->'answer' as x, i.v->'extra' as extra from zqx_in i
      where i.key is null or exists (select 1 from zqx_key k where k.token_id = i.token_id and k.key = i.key)
    ), ${inserts}
    select i.n, exists (select 1 from zqx_new w where w.n = i.n) as stored from zqx_in i order by i.n`)
  return rows.map((r) => r.stored === true)
}

/**
 * Runs `work` in one transaction, guarded by the key when there is one.
 * `work` returns the status and body to answer (and to replay later).
 */
export async function withIdempotency(
  database: Database,
  scope: { tokenId: string; route: string; key: string | undefined; body: unknown },
  work: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<Replayable> {
  const { key } = scope
  if (!key) return database.db.transaction(async (tx) => ({ ...(await work(tx)), replayed: false }))
  const requestHash = requestHashOf(scope.body)
  return database.db.transaction(async (tx) => {
    const [lock] = await database.rows<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${`${scope.tokenId}|${scope.route}|${key}`})) as ok`,
      tx,
    )
    if (!lock?.ok) throw errors.idempotencyInProgress()
    const where = and(eq(idempotencyKeys.tokenId, scope.tokenId), eq(idempotencyKeys.route, scope.route), eq(idempotencyKeys.key, key))
    const [seen] = await tx.select().from(idempotencyKeys).where(where)
    if (seen && Date.now() - seen.createdAt.getTime() < KEEP_MS) {
      if (seen.requestHash !== requestHash) throw errors.idempotencyKeyReused()
      return { status: seen.statusCode, body: seen.responseBody, replayed: true }
    }
    // An expired key is replaced; other expired keys are swept by sweepIdempotencyKeys.
    if (seen) await tx.delete(idempotencyKeys).where(where)
    const result = await work(tx)
    await tx.insert(idempotencyKeys).values({ tokenId: scope.tokenId, route: scope.route, key, requestHash, statusCode: result.status, responseBody: result.body as object })
    return { ...result, replayed: false }
  })
}

/** Deletes keys older than 24 h (uses the created_at index; cheap when there are none). */
export async function sweepIdempotencyKeys(database: Database): Promise<number> {
  const gone = await database.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(Date.now() - KEEP_MS)))
    .returning({ key: idempotencyKeys.key })
  return gone.length
}
