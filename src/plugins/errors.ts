// One place renders every error as application/problem+json (RFC 9457): a stable
// `code`, Chinese title/detail by default (English with Accept-Language: en), field-level
// problems for validation, and 5xx details hidden behind the request id (which is logged).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError, errors, type FieldProblem } from '../lib/errors.js'
import { langOf, type Lang } from '../lib/i18n.js'

const zhLocale = z.locales.zhCN().localeError
const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
  bigint: '整数',
}

type Issue = { code: string; path: PropertyKey[]; message: string; [k: string]: unknown }

/** Zod issue → one field problem per offending field, with a message in the client's language. */
export function fieldProblems(issues: Issue[], location: string | undefined, lang: Lang): FieldProblem[] {
  const out: FieldProblem[] = []
  const where = (path: PropertyKey[]) => [location && location !== 'body' ? location : undefined, ...path.map(String)].filter(Boolean).join('.')
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)) {
      for (const key of issue.keys as string[]) {
        out.push({ path: where([...issue.path, key]), code: 'unknown_field', message: lang === 'zh' ? `不允许的字段 "${key}"` : `Unknown field "${key}"` })
      }
      continue
    }
    const params = (issue.params ?? {}) as { code?: string; zh?: string }
    out.push({ path: where(issue.path), code: params.code ?? issue.code, message: lang === 'en' ? issue.message : zhMessage(issue, params) })
  }
  return out
}

function zhMessage(issue: Issue, params: { zh?: string }): string {
  if (params.zh) return params.zh
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected)
    return issue.message.includes('received undefined') ? `缺少必填字段（应为${TYPE_ZH[expected] ?? expected}）` : `类型错误，应为${TYPE_ZH[expected] ?? expected}`
  }
  const m = zhLocale?.(issue as never)
  return (typeof m === 'string' ? m : m?.message) ?? issue.message
}

/** Renders an AppError as problem+json; also used where no error handler runs (framework errors). */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError) {
  const lang = langOf(request.headers['accept-language'])
  const { errors: fields, lang: _lang, ...extra } = err.extra ?? {}
  if (err.headers) reply.headers(err.headers)
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', lang === 'en' ? 'en' : 'zh-CN')
    .send({
      type: `urn:zhuqixing:problem:${err.code}`,
      title: err.titleIn(lang),
      status: err.status,
      detail: err.detailIn(lang),
      code: err.code,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(fields ? { errors: fields } : {}),
      ...extra,
    })
}

/** Postgres and socket errors that mean "the database is not reachable right now", not a bug. */
const DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004',
])
function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; errno?: string; cause?: unknown; errors?: unknown[] }
  const code = e?.code ?? e?.errno
  if (code && DOWN_CODES.has(code)) return true
  if (Array.isArray(e?.errors) && e.errors.some(isDatabaseDown)) return true
  return e?.cause ? isDatabaseDown(e.cause) : false
}

export interface ErrorsOptions {
  /**
   * Asked when an unexpected error occurs: if the database cannot be reached right then,
   * the answer is 503 `service.unavailable` rather than 500 (a connection lost mid-query
   * can surface as an error no list of codes foresees).
   */
  databaseReachable?: () => Promise<boolean>
}

export default fp<ErrorsOptions>(
  async function errorsPlugin(app: FastifyInstance, opts) {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const lang = langOf(request.headers['accept-language'])
      if (error instanceof AppError) return sendProblem(reply, request, error)
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((v) => ({
          ...(v.params as object),
          code: v.keyword,
          path: v.instancePath.split('/').filter(Boolean),
          message: v.message ?? '',
        })) as Issue[]
        return sendProblem(reply, request, errors.validation(fieldProblems(issues, error.validationContext, lang), lang))
      }
      switch (error.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return sendProblem(reply, request, errors.bodyTooLarge(app.initialConfig.bodyLimit ?? 0))
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
          return sendProblem(reply, request, errors.unsupportedMediaType(request.headers['content-type']))
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
          return sendProblem(reply, request, errors.malformedJson())
      }
      if (error instanceof SyntaxError || error.statusCode === 400) return sendProblem(reply, request, errors.malformedJson())
      if (isDatabaseDown(error)) {
        request.log.warn({ err: error }, 'database unavailable')
        return sendProblem(reply, request, errors.unavailable())
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(reply, request, new AppError(error.statusCode, 'request.invalid', { zh: '请求无效', en: 'Bad request' }, { zh: error.message, en: error.message }))
      }
      if (opts.databaseReachable && !(await opts.databaseReachable().catch(() => false))) {
        request.log.warn({ err: error }, 'database unavailable (unexpected error while it was unreachable)')
        return sendProblem(reply, request, errors.unavailable())
      }
      request.log.error({ err: error }, 'unhandled error')
      return sendProblem(reply, request, errors.internal(request.id))
    })
  },
  { name: 'errors' },
)

/** 404 for unknown paths, 405 (with Allow) for a known path with another method. */
export function notFoundHandler(routes: Array<{ method: string; pattern: RegExp }>) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? ''
    const allow = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].filter((m) => m !== 'HEAD')
    const err = allow.length ? errors.methodNotAllowed(request.method, allow) : errors.routeNotFound(request.method, path)
    return sendProblem(reply, request, err)
  }
}
