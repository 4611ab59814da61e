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
  serviceKindComponent,
  trackRecordComponent,
  type IndustryScore,
} from './components.js'
import { hardFilters, type IneligibleReasonData } from './filters.js'
import { againstColumns, bitsAt, scoreAt, teamColumns, weightedScore } from './team-columns.js'
import type { PairRoom } from './pair-scratch.js'
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
    serviceKind: serviceKindComponent(p.requestedKinds, entry.offeredKinds),
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
 * Eligible pairs as columns, grouped by demand (positions in the demands and teams given):
 * the pairs of demand d are start[d] .. start[d+1]−1, by team, each with its score.
 */
export interface EligiblePairColumns {
  readonly start: Int32Array
  readonly team: Int32Array
  readonly score: Float64Array
  /** The whole arrays behind the columns, to hand back to a PairScratch (when `room` was given). */
  readonly room?: PairRoom
  /** With a room: the columns are the solver's scratch (DispatchEdgeColumns.scratch); `score` is overwritten. */
  readonly scratch?: true
}

/**
 * Every eligible (demand, team) pair with its score, as columns: the input of batch
 * dispatch (10,000 demands × 1,000 teams make three million pairs, 12 bytes each here).
 * Each demand is tokenised and run against the menu index once; the hard filters come
 * first, and most pairs fail them (another district) and need no score. Pairs whose
 * team has no capacity left are included (the solver reads each team's capacity).
 *
 * `room`: arrays to write into first (from a PairScratch; `null` for none yet). With it the
 * result also carries the arrays it ended with (and the room's solver scratch), and the
 * columns are marked as the solver's scratch: once solved, `score` holds scaled scores.
 */
export function eligiblePairColumns(
  demands: readonly MatchDemand[],
  teams: readonly MatchTeam[],
  index: MatchIndex,
  options: ScoreOptions = {},
  room?: PairRoom | null,
): EligiblePairColumns {
  const resolved = resolveScoreOptions(options)
  const columns = teamColumns(index, teams)
  let size = 0
  const start = new Int32Array(demands.length + 1)
  let team = room?.team ?? new Int32Array(Math.max(1024, demands.length * 4))
  let score = room?.score ?? new Float64Array(team.length)
  for (let di = 0; di < demands.length; di++) {
    const against = againstColumns(columns, prepareDemand(demands[di]!, index, scratchScores(index)), resolved)
    for (let i = 0; i < teams.length; i++) {
      if (bitsAt(columns, against, i) !== 0) continue
      if (size === team.length) {
        // Grown to what the demands so far predict for all of them (with a margin), so
        // that at 10,000 × 1,000 the columns are copied once or twice, with little slack.
        const want = Math.max(size + 1024, Math.ceil((size / (di + 1)) * demands.length * 1.04))
        team = grown(team, new Int32Array(want))
        score = grown(score, new Float64Array(want))
      }
      team[size] = i
      score[size] = scoreAt(columns, against, i)
      size++
    }
    start[di + 1] = size
  }
  const out = { start, team: team.subarray(0, size), score: score.subarray(0, size) }
  if (room === undefined) return out
  return { ...out, room: { team, score, solver: room?.solver ?? {} }, scratch: true }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}

/** eligiblePairColumns as objects with ids, for callers with few pairs. */
export function scoreEligiblePairs(
  demands: readonly MatchDemand[],
  teams: readonly MatchTeam[],
  index: MatchIndex,
  options: ScoreOptions = {},
): EligiblePair[] {
  const c = eligiblePairColumns(demands, teams, index, options)
  const out: EligiblePair[] = []
  for (let d = 0; d < demands.length; d++) {
    for (let k = c.start[d]!; k < c.start[d + 1]!; k++) {
      const t = teams[c.team[k]!]!
      out.push({ demandId: demands[d]!.id, teamId: t.id, score: c.score[k]!, capacityLeft: capacityLeft(t.capacity, t.load) })
    }
  }
  return out
}
