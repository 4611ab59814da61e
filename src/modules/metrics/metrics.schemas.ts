// Impact metrics (API.md "Impact metrics: counting rules"): query and view shapes.
import { z } from 'zod'
import { FIGURE_NAMES, GROUP_BYS } from '../../domain/metrics/impact.js'
import { id, isoDate } from '../../lib/schemas.js'
import { fromBeforeTo } from '../activities/activities.schemas.js'
import { districtCode } from '../enterprises/enterprises.schemas.js'

export const impactFilters = {
  from: isoDate.optional().describe('First day of the period, inclusive (Asia/Shanghai calendar day)'),
  to: isoDate.optional().describe('Last day of the period, inclusive (Asia/Shanghai calendar day)'),
  districtCode: districtCode.optional().describe('Only records in this district (an activity’s district, a completion’s enterprise’s district, a team’s district)'),
  teamId: id.optional().describe('Only this team’s records'),
  groupBy: z.enum(GROUP_BYS).optional().describe('Group rows by this dimension (admin only)'),
}

export const ImpactQuery = z.strictObject(impactFilters).refine(...fromBeforeTo)

export const RecordsQuery = z
  .strictObject({
    figure: z.enum(FIGURE_NAMES).describe('The figure whose records to list'),
    ...impactFilters,
    groupKey: z
      .string()
      .max(20)
      .optional()
      .describe('With groupBy: one group’s records instead of the total’s; an empty value selects the group whose key is unknown (null)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Page size, 1–1000'),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .describe('The nextCursor of the previous page'),
  })
  .refine(...fromBeforeTo)
  .refine((q) => q.groupKey === undefined || q.groupBy !== undefined, {
    path: ['groupKey'],
    message: 'groupKey needs groupBy',
    params: { code: 'group_by_required', zh: 'groupKey 须与 groupBy 一起使用' },
  })

const Benefit = z.object({
  actual: z.int().describe('经济效益 (actual), yuan'),
  expected: z.int().describe('预期经济效益 (expected), yuan'),
  total: z.int().describe('actual + expected, yuan'),
})

const BenefitWan = z
  .object({ actual: z.number(), expected: z.number(), total: z.number() })
  .describe('The same in 万元 (yuan / 10,000, exact to 4 decimals), for display')

const figureFields = {
  activities: z.int().describe('活动（场）: activities dated in the period'),
  problemsSolved: z.int().describe('解决技术问题（个）: solved completions + on-site entries of activities'),
  workersTrained: z.int().describe('帮助职工提升技能（人次）: worker-times, not distinct workers'),
  enterprisesServed: z.int().describe('服务企业（家）: distinct enterprises (not additive over groups)'),
  enterpriseVisits: z.int().describe('服务企业（家次）: the same touches without de-duplication'),
  benefitYuan: Benefit,
  benefitWanYuan: BenefitWan,
}

export const ImpactFigures = z
  .object({ teams: z.int().describe('服务队（支）: not additive over groups'), ...figureFields })
  .meta({ id: 'ImpactFigures' })

export const ImpactGroupFigures = z
  .object({ teams: z.int().nullable().describe('null when the grouping is not a dimension of teams (industry, serviceKind)'), ...figureFields })
  .meta({ id: 'ImpactGroupFigures' })

const Additive = z
  .object({
    teams: z.boolean(),
    activities: z.boolean(),
    problemsSolved: z.boolean(),
    workersTrained: z.boolean(),
    enterprisesServed: z.boolean(),
    enterpriseVisits: z.boolean(),
    benefitYuan: z.boolean(),
  })
  .describe('Whether the group rows of a figure add up to its total')

export const ImpactView = z
  .object({
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    filters: z.object({ districtCode: z.string().nullable(), districtName: z.string().nullable(), teamId: z.string().nullable() }),
    totals: ImpactFigures,
    groupBy: z.enum(GROUP_BYS).optional(),
    groups: z
      .array(
        z.object({
          key: z.string().nullable().describe('District code, industry code, team level, service kind or YYYY-MM; null = unknown'),
          label: z.string().describe('Chinese label of the key'),
          figures: ImpactGroupFigures,
        }),
      )
      .optional(),
    additive: Additive,
    figureLabels: z.record(z.string(), z.string()).describe('Chinese labels of the figures'),
  })
  .meta({ id: 'Impact' })

const Touch = z.object({
  type: z.enum(['activity', 'completion']),
  activityId: z.string().optional(),
  assignmentId: z.string().optional(),
  demandId: z.string().optional(),
  teamId: z.string(),
  teamName: z.string(),
  title: z.string().describe('The activity’s title or the demand’s'),
  date: z.string().describe('The activity’s date or the completion’s completedOn'),
  via: z.enum(['listed', 'linkedDemand']).optional(),
  solved: z.boolean().optional(),
})

export const ImpactRecord = z
  .object({
    type: z.enum(['team', 'activity', 'completion', 'enterprise']),
    contributes: z.int().describe('What this record adds to the figure: 1 for a count, the trainees, or the yuan'),
    teamId: z.string().optional(),
    teamName: z.string().optional(),
    activityId: z.string().optional(),
    assignmentId: z.string().optional(),
    demandId: z.string().optional(),
    enterpriseId: z.string().optional(),
    enterpriseName: z.string().optional(),
    title: z.string().optional().describe('The activity’s title or the demand’s'),
    date: z.string().optional().describe('Activity date, completion day, or a team’s registration day'),
    traineeCount: z.int().optional(),
    amountYuan: z.int().optional(),
    benefitKind: z.enum(['actual', 'expected']).optional(),
    problemIndex: z.int().optional().describe('Index of the on-site entry within the activity'),
    problemText: z.string().optional(),
    via: z.enum(['listed', 'linkedDemand']).optional(),
    solved: z.boolean().optional(),
    level: z.enum(['city', 'district']).optional(),
    districtCode: z.string().optional(),
    deactivatedOn: z.string().nullable().optional(),
    active: z.boolean().optional(),
    touches: z.array(Touch).optional().describe('enterprisesServed: every record that touched the enterprise'),
  })
  .meta({ id: 'ImpactRecord' })

export const RecordsView = z
  .object({
    figure: z.enum(FIGURE_NAMES),
    label: z.string(),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    groupBy: z.enum(GROUP_BYS).nullable(),
    groupKey: z.string().nullable(),
    value: z.union([z.int(), Benefit]).nullable().describe('The figure (the group’s, with groupKey); equals the count or sum of all records'),
    count: z.int().describe('Records behind the figure, over all pages'),
    records: z.array(ImpactRecord),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ImpactRecords' })
