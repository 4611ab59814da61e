/**
 * Hard filters: a team failing one is not offered the demand (the assignment
 * endpoint refuses it unless overridden). Capacity is deliberately not one: a full
 * team is still ranked, shown with capacityLeft 0, because the dispatcher may free a
 * slot or wait for it.
 */
import { inJurisdiction } from './components.js'
import type { TeamMenuEntry } from './menu-index.js'
import type { MatchDemand, MatchTeam, ReasonData } from './types.js'

export type IneligibleReasonData = Extract<
  ReasonData,
  { code: 'team_inactive' | 'service_kind_not_offered' | 'out_of_jurisdiction' | 'declined_before' }
>

const NONE: IneligibleReasonData[] = []

/** The hard filters the team fails, in a fixed order; an empty (shared, not to be changed) array when none. */
export function hardFilters(
  demand: MatchDemand,
  declined: ReadonlySet<string>,
  team: MatchTeam,
  entry: TeamMenuEntry,
  cityCode?: string,
): readonly IneligibleReasonData[] {
  let out: IneligibleReasonData[] = NONE
  const add = (r: IneligibleReasonData) => {
    if (out === NONE) out = []
    out.push(r)
  }
  if (!team.active) add({ code: 'team_inactive', params: {} })
  // No menu item offers any requested kind: the team does not cook this dish at all.
  // (Offering some of several requested kinds is eligible and scored partially.)
  const kinds = demand.serviceKinds
  if (kinds.length > 0 && !offersAny(entry.offeredKinds, kinds)) {
    add({ code: 'service_kind_not_offered', params: { requested: [...new Set(kinds)] } })
  }
  if (!inJurisdiction(team, demand.districtCode, cityCode)) {
    add({
      code: 'out_of_jurisdiction',
      params: { teamDistrictCode: team.districtCode, demandDistrictCode: demand.districtCode, level: team.level },
    })
  }
  // Offering a demand again to a team that turned it down wastes a round trip.
  if (declined.size > 0 && declined.has(team.id)) add({ code: 'declined_before', params: {} })
  return out
}

function offersAny(offered: ReadonlySet<string>, kinds: readonly string[]): boolean {
  for (let i = 0; i < kinds.length; i++) if (offered.has(kinds[i]!)) return true
  return false
}

/** The hard filters as bits (team-columns.ts bitsAt), for loops over many teams that need no reason objects. */
export const INELIGIBLE_BIT = { team_inactive: 1, service_kind_not_offered: 2, out_of_jurisdiction: 4, declined_before: 8 } as const
