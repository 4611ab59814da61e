import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParams, page } from '../../lib/schemas.js'
import { idempotencyHeaders, parseIdempotencyKey } from '../idempotency/idempotency.js'
import { ActivityCreate, ActivityListQuery, ActivityPatch, ActivityView } from './activities.schemas.js'
import type { ActivityService } from './activities.service.js'

export const activityRoutes: FastifyPluginAsyncZod<{ activities: ActivityService }> = async (app, { activities }) => {
  const tags = ['activities']
  app.post(
    '/activities',
    {
      config: { access: ['team', 'admin'] },
      schema: {
        tags,
        summary: '活动: record a service visit, training or exchange (a team its own; admin any)',
        description:
          'The owners of linked demands are added to the served enterprises. 409 `outcome.already_reported` when a linked demand’s completion already reported trainees, benefit or a solved problem and this activity reports any of them too.',
        headers: idempotencyHeaders,
        body: ActivityCreate,
        response: { 201: ActivityView },
      },
    },
    async (req, reply) => {
      const result = await activities.create(req.body, req.principal!, parseIdempotencyKey(req.headers['idempotency-key']))
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(result.status as 201).send(result.body as z.output<typeof ActivityView>)
    },
  )
  app.get(
    '/activities',
    {
      config: { access: ['admin', 'team'] },
      schema: { tags, summary: 'Activities (a team sees its own)', querystring: ActivityListQuery, response: { 200: page(ActivityView) } },
    },
    async (req) => activities.list(req.query, req.principal!),
  )
  app.get(
    '/activities/:id',
    { config: { access: ['admin', 'team'] }, schema: { tags, summary: 'One activity', params: idParams, response: { 200: ActivityView } } },
    async (req) => activities.get(req.params.id, req.principal!),
  )
  app.patch(
    '/activities/:id',
    {
      config: { access: ['admin', 'team'] },
      schema: {
        tags,
        summary: 'Correct an activity (audited with the changed fields)',
        description: 'The outcome-once rule is checked again against the corrected figures and demands (409 `outcome.already_reported`).',
        params: idParams,
        body: ActivityPatch,
        response: { 200: ActivityView },
      },
    },
    async (req) => activities.patch(req.params.id, req.body, req.principal!),
  )
}
