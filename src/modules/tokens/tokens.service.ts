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

export function createTokenService({ database }: { database: Database }) {
  const { db } = database
  return {
    async authenticate(secret: string): Promise<Principal | null> {
      if (secret.length > 200) return null
      const [row] = await db.select().from(tokens).where(eq(tokens.hash, hashToken(secret))).limit(1)
      const now = Date.now()
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null
      if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await db.update(tokens).set({ lastUsedAt: new Date(now) }).where(eq(tokens.id, row.id))
      }
      return { tokenId: row.id, role: row.role as Role, enterpriseId: row.enterpriseId, teamId: row.teamId }
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
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(tokens).where(eq(tokens.id, id)).for('update')
        if (!row) throw errors.notFound('token', '令牌')
        if (!row.revokedAt) {
          await tx.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.id, id))
          await writeAudit(tx, { actor, objectType: 'token', objectId: id, action: 'token.revoked' })
        }
      })
    },

    /** Makes BOOTSTRAP_ADMIN_TOKEN a valid admin token, and retires an earlier bootstrap value. */
    async ensureBootstrap(secret: string | undefined) {
      const hash = secret ? hashToken(secret) : null
      await db.transaction(async (tx) => {
        await tx
          .update(tokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(tokens.bootstrap, true), sql`${tokens.revokedAt} is null`, hash ? sql`${tokens.hash} <> ${hash}` : undefined))
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
