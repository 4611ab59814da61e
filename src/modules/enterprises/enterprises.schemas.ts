import { z } from 'zod'
import { enterpriseSizeCodes, industryCodes } from '../../domain/codes/codes.js'
import { checkCreditCode } from '../../domain/credit-code.js'
import { line, pageQuery, phone } from '../../lib/schemas.js'

const CREDIT_CODE_ZH = {
  length: '统一社会信用代码应为 18 位',
  charset: '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）',
  division: '统一社会信用代码第 3–8 位应为行政区划代码',
  check_digit: '统一社会信用代码校验位错误',
} as const
const CREDIT_CODE_EN = {
  length: 'must be 18 characters',
  charset: 'may contain only digits and upper-case letters other than I, O, Z, S, V',
  division: 'characters 3–8 must be a division code',
  check_digit: 'check digit is wrong (GB 32100-2015)',
} as const

export const creditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const problem = checkCreditCode(s)
    if (problem)
      ctx.addIssue({ code: 'custom', message: CREDIT_CODE_EN[problem], params: { code: `credit_code.${problem}`, zh: CREDIT_CODE_ZH[problem] } })
  })
  .describe('统一社会信用代码, 18 characters, GB 32100-2015 check digit')

export const districtCode = z.string().regex(/^\d{6}$/, { message: 'must be a 6-digit GB/T 2260 code' }).describe('GB/T 2260 county-level code within the configured city')

const Contact = z.strictObject({ name: line(50), phone })

export const EnterpriseCreate = z
  .strictObject({
    name: line(100),
    creditCode,
    districtCode,
    address: line(200),
    industry: z.enum(industryCodes),
    size: z.enum(enterpriseSizeCodes),
    specialized: z.boolean().default(false).describe('专精特新'),
    contact: Contact,
  })
  .meta({ id: 'EnterpriseCreate' })

// An enterprise may correct its own address, contact, size and 专精特新 flag; the
// identity fields (name, credit code, district, industry) are the admin's.
export const EnterprisePatch = EnterpriseCreate.partial().meta({ id: 'EnterprisePatch' })
export const SELF_EDITABLE = ['address', 'contact', 'size', 'specialized'] as const

export const EnterpriseView = z
  .object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string(),
    districtCode: z.string(),
    districtName: z.string(),
    address: z.string(),
    industry: z.enum(industryCodes),
    size: z.enum(enterpriseSizeCodes),
    specialized: z.boolean(),
    contact: z.object({ name: z.string(), phone: z.string() }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Enterprise' })

export const EnterpriseListQuery = z.strictObject({
  ...pageQuery,
  districtCode: districtCode.optional(),
  industry: z.enum(industryCodes).optional(),
  q: line(50).optional().describe('Part of the name or the credit code'),
})
