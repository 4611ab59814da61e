import { z } from 'zod'
import { roleCodes } from '../../domain/codes/codes.js'
import { id, line } from '../../lib/schemas.js'

export const TokenCreate = z
  .strictObject({
    role: z.enum(roleCodes),
    enterpriseId: id.optional(),
    teamId: id.optional(),
    label: line(100).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    const need = (path: 'enterpriseId' | 'teamId', zh: string, en: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message: en, params: { code: 'token.owner', zh } })
    if (v.role === 'enterprise' && !v.enterpriseId) need('enterpriseId', '企业令牌必须指定 enterpriseId', 'required for an enterprise token')
    if (v.role === 'team' && !v.teamId) need('teamId', '服务队令牌必须指定 teamId', 'required for a team token')
    if (v.role !== 'enterprise' && v.enterpriseId) need('enterpriseId', '只有企业令牌可以指定 enterpriseId', 'only for an enterprise token')
    if (v.role !== 'team' && v.teamId) need('teamId', '只有服务队令牌可以指定 teamId', 'only for a team token')
    if (v.expiresAt && Date.parse(v.expiresAt) <= Date.now())
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be in the future', params: { code: 'token.expires_in_past', zh: '过期时间必须晚于当前时间' } })
  })
  .meta({ id: 'TokenCreate' })

export const TokenView = z
  .object({
    id: z.string(),
    role: z.enum(roleCodes),
    enterpriseId: z.string().nullable(),
    teamId: z.string().nullable(),
    label: z.string().nullable(),
    bootstrap: z.boolean(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Token', description: 'Token metadata; the secret is never shown again' })

export const TokenIssued = z
  .object({ id: z.string(), token: z.string().describe('The secret, shown once: deliver it out of band') })
  .meta({ id: 'TokenIssued' })
