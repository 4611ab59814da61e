import { z } from 'zod'
import { id } from '../../lib/schemas.js'

const Reason = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()), message: z.string() }).meta({ id: 'MatchReason' })

export const MatchComponents = z
  .object({
    skills: z.number().describe('技能/文本相关度 (BM25 over the menu)'),
    industry: z.number().describe('行业匹配'),
    serviceKind: z.number().describe('服务类型覆盖'),
    locality: z.number().describe('属地：同区 > 市级'),
    capacity: z.number().describe('剩余服务能力'),
    trackRecord: z.number().describe('历史解决率与评分（向先验收缩）'),
  })
  .meta({ id: 'MatchComponents' })

export const TeamMatchView = z
  .object({
    teamId: z.string(),
    teamName: z.string(),
    score: z.number().describe('Weighted sum of the components, in [0, 1]'),
    components: MatchComponents,
    reasons: z.array(Reason),
    eligible: z.boolean(),
    ineligibleReasons: z.array(Reason).optional(),
    capacityLeft: z.int(),
  })
  .meta({ id: 'TeamMatch' })

export const MatchesView = z
  .object({
    demandId: z.string(),
    matches: z.array(TeamMatchView),
    eligibleCount: z.int(),
    totalTeams: z.int(),
    noEligibleReason: z.string().nullable().describe('Why no team is eligible, when none is'),
  })
  .meta({ id: 'Matches' })

export const MatchesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  includeIneligible: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
})

const SimilarItem = z.object({
  demandId: z.string(),
  title: z.string(),
  status: z.string(),
  similarity: z.number(),
  sharedTerms: z.array(z.string()),
  outcome: z.object({ solved: z.boolean(), teamId: z.string().nullable(), teamName: z.string().nullable(), summary: z.string().nullable() }).nullable(),
})

export const SimilarView = z
  .object({ demandId: z.string(), similar: z.array(SimilarItem), possibleDuplicates: z.array(SimilarItem) })
  .meta({ id: 'SimilarDemands' })

export const DispatchRequest = z
  .strictObject({
    dryRun: z.boolean().default(true).describe('true: only return the plan; false: commit it atomically'),
    demandIds: z.array(id).min(1).max(20_000).optional().describe('Default: every open demand'),
  })
  .meta({ id: 'DispatchRequest' })

export const DispatchPlanView = z
  .object({
    dryRun: z.boolean(),
    assignments: z.array(z.object({ demandId: z.string(), teamId: z.string(), teamName: z.string(), score: z.number().describe('The pair\'s score rounded to 6 decimals, as the assignment stores it'), assignmentId: z.string().nullable() })),
    served: z.int(),
    totalScore: z.number().describe('Sum of the assignments\' scores'),
    teamLoad: z.array(z.object({ teamId: z.string(), teamName: z.string(), capacity: z.int(), loadBefore: z.int(), added: z.int() })),
    unassigned: z.array(z.object({ demandId: z.string(), reasons: z.array(z.object({ code: z.string(), message: z.string() })) })),
  })
  .meta({ id: 'DispatchPlan' })
