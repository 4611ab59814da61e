// Opaque bearer tokens: 32 random bytes, stored only as a SHA-256 hash (a fast hash is
// enough for high-entropy secrets), each bound to a role and, for enterprises and
// teams, to its owner.
import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.js'
import { enterprises, teams, tokens } from '../../db/schema.js'
import type { Role } from '../../domain/codes/codes.js'
import { errors } from '../../lib/errors.js'
import { newId } from '../../lib/ids.js'
import { pageOf } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'
import type { TokenCreate } from './tokens.schemas.js'

export const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex')
const newSecret = () => `zqx_${randomBytes(32).toString('base64url')}`
// lastUsedAt is for humans ("is this token still in use?"); minute precision spares a write per request.
const TOUCH_EVERY_MS = 60_000
// Authenticated tokens are cached so a request costs no round trip for auth. A revoke
// is broadcast with NOTIFY in its own transaction and evicts the entry in every process
// at once; the TTL only bounds staleness if a notification were ever lost in a reconnect
// (which also clears the cache).
const CACHE_TTL_MS = 30_000
const CACHE_MAX = 10_000
export const REVOKED_CHANNEL = 'zqx_token_revoked'

type TokenRow = typeof tokens.$inferSelect

export function toTokenView(r: TokenRow) {
  return {
    id: r.id,
    role: r.role as Role,
    enterpriseId: r.enterpriseId,
    teamId: r.teamId,
    label: r.label,
    bootstrap: r.bootstrap,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  }
}

type Cached = { principal: Principal; expiresAt: number | null; cachedAt: number; touchedAt: number }

export function createTokenService({ database }: { database: Database }) {
  const { db } = database
  const cache = new Map<string, Cached>()
  const evict = (tokenId: string) => {
    for (const [hash, c] of cache) if (c.principal.tokenId === tokenId) cache.delete(hash)
  }
  const listening = database.listen(REVOKED_CHANNEL, evict, () => cache.clear()).catch(() => cache.clear())

  const touch = (id: string, at: number) => {
    // Bookkeeping, not part of the answer: not awaited, and a failure only leaves lastUsedAt older.
    db.update(tokens)
      .set({ lastUsedAt: new Date(at) })
      .where(eq(tokens.id, id))
      .catch(() => {})
  }

  return {
    /** Resolves before revocations from other processes can be missed. */
    ready: () => listening,

    async authenticate(secret: string): Promise<Principal | null> {
      if (secret.length > 200) return null
      const hash = hashToken(secret)
      const now = Date.now()
      const hit = cache.get(hash)
      if (hit && now - hit.cachedAt < CACHE_TTL_MS && (hit.expiresAt === null || hit.expiresAt > now)) {
        if (now - hit.touchedAt > TOUCH_EVERY_MS) {
          hit.touchedAt = now
          touch(hit.principal.tokenId, now)
        }
        return hit.principal
      }
      cache.delete(hash)
      const [row] = await db.select().from(tokens).where(eq(tokens.hash, hash)).limit(1)
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null
      let touchedAt = row.lastUsedAt?.getTime() ?? 0
      if (now - touchedAt > TOUCH_EVERY_MS) {
        touchedAt = now
        touch(row.id, now)
      }
      const principal: Principal = { tokenId: row.id, role: row.role as Role, enterpriseId: row.enterpriseId, teamId: row.teamId }
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
      cache.set(hash, { principal, expiresAt: row.expiresAt?.getTime() ?? null, cachedAt: now, touchedAt })
      return principal
    },

    async issue(input: z.output<typeof TokenCreate>, actor: Principal) {
      const secret = newSecret()
      const id = newId()
      await db.transaction(async (tx) => {
        if (input.enterpriseId) {
          const [e] = await tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, input.enterpriseId))
          if (!e) throw unknownOwner('enterpriseId')
        }
        if (input.teamId) {
          const [t] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId))
          if (!t) throw unknownOwner('teamId')
        }
        await tx.insert(tokens).values({
          id,
          hash: hashToken(secret),
          role: input.role,
          enterpriseId: input.enterpriseId ?? null,
          teamId: input.teamId ?? null,
          label: input.label ?? null,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        })
        await writeAudit(tx, { actor, objectType: 'token', objectId: id, action: 'token.issued', data: { role: input.role, enterpriseId: input.enterpriseId, teamId: input.teamId, label: input.label } })
      })
      return { id, token: secret }
    },

    async list(q: { limit: number; before?: string }) {
      const rows = await db
        .select()
        .from(tokens)
        .where(q.before ? lt(tokens.id, q.before) : undefined)
        .orderBy(desc(tokens.id))
        .limit(q.limit + 1)
      const p = pageOf(rows, q.limit)
      return { items: p.items.map(toTokenView), nextCursor: p.nextCursor }
    },

    async revoke(id: string, actor: Principal) {
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(tokens).where(eq(tokens.id, id)).for('update')
        if (!row) throw errors.notFound('token', '令牌')
        if (!row.revokedAt) {
          await tx.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.id, id))
          await writeAudit(tx, { actor, objectType: 'token', objectId: id, action: 'token.revoked' })
          // Delivered at commit, to every process listening (this one included).
          await tx.execute(sql`select pg_notify(${REVOKED_CHANNEL}::text, ${id}::text)`)
        }
      })
      evict(id)
    },

    /** Makes BOOTSTRAP_ADMIN_TOKEN a valid admin token, and retires an earlier bootstrap value. */
    async ensureBootstrap(secret: string | undefined) {
      const hash = secret ? hashToken(secret) : null
      await db.transaction(async (tx) => {
        const retired = await tx
          .update(tokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(tokens.bootstrap, true), sql`${tokens.revokedAt} is null`, hash ? sql`${tokens.hash} <> ${hash}` : undefined))
          .returning({ id: tokens.id })
        for (const { id } of retired) await tx.execute(sql`select pg_notify(${REVOKED_CHANNEL}::text, ${id}::text)`)
        if (hash) {
          await tx
            .insert(tokens)
            .values({ id: newId(), hash, role: 'admin', label: 'BOOTSTRAP_ADMIN_TOKEN', bootstrap: true })
            .onConflictDoUpdate({ target: tokens.hash, set: { revokedAt: null, role: 'admin', bootstrap: true } })
        }
      })
    },
  }
}

export type TokenService = ReturnType<typeof createTokenService>

function unknownOwner(field: 'enterpriseId' | 'teamId') {
  const zh = field === 'enterpriseId' ? '企业不存在' : '服务队不存在'
  return errors.badRequest(
    'token.unknown_owner',
    { zh, en: `No such ${field === 'enterpriseId' ? 'enterprise' : 'team'}` },
    { errors: [{ path: field, code: 'unknown_owner', message: zh }] },
  )
}
