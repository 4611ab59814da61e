// A checksum of every table's rows, to show that a refused request changed nothing.
// tokens.last_used_at is left out: authenticating a read touches it (minute precision).
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/client.js'

const VOLATILE: Record<string, string[]> = { tokens: ['last_used_at'] }

export interface Fingerprint {
  rows: Record<string, number>
  digest: string
}

export async function tableNames(database: Database): Promise<string[]> {
  const rows = await database.rows<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  return rows.map((r) => r.name).filter((n) => !n.startsWith('__drizzle'))
}

/** Row counts and one md5 over all tables, in one round trip. */
export async function fingerprint(database: Database, tables?: string[]): Promise<Fingerprint> {
  const names = tables ?? (await tableNames(database))
  const parts = names.map((name) => {
    const drop = (VOLATILE[name] ?? []).map((c) => ` - '${c}'`).join('')
    return `select '${name}' as name, count(*)::int as n, coalesce(md5(string_agg((to_jsonb(t)${drop})::text, '|' order by (to_jsonb(t)${drop})::text)), '') as h from "${name}" t`
  })
  const rows = await database.rows<{ name: string; n: number; h: string }>(sql.raw(parts.join(' union all ')))
  const sorted = rows.sort((a, b) => a.name.localeCompare(b.name))
  return {
    rows: Object.fromEntries(sorted.map((r) => [r.name, Number(r.n)])),
    digest: sorted.map((r) => `${r.name}:${r.n}:${r.h}`).join(','),
  }
}
