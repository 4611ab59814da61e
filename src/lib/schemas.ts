// Shared zod building blocks: one source of truth for validation, types and OpenAPI.
import { z } from 'zod'

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F]/
// A UTF-16 half with no partner is not text: PostgreSQL refuses it inside jsonb (the audit data).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const wellFormed = [
  (s: string) => !LONE_SURROGATE.test(s),
  { message: 'must be well-formed Unicode (no lone surrogates)', params: { code: 'malformed_unicode', zh: '包含无效的 Unicode 字符' } },
] as const

/** A single-line text: trimmed, bounded, no control characters. Chinese is stored as given. */
export const line = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL_OR_NEWLINE.test(s), {
      message: 'must not contain control characters or line breaks',
      params: { code: 'control_characters', zh: '不能包含控制字符或换行' },
    })
    .refine(...wellFormed)

/** A multi-line text: like `line` but newlines and tabs are allowed. */
export const paragraph = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL.test(s), {
      message: 'must not contain control characters',
      params: { code: 'control_characters', zh: '不能包含控制字符' },
    })
    .refine(...wellFormed)

export const id = z.uuid()
export const isoDate = z.iso.date()
export const yuan = z.int().min(0).max(1_000_000_000_000)

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/
export const phone = z
  .string()
  .trim()
  .max(20)
  .refine((s) => PHONE.test(s), {
    message: 'must be a mainland mobile number (11 digits) or a landline such as 0754-88888888',
    params: { code: 'phone', zh: '应为 11 位手机号或固定电话（如 0754-88888888）' },
  })
  .describe('Personal data: shown only to admins and the owner')

/** A list of distinct codes from one enum. */
export const codeList = <T extends readonly [string, ...string[]]>(codes: T, min: number, max = codes.length) =>
  z
    .array(z.enum(codes))
    .min(min)
    .max(max)
    .refine((a) => new Set(a).size === a.length, {
      message: 'must not repeat a value',
      params: { code: 'duplicate_values', zh: '不能包含重复值' },
    })

export const tagList = (maxItems: number, maxLen: number) =>
  z
    .array(line(maxLen))
    .max(maxItems)
    .refine((a) => new Set(a).size === a.length, {
      message: 'must not repeat a value',
      params: { code: 'duplicate_values', zh: '不能包含重复值' },
    })

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('The nextCursor of the previous page'),
  updatedSince: z.iso.datetime({ offset: true }).optional().describe('Only objects changed at or after this instant'),
}

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    code: z.string().describe('Stable machine-readable error code'),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

export const idParams = z.object({ id })
