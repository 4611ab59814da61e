import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Database } from '../../db/client.js'
import { decodeCursor, pageOf } from '../../lib/pagination.js'
import { id, page, pageQuery } from '../../lib/schemas.js'
import { AUDIT_OBJECT_TYPES, listAudit } from './audit.repository.js'

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
        description:
          'Every state change and every admin or owner edit writes one row in the same transaction as the change: who (token id and role), what (object type and id), the action, and for status changes the statuses before and after. Filter by object to read the trail of one demand, assignment, team…',
        querystring: z.strictObject({
          objectType: z.enum(AUDIT_OBJECT_TYPES).optional().describe('The kind of object'),
          objectId: id.optional().describe('One object (with or without objectType)'),
          action: z
            .string()
            .regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/)
            .optional()
            .describe('e.g. assignment.accepted, demand.updated, token.revoked'),
          tokenId: id.optional().describe('Rows written by this token'),
          updatedSince: pageQuery.updatedSince.describe('Only rows written at or after this instant'),
          limit: pageQuery.limit,
          cursor: pageQuery.cursor,
        }),
        response: { 200: page(AuditRow) },
      },
    },
    async (req) => {
      const { updatedSince, cursor, ...filters } = req.query
      const rows = await listAudit(database.db, { ...filters, since: updatedSince ? new Date(updatedSince) : undefined, before: decodeCursor(cursor) })
      const p = pageOf(rows, req.query.limit)
      return { ...p, items: p.items.map((r) => ({ ...r, at: r.at.toISOString(), data: (r.data as Record<string, unknown> | null) ?? null })) }
    },
  )
}
