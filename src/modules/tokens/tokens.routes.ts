import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { decodeCursor } from '../../lib/pagination.js'
import { idParams, page, pageQuery } from '../../lib/schemas.js'
import { TokenCreate, TokenIssued, TokenView } from './tokens.schemas.js'
import type { TokenService } from './tokens.service.js'

export const tokenRoutes: FastifyPluginAsyncZod<{ tokens: TokenService }> = async (app, { tokens }) => {
  app.post(
    '/tokens',
    {
      config: { access: ['admin'] },
      schema: { tags: ['tokens'], summary: 'Issue a token (the secret is shown once)', body: TokenCreate, response: { 201: TokenIssued } },
    },
    async (req, reply) => reply.code(201).send(await tokens.issue(req.body, req.principal!)),
  )
  app.get(
    '/tokens',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['tokens'],
        summary: 'Token metadata (never the secret)',
        querystring: z.strictObject({ limit: pageQuery.limit, cursor: pageQuery.cursor }),
        response: { 200: page(TokenView) },
      },
    },
    async (req) => tokens.list({ limit: req.query.limit, before: decodeCursor(req.query.cursor) }),
  )
  app.delete(
    '/tokens/:id',
    {
      config: { access: ['admin'] },
      schema: { tags: ['tokens'], summary: 'Revoke a token, effective at once', params: idParams, response: { 204: z.undefined() } },
    },
    async (req, reply) => {
      await tokens.revoke(req.params.id, req.principal!)
      return reply.code(204).send()
    },
  )
}
