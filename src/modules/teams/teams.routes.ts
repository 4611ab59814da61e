import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendEncoded } from '../../lib/encoded-body.js'
import { idParams, page } from '../../lib/schemas.js'
import {
  MenuEntryView,
  MenuItemCreate,
  MenuItemPatch,
  MenuItemView,
  MenuQuery,
  TeamCreate,
  TeamListQuery,
  TeamPatch,
  TeamView,
  menuItemParams,
  teamParams,
} from './teams.schemas.js'
import type { TeamService } from './teams.service.js'

export const teamRoutes: FastifyPluginAsyncZod<{ teams: TeamService }> = async (app, { teams }) => {
  app.post(
    '/teams',
    {
      config: { access: ['admin'] },
      schema: { tags: ['teams'], summary: 'Register a 劳模工匠技术服务队', body: TeamCreate, response: { 201: TeamView } },
    },
    async (req, reply) => reply.code(201).send(await teams.create(req.body, req.principal!)),
  )
  app.get(
    '/teams',
    {
      config: { access: 'public' },
      schema: {
        tags: ['teams'],
        summary: 'Service teams with their menus (contact, load and track record for admins and the team itself)',
        querystring: TeamListQuery,
        response: { 200: page(TeamView) },
      },
    },
    async (req) => teams.list(req.query, req.principal),
  )
  app.get(
    '/teams/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['teams'],
        summary: 'One team; an inactive team is visible only to admins and itself',
        params: idParams,
        response: { 200: TeamView },
      },
    },
    async (req) => teams.get(req.params.id, req.principal),
  )
  app.patch(
    '/teams/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['teams'],
        summary: 'Change a team (audited); active: false cancels its not-yet-accepted assignments and reopens their demands',
        params: idParams,
        body: TeamPatch,
        response: { 200: TeamView },
      },
    },
    async (req) => teams.patch(req.params.id, req.body, req.principal!),
  )
  app.post(
    '/teams/:teamId/menu-items',
    {
      config: { access: ['admin', 'team'] },
      schema: {
        tags: ['menu'],
        summary: '资源菜单: add a menu item (the team itself or an admin)',
        params: teamParams,
        body: MenuItemCreate,
        response: { 201: MenuItemView },
      },
    },
    async (req, reply) => reply.code(201).send(await teams.createMenuItem(req.params.teamId, req.body, req.principal!)),
  )
  app.patch(
    '/teams/:teamId/menu-items/:itemId',
    {
      config: { access: ['admin', 'team'] },
      schema: {
        tags: ['menu'],
        summary: 'Edit a menu item (the team itself or an admin; audited)',
        params: menuItemParams,
        body: MenuItemPatch,
        response: { 200: MenuItemView },
      },
    },
    async (req) => teams.patchMenuItem(req.params.teamId, req.params.itemId, req.body, req.principal!),
  )
  app.delete(
    '/teams/:teamId/menu-items/:itemId',
    {
      config: { access: ['admin', 'team'] },
      schema: {
        tags: ['menu'],
        summary: 'Withdraw a menu item (soft delete; the team itself or an admin)',
        params: menuItemParams,
        response: { 204: z.undefined() },
      },
    },
    async (req, reply) => {
      await teams.deleteMenuItem(req.params.teamId, req.params.itemId, req.principal!)
      return reply.code(204).send()
    },
  )
  app.get(
    '/menu',
    {
      config: { access: 'public' },
      schema: {
        tags: ['menu'],
        summary: '资源菜单: live menu items of active teams. With q: by relevance, unmatched items left out; without: newest first',
        description:
          'A page over 1 KB is sent compressed (Content-Encoding br or gzip) when Accept-Encoding allows it, as browsers and most HTTP clients ask; the answer always says Vary: Accept-Encoding.',
        querystring: MenuQuery,
        response: { 200: page(MenuEntryView) },
      },
    },
    // Served from the per-process page cache: the JSON is the route's own serializer's,
    // compressed (once per cached page) for a client that accepts br or gzip.
    async (req, reply) =>
      sendEncoded(req, reply, await teams.menuPage(req.query, (p) => reply.serialize(p) as string), 'application/json; charset=utf-8') as never,
  )
}
