import { z } from 'zod'
import { assignmentStatusCodes, demandStatusCodes, industryCodes, serviceKindCodes, urgencyCodes } from '../../domain/codes/codes.js'
import { codeList, id, isoDate, line, pageQuery, paragraph, tagList, yuan } from '../../lib/schemas.js'
import { districtCode } from '../enterprises/enterprises.schemas.js'

const demandFields = {
  title: line(100).describe('需求标题'),
  description: paragraph(5000).describe('需求描述 (Chinese free text)'),
  serviceKinds: codeList(serviceKindCodes, 1).describe('五技服务: the kinds of service wanted'),
  skills: tagList(20, 30).default([]).describe('Skill tags, e.g. 注塑, 模具'),
  industry: z.enum(industryCodes).optional().describe("Defaults to the enterprise's industry"),
  urgency: z.enum(urgencyCodes).default('normal'),
  traineesWanted: z.int().min(0).max(100_000).optional().describe('Workers to train (人次)'),
  estimatedBenefitYuan: yuan.optional().describe("The enterprise's hope, in yuan; never counted in the metrics"),
  dueDate: isoDate.optional(),
}

export const DemandCreate = z
  .strictObject({
    ...demandFields,
    enterpriseId: id.optional().describe('Required for admins; an enterprise posts for itself'),
  })
  .meta({ id: 'DemandCreate' })

export const DemandPatch = z
  .strictObject({
    title: demandFields.title,
    description: demandFields.description,
    serviceKinds: demandFields.serviceKinds,
    skills: tagList(20, 30),
    industry: z.enum(industryCodes),
    urgency: z.enum(urgencyCodes),
    traineesWanted: demandFields.traineesWanted.unwrap().nullable(),
    estimatedBenefitYuan: yuan.nullable(),
    dueDate: isoDate.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', params: { code: 'empty_patch', zh: '没有要修改的字段' } })
  .meta({ id: 'DemandPatch' })

export const DemandCancel = z.strictObject({ reason: line(500).describe('Why the demand is cancelled') }).meta({ id: 'DemandCancel' })

const AssignmentSummary = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  status: z.enum(assignmentStatusCodes),
  assignedAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
})

export const DemandView = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    title: z.string(),
    description: z.string(),
    serviceKinds: z.array(z.enum(serviceKindCodes)),
    skills: z.array(z.string()),
    industry: z.enum(industryCodes),
    districtCode: z.string(),
    districtName: z.string(),
    urgency: z.enum(urgencyCodes),
    traineesWanted: z.int().nullable(),
    estimatedBenefitYuan: z.int().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(demandStatusCodes),
    cancelReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    currentAssignment: AssignmentSummary.nullable(),
    assignments: z
      .array(
        AssignmentSummary.extend({
          endedAt: z.iso.datetime().nullable(),
          declineReasonCode: z.string().nullable(),
          declineNote: z.string().nullable(),
          cancelReason: z.string().nullable(),
        }),
      )
      .optional()
      .describe('The assignment history, oldest first (on GET of one demand)'),
  })
  .meta({ id: 'Demand' })

export const DemandListQuery = z
  .strictObject({
    ...pageQuery,
    status: z.enum(demandStatusCodes).optional(),
    districtCode: districtCode.optional(),
    industry: z.enum(industryCodes).optional(),
    serviceKind: z.enum(serviceKindCodes).optional(),
    enterpriseId: id.optional(),
    from: isoDate.optional().describe('Created on or after this day (Asia/Shanghai)'),
    to: isoDate.optional().describe('Created on or before this day (Asia/Shanghai)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from', params: { code: 'range', zh: 'to 不能早于 from' } })
