/**
 * Ranking the teams for one demand (GET /v1/demands/{id}/matches): every team is
 * scored, eligible teams first, each with its components and reasons.
 */
import { hardFilters, INELIGIBLE_BIT } from './filters.js'
import { matchedTerms, prepareDemand, scratchScores, type MatchIndex, type PreparedDemand, type TeamMenuEntry } from './menu-index.js'
import { eligibilitySummary, withMessage, type EligibilitySummary, type FormatOptions } from './reasons.js'
import { resolveScoreOptions, scoreWithEntry, type PairScore } from './score.js'
import { againstColumns, bitsAt, scoreAt, teamColumns } from './team-columns.js'
import type {
  IndustryLabel,
  IneligibleCode,
  Lang,
  MatchComponents,
  MatchDemand,
  MatchOptions,
  MatchTeam,
  MatchWeights,
  Reason,
  ReasonData,
  TeamMatch,
} from './types.js'

/** Below this skills score the best item's overlap is incidental (a shared 工艺), not a match. */
export const SKILL_REASON_MIN = 0.1
/** How many matched terms a skill reason lists. */
export const SKILL_REASON_TERMS = 4

export interface RankTeamsInput {
  readonly demand: MatchDemand
  readonly index: MatchIndex
  /** the teams to rank, with their current state (active, load, track record) */
  readonly teams: readonly MatchTeam[]
  readonly weights?: Partial<MatchWeights>
  readonly options?: MatchOptions
  readonly lang?: Lang
  readonly industryLabel?: IndustryLabel
  /** include ineligible teams (after all eligible ones); default true */
  readonly includeIneligible?: boolean
  /** return at most this many; reasons are only built for the returned teams */
  readonly limit?: number
}

export interface Ranking {
  readonly matches: TeamMatch[]
  /** over all teams, whatever the limit: eligible count and counts per hard filter */
  readonly summary: EligibilitySummary
}

/**
 * Ranks the teams for the demand: eligible teams first, then by score desc,
 * capacityLeft desc (the freer team can start sooner), team id asc (so equal teams
 * come back in the same order on every call).
 */
export function rankTeams(input: RankTeamsInput): TeamMatch[] {
  return rankTeamsWithSummary(input).matches
}

/**
 * `rankTeams` plus the eligibility summary over all teams, whose `reason` says why no
 * team is eligible when none is (e.g. 没有符合条件的服务队（共 15 支）：非本辖区服务队 8 支…).
 */
export function rankTeamsWithSummary(input: RankTeamsInput): Ranking {
  const { demand, index, teams, lang = 'zh' } = input
  const resolved = resolveScoreOptions({ ...input.options, ...(input.weights ? { weights: input.weights } : {}) })
  const cityCode = resolved.options.cityCode
  const fmt: FormatOptions = input.industryLabel ? { industryLabel: input.industryLabel } : {}
  // The item scores are read only within this call: into the shared scratch array.
  const p = prepareDemand(demand, index, scratchScores(index))
  const columns = teamColumns(index, teams)
  const against = againstColumns(columns, p, resolved)

  // One pass over every team with numbers only: the hard filters as bits (counted for the
  // summary), the score of each team that may be shown, and the best `limit` kept in
  // order. Objects (components, reasons) are built for the returned teams alone: at
  // province scale that is 10 of 1,000.
  const onlyEligible = input.includeIneligible === false
  const limit = input.limit !== undefined && input.limit >= 0 ? input.limit : Infinity
  const best = new TopK(limit)
  const counts = [0, 0, 0, 0]
  let eligible = 0
  for (let i = 0; i < teams.length; i++) {
    const bits = bitsAt(columns, against, i)
    if (bits === 0) eligible++
    else {
      for (let b = 0; b < BIT_CODES.length; b++) if (bits & (1 << b)) counts[b]!++
      if (onlyEligible) continue
    }
    const score = scoreAt(columns, against, i)
    if (best.mayTake(bits === 0, score)) best.offer({ i, eligible: bits === 0, score, capacityLeft: columns.capacityLeft[i]!, teamId: teams[i]!.id })
  }
  const byCode: Partial<Record<IneligibleCode, number>> = {}
  BIT_CODES.forEach((code, b) => {
    if (counts[b]! > 0) byCode[code] = counts[b]!
  })
  const summary = eligibilitySummary(teams.length, eligible, byCode, lang)

  const matches = best.sorted().map(({ i }) => {
    const team = teams[i]!
    const entry = columns.entries[i]!
    const s = scoreWithEntry(p, team, entry, resolved, hardFilters(p.demand, p.declined, team, entry, cityCode))
    const reasons = softReasons(p, team, entry, s).map((r) => withMessage(r, lang, fmt) as Reason)
    const match: TeamMatch = {
      teamId: team.id,
      teamName: team.name,
      score: round4(s.score),
      components: roundComponents(s.components),
      reasons,
      eligible: s.eligible,
      capacityLeft: s.capacityLeft,
      ...(s.eligible ? {} : { ineligibleReasons: s.ineligible.map((r) => withMessage(r, lang, fmt) as Reason) }),
    }
    return match
  })
  return { matches, summary }
}

/** The codes of INELIGIBLE_BIT, bit by bit. */
const BIT_CODES = (Object.keys(INELIGIBLE_BIT) as IneligibleCode[]).sort((a, b) => INELIGIBLE_BIT[a] - INELIGIBLE_BIT[b])

/** What compareScores reads, and the team's position. */
type Candidate = Pick<PairScore, 'eligible' | 'score' | 'capacityLeft' | 'teamId'> & { readonly i: number }

/** The first k candidates in compareScores order, kept by insertion (k is small: a page). */
class TopK {
  private readonly items: Candidate[] = []
  constructor(private readonly k: number) {}
  /** false when a candidate is surely after the k kept ones (no object needed to tell) */
  mayTake(eligible: boolean, score: number): boolean {
    if (this.k === 0) return false
    const last = this.items.length === this.k ? this.items[this.k - 1] : undefined
    if (last === undefined) return true
    if (last.eligible !== eligible) return eligible
    return score - last.score >= -1e-9
  }
  offer(c: Candidate): void {
    const items = this.items
    if (this.k === Infinity) {
      items.push(c)
      return
    }
    if (this.k === 0 || (items.length === this.k && compareScores(c, items[items.length - 1]!) >= 0)) return
    let at = items.length
    while (at > 0 && compareScores(c, items[at - 1]!) < 0) at--
    items.splice(at, 0, c)
    if (items.length > this.k) items.pop()
  }
  sorted(): Candidate[] {
    return this.k === Infinity ? this.items.sort(compareScores) : this.items
  }
}

/** Eligible first; score desc; capacityLeft desc; teamId asc. */
export function compareScores(a: Pick<PairScore, 'eligible' | 'score' | 'capacityLeft' | 'teamId'>, b: Pick<PairScore, 'eligible' | 'score' | 'capacityLeft' | 'teamId'>): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1
  // Scores within 1e-9 are equal: sums of the same components in another order may
  // differ in the last bit, and that must not decide the order.
  const ds = b.score - a.score
  if (Math.abs(ds) > 1e-9) return ds
  if (a.capacityLeft !== b.capacityLeft) return b.capacityLeft - a.capacityLeft
  return a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0
}

function softReasons(p: PreparedDemand, team: MatchTeam, entry: TeamMenuEntry, s: PairScore): ReasonData[] {
  const out: ReasonData[] = []
  const d = p.demand

  const item = s.bestItem >= 0 ? entry.items[s.bestItem] : undefined
  if (item && s.components.skills >= SKILL_REASON_MIN) {
    const terms = displayTerms(matchedTerms(p, entry, s.bestItem))
    out.push({ code: 'skill_match', params: { terms, itemId: item.id, itemTitle: item.title } })
  } else {
    out.push({ code: 'skill_weak', params: {} })
  }

  if (d.industry) {
    if (s.industryKind === 'match') out.push({ code: 'industry_match', params: { industry: d.industry } })
    else if (s.industryKind === 'related') out.push({ code: 'industry_related', params: { industry: d.industry } })
    else if (s.industryKind === 'general') out.push({ code: 'industry_general', params: {} })
    else if (s.industryKind === 'mismatch') out.push({ code: 'industry_mismatch', params: { industry: d.industry } })
  }

  const requested = p.requestedKinds
  const missing = requested.filter((k) => !entry.offeredKinds.has(k))
  if (requested.length > 0 && missing.length === 0) out.push({ code: 'service_kind_match', params: { kinds: requested } })
  else if (missing.length > 0 && missing.length < requested.length) {
    out.push({ code: 'service_kind_partial', params: { offered: requested.filter((k) => entry.offeredKinds.has(k)), missing } })
  }

  if (s.components.locality > 0) {
    if (team.level === 'district') out.push({ code: 'same_district', params: { districtCode: d.districtCode } })
    else out.push({ code: 'city_team', params: { baseDistrictCode: team.districtCode, sameBase: team.districtCode === d.districtCode } })
  }

  const load = { load: team.load, capacity: team.capacity }
  out.push(s.capacityLeft === 0 ? { code: 'capacity_full', params: load } : { code: 'load', params: load })

  const r = team.trackRecord
  if (r.completed <= 0 && r.ratingCount <= 0) out.push({ code: 'new_team', params: {} })
  else {
    out.push({
      code: 'track_record',
      params: {
        completed: r.completed,
        solveRate: r.completed > 0 ? Math.min(1, r.solved / r.completed) : null,
        rating: r.ratingCount > 0 ? round1(r.ratingSum / r.ratingCount) : null,
        ratingCount: r.ratingCount,
      },
    })
  }
  return out
}

/**
 * The matched terms worth showing: a term inside a longer matched term is dropped
 * (注塑模具 makes 注塑 redundant), then the first SKILL_REASON_TERMS by contribution.
 */
function displayTerms(terms: readonly string[]): string[] {
  const kept: string[] = []
  for (const t of terms) {
    if (kept.some((k) => k.includes(t))) continue
    for (let i = kept.length - 1; i >= 0; i--) if (t.includes(kept[i]!)) kept.splice(i, 1)
    kept.push(t)
  }
  return kept.slice(0, SKILL_REASON_TERMS)
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4
}

function round1(x: number): number {
  return Math.round(x * 10) / 10
}

function roundComponents(c: MatchComponents): MatchComponents {
  return {
    skills: round4(c.skills),
    industry: round4(c.industry),
    serviceKind: round4(c.serviceKind),
    locality: round4(c.locality),
    capacity: round4(c.capacity),
    trackRecord: round4(c.trackRecord),
  }
}
