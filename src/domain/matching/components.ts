/**
 * The soft score components, each a pure function returning a value in [0, 1].
 * (skills comes from the menu index, see menu-index.ts / bm25.ts.)
 */
import type { LocalityScores, MatchTeam, ServiceKind, TrackRecord, TrackRecordPrior } from './types.js'

/** Partial credit for a generalist team or an unknown demand industry: neither for nor against. */
export const INDUSTRY_NEUTRAL = 0.5
/** Partial credit for an industry the caller declared related (e.g. plastics ~ toys). */
export const INDUSTRY_RELATED = 0.5

/**
 * industry = 1 if the demand's industry is among the team's industries or any menu
 * item's; INDUSTRY_RELATED if a related one is; INDUSTRY_NEUTRAL when the demand has
 * no industry or the team declares none (cross-industry); else 0.
 */
export function industryComponent(
  demandIndustry: string | null,
  teamIndustries: ReadonlySet<string>,
  related?: Readonly<Record<string, readonly string[]>>,
): IndustryScore {
  if (demandIndustry === null || demandIndustry === '') return INDUSTRY_UNKNOWN
  if (teamIndustries.size === 0) return INDUSTRY_GENERAL
  if (teamIndustries.has(demandIndustry)) return INDUSTRY_MATCH
  if (related) for (const r of related[demandIndustry] ?? []) if (teamIndustries.has(r)) return INDUSTRY_RELATED_SCORE
  return INDUSTRY_MISMATCH
}

export interface IndustryScore {
  readonly value: number
  readonly kind: 'match' | 'related' | 'general' | 'unknown' | 'mismatch'
}
// One frozen answer per kind: a ranking asks for thousands of them.
const INDUSTRY_UNKNOWN: IndustryScore = Object.freeze({ value: INDUSTRY_NEUTRAL, kind: 'unknown' })
const INDUSTRY_GENERAL: IndustryScore = Object.freeze({ value: INDUSTRY_NEUTRAL, kind: 'general' })
const INDUSTRY_MATCH: IndustryScore = Object.freeze({ value: 1, kind: 'match' })
const INDUSTRY_RELATED_SCORE: IndustryScore = Object.freeze({ value: INDUSTRY_RELATED, kind: 'related' })
const INDUSTRY_MISMATCH: IndustryScore = Object.freeze({ value: 0, kind: 'mismatch' })

/** serviceKind = |requested ∩ offered| / |requested|; 1 when the demand requests none. */
export function serviceKindComponent(
  requested: readonly ServiceKind[],
  offered: ReadonlySet<ServiceKind>,
): number {
  let distinct = 0
  let hit = 0
  for (let i = 0; i < requested.length; i++) {
    const k = requested[i]!
    if (requested.indexOf(k) !== i) continue // count each kind once
    distinct++
    if (offered.has(k)) hit++
  }
  return distinct === 0 ? 1 : hit / distinct
}

/** The city a GB/T 2260 code belongs to: its first four digits (440515 → 4405). */
export function cityOf(code: string): string {
  return code.slice(0, 4)
}

/**
 * Jurisdiction (hard filter): a district team serves its own district only; a city team
 * serves every district of its city (from its base code, else the configured city).
 */
export function inJurisdiction(team: Pick<MatchTeam, 'level' | 'districtCode'>, demandDistrict: string, cityCode?: string): boolean {
  if (team.level === 'district') return team.districtCode === demandDistrict
  const base = team.districtCode ?? cityCode
  // A city team with no base and no configured city cannot be placed: let it serve.
  return base === undefined || sameCity(base, demandDistrict)
}

/** cityOf(a) === cityOf(b), without cutting either string (a ranking asks it of every city team). */
export function sameCity(a: string, b: string): boolean {
  const n = Math.min(4, a.length)
  if (n !== Math.min(4, b.length)) return false
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false
  return true
}

/**
 * locality = sameDistrict (1) for a district team in the demand's district;
 * cityTeamSameBase (0.8) / cityTeam (0.6) for a city team based in / outside it;
 * 0 outside the team's jurisdiction.
 */
export function localityComponent(
  team: Pick<MatchTeam, 'level' | 'districtCode'>,
  demandDistrict: string,
  scores: LocalityScores,
  cityCode?: string,
): number {
  if (!inJurisdiction(team, demandDistrict, cityCode)) return 0
  if (team.level === 'district') return scores.sameDistrict
  return team.districtCode === demandDistrict ? scores.cityTeamSameBase : scores.cityTeam
}

/** capacity = clamp((capacity − load) / capacity, 0, 1); 0 for a team with no capacity. */
export function capacityComponent(capacity: number, load: number): number {
  if (!(capacity > 0)) return 0
  return clamp01((capacity - load) / capacity)
}

/** capacityLeft = max(0, capacity − load) */
export function capacityLeft(capacity: number, load: number): number {
  return Math.max(0, Math.floor(capacity) - Math.floor(load))
}

/**
 * trackRecord = ½ · solve + ½ · (rating − 1) / 4, where both are Bayesian averages
 * shrunk toward the prior with m = prior.strength pseudo-observations:
 *   solve  = (solved + m · p₀) / (completed + m)
 *   rating = (ratingSum + m · r₀) / (ratingCount + m)
 * A new team scores exactly the prior, so it is neither buried nor favoured; a team's
 * own record dominates once it has more than m jobs.
 */
export function trackRecordComponent(record: TrackRecord, prior: TrackRecordPrior): number {
  const m = Math.max(0, prior.strength)
  const completed = Math.max(0, record.completed)
  const solved = Math.min(Math.max(0, record.solved), completed)
  const ratingCount = Math.max(0, record.ratingCount)
  const solve = completed + m > 0 ? (solved + m * prior.solveRate) / (completed + m) : prior.solveRate
  const rating = ratingCount + m > 0 ? (record.ratingSum + m * prior.rating) / (ratingCount + m) : prior.rating
  return clamp01(0.5 * clamp01(solve) + 0.5 * clamp01((rating - 1) / 4))
}

/**
 * The prior for track records, estimated from all teams (pooled solve rate and mean
 * rating), itself shrunk toward `fallback` with 20 pseudo-observations so that a young
 * programme with a handful of jobs does not get an extreme prior.
 */
export function estimateTrackRecordPrior(
  records: Iterable<TrackRecord>,
  fallback: TrackRecordPrior,
): TrackRecordPrior {
  const k = 20
  let completed = 0
  let solved = 0
  let ratingSum = 0
  let ratingCount = 0
  for (const r of records) {
    completed += Math.max(0, r.completed)
    solved += Math.max(0, Math.min(r.solved, r.completed))
    ratingSum += Math.max(0, r.ratingSum)
    ratingCount += Math.max(0, r.ratingCount)
  }
  return {
    solveRate: (solved + k * fallback.solveRate) / (completed + k),
    rating: (ratingSum + k * fallback.rating) / (ratingCount + k),
    strength: fallback.strength,
  }
}

export function clamp01(x: number): number {
  if (!(x > 0)) return 0
  return x > 1 ? 1 : x
}
