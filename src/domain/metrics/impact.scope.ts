// What a query selects and under which group a record counts — shared by
// computeImpact (the figures) and recordsBehind (the records behind a figure), so a
// figure and its records can never disagree about scope or dimensions.
// Pure: no I/O, no clock; every function is O(1) per row except the
// enterprise de-duplication of one activity (O(enterprises on that activity)).

import type {
  ActivityRow,
  CompletionRow,
  FigureName,
  GroupBy,
  ImpactOptions,
  ImpactQuery,
  IsoDate,
  TeamRow,
} from './impact.types.js'

/** The groupings of API.md's `groupBy`, e.g. for the route's zod enum. */
export const GROUP_BYS = ['district', 'industry', 'teamLevel', 'serviceKind', 'month'] as const satisfies readonly GroupBy[]

/** The figures, e.g. for `GET /v1/metrics/impact/records?figure=`. */
export const FIGURE_NAMES = [
  'teams',
  'activities',
  'problemsSolved',
  'workersTrained',
  'enterprisesServed',
  'enterpriseVisits',
  'benefitYuan',
] as const satisfies readonly FigureName[]

/** A query the caller should have rejected with a 400 (the route validates first; this guards the domain). */
export class ImpactQueryError extends RangeError {
  readonly code = 'metrics.invalid_query'
  constructor(message: string) {
    super(message)
    this.name = 'ImpactQueryError'
  }
}

/** A stored row that breaks an invariant the write path and the schema must enforce. */
export class ImpactRowError extends Error {
  readonly code = 'metrics.invalid_row'
  constructor(message: string) {
    super(message)
    this.name = 'ImpactRowError'
  }
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

export function validateQuery(query: ImpactQuery): void {
  for (const bound of ['from', 'to'] as const) {
    const value = query[bound]
    if (value !== undefined && !ISO_DATE.test(value)) {
      throw new ImpactQueryError(`${bound} must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`)
    }
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new ImpactQueryError(`from (${query.from}) is after to (${query.to})`)
  }
  if (query.groupBy !== undefined && !(GROUP_BYS as readonly string[]).includes(query.groupBy)) {
    throw new ImpactQueryError(`unknown groupBy ${JSON.stringify(query.groupBy)}`)
  }
}

/**
 * Money is integer yuan and trainees are 人次 counts: both must be non-negative safe
 * integers, and benefitYuan/benefitKind come "both or neither" (the /complete body and
 * the activity body say so). A row that breaks this is a storage bug, not something to
 * guess about — bucketing an amount with no kind would mix actual and expected benefit.
 */
export function checkRow(row: ActivityRow | CompletionRow): void {
  if (!Number.isSafeInteger(row.traineeCount) || row.traineeCount < 0) {
    throw new ImpactRowError(`${describe(row)}: traineeCount must be a non-negative integer, got ${row.traineeCount}`)
  }
  if (row.benefitYuan === null) {
    if (row.benefitKind !== null) throw new ImpactRowError(`${describe(row)}: benefitKind without benefitYuan`)
    return
  }
  if (!Number.isSafeInteger(row.benefitYuan) || row.benefitYuan < 0) {
    throw new ImpactRowError(`${describe(row)}: benefitYuan must be a non-negative integer (yuan), got ${row.benefitYuan}`)
  }
  if (row.benefitKind !== 'actual' && row.benefitKind !== 'expected') {
    throw new ImpactRowError(`${describe(row)}: benefitYuan without a benefitKind (actual|expected)`)
  }
}

function describe(row: ActivityRow | CompletionRow): string {
  return 'assignmentId' in row ? `completion ${row.assignmentId}` : `activity ${row.id}`
}

/** Rule for `teams`: registered on or before `to` and not deactivated before `from`; with no period, the active teams. */
export function teamCountedIn(team: TeamRow, from: IsoDate | null, to: IsoDate | null): boolean {
  if (from === null && to === null) return team.active
  // A missing bound is open: with only `to`, every team registered by then counts even
  // if deactivated since (it served during the period); with only `from`, every team
  // still registered on `from`.
  if (to !== null && team.createdOn > to) return false
  // Deactivated *on* `from` still counts: it was a team on that (inclusive) day.
  if (from !== null && team.deactivatedOn !== null && team.deactivatedOn < from) return false
  return true
}

/** 'YYYY-MM' of an ISO date (the month dimension). */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7)
}

/**
 * The inclusive period of one month, clipped to the query's bounds. '-31' is a string
 * upper bound for every day of the month (no calendar arithmetic needed), and the next
 * month's days all compare greater.
 */
export function monthPeriod(month: string, from: IsoDate | null, to: IsoDate | null): { from: IsoDate; to: IsoDate } {
  const start = `${month}-01`
  const end = `${month}-31`
  return { from: from !== null && from > start ? from : start, to: to !== null && to < end ? to : end }
}

/** Every month from `from`'s to `to`'s, inclusive. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = []
  let year = Number(from.slice(0, 4))
  let month = Number(from.slice(5, 7))
  const last = monthOf(to)
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
    if (key > last) return months
    months.push(key)
    month += 1
    if (month > 12) {
      month = 1
      year += 1
    }
  }
}

export type Via = 'listed' | 'linkedDemand'

/**
 * The distinct enterprises one activity served: its listed enterpriseIds, plus the owners
 * of its linked demands (added automatically, API.md `enterprisesServed`). An enterprise
 * both listed and owning a linked demand is one visit of this activity, reported as listed.
 */
export function forEachActivityEnterprise(activity: ActivityRow, visit: (enterpriseId: string, via: Via) => void): void {
  const listed = activity.enterpriseIds
  const linked = activity.linkedDemandOwnerIds
  if (listed.length + linked.length <= 1) {
    for (const id of listed) visit(id, 'listed')
    for (const id of linked) visit(id, 'linkedDemand')
    return
  }
  const seen = new Set<string>()
  for (const id of listed) {
    if (!seen.has(id)) {
      seen.add(id)
      visit(id, 'listed')
    }
  }
  for (const id of linked) {
    if (!seen.has(id)) {
      seen.add(id)
      visit(id, 'linkedDemand')
    }
  }
}

export type Key = string | null

export interface Scope {
  from: IsoDate | null
  to: IsoDate | null
  groupBy: GroupBy | null
  /** Dated in the period and matching the districtCode/teamId filters. */
  activityInScope(activity: ActivityRow): boolean
  completionInScope(completion: CompletionRow): boolean
  /** Team filters (districtCode on the team's district, teamId), before the period rule. */
  teamMatchesFilters(team: TeamRow): boolean
  /** Group key of a record; only meaningful when groupBy is set. */
  activityKey(activity: ActivityRow): Key
  completionKey(completion: CompletionRow): Key
  /** Group key of a team when the grouping is one of the team's own dimensions (teamLevel, district); undefined otherwise. */
  teamKey: ((team: TeamRow) => Key) | undefined
}

export function createScope(teamsById: ReadonlyMap<string, TeamRow>, query: ImpactQuery, options: ImpactOptions): Scope {
  const from = query.from ?? null
  const to = query.to ?? null
  const district = query.districtCode
  const teamId = query.teamId
  const groupBy = query.groupBy ?? null
  const industryOf = options.enterpriseIndustry

  // Inclusive bounds; ISO dates compare as strings.
  const inPeriod = (date: IsoDate): boolean => (from === null || date >= from) && (to === null || date <= to)

  // API.md: an activity's industry defaults to its first enterprise's. "First" is the
  // first listed enterprise, else the first owner of a linked demand.
  const activityIndustry = (activity: ActivityRow): Key => {
    if (activity.industry !== null) return activity.industry
    if (industryOf === undefined) return null
    const first = activity.enterpriseIds[0] ?? activity.linkedDemandOwnerIds[0]
    return first === undefined ? null : (industryOf(first) ?? null)
  }
  const levelOf = (id: string): Key => teamsById.get(id)?.level ?? null

  // Dimensions (API.md): an activity under its date, districtCode, serviceKind and
  // industry; a completion under its completedOn, the enterprise's district, the demand's
  // industry and the delivered serviceKind; teamLevel from the team for both.
  let activityKey: (activity: ActivityRow) => Key = () => null
  let completionKey: (completion: CompletionRow) => Key = () => null
  let teamKey: ((team: TeamRow) => Key) | undefined
  switch (groupBy) {
    case 'district':
      activityKey = (a) => a.districtCode ?? null
      completionKey = (c) => c.districtCode ?? null
      // A team's district is its own (the base, for a city team).
      teamKey = (t) => t.districtCode ?? null
      break
    case 'industry':
      activityKey = activityIndustry
      completionKey = (c) => c.industry ?? null
      break
    case 'teamLevel':
      activityKey = (a) => levelOf(a.teamId)
      completionKey = (c) => levelOf(c.teamId)
      teamKey = (t) => t.level ?? null
      break
    case 'serviceKind':
      activityKey = (a) => a.serviceKind ?? null
      completionKey = (c) => c.serviceKind ?? null
      break
    case 'month':
      activityKey = (a) => monthOf(a.date)
      completionKey = (c) => monthOf(c.completedOn)
      break
    case null:
      break
  }

  return {
    from,
    to,
    groupBy,
    activityInScope: (a) =>
      inPeriod(a.date) && (district === undefined || a.districtCode === district) && (teamId === undefined || a.teamId === teamId),
    completionInScope: (c) =>
      inPeriod(c.completedOn) &&
      (district === undefined || c.districtCode === district) &&
      (teamId === undefined || c.teamId === teamId),
    teamMatchesFilters: (t) => (district === undefined || t.districtCode === district) && (teamId === undefined || t.id === teamId),
    activityKey,
    completionKey,
    teamKey,
  }
}

export function indexTeams(teams: Iterable<TeamRow>): Map<string, TeamRow> {
  const byId = new Map<string, TeamRow>()
  for (const team of teams) byId.set(team.id, team)
  return byId
}

/** Group keys in a stable order: ascending, the unknown (null) group last. */
export function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}
