import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParams, page } from '../../lib/schemas.js'
import { EnterpriseCreate, EnterpriseListQuery, EnterprisePatch, EnterpriseView } from './enterprises.schemas.js'
import type { EnterpriseService } from './enterprises.service.js'

export const enterpriseRoutes: FastifyPluginAsyncZod<{ enterprises: EnterpriseService }> = async (app, { enterprises }) => {
  app.post(
    '/enterprises',
    {
      config: { access: ['admin'] },
      schema: { tags: ['enterprises'], summary: 'Register an enterprise', body: EnterpriseCreate, response: { 201: EnterpriseView } },
    },
    async (req, reply) => reply.code(201).send(await enterprises.create(req.body, req.principal!)),
  )
  app.get(
    '/enterprises',
    {
      config: { access: ['admin', 'enterprise'] },
      schema: { tags: ['enterprises'], summary: 'Enterprises (an enterprise sees only itself)', querystring: EnterpriseListQuery, response: { 200: page(EnterpriseView) } },
    },
    async (req) => enterprises.list(req.query, req.principal!),
  )
  app.get(
    '/enterprises/:id',
    {
      config: { access: ['admin', 'enterprise'] },
      schema: { tags: ['enterprises'], summary: 'One enterprise', params: idParams, response: { 200: EnterpriseView } },
    },
    async (req) => enterprises.get(req.params.id, req.principal!),
  )
  app.patch(
    '/enterprises/:id',
    {
      config: { access: ['admin', 'enterprise'] },
      schema: { tags: ['enterprises'], summary: 'Correct an enterprise (audited)', params: idParams, body: EnterprisePatch, response: { 200: EnterpriseView } },
    },
    async (req) => enterprises.patch(req.params.id, req.body, req.principal!),
  )
}
