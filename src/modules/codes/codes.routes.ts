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
  const byType: Record<string, readonly Code[]> = {
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
  // A Map, not the object: `toString` or `constructor` in the path must be unknown lists, not Object.prototype's.
  const lists = new Map(Object.entries(byType))
  app.get(
    '/codes/:type',
    {
      config: { access: 'public' },
      schema: {
        tags: ['codes'],
        summary: 'Code lists with Chinese and English labels',
        params: z.object({ type: z.string().max(40).describe([...lists.keys()].join(' | ')) }),
        response: { 200: CodeList },
      },
    },
    async (req) => {
      const items = lists.get(req.params.type)
      if (!items) throw errors.notFound('code_list', '代码表')
      return { type: req.params.type, items: [...items] }
    },
  )
}
