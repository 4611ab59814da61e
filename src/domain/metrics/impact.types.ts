// Plain shapes for the impact metrics (API.md "Impact metrics: counting rules").
// The service layer loads these rows from the database; nothing here knows how they
// are stored. Dates are ISO 'YYYY-MM-DD' strings already in Asia/Shanghai, so they
// compare correctly as strings and their month is the first seven characters.

/** 'YYYY-MM-DD', Asia/Shanghai calendar day. */
export type IsoDate = string

export type TeamLevel = 'city' | 'district'

/** 五技服务: 技术攻关, 技术帮扶, 技术交流, 技术协作, 技术培训. */
export type ServiceKind = 'tackling' | 'assistance' | 'exchange' | 'collaboration' | 'training'

/** 经济效益 (actual) vs 预期经济效益 (expected): the seed lumps them together, we never do. */
export type BenefitKind = 'actual' | 'expected'

export type GroupBy = 'district' | 'industry' | 'teamLevel' | 'serviceKind' | 'month'

export interface TeamRow {
  id: string
  level: TeamLevel
  /** GB/T 2260 code: the district of a district team, the base of a city team. */
  districtCode: string
  createdOn: IsoDate
  /**
   * Day the team was last deactivated; null while it is active. Used for periods only
   * (the rule "not deactivated before `from`"); the service must set it when a team is
   * deactivated and clear it when the team is reactivated.
   */
  deactivatedOn: IsoDate | null
  /** Used only when the query has no period ("with no period, the active teams"). */
  active: boolean
}

export interface ActivityRow {
  id: string
  teamId: string
  date: IsoDate
  serviceKind: ServiceKind
  districtCode: string
  /**
   * Industry code. The API defaults it to the activity's first enterprise's industry;
   * pass it resolved here, or leave it null and give `ImpactOptions.enterpriseIndustry`.
   */
  industry: string | null
  /** Enterprises the team listed on the activity (order kept: the first one sets the default industry). */
  enterpriseIds: readonly string[]
  /** Owners of the demands linked to the activity; added to its enterprises automatically. */
  linkedDemandOwnerIds: readonly string[]
  /** 人次: worker-times, not distinct workers. */
  traineeCount: number
  /** One entry per technical problem solved on site; each entry counts as one problem. */
  onSiteProblemsSolved: readonly string[]
  /** Integer yuan; present exactly when benefitKind is. */
  benefitYuan: number | null
  benefitKind: BenefitKind | null
}

/** A completed assignment (a demand's outcome), with its dimensions resolved by the caller. */
export interface CompletionRow {
  assignmentId: string
  demandId: string
  teamId: string
  /** Owner of the demand. */
  enterpriseId: string
  completedOn: IsoDate
  solved: boolean
  traineeCount: number
  benefitYuan: number | null
  benefitKind: BenefitKind | null
  /** The service kind actually delivered. */
  serviceKind: ServiceKind
  /** The enterprise's district. */
  districtCode: string
  /** The demand's industry. */
  industry: string | null
}

export interface ImpactRows {
  teams: Iterable<TeamRow>
  activities: Iterable<ActivityRow>
  completions: Iterable<CompletionRow>
}

export interface ImpactQuery {
  /** Inclusive. */
  from?: IsoDate | undefined
  /** Inclusive. */
  to?: IsoDate | undefined
  districtCode?: string | undefined
  teamId?: string | undefined
  groupBy?: GroupBy | undefined
}

export interface ImpactOptions {
  /**
   * Resolves an enterprise's industry, used only for activities whose `industry` is null
   * (API.md: an activity's industry defaults to its first enterprise's). Without it, such
   * activities fall into the null industry group.
   */
  enterpriseIndustry?: ((enterpriseId: string) => string | null | undefined) | undefined
}

export interface BenefitFigures {
  actual: number
  expected: number
  total: number
}

export interface Figures {
  teams: number
  activities: number
  problemsSolved: number
  workersTrained: number
  enterprisesServed: number
  enterpriseVisits: number
  benefitYuan: BenefitFigures
}

export type FigureName = keyof Figures

/**
 * Figures of one group. `teams` is null when the grouping is not a dimension of teams
 * (industry, serviceKind): the counting rule attributes a team to its level, its
 * district and to time only.
 */
export interface GroupFigures extends Omit<Figures, 'teams'> {
  teams: number | null
}

export interface ImpactGroup {
  /** District code, industry code, team level, service kind or 'YYYY-MM'; null = not known. */
  key: string | null
  figures: GroupFigures
}

export type Additivity = { readonly [F in FigureName]: boolean }

export interface ImpactReport {
  period: { from: IsoDate | null; to: IsoDate | null }
  totals: Figures
  groupBy?: GroupBy
  groups?: ImpactGroup[]
  additive: Additivity
}

// ---- traceability: the records behind one figure ------------------------------------

export interface ActivityRef {
  type: 'activity'
  activityId: string
}

export interface CompletionRef {
  type: 'completion'
  assignmentId: string
  demandId: string
}

export interface TeamRecord {
  type: 'team'
  teamId: string
  level: TeamLevel
  districtCode: string
  createdOn: IsoDate
  deactivatedOn: IsoDate | null
  active: boolean
}

export interface ActivityRecord extends ActivityRef {
  teamId: string
  date: IsoDate
}

export type ProblemRecord = CompletionRef | (ActivityRef & { index: number; text: string })

export type TraineeRecord = (ActivityRef | CompletionRef) & { traineeCount: number }

/** How a record touched an enterprise: listed on an activity, owner of a demand linked to it, or owner of a completed demand. */
export type EnterpriseTouch =
  | (ActivityRef & { via: 'listed' | 'linkedDemand' })
  | (CompletionRef & { solved: boolean })

export interface EnterpriseServedRecord {
  enterpriseId: string
  touches: EnterpriseTouch[]
}

export type EnterpriseVisitRecord = EnterpriseTouch & { enterpriseId: string }

export type BenefitRecord = (ActivityRef | CompletionRef) & { amountYuan: number; kind: BenefitKind }

export interface RecordsByFigure {
  teams: TeamRecord[]
  activities: ActivityRecord[]
  problemsSolved: ProblemRecord[]
  workersTrained: TraineeRecord[]
  enterprisesServed: EnterpriseServedRecord[]
  enterpriseVisits: EnterpriseVisitRecord[]
  benefitYuan: BenefitRecord[]
}

export interface RecordsQuery extends ImpactQuery {
  /**
   * With `groupBy`, trace one group's figure instead of the total (null = the group of
   * records whose dimension is not known). Undefined = the total.
   */
  groupKey?: string | null | undefined
}

export interface RecordsBehind<F extends FigureName> {
  figure: F
  /** Recomputed from `records` (count, or sum); equals the report's figure. */
  value: F extends 'teams' ? number | null : Figures[F]
  records: RecordsByFigure[F]
}
