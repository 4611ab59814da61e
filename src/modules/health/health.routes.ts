import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Database } from '../../db/client.js'

const Health = z
  .object({ status: z.enum(['ok', 'degraded']), database: z.object({ driver: z.enum(['pglite', 'postgres']), reachable: z.boolean() }) })
  .meta({ id: 'Health' })

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'Liveness and database reachability', response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      const reachable = await database.ping()
      return reply.code(reachable ? 200 : 503).send({ status: reachable ? 'ok' : 'degraded', database: { driver: database.driver, reachable } })
    },
  )
}
