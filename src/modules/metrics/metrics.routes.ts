import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Problem } from '../../lib/schemas.js'
import { ImpactQuery, ImpactView, RecordsQuery, RecordsView } from './metrics.schemas.js'
import type { MetricsService } from './metrics.service.js'

export const metricsRoutes: FastifyPluginAsyncZod<{ metrics: MetricsService }> = async (app, { metrics }) => {
  const tags = ['metrics']
  app.get(
    '/metrics/impact',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Impact figures (anyone for totals; groupBy needs an admin token)',
        description:
          'Counting rules: API.md "Impact metrics". Periods are inclusive Asia/Shanghai calendar days. `teams` and `enterprisesServed` are not additive over groups (see `additive`); every other figure’s group rows add up to the totals. Benefit is integer yuan, also given in 万元.',
        querystring: ImpactQuery,
        response: {
          200: ImpactView,
          // The route is public, but groupBy needs an admin's bearer token.
          401: { description: 'groupBy without a token, or a bad token', content: { 'application/problem+json': { schema: Problem } } },
          403: { description: 'groupBy with a token that is not an admin’s', content: { 'application/problem+json': { schema: Problem } } },
        },
      },
    },
    async (req) => metrics.impact(req.query, req.principal),
  )
  app.get(
    '/metrics/impact/records',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'The records behind one figure (admin)',
        description:
          'Same filters as /metrics/impact; with groupBy and groupKey, one group’s figure. `value` is the figure, `count` the records over all pages, and the `contributes` of all records sum to the figure (to `value.total` for benefitYuan).',
        querystring: RecordsQuery,
        response: { 200: RecordsView },
      },
    },
    async (req) => metrics.records(req.query),
  )
}
