import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  ASSIGNMENT_STATUSES,
  BENEFIT_KINDS,
  DECLINE_REASONS,
  DEMAND_STATUSES,
  ENTERPRISE_SIZES,
  HONORS,
  INDUSTRIES,
  ROLES,
  SERVICE_KINDS,
  TEAM_LEVELS,
  URGENCIES,
  type Code,
} from '../../domain/codes/codes.js'
import { errors } from '../../lib/errors.js'
import type { Districts } from './districts.js'

const CodeList = z
  .object({
    type: z.string(),
    items: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  })
  .meta({ id: 'CodeList' })

export const codeRoutes: FastifyPluginAsyncZod<{ districts: Districts }> = async (app, { districts }) => {
  const lists: Record<string, readonly Code[]> = {
    industry: INDUSTRIES,
    serviceKind: SERVICE_KINDS,
    honor: HONORS,
    district: districts.list,
    declineReason: DECLINE_REASONS,
    urgency: URGENCIES,
    enterpriseSize: ENTERPRISE_SIZES,
    teamLevel: TEAM_LEVELS,
    benefitKind: BENEFIT_KINDS,
    demandStatus: DEMAND_STATUSES,
    assignmentStatus: ASSIGNMENT_STATUSES,
    role: ROLES,
  }
  app.get(
    '/codes/:type',
    {
      config: { access: 'public' },
      schema: {
        tags: ['codes'],
        summary: 'Code lists with Chinese and English labels',
        params: z.object({ type: z.string().max(40).describe(Object.keys(lists).join(' | ')) }),
        response: { 200: CodeList },
      },
    },
    async (req) => {
      const items = lists[req.params.type]
      if (!items) throw errors.notFound('code_list', '代码表')
      return { type: req.params.type, items: [...items] }
    },
  )
}
