import type { ComponentName, LocalityScores, MatchWeights, TrackRecordPrior } from './types.js'

export const COMPONENT_NAMES: readonly ComponentName[] = [
  'skills',
  'industry',
  'serviceKind',
  'locality',
  'capacity',
  'trackRecord',
]

/**
 * Default weights. What the team can do (skills + industry + service kinds = 0.70)
 * outweighs where it is and how busy it is (locality + capacity = 0.20), so a fitting
 * city team beats an idle local team that cannot do the job; track record is a light
 * 0.10 so a new team is not shut out by the veterans.
 */
export const DEFAULT_WEIGHTS: MatchWeights = {
  skills: 0.4,
  industry: 0.15,
  serviceKind: 0.15,
  locality: 0.1,
  capacity: 0.1,
  trackRecord: 0.1,
}

/**
 * Locality: the programme's district teams are the local resource, city teams the
 * city-wide reserve; all else equal the local team goes first and the city team
 * stays free for what only it can do.
 */
export const DEFAULT_LOCALITY: LocalityScores = {
  sameDistrict: 1,
  cityTeamSameBase: 0.8,
  cityTeam: 0.6,
}

/**
 * Fallback prior for the track record when there is too little history to estimate
 * one: most programme visits solve the problem, and ratings cluster around 4.
 * Strength 5 means a team's own record outweighs the prior after about 5 jobs.
 */
export const DEFAULT_TRACK_RECORD_PRIOR: TrackRecordPrior = {
  solveRate: 0.75,
  rating: 4.0,
  strength: 5,
}

/**
 * Checks the weights and scales them to sum to 1, so the score stays in [0, 1].
 * Missing components take their default. Throws RangeError on a negative or
 * non-finite weight, or when all weights are 0.
 */
export function normaliseWeights(weights: Partial<MatchWeights> = {}): MatchWeights {
  const merged = { ...DEFAULT_WEIGHTS, ...stripUndefined(weights) }
  let sum = 0
  for (const name of COMPONENT_NAMES) {
    const w = merged[name]
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new RangeError(`match weight ${name} must be a finite number ≥ 0 (got ${String(w)})`)
    }
    sum += w
  }
  if (sum <= 0) throw new RangeError('match weights must not all be 0')
  if (Math.abs(sum - 1) < 1e-12) return merged
  return {
    skills: merged.skills / sum,
    industry: merged.industry / sum,
    serviceKind: merged.serviceKind / sum,
    locality: merged.locality / sum,
    capacity: merged.capacity / sum,
    trackRecord: merged.trackRecord / sum,
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
