/**
 * Reasons behind a ranking, as codes with parameters plus rendered text (Chinese by
 * default, English on request). Clients may render `params` themselves; the message
 * is what the dispatcher sees: 技能匹配：注塑、模具；同区服务队；当前负载 1/3.
 */
import type {
  IndustryLabel,
  IneligibleCode,
  Lang,
  Reason,
  ReasonData,
  ServiceKind,
} from './types.js'

export const SERVICE_KIND_LABELS: Readonly<Record<ServiceKind, Readonly<Record<Lang, string>>>> = {
  tackling: { zh: '技术攻关', en: 'technical problem-solving' },
  assistance: { zh: '技术帮扶', en: 'technical assistance' },
  exchange: { zh: '技术交流', en: 'technical exchange' },
  collaboration: { zh: '技术协作', en: 'technical collaboration' },
  training: { zh: '技术培训', en: 'technical training' },
}

export const INELIGIBLE_LABELS: Readonly<Record<IneligibleCode, Readonly<Record<Lang, string>>>> = {
  team_inactive: { zh: '已停用', en: 'inactive' },
  service_kind_not_offered: { zh: '未提供所需服务类型', en: 'does not offer the requested service kinds' },
  out_of_jurisdiction: { zh: '非本辖区服务队', en: "outside the team's jurisdiction" },
  declined_before: { zh: '曾拒绝此需求', en: 'declined this demand before' },
}

/** Order in which ineligibility counts are listed (most informative first). */
const INELIGIBLE_ORDER: readonly IneligibleCode[] = [
  'out_of_jurisdiction',
  'service_kind_not_offered',
  'team_inactive',
  'declined_before',
]

export interface FormatOptions {
  /** label for an industry code; the code itself is shown when absent */
  readonly industryLabel?: IndustryLabel
}

/** Matched terms are tokens: show Latin ones in capitals (plc → PLC, en71 → EN71). */
function showTerm(t: string): string {
  return /[a-z]/.test(t) ? t.toUpperCase() : t
}

function kinds(ks: readonly ServiceKind[], lang: Lang): string {
  return ks.map((k) => SERVICE_KIND_LABELS[k][lang]).join(lang === 'zh' ? '、' : ', ')
}

function industryName(code: string, lang: Lang, options: FormatOptions): string {
  return options.industryLabel?.(code, lang) ?? code
}

const NO_OPTIONS: FormatOptions = {}

export function formatReason(reason: ReasonData, lang: Lang = 'zh', options: FormatOptions = NO_OPTIONS): string {
  const zh = lang === 'zh'
  const sep = zh ? '、' : ', '
  switch (reason.code) {
    case 'skill_match': {
      const terms = reason.params.terms.map(showTerm).join(sep)
      return zh ? `技能匹配：${terms}（菜单：${reason.params.itemTitle}）` : `Skill match: ${terms} (menu: ${reason.params.itemTitle})`
    }
    case 'skill_weak':
      return zh ? '菜单内容与需求关联较弱' : 'Little in common between the menu and the demand'
    case 'industry_match':
      return zh ? `行业匹配：${industryName(reason.params.industry, lang, options)}` : `Industry match: ${industryName(reason.params.industry, lang, options)}`
    case 'industry_related':
      return zh ? `相关行业：${industryName(reason.params.industry, lang, options)}` : `Related industry: ${industryName(reason.params.industry, lang, options)}`
    case 'industry_general':
      return zh ? '跨行业服务队' : 'Cross-industry team'
    case 'industry_mismatch':
      return zh
        ? `行业不同（需求属${industryName(reason.params.industry, lang, options)}）`
        : `Different industry (the demand is in ${industryName(reason.params.industry, lang, options)})`
    case 'service_kind_match':
      return zh ? `提供所需服务：${kinds(reason.params.kinds, lang)}` : `Offers the requested services: ${kinds(reason.params.kinds, lang)}`
    case 'service_kind_partial':
      return zh
        ? `部分提供所需服务，缺少：${kinds(reason.params.missing, lang)}`
        : `Offers some of the requested services; missing: ${kinds(reason.params.missing, lang)}`
    case 'same_district':
      return zh ? '同区服务队' : 'Team of the same district'
    case 'city_team':
      if (reason.params.sameBase) return zh ? '市级服务队，驻本区，全市服务' : 'City-level team based in this district, serves the whole city'
      return zh ? '市级服务队，全市服务' : 'City-level team, serves the whole city'
    case 'load':
      return zh ? `当前负载 ${reason.params.load}/${reason.params.capacity}` : `Current load ${reason.params.load}/${reason.params.capacity}`
    case 'capacity_full':
      return zh
        ? `已满负荷 ${reason.params.load}/${reason.params.capacity}，需释放名额后方可指派`
        : `At full capacity ${reason.params.load}/${reason.params.capacity}; a slot must free up before assignment`
    case 'track_record': {
      const { solveRate, rating } = reason.params
      const solve =
        solveRate === null ? (zh ? '暂无完成记录' : 'no completed jobs yet') : zh ? `解决率 ${Math.round(solveRate * 100)}%` : `${Math.round(solveRate * 100)}% solved`
      const rate = rating === null ? (zh ? '暂无评分' : 'no ratings yet') : zh ? `评分 ${rating.toFixed(1)}` : `rating ${rating.toFixed(1)}`
      return zh ? `服务记录：${solve}，${rate}` : `Track record: ${solve}, ${rate}`
    }
    case 'new_team':
      return zh ? '新服务队，采用先验评分' : 'New team; track record taken at the prior'
    case 'team_inactive':
    case 'service_kind_not_offered':
    case 'out_of_jurisdiction':
    case 'declined_before':
      return INELIGIBLE_LABELS[reason.code][lang]
    case 'no_eligible_team': {
      const { total, counts } = reason.params
      if (total === 0) return zh ? '暂无服务队' : 'No teams registered'
      const parts = INELIGIBLE_ORDER.flatMap((c) => {
        const n = counts[c]
        return n ? [zh ? `${INELIGIBLE_LABELS[c].zh} ${n} 支` : `${INELIGIBLE_LABELS[c].en}: ${n}`] : []
      })
      return zh
        ? `没有符合条件的服务队（共 ${total} 支）：${parts.join('，')}`
        : `No eligible team (${total} in all): ${parts.join('; ')}`
    }
  }
}

/**
 * Attaches the rendered message to a reason. Built field by field (not spread) so every
 * reason object has the same shape: ranking 1,000 teams makes thousands of them.
 */
export function withMessage<R extends ReasonData>(reason: R, lang: Lang = 'zh', options: FormatOptions = NO_OPTIONS): R & { readonly message: string } {
  return { code: reason.code, params: reason.params, message: formatReason(reason, lang, options) } as unknown as R & { readonly message: string }
}

export interface EligibilitySummary {
  readonly total: number
  readonly eligible: number
  /** teams per ineligibility reason (a team failing two filters counts under both) */
  readonly counts: Readonly<Partial<Record<IneligibleCode, number>>>
  /** present when no team is eligible: the reason to show instead of a ranking */
  readonly reason: Reason | null
}

/**
 * Why no team is eligible, as counts per hard filter. Accepts ranked matches
 * (`ineligibleReasons`) or pair scores (`ineligible`).
 */
export function summariseEligibility(
  results: readonly ({ readonly eligible: boolean } & ({ readonly ineligibleReasons?: readonly { readonly code: string }[] } | { readonly ineligible: readonly { readonly code: string }[] }))[],
  lang: Lang = 'zh',
): EligibilitySummary {
  const counts: Partial<Record<IneligibleCode, number>> = {}
  let eligible = 0
  for (const r of results) {
    if (r.eligible) {
      eligible++
      continue
    }
    const codes = 'ineligible' in r ? r.ineligible : (r.ineligibleReasons ?? [])
    for (const { code } of codes) {
      if (code in INELIGIBLE_LABELS) counts[code as IneligibleCode] = (counts[code as IneligibleCode] ?? 0) + 1
    }
  }
  return eligibilitySummary(results.length, eligible, counts, lang)
}

/** The summary from its counts (the ranking counts them without building reasons). */
export function eligibilitySummary(total: number, eligible: number, counts: Partial<Record<IneligibleCode, number>>, lang: Lang = 'zh'): EligibilitySummary {
  const reason = eligible === 0 ? withMessage({ code: 'no_eligible_team', params: { total, counts } } as const, lang) : null
  return { total, eligible, counts, reason }
}
