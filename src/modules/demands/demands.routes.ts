import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParams, page } from '../../lib/schemas.js'
import { idempotencyHeaders, parseIdempotencyKey } from '../idempotency/idempotency.js'
import { DemandCancel, DemandCreate, DemandListQuery, DemandPatch, DemandView } from './demands.schemas.js'
import type { DemandService } from './demands.service.js'

export const demandRoutes: FastifyPluginAsyncZod<{ demands: DemandService }> = async (app, { demands }) => {
  app.post(
    '/demands',
    {
      config: { access: ['enterprise', 'admin'] },
      schema: {
        tags: ['demands'],
        summary: '需求点单: post a demand',
        headers: idempotencyHeaders,
        body: DemandCreate,
        response: { 201: DemandView },
      },
    },
    async (req, reply) => {
      const key = parseIdempotencyKey(req.headers['idempotency-key'])
      const result = await demands.create(req.body, req.principal!, key, (v) => reply.serialize(v) as string)
      reply.code(result.status as 201)
      // A new demand's answer is JSON already, serialised once by this route's serializer.
      if (result.json !== undefined) return reply.type('application/json; charset=utf-8').send(result.json as never)
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.send(result.body as z.output<typeof DemandView>)
    },
  )
  app.get(
    '/demands',
    {
      config: { access: ['admin', 'enterprise', 'team'] },
      schema: { tags: ['demands'], summary: 'Demands the caller may read', querystring: DemandListQuery, response: { 200: page(DemandView) } },
    },
    async (req) => demands.list(req.query, req.principal!),
  )
  app.get(
    '/demands/:id',
    {
      config: { access: ['admin', 'enterprise', 'team'] },
      schema: { tags: ['demands'], summary: 'One demand, with its assignment history', params: idParams, response: { 200: DemandView } },
    },
    // Served from the per-process view cache: the JSON is the route's own serializer's.
    async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        // A Buffer is sent as it is: serialized once, when it was cached.
        .send((await demands.getJson(req.params.id, req.principal!, (v) => reply.serialize(v) as string)) as never),
  )
  app.patch(
    '/demands/:id',
    {
      config: { access: ['admin', 'enterprise'] },
      schema: { tags: ['demands'], summary: 'Edit a demand while it is open (audited)', params: idParams, body: DemandPatch, response: { 200: DemandView } },
    },
    async (req) => demands.patch(req.params.id, req.body, req.principal!),
  )
  app.post(
    '/demands/:id/cancel',
    {
      config: { access: ['admin', 'enterprise'] },
      schema: {
        tags: ['demands'],
        summary: 'Cancel a demand (owner while open or assigned; admin at any non-final state)',
        params: idParams,
        body: DemandCancel,
        response: { 200: DemandView },
      },
    },
    async (req) => demands.cancel(req.params.id, req.body, req.principal!),
  )
}
