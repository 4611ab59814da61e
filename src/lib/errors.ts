// Every error the API answers with has a stable `code`, a status and a message in
// Chinese and English; it is rendered once, as problem+json, by plugins/errors.ts.
import type { Lang } from './i18n.js'

export interface FieldProblem {
  path: string
  code: string
  message: string
}

type Text = { zh: string; en: string }

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: Text,
    readonly detail?: Text,
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail?.en ?? title.en)
  }
  titleIn(lang: Lang) {
    return this.title[lang]
  }
  detailIn(lang: Lang) {
    return this.detail?.[lang]
  }
}

const t = (zh: string, en: string): Text => ({ zh, en })

export const errors = {
  unauthorized: (why: 'missing' | 'invalid') =>
    new AppError(
      401,
      why === 'missing' ? 'auth.token_missing' : 'auth.token_invalid',
      t('未认证', 'Unauthorized'),
      why === 'missing'
        ? t('请求缺少 Authorization: Bearer 令牌', 'The request has no Authorization: Bearer token')
        : t('令牌无效、已过期或已吊销', 'The token is invalid, expired or revoked'),
      undefined,
      { 'www-authenticate': 'Bearer' },
    ),
  forbidden: (detail?: Text) =>
    new AppError(403, 'auth.forbidden', t('无权执行此操作', 'Forbidden'), detail ?? t('当前角色无权执行此操作', 'Your role may not do this')),
  notFound: (objectType: string, zhName: string) =>
    new AppError(
      404,
      `${objectType}.not_found`,
      t('对象不存在', 'Not found'),
      t(`${zhName}不存在或无权查看`, `The ${objectType} does not exist or is not visible to you`),
    ),
  routeNotFound: (method: string, url: string) =>
    new AppError(404, 'route.not_found', t('接口不存在', 'Not found'), t(`没有 ${method} ${url} 这个接口`, `No route ${method} ${url}`)),
  methodNotAllowed: (method: string, allow: string[]) =>
    new AppError(
      405,
      'route.method_not_allowed',
      t('请求方法不被允许', 'Method not allowed'),
      t(`该接口不支持 ${method}，可用：${allow.join(', ')}`, `${method} is not allowed here; allowed: ${allow.join(', ')}`),
      undefined,
      { allow: allow.join(', ') },
    ),
  validation: (fields: FieldProblem[], lang: Lang) =>
    new AppError(
      400,
      'validation.failed',
      t('请求参数有误', 'Invalid request'),
      t(
        `有 ${fields.length} 处参数不正确：${fields.map((f) => f.path || '(请求体)').join('、')}`,
        `${fields.length} invalid field(s): ${fields.map((f) => f.path || '(body)').join(', ')}`,
      ),
      { errors: fields, lang },
    ),
  malformedJson: () =>
    new AppError(400, 'request.malformed_json', t('请求体不是合法的 JSON', 'Malformed JSON body'), t('请检查请求体的 JSON 格式', 'The body could not be parsed as JSON')),
  bodyTooLarge: (limit: number) =>
    new AppError(
      413,
      'request.body_too_large',
      t('请求体过大', 'Payload too large'),
      t(`请求体不能超过 ${limit} 字节`, `The body may not exceed ${limit} bytes`),
      { limit },
    ),
  unsupportedMediaType: (contentType: string | undefined) =>
    new AppError(
      415,
      'request.unsupported_media_type',
      t('不支持的内容类型', 'Unsupported media type'),
      t(`请以 application/json 发送请求体（收到：${contentType ?? '无'}）`, `Send the body as application/json (got: ${contentType ?? 'none'})`),
    ),
  conflict: (code: string, title: Text, detail: Text, extra?: Record<string, unknown>) => new AppError(409, code, title, detail, extra),
  badRequest: (code: string, detail: Text, extra?: Record<string, unknown>) =>
    new AppError(400, code, t('请求参数有误', 'Invalid request'), detail, extra),
  idempotencyKeyReused: () =>
    new AppError(
      422,
      'idempotency.key_reused',
      t('幂等键已用于其他请求', 'Idempotency key reused'),
      t('同一个 Idempotency-Key 已用于内容不同的请求', 'This Idempotency-Key was used with a different body'),
    ),
  idempotencyInProgress: () =>
    new AppError(
      409,
      'idempotency.in_progress',
      t('相同请求正在处理', 'Request in progress'),
      t('使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试', 'A request with this Idempotency-Key is still running; retry later'),
      undefined,
      { 'retry-after': '1' },
    ),
  unavailable: () =>
    new AppError(503, 'service.unavailable', t('服务暂不可用', 'Service unavailable'), t('数据库暂时无法连接，请稍后重试', 'The database is unreachable; retry later'), undefined, {
      'retry-after': '5',
    }),
  internal: (requestId: string) =>
    new AppError(
      500,
      'internal',
      t('服务器内部错误', 'Internal server error'),
      t(`请联系管理员并提供请求编号 ${requestId}`, `Contact the administrator with request id ${requestId}`),
    ),
}
