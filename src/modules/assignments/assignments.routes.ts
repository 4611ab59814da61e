import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { langOf } from '../../lib/i18n.js'
import { idParams, page } from '../../lib/schemas.js'
import {
  AssignmentCancel,
  AssignmentComplete,
  AssignmentCreate,
  AssignmentDecline,
  AssignmentListQuery,
  AssignmentView,
  FeedbackCreate,
  FeedbackView,
} from './assignments.schemas.js'
import type { AssignmentService } from './assignments.service.js'

export const assignmentRoutes: FastifyPluginAsyncZod<{ assignments: AssignmentService }> = async (app, { assignments }) => {
  const tags = ['assignments']
  app.post(
    '/demands/:id/assignments',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: '工会送菜: assign a team to an open demand', params: idParams, body: AssignmentCreate, response: { 201: AssignmentView } },
    },
    async (req, reply) => reply.code(201).send(await assignments.assign(req.params.id, req.body, req.principal!, langOf(req.headers['accept-language']))),
  )
  app.get(
    '/assignments',
    {
      config: { access: ['admin', 'team'] },
      schema: { tags, summary: 'Assignments (a team sees its own)', querystring: AssignmentListQuery, response: { 200: page(AssignmentView) } },
    },
    async (req) => assignments.list(req.query, req.principal!),
  )
  app.get(
    '/assignments/:id',
    { config: { access: ['admin', 'team'] }, schema: { tags, summary: 'One assignment', params: idParams, response: { 200: AssignmentView } } },
    async (req) => assignments.get(req.params.id, req.principal!),
  )
  const empty = z.strictObject({}).nullish().describe('No body, or an empty object')
  app.post(
    '/assignments/:id/accept',
    { config: { access: ['team', 'admin'] }, schema: { tags, summary: 'The team accepts', params: idParams, body: empty, response: { 200: AssignmentView } } },
    async (req) => assignments.accept(req.params.id, req.principal!),
  )
  app.post(
    '/assignments/:id/decline',
    {
      config: { access: ['team', 'admin'] },
      schema: { tags, summary: 'The team declines with a coded reason; the demand returns to the queue', params: idParams, body: AssignmentDecline, response: { 200: AssignmentView } },
    },
    async (req) => assignments.decline(req.params.id, req.body, req.principal!),
  )
  app.post(
    '/assignments/:id/start',
    { config: { access: ['team', 'admin'] }, schema: { tags, summary: 'Work starts (optional step)', params: idParams, body: empty, response: { 200: AssignmentView } } },
    async (req) => assignments.start(req.params.id, req.principal!),
  )
  app.post(
    '/assignments/:id/complete',
    {
      config: { access: ['team', 'admin'] },
      schema: { tags, summary: 'Complete with the outcome', params: idParams, body: AssignmentComplete, response: { 200: AssignmentView } },
    },
    async (req) => assignments.complete(req.params.id, req.body, req.principal!),
  )
  app.post(
    '/assignments/:id/cancel',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Cancel (admin); the demand returns to the queue', params: idParams, body: AssignmentCancel, response: { 200: AssignmentView } },
    },
    async (req) => assignments.cancel(req.params.id, req.body, req.principal!),
  )
  app.post(
    '/demands/:id/feedback',
    {
      config: { access: ['enterprise'] },
      schema: { tags, summary: 'The owning enterprise rates the completed service (once)', params: idParams, body: FeedbackCreate, response: { 201: FeedbackView } },
    },
    async (req, reply) => reply.code(201).send(await assignments.feedback(req.params.id, req.body, req.principal!)),
  )
}
