// 活动 (activities): a team's service visit, training session or exchange meeting, tied to
// one order, several or none. Request and view shapes.
import { z } from 'zod'
import { benefitKindCodes, industryCodes, serviceKindCodes, teamLevelCodes } from '../../domain/codes/codes.js'
import { id, isoDate, line, pageQuery, yuan } from '../../lib/schemas.js'
import { todayInShanghai } from '../../lib/pagination.js'
import { districtCode } from '../enterprises/enterprises.schemas.js'

const distinctIds = (max: number) =>
  z
    .array(id)
    .max(max)
    .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a value', params: { code: 'duplicate_values', zh: '不能包含重复值' } })

// An activity is a record of what happened, so it cannot be dated after today (Asia/Shanghai).
const activityDate = isoDate
  .refine((d) => d <= todayInShanghai(), { message: 'must not be after today (Asia/Shanghai)', params: { code: 'date_in_future', zh: '活动日期不能晚于今天' } })
  .describe('The day of the activity (Asia/Shanghai), not after today')

/** benefitYuan and benefitKind come together: two values, or (on PATCH) two nulls to clear the benefit, or neither key. */
function benefitPair(v: { benefitYuan?: number | null | undefined; benefitKind?: string | null | undefined }, ctx: z.RefinementCtx) {
  const state = (x: unknown) => (x === undefined ? 'absent' : x === null ? 'null' : 'value')
  const amount = state(v.benefitYuan)
  const kind = state(v.benefitKind)
  if (amount === kind) return
  // Name the field that is missing (or null) next to the other.
  const missing = amount === 'value' || (amount === 'null' && kind === 'absent') ? 'benefitKind' : 'benefitYuan'
  ctx.addIssue({
    code: 'custom',
    path: [missing],
    message: 'benefitYuan and benefitKind go together (both or neither)',
    params: { code: 'benefit_pair', zh: 'benefitYuan 与 benefitKind 须同时提供或同时省略' },
  })
}

const activityFields = {
  date: activityDate,
  serviceKind: z.enum(serviceKindCodes).describe('五技服务 delivered'),
  title: line(100).describe('活动名称, e.g. 注塑工艺培训班'),
  districtCode: districtCode.describe('Where the activity took place: a GB/T 2260 district of the configured city'),
  industry: z.enum(industryCodes).describe("Defaults to the first enterprise's industry (listed first, else the owner of the first linked demand); stored as resolved"),
  enterpriseIds: distinctIds(500).describe('Enterprises served (order kept: the first sets the default industry)'),
  demandIds: distinctIds(100).describe('Demands this activity was part of; their owners are added to the served enterprises automatically'),
  traineeCount: z.int().min(0).max(100_000).describe('Workers trained (人次, worker-times)'),
  onSiteProblemsSolved: z.array(line(200)).max(200).describe('One entry per technical problem solved on site; each counts as one problem'),
  benefitYuan: yuan.describe('Economic benefit in integer yuan; with benefitKind'),
  benefitKind: z.enum(benefitKindCodes).describe('actual (经济效益) or expected (预期经济效益); with benefitYuan'),
}

export const ActivityCreate = z
  .strictObject({
    teamId: id.describe('The team that ran it; a team records only its own activities'),
    ...activityFields,
    industry: activityFields.industry.optional(),
    enterpriseIds: activityFields.enterpriseIds.default([]),
    demandIds: activityFields.demandIds.default([]),
    traineeCount: activityFields.traineeCount.default(0),
    onSiteProblemsSolved: activityFields.onSiteProblemsSolved.default([]),
    benefitYuan: activityFields.benefitYuan.optional(),
    benefitKind: activityFields.benefitKind.optional(),
  })
  .superRefine(benefitPair)
  .meta({ id: 'ActivityCreate' })

export const ActivityPatch = z
  .strictObject({
    ...activityFields,
    benefitYuan: activityFields.benefitYuan.nullable().describe('With benefitKind; both null clear the benefit'),
    benefitKind: activityFields.benefitKind.nullable(),
  })
  .partial()
  .superRefine(benefitPair)
  .refine((v) => Object.keys(v).length > 0, {
    message: 'nothing to change',
    params: { code: 'empty_patch', zh: '没有要修改的字段' },
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'ActivityPatch', description: 'A correction: the fields given replace the stored ones (lists as a whole). The team cannot be changed.' })

const EnterpriseRef = z.object({
  id: z.string(),
  name: z.string(),
  via: z.enum(['listed', 'linkedDemand']).describe('listed by the team, or added as the owner of a linked demand'),
})

export const ActivityView = z
  .object({
    id: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    teamLevel: z.enum(teamLevelCodes),
    date: z.string(),
    serviceKind: z.enum(serviceKindCodes),
    title: z.string(),
    districtCode: z.string(),
    districtName: z.string(),
    industry: z.enum(industryCodes),
    industryDefaulted: z.boolean().describe("true when industry was taken from the first enterprise rather than given"),
    enterpriseIds: z.array(z.string()).describe('As listed by the team'),
    demandIds: z.array(z.string()),
    linkedEnterpriseIds: z.array(z.string()).describe('Owners of the linked demands, added automatically'),
    enterprises: z.array(EnterpriseRef).describe('Distinct enterprises served: listed ones first, then linked-demand owners not listed'),
    traineeCount: z.int(),
    onSiteProblemsSolved: z.array(z.string()),
    problemsSolved: z.int().describe('The number of on-site entries'),
    benefitYuan: z.int().nullable(),
    benefitKind: z.enum(benefitKindCodes).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Activity' })

export const activityFilterQuery = {
  teamId: id.optional(),
  from: isoDate.optional().describe('Dated on or after this day'),
  to: isoDate.optional().describe('Dated on or before this day'),
  serviceKind: z.enum(serviceKindCodes).optional(),
  districtCode: districtCode.optional(),
  demandId: id.optional().describe('Linked to this demand'),
  enterpriseId: id.optional().describe('Served this enterprise (listed or as a linked demand owner)'),
}

/** `.refine(...fromBeforeTo)`: an inclusive period whose end is not before its start. */
export const fromBeforeTo: [(q: { from?: string | undefined; to?: string | undefined }) => boolean, { path: string[]; message: string; params: Record<string, string> }] = [
  (q) => !q.from || !q.to || q.from <= q.to,
  { path: ['to'], message: 'must not be before from', params: { code: 'range', zh: 'to 不能早于 from' } },
]

export const ActivityListQuery = z.strictObject({ ...pageQuery, ...activityFilterQuery }).refine(...fromBeforeTo)
