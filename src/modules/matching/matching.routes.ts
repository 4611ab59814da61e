import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { langOf } from '../../lib/i18n.js'
import { idParams } from '../../lib/schemas.js'
import { idempotencyHeaders, parseIdempotencyKey } from '../idempotency/idempotency.js'
import { DispatchPlanView, DispatchRequest, MatchesQuery, MatchesView, SimilarView } from './matching.schemas.js'
import type { MatchingService } from './matching.service.js'

export const matchingRoutes: FastifyPluginAsyncZod<{ matching: MatchingService }> = async (app, { matching }) => {
  app.get(
    '/demands/:id/matches',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['matching'],
        summary: '精准匹配: teams ranked for a demand, with every score component and the reasons',
        params: idParams,
        querystring: MatchesQuery,
        response: { 200: MatchesView },
      },
    },
    // Served from the per-process ranking cache, as JSON the service writes without the
    // response schema (whose parse would copy every object again: a tenth of a computed
    // ranking's time).
    async (req, reply) =>
      reply.type('application/json; charset=utf-8').send((await matching.matchesJson(req.params.id, req.query, langOf(req.headers['accept-language']))) as never),
  )
  app.get(
    '/demands/:id/similar',
    {
      config: { access: ['admin'] },
      schema: { tags: ['matching'], summary: 'Past solved demands like this one, and possible duplicates', params: idParams, response: { 200: SimilarView } },
    },
    async (req) => matching.similar(req.params.id),
  )
  app.post(
    '/dispatch',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['matching'],
        summary: 'Batch dispatch: serve as many open demands as possible, then maximise the total score (exact)',
        headers: idempotencyHeaders,
        body: DispatchRequest,
        response: { 200: DispatchPlanView },
      },
    },
    async (req, reply) => {
      const result = await matching.dispatch(req.body, req.principal!, langOf(req.headers['accept-language']), parseIdempotencyKey(req.headers['idempotency-key']))
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(200).send(result.body as z.output<typeof DispatchPlanView>)
    },
  )
}
