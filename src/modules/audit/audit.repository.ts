import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { auditLog } from '../../db/schema.js'
import { newId } from '../../lib/ids.js'
import type { Principal } from '../../plugins/auth.js'

export type AuditObjectType = 'enterprise' | 'demand' | 'assignment' | 'team' | 'menu_item' | 'token' | 'activity' | 'feedback'

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

export async function listAudit(
  db: Queryable,
  q: { objectType?: string; objectId?: string; limit: number; before?: string },
) {
  const where: SQL[] = []
  if (q.objectType) where.push(eq(auditLog.objectType, q.objectType))
  if (q.objectId) where.push(eq(auditLog.objectId, q.objectId))
  if (q.before) where.push(lt(auditLog.id, q.before))
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1)
}
