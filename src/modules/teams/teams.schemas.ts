// 劳模工匠技术服务队 (teams) and their 资源菜单 (menu items): request and view shapes.
import { z } from 'zod'
import { honorCodes, industryCodes, serviceKindCodes, teamLevelCodes } from '../../domain/codes/codes.js'
import { codeList, id, line, pageQuery, paragraph, phone, tagList } from '../../lib/schemas.js'
import { districtCode } from '../enterprises/enterprises.schemas.js'

const Leader = z.strictObject({
  name: line(50).describe('队长 (team leader)'),
  honors: codeList(honorCodes, 0).default([]).describe('Honour codes (GET /v1/codes/honor), e.g. national_model_worker'),
})

const Contact = z.strictObject({ name: line(50), phone })

const teamFields = {
  name: line(100).describe('服务队名称'),
  leader: Leader,
  contact: Contact.describe('Personal data: shown only to admins and the team itself'),
  memberCount: z.int().min(1).max(10_000).describe('队员人数'),
  capacity: z.int().min(0).max(1000).describe('Max concurrent active assignments (assigned, accepted, in_progress)'),
  industries: codeList(industryCodes, 0).default([]).describe('Industries the team serves'),
}

export const TeamCreate = z
  .strictObject({
    ...teamFields,
    level: z.enum(teamLevelCodes).describe('city: serves the whole city; district: serves its own district only'),
    districtCode: districtCode
      .optional()
      .describe('GB/T 2260 district within the configured city: required for a district team (the district it serves); for a city team its base (optional)'),
  })
  .superRefine((v, ctx) => {
    if (v.level === 'district' && !v.districtCode)
      ctx.addIssue({
        code: 'custom',
        path: ['districtCode'],
        message: 'required for a district team',
        params: { code: 'team.district_required', zh: '区县级服务队必须指定 districtCode' },
      })
  })
  .meta({ id: 'TeamCreate' })

// Reported only when the body is otherwise valid: unknown fields alone are not also "nothing to change".
const nothingToChange = {
  message: 'nothing to change',
  params: { code: 'empty_patch', zh: '没有要修改的字段' },
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
}

export const TeamPatch = z
  .strictObject({
    ...teamFields,
    industries: codeList(industryCodes, 0),
    active: z.boolean().describe('false deactivates: its not-yet-accepted assignments are cancelled and their demands reopened; its menu is hidden'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, nothingToChange)
  .meta({ id: 'TeamPatch' })

export const MenuItemCreate = z
  .strictObject({
    title: line(100).describe('菜名: what the team offers'),
    description: paragraph(2000).describe('Chinese free text'),
    serviceKinds: codeList(serviceKindCodes, 1).describe('五技服务 offered by this item'),
    skills: tagList(20, 30).default([]).describe('Skill tags, e.g. 模流分析, 注塑'),
    industries: codeList(industryCodes, 0).default([]).describe('Industries this item is for; none = any of the team’s'),
  })
  .meta({ id: 'MenuItemCreate' })

export const MenuItemPatch = z
  .strictObject({
    title: MenuItemCreate.shape.title,
    description: MenuItemCreate.shape.description,
    serviceKinds: MenuItemCreate.shape.serviceKinds,
    skills: tagList(20, 30),
    industries: codeList(industryCodes, 0),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, nothingToChange)
  .meta({ id: 'MenuItemPatch' })

export const MenuItemView = z
  .object({
    id: z.string(),
    teamId: z.string(),
    title: z.string(),
    description: z.string(),
    serviceKinds: z.array(z.enum(serviceKindCodes)),
    skills: z.array(z.string()),
    industries: z.array(z.enum(industryCodes)),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'MenuItem' })

const TrackRecordView = z
  .object({
    completed: z.int().describe('Completed assignments, solved or not'),
    solved: z.int().describe('Completed with solved = true'),
    solveRate: z.number().nullable().describe('solved / completed; null before the first completion'),
    ratingCount: z.int(),
    ratingAvg: z.number().nullable().describe('Mean enterprise rating (1–5); null before the first rating'),
  })
  .meta({ id: 'TeamTrackRecord' })

export const TeamView = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.enum(teamLevelCodes),
    districtCode: z.string().describe('The district a district team serves; the base of a city team (the city’s own code when it has none)'),
    districtName: z.string(),
    leader: z.object({ name: z.string(), honors: z.array(z.enum(honorCodes)), honorLabels: z.array(z.string()).describe('Chinese labels of the honours') }),
    memberCount: z.int(),
    industries: z.array(z.enum(industryCodes)),
    active: z.boolean(),
    deactivatedAt: z.iso.datetime().nullable(),
    menu: z.array(MenuItemView).describe('Live (not deleted) menu items, oldest first'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    // Admin and the team itself only:
    contact: z.object({ name: z.string(), phone: z.string() }).optional().describe('Admin and the team itself only (personal data)'),
    capacity: z.int().optional().describe('Admin and the team itself only'),
    load: z.int().optional().describe('Active assignments (assigned, accepted, in_progress); admin and the team itself only'),
    capacityLeft: z.int().optional().describe('max(0, capacity − load); admin and the team itself only'),
    trackRecord: TrackRecordView.optional().describe('Admin and the team itself only'),
  })
  .meta({ id: 'Team', description: 'A service team. contact, capacity, load, capacityLeft and trackRecord are present only for admins and the team itself.' })

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true')

export const TeamListQuery = z.strictObject({
  ...pageQuery,
  level: z.enum(teamLevelCodes).optional(),
  districtCode: districtCode.optional().describe('Teams based in this district (city and district teams)'),
  industry: z.enum(industryCodes).optional().describe('Teams listing this industry'),
  active: boolQuery.optional().describe('Default: active teams only, except for admins (all teams). Non-admins see an inactive team only if it is their own'),
})

export const teamParams = z.object({ teamId: id })
export const menuItemParams = z.object({ teamId: id, itemId: id })

export const MenuQuery = z.strictObject({
  ...pageQuery,
  q: line(100, 0)
    .optional()
    .describe(
      'Chinese-aware text search (jieba + BM25F over title, skills, description); results are ordered by relevance and items with no matching term are left out. Empty = no search',
    ),
  serviceKind: z.enum(serviceKindCodes).optional(),
  industry: z.enum(industryCodes).optional().describe('Items listing this industry; an item listing none counts under its team’s industries'),
  districtCode: districtCode
    .optional()
    .describe('Items a team serving this district offers: district teams of this district, and every city team (city teams serve the whole city)'),
})

export const MenuEntryView = MenuItemView.extend({
  team: z.object({
    id: z.string(),
    name: z.string(),
    level: z.enum(teamLevelCodes),
    districtCode: z.string(),
    districtName: z.string(),
  }),
  score: z.number().optional().describe('Relevance to q in [0, 1] (only with q)'),
}).meta({ id: 'MenuEntry', description: 'A live menu item of an active team, with its team' })
