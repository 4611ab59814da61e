/**
 * The teams as columns, for loops that visit every team for every demand (a ranking, the
 * pairs of a batch dispatch). What the hard filters and the score read of a team sits in
 * typed arrays, so a pass over 1,000 teams reads a few kilobytes in order instead of
 * 1,000 team objects, their index entries and their industry sets scattered over the
 * heap. The values are the ones hardFilters and scoreWithEntry compute: the hard filters,
 * the locality and the service-kind share are worked out again on numbers, the other
 * components come from the same functions, and the sum is taken in the same order
 * (weightedScore). test/domain/matching/rank-reference holds the two to the last bit.
 *
 * Columns are kept per teams array (the service ranks its one snapshot array again and
 * again). A team object is a value (its fields are read-only): a row is kept while the
 * same object sits at the same place, so a team replaced in the array, or an array
 * reordered, is read afresh.
 */
import { capacityComponent, capacityLeft, cityOf, industryComponent, sameCity, trackRecordComponent } from './components.js'
import { INELIGIBLE_BIT } from './filters.js'
import { entryFor, teamSkills, type MatchIndex, type PreparedDemand, type TeamMenuEntry } from './menu-index.js'
import type { ResolvedScoreOptions } from './score.js'
import type { MatchTeam, MatchWeights } from './types.js'

export interface TeamColumns {
  readonly index: MatchIndex
  readonly size: number
  readonly entries: TeamMenuEntry[]
  /** the team object each row was read from */
  readonly seen: (MatchTeam | undefined)[]
  readonly active: Uint8Array
  /** 1 for a district team, 0 for a city team */
  readonly district: Uint8Array
  /** team.districtCode and its city as numbers (see `code`); -1 for null */
  readonly place: Int32Array
  readonly city: Int32Array
  readonly kinds: Uint8Array
  /** the entry's first item in the index, -1 for an entry built outside it */
  readonly firstDoc: Int32Array
  readonly itemCount: Int32Array
  readonly capacity: Float64Array
  readonly capacityLeft: Int32Array
  /** trackRecordComponent at the index's prior */
  readonly trackRecord: Float64Array
  /** district and city codes → numbers */
  readonly codes: Map<string, number>
  /** industryComponent values per demand industry, without related industries; dropped when a row changes */
  readonly industry: Map<string, Float64Array>
}

const cache = new WeakMap<readonly MatchTeam[], TeamColumns>()

export function teamColumns(index: MatchIndex, teams: readonly MatchTeam[]): TeamColumns {
  let c = cache.get(teams)
  const n = teams.length
  if (!c || c.index !== index || c.size !== n) {
    c = {
      index,
      size: n,
      entries: new Array<TeamMenuEntry>(n),
      seen: new Array<MatchTeam | undefined>(n),
      active: new Uint8Array(n),
      district: new Uint8Array(n),
      place: new Int32Array(n),
      city: new Int32Array(n),
      kinds: new Uint8Array(n),
      firstDoc: new Int32Array(n),
      itemCount: new Int32Array(n),
      capacity: new Float64Array(n),
      capacityLeft: new Int32Array(n),
      trackRecord: new Float64Array(n),
      codes: new Map(),
      industry: new Map(),
    }
    cache.set(teams, c)
  }
  for (let i = 0; i < n; i++) {
    const team = teams[i]!
    if (c.seen[i] !== team) readRow(c, i, team)
  }
  return c
}

function readRow(c: TeamColumns, i: number, team: MatchTeam): void {
  const entry = entryFor(c.index, team)
  c.entries[i] = entry
  c.seen[i] = team
  c.active[i] = team.active ? 1 : 0
  c.district[i] = team.level === 'district' ? 1 : 0
  c.place[i] = team.districtCode === null ? -1 : code(c, team.districtCode)
  c.city[i] = team.districtCode === null ? -1 : code(c, cityOf(team.districtCode))
  c.kinds[i] = entry.kindMask
  c.firstDoc[i] = entry.firstDoc
  c.itemCount[i] = entry.items.length
  c.capacity[i] = capacityComponent(team.capacity, team.load)
  c.capacityLeft[i] = capacityLeft(team.capacity, team.load)
  c.trackRecord[i] = trackRecordComponent(team.trackRecord, c.index.trackRecordPrior)
  c.industry.clear()
}

function code(c: TeamColumns, s: string): number {
  let k = c.codes.get(s)
  if (k === undefined) c.codes.set(s, (k = c.codes.size))
  return k
}

/** What every row is compared with, worked out once per demand. */
export interface DemandAgainstColumns {
  readonly p: PreparedDemand
  readonly place: number
  readonly city: number
  /** whether a city team with no base serves the demand (its city is the configured one) */
  readonly baselessIn: boolean
  /** industryComponent per row, or null when related industries make it per call */
  readonly industry: Float64Array | null
  readonly options: ResolvedScoreOptions
}

export function againstColumns(c: TeamColumns, p: PreparedDemand, options: ResolvedScoreOptions): DemandAgainstColumns {
  const district = p.demand.districtCode
  const cityCode = options.options.cityCode
  return {
    p,
    // -2 matches no row: no team is based in a place no team named.
    place: c.codes.get(district) ?? -2,
    city: c.codes.get(cityOf(district)) ?? -2,
    baselessIn: cityCode === undefined || sameCity(cityCode, district),
    industry: options.options.relatedIndustries ? null : industryColumn(c, p.demand.industry),
    options,
  }
}

function industryColumn(c: TeamColumns, industry: string | null): Float64Array {
  const key = industry ?? ''
  let col = c.industry.get(key)
  if (!col) {
    col = new Float64Array(c.size)
    for (let i = 0; i < c.size; i++) col[i] = industryComponent(industry, c.entries[i]!.industries).value
    c.industry.set(key, col)
  }
  return col
}

function inJurisdictionAt(c: TeamColumns, d: DemandAgainstColumns, i: number): boolean {
  if (c.district[i] === 1) return c.place[i] === d.place
  return c.city[i] === -1 ? d.baselessIn : c.city[i] === d.city
}

/** hardFilters for row i, as INELIGIBLE_BIT bits: 0 when the team is eligible. */
export function bitsAt(c: TeamColumns, d: DemandAgainstColumns, i: number): number {
  let bits = 0
  if (c.active[i] === 0) bits |= INELIGIBLE_BIT.team_inactive
  if (d.p.requestedKinds.length > 0 && (c.kinds[i]! & d.p.requestedMask) === 0) bits |= INELIGIBLE_BIT.service_kind_not_offered
  if (!inJurisdictionAt(c, d, i)) bits |= INELIGIBLE_BIT.out_of_jurisdiction
  if (d.p.declined.size > 0 && d.p.declined.has(c.entries[i]!.teamId)) bits |= INELIGIBLE_BIT.declined_before
  return bits
}

/** scoreWithEntry(...).score for row i, building nothing. */
export function scoreAt(c: TeamColumns, d: DemandAgainstColumns, i: number): number {
  const { p, options } = d
  const { weights, locality } = options
  let skills = 0
  const first = c.firstDoc[i]!
  if (first >= 0) {
    const scores = p.itemScores
    for (let k = first, end = first + c.itemCount[i]!; k < end; k++) if (scores[k]! > skills) skills = scores[k]!
  } else skills = teamSkills(p, c.entries[i]!).value
  let place = 0
  if (inJurisdictionAt(c, d, i)) {
    if (c.district[i] === 1) place = locality.sameDistrict
    else place = c.place[i] === d.place ? locality.cityTeamSameBase : locality.cityTeam
  }
  const prior = options.options.trackRecordPrior
  return weightedScore(
    weights,
    skills,
    d.industry ? d.industry[i]! : industryComponent(p.demand.industry, c.entries[i]!.industries, options.options.relatedIndustries).value,
    kindShare(p.requestedMask, c.kinds[i]!),
    place,
    c.capacity[i]!,
    prior ? trackRecordComponent(c.seen[i]!.trackRecord, prior) : c.trackRecord[i]!,
  )
}

/** Σ weight · component, in the one order every score is summed in. */
export function weightedScore(w: MatchWeights, skills: number, industry: number, serviceKind: number, locality: number, capacity: number, trackRecord: number): number {
  return w.skills * skills + w.industry * industry + w.serviceKind * serviceKind + w.locality * locality + w.capacity * capacity + w.trackRecord * trackRecord
}

/** serviceKindComponent by bits: the share of the requested kinds the team offers, 1 when none is requested. */
function kindShare(requested: number, offered: number): number {
  const distinct = bitCount(requested)
  return distinct === 0 ? 1 : bitCount(requested & offered) / distinct
}

function bitCount(x: number): number {
  let n = 0
  for (let v = x; v !== 0; v &= v - 1) n++
  return n
}
