/** The matcher's public surface (精准匹配): build the index once, then rank or score. */
export type * from './types.js'
export { SERVICE_KINDS } from './types.js'
export { COMPONENT_NAMES, DEFAULT_LOCALITY, DEFAULT_TRACK_RECORD_PRIOR, DEFAULT_WEIGHTS, normaliseWeights } from './weights.js'
export {
  capacityComponent,
  capacityLeft,
  cityOf,
  estimateTrackRecordPrior,
  inJurisdiction,
  industryComponent,
  localityComponent,
  serviceKindComponent,
  trackRecordComponent,
} from './components.js'
export { hardFilters, type IneligibleReasonData } from './filters.js'
export {
  buildMatchIndex,
  DEMAND_FIELD_WEIGHTS,
  entryFor,
  MENU_FIELD_WEIGHTS,
  prepareDemand,
  type IndexableTeam,
  type MatchIndex,
  type PreparedDemand,
  type TeamMenuEntry,
} from './menu-index.js'
export { PairScratch, type PairRoom } from './pair-scratch.js'
export {
  eligiblePairColumns,
  resolveScoreOptions,
  scoreEligiblePairs,
  scorePair,
  type EligiblePair,
  type EligiblePairColumns,
  type PairScore,
  type ResolvedScoreOptions,
  type ScoreOptions,
} from './score.js'
export { compareScores, rankTeams, rankTeamsWithSummary, type Ranking, type RankTeamsInput } from './rank.js'
export {
  formatReason,
  INELIGIBLE_LABELS,
  SERVICE_KIND_LABELS,
  summariseEligibility,
  withMessage,
  type EligibilitySummary,
  type FormatOptions,
} from './reasons.js'
export {
  buildDemandCorpus,
  findSimilarDemands,
  type DemandCorpus,
  type DemandText,
  type PastDemand,
  type SimilarDemand,
  type SimilarOptions,
  type SimilarResult,
} from './similar.js'
