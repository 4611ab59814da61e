/**
 * Scoring one (demand, team) pair: hard filters, then the weighted soft score.
 * `scorePair` is the primitive both the ranking and the batch dispatch use; for many
 * pairs, prepare each demand once with `prepareDemand`.
 */
import {
  capacityComponent,
  capacityLeft,
  industryComponent,
  localityComponent,
  trackRecordComponent,
  type IndustryScore,
} from './components.js'
import { hardFilters, type IneligibleReasonData } from './filters.js'
import { againstColumns, bitsAt, kindShare, scoreAt, teamColumns, weightedScore } from './team-columns.js'
import { entryFor, prepareDemand, scratchScores, teamSkills, type MatchIndex, type PreparedDemand, type TeamMenuEntry } from './menu-index.js'
import type { MatchComponents, MatchDemand, MatchOptions, MatchTeam, MatchWeights } from './types.js'
import { DEFAULT_LOCALITY, normaliseWeights } from './weights.js'

export interface ScoreOptions extends MatchOptions {
  /** partial weights are completed from DEFAULT_WEIGHTS; all are normalised to sum to 1 */
  readonly weights?: Partial<MatchWeights>
}

export interface PairScore {
  readonly demandId: string
  readonly teamId: string
  readonly eligible: boolean
  readonly ineligible: readonly IneligibleReasonData[]
  /** Σ weight · component, in [0, 1] (computed for ineligible teams too, for display) */
  readonly score: number
  readonly components: MatchComponents
  readonly capacityLeft: number
  /** position in team.menu of the best-matching item, -1 if none matched */
  readonly bestItem: number
  /** how the industry component was decided (for reasons) */
  readonly industryKind: IndustryScore['kind']
}

/** Resolved options, so a loop over many pairs validates the weights once. */
export interface ResolvedScoreOptions {
  readonly resolved: true
  readonly weights: MatchWeights
  readonly locality: typeof DEFAULT_LOCALITY
  readonly options: MatchOptions
}

export function resolveScoreOptions(options: ScoreOptions = {}): ResolvedScoreOptions {
  return {
    resolved: true,
    weights: normaliseWeights(options.weights),
    locality: { ...DEFAULT_LOCALITY, ...options.locality },
    options,
  }
}

function isResolved(o: ScoreOptions | ResolvedScoreOptions): o is ResolvedScoreOptions {
  return 'resolved' in o && o.resolved === true
}

/**
 * Scores `team` for `demand`. Pass a `PreparedDemand` (from `prepareDemand`) when
 * scoring many teams for one demand; a plain demand is prepared on each call.
 */
export function scorePair(
  demand: MatchDemand | PreparedDemand,
  team: MatchTeam,
  index: MatchIndex,
  options: ScoreOptions | ResolvedScoreOptions = {},
): PairScore {
  const p = 'prepared' in demand && demand.index === index ? demand : prepareDemand('prepared' in demand ? demand.demand : demand, index)
  const resolved = isResolved(options) ? options : resolveScoreOptions(options)
  return scoreWithEntry(p, team, entryFor(index, team), resolved)
}

export function scoreWithEntry(
  p: PreparedDemand,
  team: MatchTeam,
  entry: TeamMenuEntry,
  { weights, locality, options }: ResolvedScoreOptions,
  /** the team's hard-filter result when the caller has it already */
  ineligible: readonly IneligibleReasonData[] = hardFilters(p.demand, p.declined, team, entry, options.cityCode),
): PairScore {
  const d = p.demand
  const skills = teamSkills(p, entry)
  const industry = industryComponent(d.industry, entry.industries, options.relatedIndustries)
  const components: MatchComponents = {
    skills: skills.value,
    industry: industry.value,
    serviceKind: kindShare(p.requestedMask, entry.kindMask),
    locality: localityComponent(team, d.districtCode, locality, options.cityCode),
    capacity: capacityComponent(team.capacity, team.load),
    trackRecord: trackRecordComponent(team.trackRecord, options.trackRecordPrior ?? p.index.trackRecordPrior),
  }
  return {
    demandId: d.id,
    teamId: team.id,
    eligible: ineligible.length === 0,
    ineligible,
    score: weightedScore(weights, components.skills, components.industry, components.serviceKind, components.locality, components.capacity, components.trackRecord),
    components,
    capacityLeft: capacityLeft(team.capacity, team.load),
    bestItem: skills.bestItem,
    industryKind: industry.kind,
  }
}

export interface EligiblePair {
  readonly demandId: string
  readonly teamId: string
  readonly score: number
  readonly capacityLeft: number
}

/**
 * Every eligible (demand, team) pair with its score: the input of batch dispatch.
 * Each demand is tokenised and run against the menu index once. Pairs whose team has
 * no capacity left are included (capacityLeft tells the solver).
 */
export function scoreEligiblePairs(
  demands: readonly MatchDemand[],
  teams: readonly MatchTeam[],
  index: MatchIndex,
  options: ScoreOptions = {},
): EligiblePair[] {
  const resolved = resolveScoreOptions(options)
  const columns = teamColumns(index, teams)
  const out: EligiblePair[] = []
  for (const d of demands) {
    const against = againstColumns(columns, prepareDemand(d, index, scratchScores(index)), resolved)
    for (let i = 0; i < teams.length; i++) {
      // The hard filters first: most pairs fail them (another district), and need no score.
      if (bitsAt(columns, against, i) !== 0) continue
      out.push({ demandId: d.id, teamId: teams[i]!.id, score: scoreAt(columns, against, i), capacityLeft: columns.capacityLeft[i]! })
    }
  }
  return out
}
