import { z } from 'zod'
import { assignmentStatusCodes, benefitKindCodes, declineReasonCodes, serviceKindCodes } from '../../domain/codes/codes.js'
import { id, isoDate, line, pageQuery, paragraph, yuan } from '../../lib/schemas.js'

export const AssignmentCreate = z
  .strictObject({
    teamId: id,
    note: line(500).optional(),
    override: z.boolean().default(false).describe('Assign a team the hard filters exclude; needs a note, and is audited'),
  })
  .refine((v) => !v.override || v.note, { path: ['note'], message: 'a note is required with override', params: { code: 'required', zh: '强制派单必须填写说明（note）' } })
  .meta({ id: 'AssignmentCreate' })

export const AssignmentDecline = z
  .strictObject({ reasonCode: z.enum(declineReasonCodes), note: line(500).optional() })
  .refine((v) => v.reasonCode !== 'other' || v.note, { path: ['note'], message: 'a note is required for reason "other"', params: { code: 'required', zh: '选择「其他原因」时须说明' } })
  .meta({ id: 'AssignmentDecline' })

export const AssignmentCancel = z.strictObject({ reason: line(500) }).meta({ id: 'AssignmentCancel' })

export const AssignmentComplete = z
  .strictObject({
    solved: z.boolean().describe('Was the technical problem solved?'),
    serviceKind: z.enum(serviceKindCodes).optional().describe("The service delivered; defaults to the demand's first kind"),
    traineeCount: z.int().min(0).max(100_000).default(0).describe('Workers trained (人次)'),
    benefitYuan: yuan.optional().describe('Economic benefit in yuan'),
    benefitKind: z.enum(benefitKindCodes).optional().describe('actual or expected; given together with benefitYuan'),
    completedOn: isoDate.optional().describe('Defaults to today (Asia/Shanghai)'),
    summary: paragraph(2000),
  })
  .superRefine((v, ctx) => {
    if ((v.benefitYuan === undefined) !== (v.benefitKind === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.benefitYuan === undefined ? 'benefitYuan' : 'benefitKind'],
        message: 'benefitYuan and benefitKind go together (both or neither)',
        params: { code: 'benefit_pair', zh: 'benefitYuan 与 benefitKind 须同时提供或同时省略' },
      })
  })
  .meta({ id: 'AssignmentComplete' })

export const AssignmentView = z
  .object({
    id: z.string(),
    demandId: z.string(),
    demandTitle: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    status: z.enum(assignmentStatusCodes),
    score: z.number().nullable().describe('The matcher score when assigned, in [0, 1]'),
    note: z.string().nullable(),
    override: z.boolean(),
    assignedAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    declineReasonCode: z.enum(declineReasonCodes).nullable(),
    declineNote: z.string().nullable(),
    cancelReason: z.string().nullable(),
    outcome: z
      .object({
        solved: z.boolean(),
        serviceKind: z.enum(serviceKindCodes),
        traineeCount: z.int(),
        benefitYuan: z.int().nullable(),
        benefitKind: z.enum(benefitKindCodes).nullable(),
        completedOn: z.string(),
        summary: z.string(),
      })
      .nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Assignment' })

export const AssignmentListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(assignmentStatusCodes).optional(),
  demandId: id.optional(),
  teamId: id.optional(),
})

export const FeedbackCreate = z
  .strictObject({
    rating: z.int().min(1).max(5).describe('1–5'),
    outcomeConfirmed: z.boolean().describe('The enterprise confirms the reported outcome'),
    comment: paragraph(1000).optional(),
  })
  .meta({ id: 'FeedbackCreate' })

export const FeedbackView = z
  .object({
    assignmentId: z.string(),
    demandId: z.string(),
    rating: z.int(),
    outcomeConfirmed: z.boolean(),
    comment: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Feedback' })
