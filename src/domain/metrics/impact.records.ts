// Traceability: the records behind one impact figure (GET /v1/metrics/impact/records).
// Uses the same scope, dimensions and de-duplication as computeImpact (impact.scope.ts),
// so the records' count (or sum) is the figure by construction; `value` is recomputed
// from the records themselves so a caller can show and check it.
//
// Cost: one pass over the rows the figure depends on, O(T + A + C + Σk) like
// computeImpact; output is as large as the records behind the figure (paginate in the
// service). Records come in input order (activities before completions), so the service
// should load rows in a stable order (e.g. by id) for stable pages.

import {
  checkRow,
  createScope,
  FIGURE_NAMES,
  forEachActivityEnterprise,
  ImpactQueryError,
  indexTeams,
  monthPeriod,
  teamCountedIn,
  validateQuery,
  type Key,
  type Scope,
} from './impact.scope.js'
import type {
  ActivityRow,
  BenefitFigures,
  BenefitRecord,
  CompletionRow,
  EnterpriseServedRecord,
  EnterpriseTouch,
  EnterpriseVisitRecord,
  FigureName,
  ImpactOptions,
  ImpactRows,
  ProblemRecord,
  RecordsBehind,
  RecordsByFigure,
  RecordsQuery,
  TeamRecord,
  TeamRow,
  TraineeRecord,
} from './impact.types.js'

interface Selection {
  scope: Scope
  activities: (fn: (activity: ActivityRow) => void) => void
  completions: (fn: (completion: CompletionRow) => void) => void
}

/**
 * The records behind one figure of `computeImpact(rows, query)` — the total, or with
 * `query.groupBy` and `query.groupKey` (null = the unknown group) one group's figure.
 *
 * - teams: the counted teams (none, value null, for industry/serviceKind groups).
 * - activities: the activities dated in the period.
 * - problemsSolved: solved completions, and each on-site entry of an activity (with its index and text).
 * - workersTrained: the records with trainees (traineeCount > 0); their sum is the figure.
 * - enterprisesServed: each distinct enterprise with every record that touched it.
 * - enterpriseVisits: each (record, enterprise) touch.
 * - benefitYuan: each record with an amount, and its kind (actual | expected).
 */
export function recordsBehind<F extends FigureName>(
  figure: F,
  rows: ImpactRows,
  query: RecordsQuery = {},
  options: ImpactOptions = {},
): RecordsBehind<F> {
  if (!(FIGURE_NAMES as readonly string[]).includes(figure)) throw new ImpactQueryError(`unknown figure ${JSON.stringify(figure)}`)
  validateQuery(query)
  const groupKey = query.groupKey
  if (groupKey !== undefined && query.groupBy === undefined) {
    throw new ImpactQueryError('groupKey needs groupBy')
  }
  const teamsById = indexTeams(rows.teams)
  const scope = createScope(teamsById, query, options)
  const selection: Selection = {
    scope,
    activities: (fn) => {
      for (const a of rows.activities) {
        if (!scope.activityInScope(a)) continue
        if (groupKey !== undefined && scope.activityKey(a) !== groupKey) continue
        checkRow(a)
        fn(a)
      }
    },
    completions: (fn) => {
      for (const c of rows.completions) {
        if (!scope.completionInScope(c)) continue
        if (groupKey !== undefined && scope.completionKey(c) !== groupKey) continue
        checkRow(c)
        fn(c)
      }
    },
  }

  // Each branch builds the records of its figure; the casts only re-attach the
  // figure-specific types that TypeScript cannot narrow through the generic F.
  const build = (): RecordsBehind<FigureName> => {
    switch (figure as FigureName) {
      case 'teams':
        return teamsBehind(teamsById.values(), scope, groupKey)
      case 'activities': {
        const records: RecordsByFigure['activities'] = []
        selection.activities((a) => records.push({ type: 'activity', activityId: a.id, teamId: a.teamId, date: a.date }))
        return { figure: 'activities', value: records.length, records }
      }
      case 'problemsSolved': {
        const records: ProblemRecord[] = []
        selection.activities((a) =>
          a.onSiteProblemsSolved.forEach((text, index) => records.push({ type: 'activity', activityId: a.id, index, text })),
        )
        selection.completions((c) => {
          if (c.solved) records.push({ type: 'completion', assignmentId: c.assignmentId, demandId: c.demandId })
        })
        return { figure: 'problemsSolved', value: records.length, records }
      }
      case 'workersTrained': {
        const records: TraineeRecord[] = []
        selection.activities((a) => {
          if (a.traineeCount > 0) records.push({ type: 'activity', activityId: a.id, traineeCount: a.traineeCount })
        })
        selection.completions((c) => {
          if (c.traineeCount > 0) {
            records.push({ type: 'completion', assignmentId: c.assignmentId, demandId: c.demandId, traineeCount: c.traineeCount })
          }
        })
        return { figure: 'workersTrained', value: records.reduce((sum, r) => sum + r.traineeCount, 0), records }
      }
      case 'enterprisesServed': {
        const byEnterprise = new Map<string, EnterpriseServedRecord>()
        forEachTouch(selection, (enterpriseId, touch) => {
          let entry = byEnterprise.get(enterpriseId)
          if (entry === undefined) {
            entry = { enterpriseId, touches: [] }
            byEnterprise.set(enterpriseId, entry)
          }
          entry.touches.push(touch)
        })
        const records = [...byEnterprise.values()]
        return { figure: 'enterprisesServed', value: records.length, records }
      }
      case 'enterpriseVisits': {
        const records: EnterpriseVisitRecord[] = []
        forEachTouch(selection, (enterpriseId, touch) => records.push({ ...touch, enterpriseId }))
        return { figure: 'enterpriseVisits', value: records.length, records }
      }
      case 'benefitYuan': {
        const records: BenefitRecord[] = []
        const value: BenefitFigures = { actual: 0, expected: 0, total: 0 }
        const add = (record: BenefitRecord): void => {
          records.push(record)
          value[record.kind] += record.amountYuan
          value.total += record.amountYuan
        }
        selection.activities((a) => {
          if (a.benefitYuan !== null && a.benefitKind !== null) {
            add({ type: 'activity', activityId: a.id, amountYuan: a.benefitYuan, kind: a.benefitKind })
          }
        })
        selection.completions((c) => {
          if (c.benefitYuan !== null && c.benefitKind !== null) {
            add({ type: 'completion', assignmentId: c.assignmentId, demandId: c.demandId, amountYuan: c.benefitYuan, kind: c.benefitKind })
          }
        })
        return { figure: 'benefitYuan', value, records }
      }
    }
  }
  return build() as unknown as RecordsBehind<F>
}

/** Every (record, enterprise) touch, with the same per-activity de-duplication as the figures. */
function forEachTouch(selection: Selection, fn: (enterpriseId: string, touch: EnterpriseTouch) => void): void {
  selection.activities((a) =>
    forEachActivityEnterprise(a, (enterpriseId, via) => fn(enterpriseId, { type: 'activity', activityId: a.id, via })),
  )
  selection.completions((c) =>
    fn(c.enterpriseId, { type: 'completion', assignmentId: c.assignmentId, demandId: c.demandId, solved: c.solved }),
  )
}

function teamsBehind(teams: Iterable<TeamRow>, scope: Scope, groupKey: Key | undefined): RecordsBehind<'teams'> {
  let from = scope.from
  let to = scope.to
  let keyOf = scope.teamKey
  if (groupKey !== undefined) {
    if (scope.groupBy === 'month') {
      // A month group's teams: the same rule over that month, clipped to the query.
      if (groupKey === null) return { figure: 'teams', value: 0, records: [] }
      ;({ from, to } = monthPeriod(groupKey, from, to))
      keyOf = undefined
    } else if (keyOf === undefined) {
      // industry / serviceKind are not dimensions of a team (the group's figure is null).
      return { figure: 'teams', value: null, records: [] }
    }
  }
  const records: TeamRecord[] = []
  for (const team of teams) {
    if (!scope.teamMatchesFilters(team) || !teamCountedIn(team, from, to)) continue
    if (groupKey !== undefined && keyOf !== undefined && keyOf(team) !== groupKey) continue
    records.push({
      type: 'team',
      teamId: team.id,
      level: team.level,
      districtCode: team.districtCode,
      createdOn: team.createdOn,
      deactivatedOn: team.deactivatedOn,
      active: team.active,
    })
  }
  return { figure: 'teams', value: records.length, records }
}
