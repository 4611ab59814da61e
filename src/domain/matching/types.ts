/**
 * Shapes the matcher (精准匹配) reads and returns. Plain data only: the service layer
 * maps its rows onto these, so the matcher never sees the database.
 */

/** 五技服务: the five kinds of service a demand asks for and a menu item offers. */
export type ServiceKind = 'tackling' | 'assistance' | 'exchange' | 'collaboration' | 'training'

export const SERVICE_KINDS: readonly ServiceKind[] = [
  'tackling',
  'assistance',
  'exchange',
  'collaboration',
  'training',
]

export type TeamLevel = 'city' | 'district'

export type Lang = 'zh' | 'en'

/** One dish on a team's 资源菜单. Pass only live items (not soft-deleted ones). */
export interface MenuItemInput {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly serviceKinds: readonly ServiceKind[]
  readonly skills: readonly string[]
  /** Opaque industry codes ('textile_apparel', 'new_energy', …). */
  readonly industries: readonly string[]
}

/** A team's history, as counted from completed assignments and enterprise feedback. */
export interface TrackRecord {
  /** completed assignments, solved or not */
  readonly completed: number
  /** completed assignments with solved = true */
  readonly solved: number
  /** sum of 1..5 ratings received */
  readonly ratingSum: number
  /** number of ratings received */
  readonly ratingCount: number
}

/** A 劳模工匠技术服务队 as the matcher needs it. */
export interface MatchTeam {
  readonly id: string
  readonly name: string
  readonly level: TeamLevel
  /**
   * GB/T 2260 code: the district a district team serves; the base of a city team
   * (may be null for a city team, then `cityCode` in the options gives its city).
   */
  readonly districtCode: string | null
  /** max concurrent active assignments */
  readonly capacity: number
  /** current active assignments (assigned, accepted, in_progress) */
  readonly load: number
  readonly industries: readonly string[]
  readonly active: boolean
  readonly menu: readonly MenuItemInput[]
  readonly trackRecord: TrackRecord
}

/** A 需求点单 as the matcher needs it. */
export interface MatchDemand {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly serviceKinds: readonly ServiceKind[]
  readonly skills: readonly string[]
  /** Opaque industry code; null when unknown (scored neutrally). */
  readonly industry: string | null
  /** The enterprise's GB/T 2260 district code. */
  readonly districtCode: string
  /** Teams that declined this demand before (they are not offered it again). */
  readonly declinedTeamIds?: readonly string[]
}

/** Every soft component is in [0, 1]; see components.ts for the formulas. */
export interface MatchComponents {
  readonly skills: number
  readonly industry: number
  readonly serviceKind: number
  readonly locality: number
  readonly capacity: number
  readonly trackRecord: number
}

export type ComponentName = keyof MatchComponents

/** Weight per component; validated non-negative and normalised to sum to 1. */
export type MatchWeights = { readonly [K in ComponentName]: number }

/** Hard filters: a team failing any of them is not offered the demand. */
export type IneligibleCode =
  | 'team_inactive'
  | 'service_kind_not_offered'
  | 'out_of_jurisdiction'
  | 'declined_before'

/**
 * A coded reason. `params` is what a client needs to render its own text; `message`
 * (added by `withMessage`/`rankTeams`) is the server-rendered text in zh or en.
 */
export type ReasonData =
  | { readonly code: 'skill_match'; readonly params: { readonly terms: readonly string[]; readonly itemId: string; readonly itemTitle: string } }
  | { readonly code: 'skill_weak'; readonly params: Readonly<Record<string, never>> }
  | { readonly code: 'industry_match'; readonly params: { readonly industry: string } }
  | { readonly code: 'industry_related'; readonly params: { readonly industry: string } }
  | { readonly code: 'industry_general'; readonly params: Readonly<Record<string, never>> }
  | { readonly code: 'industry_mismatch'; readonly params: { readonly industry: string } }
  | { readonly code: 'service_kind_match'; readonly params: { readonly kinds: readonly ServiceKind[] } }
  | { readonly code: 'service_kind_partial'; readonly params: { readonly offered: readonly ServiceKind[]; readonly missing: readonly ServiceKind[] } }
  | { readonly code: 'same_district'; readonly params: { readonly districtCode: string } }
  | { readonly code: 'city_team'; readonly params: { readonly baseDistrictCode: string | null; readonly sameBase: boolean } }
  | { readonly code: 'load'; readonly params: { readonly load: number; readonly capacity: number } }
  | { readonly code: 'capacity_full'; readonly params: { readonly load: number; readonly capacity: number } }
  | { readonly code: 'track_record'; readonly params: { readonly completed: number; readonly solveRate: number | null; readonly rating: number | null; readonly ratingCount: number } }
  | { readonly code: 'new_team'; readonly params: Readonly<Record<string, never>> }
  | { readonly code: 'team_inactive'; readonly params: Readonly<Record<string, never>> }
  | { readonly code: 'service_kind_not_offered'; readonly params: { readonly requested: readonly ServiceKind[] } }
  | { readonly code: 'out_of_jurisdiction'; readonly params: { readonly teamDistrictCode: string | null; readonly demandDistrictCode: string; readonly level: TeamLevel } }
  | { readonly code: 'declined_before'; readonly params: Readonly<Record<string, never>> }
  | { readonly code: 'no_eligible_team'; readonly params: { readonly total: number; readonly counts: Readonly<Partial<Record<IneligibleCode, number>>> } }

export type ReasonCode = ReasonData['code']

export type Reason = ReasonData & { readonly message: string }

/** Looks up a display label for an opaque industry code (the service owns the code list). */
export type IndustryLabel = (code: string, lang: Lang) => string | undefined

/** One ranked team, the shape of `GET /v1/demands/{id}/matches` items. */
export interface TeamMatch {
  readonly teamId: string
  readonly teamName: string
  /** weighted sum of the components, in [0, 1], rounded to 4 decimals */
  readonly score: number
  readonly components: MatchComponents
  readonly reasons: readonly Reason[]
  readonly eligible: boolean
  /** present (non-empty) only when eligible is false */
  readonly ineligibleReasons?: readonly Reason[]
  /** max(0, capacity − load); 0 means the assignment endpoint will refuse it */
  readonly capacityLeft: number
}

/** Numbers that shape the locality component. */
export interface LocalityScores {
  /** a district team in the demand's own district */
  readonly sameDistrict: number
  /** a city team whose base is the demand's district */
  readonly cityTeamSameBase: number
  /** a city team based elsewhere in the city */
  readonly cityTeam: number
}

/** The prior a team's track record is shrunk toward (Bayesian average). */
export interface TrackRecordPrior {
  /** prior solve rate in [0, 1] */
  readonly solveRate: number
  /** prior mean rating on the 1..5 scale */
  readonly rating: number
  /** pseudo-observations the prior is worth (for both the solve rate and the rating) */
  readonly strength: number
}

/** Everything tunable about scoring except the weights. All fields optional. */
export interface MatchOptions {
  readonly locality?: Partial<LocalityScores>
  /** overrides the prior estimated from all teams when the index was built */
  readonly trackRecordPrior?: TrackRecordPrior
  /**
   * GB/T 2260 code (4-digit prefix or 6-digit) of the deployment's city; only needed
   * for city teams without a base district code.
   */
  readonly cityCode?: string
  /** industry → industries close enough to earn the partial industry score */
  readonly relatedIndustries?: Readonly<Record<string, readonly string[]>>
}
