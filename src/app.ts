// buildApp: external plugins first, then app plugins, then the modules, explicitly.
// No module-level state: tests build as many apps as they like, each on its own database.
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { pino, type Logger } from 'pino'
import type { Config } from './config.js'
import { lazyChildLogger } from './logger.js'
import type { Database } from './db/client.js'
import { activityRoutes } from './modules/activities/activities.routes.js'
import { createActivityService } from './modules/activities/activities.service.js'
import { assignmentRoutes } from './modules/assignments/assignments.routes.js'
import { createAssignmentService } from './modules/assignments/assignments.service.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { codeRoutes } from './modules/codes/codes.routes.js'
import { createDistricts } from './modules/codes/districts.js'
import { demandRoutes } from './modules/demands/demands.routes.js'
import { createDemandViewCache } from './modules/demands/demand-views.cache.js'
import { createDemandService } from './modules/demands/demands.service.js'
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes.js'
import { createEnterpriseService } from './modules/enterprises/enterprises.service.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { sweepIdempotencyKeys } from './modules/idempotency/idempotency.js'
import { createMetricsService } from './modules/metrics/metrics.service.js'
import { metricsRoutes } from './modules/metrics/metrics.routes.js'
import { matchingRoutes } from './modules/matching/matching.routes.js'
import { createMatchingService } from './modules/matching/matching.service.js'
import { reportRoutes } from './modules/reports/reports.routes.js'
import { createReportService } from './modules/reports/reports.service.js'
import { teamRoutes } from './modules/teams/teams.routes.js'
import { createTeamService } from './modules/teams/teams.service.js'
import { tokenRoutes } from './modules/tokens/tokens.routes.js'
import { createTokenService } from './modules/tokens/tokens.service.js'
import authPlugin from './plugins/auth.js'
import errorsPlugin, { notFoundHandler } from './plugins/errors.js'
import securityPlugin, { frameworkErrorHandler } from './plugins/security.js'
import swaggerPlugin from './plugins/swagger.js'

export const API_VERSION = '1.0.0'

/** Write routes that change nothing a per-process cache holds (the onSend hook below). */
const KEEPS_CACHES = new Set(['/v1/demands', '/v1/tokens'])

export interface BuildOptions {
  config: Config
  database: Database
  logger?: Logger | false
}

export async function buildApp({ config, database, logger = false }: BuildOptions) {
  const options: FastifyServerOptions = {
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      // Request ids need no order: a random UUID is cheaper than a time-ordered one.
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID()
    },
    requestIdHeader: false,
    ajv: undefined,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Bad URLs the router refuses before any hook runs still answer problem+json.
    frameworkErrors: frameworkErrorHandler,
  }
  const app = Fastify({
    ...options,
    loggerInstance: (logger || pino({ level: 'silent' })) as FastifyBaseLogger,
    childLoggerFactory: lazyChildLogger as unknown as FastifyServerOptions['childLoggerFactory'],
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // The API speaks JSON only: any other body is a 415, not a string to validate.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))

  // Known paths and their methods, so an unknown method answers 405 rather than 404.
  const routes: Array<{ method: string; pattern: RegExp }> = []
  app.addHook('onRoute', (r) => {
    const pattern = new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`)
    for (const m of [r.method].flat()) routes.push({ method: m, pattern })
  })
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id)
    done()
  })

  await app.register(errorsPlugin, { databaseReachable: () => database.ping() })
  app.setNotFoundHandler(notFoundHandler(routes))
  await app.register(securityPlugin, { rateLimit: config.rateLimit, corsOrigins: config.corsOrigins, pressure: config.pressure })
  await app.register(swaggerPlugin, { version: API_VERSION })

  const tokens = createTokenService({ database })
  await app.register(authPlugin, { authenticate: tokens.authenticate })
  await tokens.ensureBootstrap(config.bootstrapAdminToken)
  await tokens.ready()

  const districts = createDistricts(config.cityCode)
  const enterprises = createEnterpriseService({ database, districts })
  const demandViews = createDemandViewCache(database)
  await demandViews.ready()
  const demands = createDemandService({ database, districts, views: demandViews })
  const teams = createTeamService({ database, districts })
  await teams.ready()
  const matching = createMatchingService({ database, cityCode: config.cityCode })
  await matching.ready()
  // Once listening (a server, not app.inject in tests), the menu index is built in the
  // background: the first rankings do not wait for it (at province scale ~1 s with jieba).
  app.addHook('onListen', function (done) {
    matching.warm().catch((err: unknown) => app.log.warn({ err }, 'the menu index was not built ahead; the first ranking builds it'))
    done()
  })
  // A write in this process drops the cached demand views, rankings and menu pages before it answers,
  // so its client reads its own write; other processes drop theirs on the triggers'
  // NOTIFY. Creating a demand (or a token) changes no existing view or ranking.
  app.addHook('onSend', (req, reply, payload, done) => {
    const url = req.routeOptions.url
    // A refused write (4xx) changed nothing; one that failed late (5xx) may have committed.
    const refused = reply.statusCode >= 400 && reply.statusCode < 500
    if (url && !refused && req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && !KEEPS_CACHES.has(url)) {
      demandViews.invalidateAll()
      matching.invalidateCaches()
      teams.invalidateCaches()
    }
    done(null, payload)
  })
  const assignments = createAssignmentService({ database, matcher: matching.evaluator })
  const activities = createActivityService({ database, districts })
  const metrics = createMetricsService({ database, districts })
  const reports = createReportService({ database, districts, metrics })

  // Idempotency keys are kept 24 h; an hourly sweep keeps the table small.
  const sweep = setInterval(() => sweepIdempotencyKeys(database).catch((err) => app.log.warn({ err }, 'idempotency sweep failed')), 3_600_000)
  sweep.unref()
  app.addHook('onClose', async () => clearInterval(sweep))

  await app.register(healthRoutes, { database })
  await app.register(
    async (v1) => {
      await v1.register(codeRoutes, { districts })
      await v1.register(tokenRoutes, { tokens })
      await v1.register(enterpriseRoutes, { enterprises })
      await v1.register(demandRoutes, { demands })
      await v1.register(teamRoutes, { teams })
      await v1.register(matchingRoutes, { matching })
      await v1.register(assignmentRoutes, { assignments })
      await v1.register(activityRoutes, { activities })
      await v1.register(metricsRoutes, { metrics })
      await v1.register(reportRoutes, { reports })
      await v1.register(auditRoutes, { database })
    },
    { prefix: '/v1' },
  )
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
