import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { auditLog } from '../../db/schema.js'
import { newId } from '../../lib/ids.js'
import type { Principal } from '../../plugins/auth.js'

/** What audit rows are about; GET /v1/audit filters on these. */
export const AUDIT_OBJECT_TYPES = ['enterprise', 'demand', 'assignment', 'team', 'menu_item', 'token', 'activity', 'feedback'] as const
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number]

export interface AuditEntry {
  actor: Principal | null
  objectType: AuditObjectType
  objectId: string
  action: string
  fromStatus?: string | null
  toStatus?: string | null
  data?: Record<string, unknown>
}

/** Writes one audit row; call it with the transaction that makes the change. */
export async function writeAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId(),
    tokenId: entry.actor?.tokenId ?? null,
    actorRole: entry.actor?.role ?? null,
    objectType: entry.objectType,
    objectId: entry.objectId,
    action: entry.action,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
    data: entry.data ?? null,
  })
}

/**
 * Audit rows like writeAudit's, as a data-modifying CTE named `name` for a one-statement
 * write (see insertManyOnce): one row per row of the CTE `from`, the per-row fields given
 * as SQL expressions over its columns. Nothing is written for rows `from` does not hold.
 */
export function auditInsertFrom(
  name: string,
  from: string,
  row: { id: SQL; tokenId: SQL; actorRole: SQL; objectId: SQL; data: SQL },
  entry: Pick<AuditEntry, 'objectType' | 'action' | 'fromStatus' | 'toStatus'>,
): SQL {
  return sql`${sql.identifier(name)} as (
    insert into audit_log (id, token_id, actor_role, object_type, object_id, action, from_status, to_status, data)
    select ${row.id}, ${row.tokenId}, ${row.actorRole}, ${entry.objectType}::text, ${row.objectId}, ${entry.action}::text,
      ${entry.fromStatus ?? null}::text, ${entry.toStatus ?? null}::text, ${row.data}
    from ${sql.identifier(from)}
  )`
}

export interface AuditQuery {
  objectType?: string | undefined
  objectId?: string | undefined
  action?: string | undefined
  tokenId?: string | undefined
  since?: Date | undefined
  limit: number
  before?: string | undefined
}

/** Audit rows, newest first (ids are time-ordered); limit+1 rows so the caller can page. */
export async function listAudit(db: Queryable, q: AuditQuery) {
  const where: SQL[] = []
  if (q.objectType) where.push(eq(auditLog.objectType, q.objectType))
  if (q.objectId) where.push(eq(auditLog.objectId, q.objectId))
  if (q.action) where.push(eq(auditLog.action, q.action))
  if (q.tokenId) where.push(eq(auditLog.tokenId, q.tokenId))
  if (q.since) where.push(gte(auditLog.at, q.since))
  if (q.before) where.push(lt(auditLog.id, q.before))
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1)
}
