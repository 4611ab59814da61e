// What an internet-facing deployment needs in front of the routes (OWASP API4:2023,
// API8:2023): security headers, CORS closed unless configured, load shedding, and rate
// limits per token and per IP. Every refusal is a problem+json with a stable code,
// rendered by plugins/errors.ts like any other error.
//
// Hook order on a request: helmet headers → CORS (answers preflights) → load shedding →
// auth-failure guard (before the token lookup) → [auth plugin] → per-token / per-IP
// limit (preParsing: after auth, before the body is read) → route.
import helmet from 'helmet'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sendProblem } from './errors.js'
import type { Config } from '../config.js'
import { AppError } from '../lib/errors.js'
import './auth.js'

export interface SecurityOptions {
  rateLimit: Config['rateLimit']
  corsOrigins: Config['corsOrigins']
  pressure: Config['pressure']
}

/** The API answers JSON only: nothing in it may run, be framed or load anything. */
const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
}

/**
 * Swagger UI at /docs: its scripts and styles are served from /docs/static (same origin)
 * and it fetches /docs/json; it sets inline style attributes and uses data: images.
 * No upgrade-insecure-requests, so the docs also work on plain http://localhost.
 */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/** The headers helmet's middleware sets with `csp`, read once by running it on a stand-in response. */
export function helmetHeaders(directives: Record<string, string[]>): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    },
  }
  let failed: unknown
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  })({} as never, res as never, (err?: unknown) => {
    failed = err
  })
  if (failed) throw failed
  return headers
}

/** Consecutive load samples over a threshold before requests are shed. */
export const SUSTAINED_SAMPLES = 3

const CORS_METHODS = 'GET, POST, PATCH, DELETE'
const CORS_ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, accept-language, x-request-id'
const CORS_EXPOSED_HEADERS =
  'x-request-id, retry-after, idempotent-replayed, content-language, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset'

/** Liveness is answered whatever the load or the rate, so a load balancer sees the truth. */
const isExempt = (req: FastifyRequest) => req.url === '/health' || req.url.startsWith('/health?')

export const rateLimited = (retryAfterSeconds: number, limit: number, why: 'token' | 'ip' | 'auth_failures') =>
  new AppError(
    429,
    'rate_limited',
    { zh: '请求过于频繁', en: 'Too many requests' },
    why === 'auth_failures'
      ? {
          zh: `来自该地址的认证失败次数过多，请 ${retryAfterSeconds} 秒后再试`,
          en: `Too many failed authentications from this address; retry in ${retryAfterSeconds} s`,
        }
      : {
          zh: `${why === 'token' ? '该令牌' : '该地址'}的请求超过每个时间窗 ${limit} 次的上限，请 ${retryAfterSeconds} 秒后再试`,
          en: `More than ${limit} requests per window from this ${why === 'token' ? 'token' : 'address'}; retry in ${retryAfterSeconds} s`,
        },
    { limit, retryAfter: retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  )

export const overloaded = (retryAfterSeconds: number) =>
  new AppError(
    503,
    'service.overloaded',
    { zh: '服务繁忙', en: 'Service overloaded' },
    { zh: '服务器当前负载过高，请稍后重试', en: 'The server is under too much load; retry shortly' },
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  )

/**
 * For the Fastify option `frameworkErrors`: the router refuses some URLs before any route
 * or hook runs (a malformed %-escape, a path parameter over maxParamLength) and would
 * answer with its own JSON; this makes them problem+json like every other error.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  // No error handler runs this early, so the problem is rendered here.
  return sendProblem(
    reply,
    request,
    tooLong
      ? new AppError(414, 'request.uri_too_long', { zh: '请求地址过长', en: 'URI too long' }, { zh: '路径参数过长', en: 'A path parameter is too long' })
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError(400, 'request.bad_url', { zh: '请求地址无效', en: 'Bad URL' }, { zh: '请求地址包含无效的百分号编码', en: 'The URL has an invalid percent-encoding' })
        : new AppError(400, 'request.invalid', { zh: '请求无效', en: 'Bad request' }, { zh: error.message, en: error.message }),
  )
}

export default fp<SecurityOptions>(
  async function securityPlugin(app: FastifyInstance, opts) {
    // ---- Security headers: helmet's, computed once at start-up (a strict CSP for the API,
    // a workable one for /docs) and set with one object per request. Running helmet's
    // middleware on every request halved the throughput of a light route.
    const apiHeaders = helmetHeaders(API_CSP)
    const docsHeaders = helmetHeaders(DOCS_CSP)
    app.addHook('onRequest', (req, reply, done) => {
      reply.headers(req.url === '/docs' || req.url.startsWith('/docs/') ? docsHeaders : apiHeaders)
      done()
    })

    // ---- CORS, closed unless CORS_ORIGINS names origins. Done here rather than with
    // @fastify/cors, whose catch-all `OPTIONS *` route would make every unknown path
    // look like "known path, wrong method" (405) to the not-found handler.
    const origins = new Set(opts.corsOrigins)
    if (origins.size > 0) {
      const anyOrigin = origins.has('*')
      app.addHook('onRequest', async (req, reply) => {
        const origin = req.headers.origin
        reply.header('vary', 'Origin')
        if (!origin || !(anyOrigin || origins.has(origin))) return
        reply.header('access-control-allow-origin', anyOrigin ? '*' : origin)
        reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS)
        if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
          // Bearer tokens, not cookies: no Allow-Credentials.
          return reply
            .code(204)
            .header('access-control-allow-methods', CORS_METHODS)
            .header('access-control-allow-headers', CORS_ALLOWED_HEADERS)
            .header('access-control-max-age', '600')
            .header('content-length', '0')
            .send()
        }
      })
    }

    // ---- Load shedding: past a threshold, refuse new work with 503 rather than queue it.
    // Only sustained pressure counts: the thresholds must be exceeded in SUSTAINED_SAMPLES
    // consecutive samples, so one long synchronous task (say, the tokenizer loading its
    // dictionary on first use) does not shed the next second of traffic.
    // Not under-pressure's health check or status route: GET /health stays ours.
    const p = opts.pressure
    const retryAfter = Math.max(1, Math.ceil((p.sampleIntervalMs * SUSTAINED_SAMPLES) / 1000))
    let overSamples = 0
    await app.register(underPressure, {
      maxEventLoopDelay: p.maxEventLoopDelayMs,
      maxEventLoopUtilization: p.maxEventLoopUtilization,
      eventLoopUtilizationMode: 'interval',
      maxHeapUsedBytes: p.maxHeapUsedBytes,
      maxRssBytes: p.maxRssBytes,
      sampleInterval: p.sampleIntervalMs,
      retryAfter,
      pressureHandler: async (req, _reply, type, value) => {
        if (isExempt(req) || overSamples < SUSTAINED_SAMPLES) return
        req.log.warn({ type, value, samples: overSamples }, 'under pressure: request shed')
        throw overloaded(retryAfter)
      },
    })
    if (p.maxEventLoopDelayMs || p.maxEventLoopUtilization || p.maxHeapUsedBytes || p.maxRssBytes) {
      const watch = setInterval(() => {
        overSamples = app.isUnderPressure() ? overSamples + 1 : 0
      }, p.sampleIntervalMs)
      watch.unref()
      app.addHook('onClose', async () => clearInterval(watch))
    }

    // ---- Rate limits: per token when authenticated, else per client IP; and, before any
    // token is looked up, a cap on failed authentications per IP (token guessing, floods
    // of bad tokens that would each cost a database lookup).
    const rl = opts.rateLimit
    await app.register(rateLimit, { global: false, cache: 10_000, timeWindow: rl.windowMs })
    const ipKey = (req: FastifyRequest) => normalizeIP(req.ip)
    const perToken = rl.perToken > 0 ? app.createRateLimit({ max: rl.perToken, timeWindow: rl.windowMs, keyGenerator: (req) => `token:${req.principal?.tokenId}` }) : null
    const perIp = rl.perIp > 0 ? app.createRateLimit({ max: rl.perIp, timeWindow: rl.windowMs, keyGenerator: (req) => `ip:${ipKey(req)}` }) : null
    const authFailures =
      rl.authFailuresPerIp > 0 ? app.createRateLimit({ max: rl.authFailuresPerIp, timeWindow: rl.windowMs, keyGenerator: (req) => `authfail:${ipKey(req)}` }) : null

    const limitHeaders = (reply: FastifyReply, max: number, remaining: number, resetSeconds: number) =>
      reply.header('x-ratelimit-limit', String(max)).header('x-ratelimit-remaining', String(remaining)).header('x-ratelimit-reset', String(resetSeconds))

    if (authFailures) {
      app.addHook('onRequest', async (req) => {
        if (req.headers.authorization === undefined || isExempt(req)) return
        const seen = await authFailures(req, { increment: false })
        if (!seen.isAllowed && seen.remaining <= 0) throw rateLimited(Math.max(1, seen.ttlInSeconds), seen.max, 'auth_failures')
      })
      app.addHook('onResponse', async (req, reply) => {
        if (reply.statusCode === 401 && req.headers.authorization !== undefined) await authFailures(req)
      })
    }

    if (perToken || perIp) {
      app.addHook('preParsing', async (req, reply, payload) => {
        if (isExempt(req)) return payload
        const limiter = req.principal ? perToken : perIp
        if (!limiter) return payload
        const r = await limiter(req)
        if (r.isAllowed) return payload
        limitHeaders(reply, r.max, r.remaining, r.ttlInSeconds)
        if (r.isExceeded) throw rateLimited(Math.max(1, r.ttlInSeconds), r.max, req.principal ? 'token' : 'ip')
        return payload
      })
    }
  },
  { name: 'security', dependencies: ['errors'] },
)
