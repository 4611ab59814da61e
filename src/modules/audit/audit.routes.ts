import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Database } from '../../db/client.js'
import { decodeCursor, pageOf } from '../../lib/pagination.js'
import { id, page, pageQuery } from '../../lib/schemas.js'
import { listAudit } from './audit.repository.js'

const AuditRow = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    tokenId: z.string().nullable(),
    actorRole: z.string().nullable(),
    objectType: z.string(),
    objectId: z.string(),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditRow' })

export const auditRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit rows (admin), newest first',
        querystring: z.strictObject({
          objectType: z.string().max(40).optional(),
          objectId: id.optional(),
          limit: pageQuery.limit,
          cursor: pageQuery.cursor,
        }),
        response: { 200: page(AuditRow) },
      },
    },
    async (req) => {
      const rows = await listAudit(database.db, { ...req.query, before: decodeCursor(req.query.cursor) })
      const p = pageOf(rows, req.query.limit)
      return { ...p, items: p.items.map((r) => ({ ...r, at: r.at.toISOString(), data: (r.data as Record<string, unknown> | null) ?? null })) }
    },
  )
}
