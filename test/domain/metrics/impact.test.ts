// Impact metrics: every counting rule of API.md "Impact metrics: counting rules", a
// seeded property test against an independent brute-force count, and the seed's own
// table (50 队, 98 次活动, 215 个问题, 3175 人次, 468 家, 300 万元) from hand-built rows.

import t from 'tap'
import {
  ADDITIVE,
  computeImpact,
  ImpactQueryError,
  ImpactRowError,
  recordsBehind,
  type ActivityRow,
  type BenefitFigures,
  type CompletionRow,
  type FigureName,
  type Figures,
  type GroupBy,
  type GroupFigures,
  type ImpactOptions,
  type ImpactQuery,
  type ImpactRows,
  type ServiceKind,
  type TeamRow,
} from '../../../src/domain/metrics/impact.js'

// ---- builders ---------------------------------------------------------------------------

function team(id: string, over: Partial<TeamRow> = {}): TeamRow {
  return { id, level: 'district', districtCode: '440515', createdOn: '2024-01-01', deactivatedOn: null, active: true, ...over }
}

function activity(id: string, over: Partial<ActivityRow> = {}): ActivityRow {
  return {
    id,
    teamId: 'T1',
    date: '2024-03-10',
    serviceKind: 'assistance',
    districtCode: '440515',
    industry: 'toys',
    enterpriseIds: [],
    linkedDemandOwnerIds: [],
    traineeCount: 0,
    onSiteProblemsSolved: [],
    benefitYuan: null,
    benefitKind: null,
    ...over,
  }
}

function completion(id: string, over: Partial<CompletionRow> = {}): CompletionRow {
  return {
    assignmentId: id,
    demandId: `D-${id}`,
    teamId: 'T1',
    enterpriseId: 'E1',
    completedOn: '2024-03-10',
    solved: true,
    traineeCount: 0,
    benefitYuan: null,
    benefitKind: null,
    serviceKind: 'tackling',
    districtCode: '440515',
    industry: 'toys',
    ...over,
  }
}

function rowsOf(over: Partial<ImpactRows> = {}): ImpactRows {
  return { teams: [], activities: [], completions: [], ...over }
}

const FIGURES: FigureName[] = [
  'teams',
  'activities',
  'problemsSolved',
  'workersTrained',
  'enterprisesServed',
  'enterpriseVisits',
  'benefitYuan',
]

// ---- (a) counting rules, one by one -----------------------------------------------------

t.test('period bounds are inclusive for activities and completions', async (t) => {
  const rows = rowsOf({
    activities: [
      activity('before', { date: '2024-02-29' }),
      activity('first', { date: '2024-03-01' }),
      activity('last', { date: '2024-03-31' }),
      activity('after', { date: '2024-04-01' }),
    ],
    completions: [
      completion('before', { completedOn: '2024-02-29' }),
      completion('first', { completedOn: '2024-03-01' }),
      completion('last', { completedOn: '2024-03-31' }),
      completion('after', { completedOn: '2024-04-01' }),
    ],
  })
  const { totals, period } = computeImpact(rows, { from: '2024-03-01', to: '2024-03-31' })
  t.same(period, { from: '2024-03-01', to: '2024-03-31' })
  t.equal(totals.activities, 2)
  t.equal(totals.problemsSolved, 2, 'the two solved completions on the bounds')
  t.same(
    recordsBehind('activities', rows, { from: '2024-03-01', to: '2024-03-31' }).records.map((r) => r.activityId),
    ['first', 'last'],
  )
  t.equal(computeImpact(rows).totals.activities, 4, 'no period: everything')
  t.equal(computeImpact(rows, { from: '2024-03-31' }).totals.activities, 2, 'open-ended from')
  t.equal(computeImpact(rows, { to: '2024-03-01' }).totals.activities, 2, 'open-ended to')
})

t.test('teams: registered on or before `to`, not deactivated before `from`', async (t) => {
  const teams = [
    team('created-on-to', { createdOn: '2024-03-31' }),
    team('created-after-to', { createdOn: '2024-04-01' }),
    team('deactivated-before-from', { deactivatedOn: '2024-02-29', active: false }),
    team('deactivated-on-from', { deactivatedOn: '2024-03-01', active: false }),
    team('deactivated-after-to', { deactivatedOn: '2024-05-01', active: false }),
    team('old-and-active', { createdOn: '2020-01-01' }),
  ]
  const q = { from: '2024-03-01', to: '2024-03-31' }
  const counted = recordsBehind('teams', rowsOf({ teams }), q).records.map((r) => r.teamId)
  t.same(counted, ['created-on-to', 'deactivated-on-from', 'deactivated-after-to', 'old-and-active'])
  t.equal(computeImpact(rowsOf({ teams }), q).totals.teams, 4)
  // Only `to`: every team registered by then, even one deactivated since.
  t.equal(computeImpact(rowsOf({ teams }), { to: '2024-03-31' }).totals.teams, 5)
  // Only `from`: every team not deactivated before it, whenever registered.
  t.equal(computeImpact(rowsOf({ teams }), { from: '2024-03-01' }).totals.teams, 5)
})

t.test('teams with no period: the active teams', async (t) => {
  const teams = [
    team('A'),
    team('B', { active: false, deactivatedOn: '2024-02-01' }),
    team('C', { createdOn: '2030-01-01' }), // registered later than any period: no period means "now"
  ]
  const report = computeImpact(rowsOf({ teams }))
  t.same(report.period, { from: null, to: null })
  t.equal(report.totals.teams, 2)
  t.same(recordsBehind('teams', rowsOf({ teams })).records.map((r) => r.teamId), ['A', 'C'])
})

t.test('teams are filtered by districtCode and teamId; records are not filtered by team status', async (t) => {
  const rows = rowsOf({
    teams: [team('T1'), team('T2', { districtCode: '440514' }), team('T3', { active: false, deactivatedOn: '2024-01-02' })],
    activities: [
      activity('a1', { teamId: 'T3', districtCode: '440514' }),
      activity('a2', { teamId: 'T2', districtCode: '440515' }),
    ],
  })
  t.equal(computeImpact(rows, { districtCode: '440514' }).totals.teams, 1)
  t.equal(computeImpact(rows, { districtCode: '440514' }).totals.activities, 1, 'the activity in 440514, by a deactivated team')
  t.equal(computeImpact(rows, { teamId: 'T2' }).totals.teams, 1)
  t.equal(computeImpact(rows, { teamId: 'T2' }).totals.activities, 1)
  t.equal(computeImpact(rows, { teamId: 'T3' }).totals.teams, 0, 'inactive, no period')
  t.equal(computeImpact(rows, { teamId: 'T3', from: '2024-01-01' }).totals.teams, 1, 'deactivated after from')
})

t.test('an unsolved completion serves its enterprise but solves no problem', async (t) => {
  const rows = rowsOf({ completions: [completion('c1', { solved: false, enterpriseId: 'E9', traineeCount: 7 })] })
  const { totals } = computeImpact(rows)
  t.equal(totals.problemsSolved, 0)
  t.equal(totals.enterprisesServed, 1)
  t.equal(totals.enterpriseVisits, 1)
  t.equal(totals.workersTrained, 7, 'its trainees still count')
  t.same(recordsBehind('enterprisesServed', rows).records, [
    { enterpriseId: 'E9', touches: [{ type: 'completion', assignmentId: 'c1', demandId: 'D-c1', solved: false }] },
  ])
})

t.test('onSiteProblemsSolved counts per entry', async (t) => {
  const rows = rowsOf({
    activities: [activity('a1', { onSiteProblemsSolved: ['注塑件缩痕', '模具排气', '焊点虚焊'] })],
    completions: [completion('c1'), completion('c2', { solved: false })],
  })
  t.equal(computeImpact(rows).totals.problemsSolved, 4)
  t.same(recordsBehind('problemsSolved', rows).records, [
    { type: 'activity', activityId: 'a1', index: 0, text: '注塑件缩痕' },
    { type: 'activity', activityId: 'a1', index: 1, text: '模具排气' },
    { type: 'activity', activityId: 'a1', index: 2, text: '焊点虚焊' },
    { type: 'completion', assignmentId: 'c1', demandId: 'D-c1' },
  ])
})

t.test('workersTrained sums 人次 of activities and completions', async (t) => {
  const rows = rowsOf({
    activities: [activity('a1', { traineeCount: 40 }), activity('a2', { traineeCount: 0 })],
    completions: [completion('c1', { traineeCount: 5 })],
  })
  t.equal(computeImpact(rows).totals.workersTrained, 45)
  const behind = recordsBehind('workersTrained', rows)
  t.equal(behind.value, 45)
  t.equal(behind.records.length, 2, 'records without trainees are not listed')
})

t.test('actual and expected benefit are kept apart', async (t) => {
  const rows = rowsOf({
    activities: [
      activity('a1', { benefitYuan: 100_000, benefitKind: 'expected' }),
      activity('a2', { benefitYuan: 0, benefitKind: 'actual' }),
    ],
    completions: [completion('c1', { benefitYuan: 250_000, benefitKind: 'actual' }), completion('c2')],
  })
  t.same(computeImpact(rows).totals.benefitYuan, { actual: 250_000, expected: 100_000, total: 350_000 })
  const behind = recordsBehind('benefitYuan', rows)
  t.same(behind.value, { actual: 250_000, expected: 100_000, total: 350_000 })
  t.same(behind.records, [
    { type: 'activity', activityId: 'a1', amountYuan: 100_000, kind: 'expected' },
    { type: 'activity', activityId: 'a2', amountYuan: 0, kind: 'actual' },
    { type: 'completion', assignmentId: 'c1', demandId: 'D-c1', amountYuan: 250_000, kind: 'actual' },
  ])
})

t.test('enterprises are de-duplicated across activities and completions; visits are not', async (t) => {
  const rows = rowsOf({
    activities: [
      activity('a1', { enterpriseIds: ['E1', 'E2'] }),
      activity('a2', { enterpriseIds: ['E2'] }),
    ],
    completions: [completion('c1', { enterpriseId: 'E1' }), completion('c2', { enterpriseId: 'E3', solved: false })],
  })
  const { totals } = computeImpact(rows)
  t.equal(totals.enterprisesServed, 3)
  t.equal(totals.enterpriseVisits, 5)
  const served = recordsBehind('enterprisesServed', rows).records
  t.same(
    served.map((r) => [r.enterpriseId, r.touches.length]),
    [
      ['E1', 2],
      ['E2', 2],
      ['E3', 1],
    ],
  )
  t.equal(recordsBehind('enterpriseVisits', rows).records.length, 5)
})

t.test('owners of linked demands are added to an activity’s enterprises, once per activity', async (t) => {
  const rows = rowsOf({
    activities: [activity('a1', { enterpriseIds: ['E1', 'E1'], linkedDemandOwnerIds: ['E2', 'E1'] })],
  })
  const { totals } = computeImpact(rows)
  t.equal(totals.enterprisesServed, 2)
  t.equal(totals.enterpriseVisits, 2, 'E1 listed twice and owning a linked demand is still one visit of a1')
  t.same(recordsBehind('enterpriseVisits', rows).records, [
    { type: 'activity', activityId: 'a1', via: 'listed', enterpriseId: 'E1' },
    { type: 'activity', activityId: 'a1', via: 'linkedDemand', enterpriseId: 'E2' },
  ])
  // An activity with only linked demands still serves their owners.
  const linkedOnly = rowsOf({ activities: [activity('a2', { linkedDemandOwnerIds: ['E5'] })] })
  t.equal(computeImpact(linkedOnly).totals.enterprisesServed, 1)
})

t.test('groupBy teamLevel: teams per level, unknown team → null group, sums add up', async (t) => {
  const rows = rowsOf({
    teams: [team('T1', { level: 'city' }), team('T2'), team('T3')],
    activities: [
      activity('a1', { teamId: 'T1', traineeCount: 10, enterpriseIds: ['E1'] }),
      activity('a2', { teamId: 'T2', traineeCount: 5, enterpriseIds: ['E1'] }),
      activity('a3', { teamId: 'GONE', traineeCount: 1 }),
    ],
    completions: [completion('c1', { teamId: 'T2', enterpriseId: 'E1' })],
  })
  const report = computeImpact(rows, { groupBy: 'teamLevel' })
  t.equal(report.groupBy, 'teamLevel')
  t.same(
    report.groups?.map((g) => [g.key, g.figures.teams, g.figures.activities, g.figures.enterprisesServed]),
    [
      ['city', 1, 1, 1],
      ['district', 2, 1, 1],
      [null, 0, 1, 0],
    ],
  )
  t.equal(report.totals.enterprisesServed, 1, 'not additive: E1 is in two groups')
  t.equal(report.totals.workersTrained, 16)
  t.same(recordsBehind('teams', rows, { groupBy: 'teamLevel', groupKey: 'district' }).records.map((r) => r.teamId), ['T2', 'T3'])
  t.same(recordsBehind('activities', rows, { groupBy: 'teamLevel', groupKey: null }).records.map((r) => r.activityId), ['a3'])
})

t.test('groupBy district: activities by their district, completions by the enterprise’s, teams by theirs', async (t) => {
  const rows = rowsOf({
    teams: [team('T1', { level: 'city', districtCode: '440507' }), team('T2', { districtCode: '440514' })],
    activities: [activity('a1', { districtCode: '440523' })],
    completions: [completion('c1', { districtCode: '440514' })],
  })
  const report = computeImpact(rows, { groupBy: 'district' })
  t.same(
    report.groups?.map((g) => [g.key, g.figures.teams, g.figures.activities, g.figures.problemsSolved]),
    [
      ['440507', 1, 0, 0],
      ['440514', 1, 0, 1],
      ['440523', 0, 1, 0],
    ],
  )
})

t.test('groupBy industry: explicit, defaulted from the first enterprise, or null; teams not applicable', async (t) => {
  const rows = rowsOf({
    teams: [team('T1')],
    activities: [
      activity('a1', { industry: 'textile' }),
      activity('a2', { industry: null, enterpriseIds: ['E-toy', 'E-tex'] }),
      activity('a3', { industry: null, linkedDemandOwnerIds: ['E-tex'] }),
      activity('a4', { industry: null }),
    ],
    completions: [completion('c1', { industry: null })],
  })
  const industries: Record<string, string> = { 'E-toy': 'toys', 'E-tex': 'textile' }
  const options: ImpactOptions = { enterpriseIndustry: (id) => industries[id] }
  const withLookup = computeImpact(rows, { groupBy: 'industry' }, options)
  t.same(
    withLookup.groups?.map((g) => [g.key, g.figures.activities, g.figures.problemsSolved, g.figures.teams]),
    [
      ['textile', 2, 0, null],
      ['toys', 1, 0, null],
      [null, 1, 1, null],
    ],
  )
  const without = computeImpact(rows, { groupBy: 'industry' })
  t.same(
    without.groups?.map((g) => [g.key, g.figures.activities]),
    [
      ['textile', 1],
      [null, 3],
    ],
  )
  t.same(recordsBehind('teams', rows, { groupBy: 'industry', groupKey: 'textile' }), { figure: 'teams', value: null, records: [] })
})

t.test('groupBy serviceKind: activities by theirs, completions by the delivered kind', async (t) => {
  const rows = rowsOf({
    activities: [activity('a1', { serviceKind: 'training', traineeCount: 30 })],
    completions: [completion('c1', { serviceKind: 'tackling' }), completion('c2', { serviceKind: 'training', traineeCount: 2 })],
  })
  const report = computeImpact(rows, { groupBy: 'serviceKind' })
  t.same(
    report.groups?.map((g) => [g.key, g.figures.workersTrained, g.figures.problemsSolved]),
    [
      ['tackling', 0, 1],
      ['training', 32, 1],
    ],
  )
})

t.test('groupBy month: a bounded period lists every month; teams per month use the month as the period', async (t) => {
  const rows = rowsOf({
    teams: [
      team('T1', { createdOn: '2023-12-01' }),
      team('T2', { createdOn: '2024-02-15' }),
      team('T3', { createdOn: '2023-01-01', deactivatedOn: '2024-01-31', active: false }),
    ],
    activities: [activity('a1', { date: '2024-01-15' }), activity('a2', { date: '2024-03-02' })],
    completions: [completion('c1', { completedOn: '2024-03-31' })],
  })
  const report = computeImpact(rows, { from: '2024-01-10', to: '2024-03-31', groupBy: 'month' })
  t.same(
    report.groups?.map((g) => [g.key, g.figures.teams, g.figures.activities, g.figures.problemsSolved]),
    [
      ['2024-01', 2, 1, 0], // T1, T3 (deactivated on the month's last day)
      ['2024-02', 2, 0, 0], // T1, T2: a month with no records still has a row
      ['2024-03', 2, 1, 1],
    ],
  )
  t.equal(report.totals.teams, 3)
  t.same(recordsBehind('teams', rows, { from: '2024-01-10', to: '2024-03-31', groupBy: 'month', groupKey: '2024-02' }).value, 2)
  // No period: only months with records; each month is its own period for teams.
  const open = computeImpact(rows, { groupBy: 'month' })
  t.same(
    open.groups?.map((g) => [g.key, g.figures.teams]),
    [
      ['2024-01', 2],
      ['2024-03', 2],
    ],
  )
  t.equal(open.totals.teams, 2, 'the active teams')
})

t.test('additivity flags', async (t) => {
  t.same(ADDITIVE, {
    teams: false,
    activities: true,
    problemsSolved: true,
    workersTrained: true,
    enterprisesServed: false,
    enterpriseVisits: true,
    benefitYuan: true,
  })
  t.same(computeImpact(rowsOf()).additive, ADDITIVE)
  t.equal(computeImpact(rowsOf()).groups, undefined, 'no groups without groupBy')
  t.same(computeImpact(rowsOf(), { groupBy: 'district' }).groups, [])
})

t.test('rows may be any iterable (a cursor), consumed once', async (t) => {
  function* once<T>(items: T[]): Generator<T> {
    yield* items
  }
  const report = computeImpact(
    {
      teams: once([team('T1')]),
      activities: once([activity('a1', { enterpriseIds: ['E1'] })]),
      completions: once([completion('c1', { enterpriseId: 'E2' })]),
    },
    { groupBy: 'teamLevel' },
  )
  t.equal(report.totals.teams, 1)
  t.equal(report.totals.enterprisesServed, 2)
})

t.test('bad queries and bad rows fail loudly', async (t) => {
  t.throws(() => computeImpact(rowsOf(), { from: '2024-3-1' }), ImpactQueryError)
  t.throws(() => computeImpact(rowsOf(), { from: '2024-04-01', to: '2024-03-01' }), { code: 'metrics.invalid_query' })
  t.throws(() => computeImpact(rowsOf(), { groupBy: 'week' as GroupBy }), ImpactQueryError)
  t.throws(() => recordsBehind('activities', rowsOf(), { groupKey: 'x' }), ImpactQueryError)
  t.throws(() => recordsBehind('bogus' as FigureName, rowsOf()), ImpactQueryError)
  t.throws(
    () => computeImpact(rowsOf({ completions: [completion('c1', { benefitYuan: 5, benefitKind: null })] })),
    ImpactRowError,
  )
  t.throws(
    () => computeImpact(rowsOf({ activities: [activity('a1', { benefitYuan: 1.5, benefitKind: 'actual' })] })),
    { code: 'metrics.invalid_row' },
  )
  t.throws(() => computeImpact(rowsOf({ activities: [activity('a1', { traineeCount: -1 })] })), ImpactRowError)
  // Out-of-scope rows are not checked (they are not counted).
  t.doesNotThrow(() =>
    computeImpact(rowsOf({ activities: [activity('a1', { date: '2020-01-01', traineeCount: -1 })] }), { from: '2024-01-01' }),
  )
})

// ---- (b) property test against an independent brute force ------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

interface World {
  rows: { teams: TeamRow[]; activities: ActivityRow[]; completions: CompletionRow[] }
  industryOf: Record<string, string | null> | null
}

const DISTRICTS = ['440511', '440513', '440515', '440523']
const INDUSTRIES = ['newEnergy', 'textile', 'toys']
const KINDS: ServiceKind[] = ['tackling', 'assistance', 'exchange', 'collaboration', 'training']
const GROUP_BYS: GroupBy[] = ['district', 'industry', 'teamLevel', 'serviceKind', 'month']
const DAY = 86_400_000
const EPOCH = Date.UTC(2024, 0, 1)

function generate(rand: () => number): World {
  const int = (n: number): number => Math.floor(rand() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const chance = (p: number): boolean => rand() < p
  const date = (): string => new Date(EPOCH + int(130) * DAY).toISOString().slice(0, 10)
  const enterprise = (): string => `E${int(9)}`
  const benefit = (): Pick<ActivityRow, 'benefitYuan' | 'benefitKind'> =>
    chance(0.5) ? { benefitYuan: null, benefitKind: null } : { benefitYuan: int(50_000), benefitKind: chance(0.5) ? 'actual' : 'expected' }

  const teams: TeamRow[] = []
  for (let i = 0, n = int(7); i < n; i++) {
    const createdOn = date()
    const deactivated = chance(0.3)
    const deactivatedOn = deactivated ? new Date(Date.parse(createdOn) + int(60) * DAY).toISOString().slice(0, 10) : null
    teams.push({ id: `T${i}`, level: chance(0.4) ? 'city' : 'district', districtCode: pick(DISTRICTS), createdOn, deactivatedOn, active: !deactivated })
  }
  const teamId = (): string => `T${int(8)}` // T7 is never registered: its records have no team level

  const activities: ActivityRow[] = []
  for (let i = 0, n = int(14); i < n; i++) {
    activities.push({
      id: `A${i}`,
      teamId: teamId(),
      date: date(),
      serviceKind: pick(KINDS),
      districtCode: pick(DISTRICTS),
      industry: chance(0.6) ? pick(INDUSTRIES) : null,
      enterpriseIds: Array.from({ length: int(4) }, enterprise),
      linkedDemandOwnerIds: Array.from({ length: int(3) }, enterprise),
      traineeCount: chance(0.5) ? int(60) : 0,
      onSiteProblemsSolved: Array.from({ length: int(4) }, (_, k) => `问题${i}-${k}`),
      ...benefit(),
    })
  }
  const completions: CompletionRow[] = []
  for (let i = 0, n = int(18); i < n; i++) {
    completions.push({
      assignmentId: `S${i}`,
      demandId: `D${i}`,
      teamId: teamId(),
      enterpriseId: enterprise(),
      completedOn: date(),
      solved: chance(0.7),
      traineeCount: chance(0.5) ? int(20) : 0,
      serviceKind: pick(KINDS),
      districtCode: pick(DISTRICTS),
      industry: chance(0.8) ? pick(INDUSTRIES) : null,
      ...benefit(),
    })
  }
  let industryOf: Record<string, string | null> | null = null
  if (chance(0.5)) {
    industryOf = {}
    for (let e = 0; e < 9; e++) industryOf[`E${e}`] = chance(0.8) ? pick(INDUSTRIES) : null
  }
  return { rows: { teams, activities, completions }, industryOf }
}

function randomQuery(rand: () => number, world: World): ImpactQuery {
  const int = (n: number): number => Math.floor(rand() * n)
  const q: ImpactQuery = {}
  const a = int(150) - 10
  const b = a + int(90)
  if (rand() < 0.7) q.from = new Date(EPOCH + a * DAY).toISOString().slice(0, 10)
  if (rand() < 0.7) q.to = new Date(EPOCH + b * DAY).toISOString().slice(0, 10)
  if (rand() < 0.2) q.districtCode = DISTRICTS[int(DISTRICTS.length)]
  if (rand() < 0.15) q.teamId = `T${int(world.rows.teams.length + 1)}`
  if (rand() < 0.8) q.groupBy = GROUP_BYS[int(GROUP_BYS.length)]
  return q
}

// The brute force: filter the rows down, then count each figure on its own. Dates are
// compared as epoch milliseconds (not strings), month ends are real calendar days, and
// group keys are looked up with Array.find — deliberately not the module's code paths.

const ms = (d: string): number => Date.parse(`${d}T00:00:00Z`)

function bruteTeamCounted(tm: TeamRow, from: string | undefined, to: string | undefined): boolean {
  if (from === undefined && to === undefined) return tm.active
  const registered = to === undefined || ms(tm.createdOn) <= ms(to)
  const stillThere = from === undefined || tm.deactivatedOn === null || !(ms(tm.deactivatedOn) < ms(from))
  return registered && stillThere
}

function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}` }
}

function bruteKeyOfActivity(world: World, by: GroupBy, a: ActivityRow): string | null {
  if (by === 'district') return a.districtCode
  if (by === 'serviceKind') return a.serviceKind
  if (by === 'month') return a.date.substring(0, 7)
  if (by === 'teamLevel') return world.rows.teams.find((tm) => tm.id === a.teamId)?.level ?? null
  if (a.industry !== null) return a.industry
  const first = [...a.enterpriseIds, ...a.linkedDemandOwnerIds][0]
  if (world.industryOf === null || first === undefined) return null
  return world.industryOf[first] ?? null
}

function bruteKeyOfCompletion(world: World, by: GroupBy, c: CompletionRow): string | null {
  switch (by) {
    case 'district':
      return c.districtCode
    case 'serviceKind':
      return c.serviceKind
    case 'month':
      return c.completedOn.substring(0, 7)
    case 'teamLevel':
      return world.rows.teams.find((tm) => tm.id === c.teamId)?.level ?? null
    case 'industry':
      return c.industry
  }
}

function bruteFigures(world: World, q: ImpactQuery, group?: { by: GroupBy; key: string | null }): GroupFigures {
  const within = (d: string): boolean =>
    (q.from === undefined || ms(d) >= ms(q.from)) && (q.to === undefined || ms(d) <= ms(q.to))
  const acts = world.rows.activities
    .filter((a) => within(a.date))
    .filter((a) => q.districtCode === undefined || q.districtCode === a.districtCode)
    .filter((a) => q.teamId === undefined || q.teamId === a.teamId)
    .filter((a) => group === undefined || bruteKeyOfActivity(world, group.by, a) === group.key)
  const comps = world.rows.completions
    .filter((c) => within(c.completedOn))
    .filter((c) => q.districtCode === undefined || q.districtCode === c.districtCode)
    .filter((c) => q.teamId === undefined || q.teamId === c.teamId)
    .filter((c) => group === undefined || bruteKeyOfCompletion(world, group.by, c) === group.key)

  const eligibleTeams = world.rows.teams
    .filter((tm) => q.districtCode === undefined || tm.districtCode === q.districtCode)
    .filter((tm) => q.teamId === undefined || tm.id === q.teamId)
  let teams: number | null
  if (group === undefined) {
    teams = eligibleTeams.filter((tm) => bruteTeamCounted(tm, q.from, q.to)).length
  } else if (group.by === 'teamLevel') {
    teams = eligibleTeams.filter((tm) => bruteTeamCounted(tm, q.from, q.to) && tm.level === group.key).length
  } else if (group.by === 'district') {
    teams = eligibleTeams.filter((tm) => bruteTeamCounted(tm, q.from, q.to) && tm.districtCode === group.key).length
  } else if (group.by === 'month') {
    const { first, last } = monthBounds(group.key as string)
    const from = q.from !== undefined && ms(q.from) > ms(first) ? q.from : first
    const to = q.to !== undefined && ms(q.to) < ms(last) ? q.to : last
    teams = eligibleTeams.filter((tm) => bruteTeamCounted(tm, from, to)).length
  } else {
    teams = null
  }

  const touches: string[] = [
    ...acts.flatMap((a) => [...new Set([...a.enterpriseIds, ...a.linkedDemandOwnerIds])]),
    ...comps.map((c) => c.enterpriseId),
  ]
  const withBenefit = [...acts, ...comps]
  const sumKind = (kind: 'actual' | 'expected'): number =>
    withBenefit.filter((r) => r.benefitKind === kind).reduce((s, r) => s + (r.benefitYuan ?? 0), 0)
  const benefitYuan: BenefitFigures = {
    actual: sumKind('actual'),
    expected: sumKind('expected'),
    total: withBenefit.reduce((s, r) => s + (r.benefitYuan ?? 0), 0),
  }
  return {
    teams,
    activities: acts.length,
    problemsSolved: comps.filter((c) => c.solved).length + acts.reduce((s, a) => s + a.onSiteProblemsSolved.length, 0),
    workersTrained: [...acts, ...comps].reduce((s, r) => s + r.traineeCount, 0),
    enterprisesServed: new Set(touches).size,
    enterpriseVisits: touches.length,
    benefitYuan,
  }
}

function bruteGroupKeys(world: World, q: ImpactQuery, by: GroupBy): (string | null)[] {
  const within = (d: string): boolean =>
    (q.from === undefined || ms(d) >= ms(q.from)) && (q.to === undefined || ms(d) <= ms(q.to))
  const keys = new Set<string | null>()
  for (const a of world.rows.activities) {
    const inScope =
      within(a.date) && (q.districtCode ?? a.districtCode) === a.districtCode && (q.teamId ?? a.teamId) === a.teamId
    if (inScope) keys.add(bruteKeyOfActivity(world, by, a))
  }
  for (const c of world.rows.completions) {
    const inScope =
      within(c.completedOn) && (q.districtCode ?? c.districtCode) === c.districtCode && (q.teamId ?? c.teamId) === c.teamId
    if (inScope) keys.add(bruteKeyOfCompletion(world, by, c))
  }
  if (by === 'teamLevel' || by === 'district') {
    for (const tm of world.rows.teams) {
      const inScope =
        (q.districtCode ?? tm.districtCode) === tm.districtCode && (q.teamId ?? tm.id) === tm.id && bruteTeamCounted(tm, q.from, q.to)
      if (inScope) keys.add(by === 'teamLevel' ? tm.level : tm.districtCode)
    }
  }
  if (by === 'month' && q.from !== undefined && q.to !== undefined) {
    for (let d = new Date(ms(q.from)); d.getTime() <= ms(q.to); d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
      keys.add(d.toISOString().substring(0, 7))
    }
  }
  const known = [...keys].filter((k): k is string => k !== null).sort()
  return keys.has(null) ? [...known, null] : known
}

/** The figure a recordsBehind answer implies, counted or summed from the records themselves. */
function valueFromRecords(figure: FigureName, world: World, q: ImpactQuery & { groupKey?: string | null }, options: ImpactOptions): unknown {
  switch (figure) {
    case 'teams': {
      const r = recordsBehind('teams', world.rows, q, options)
      return r.value === null ? null : new Set(r.records.map((x) => x.teamId)).size
    }
    case 'activities':
      return new Set(recordsBehind('activities', world.rows, q, options).records.map((x) => x.activityId)).size
    case 'problemsSolved':
      return new Set(
        recordsBehind('problemsSolved', world.rows, q, options).records.map((x) =>
          x.type === 'activity' ? `${x.activityId}#${x.index}` : x.assignmentId,
        ),
      ).size
    case 'workersTrained':
      return recordsBehind('workersTrained', world.rows, q, options).records.reduce((s, x) => s + x.traineeCount, 0)
    case 'enterprisesServed': {
      const records = recordsBehind('enterprisesServed', world.rows, q, options).records
      return records.every((x) => x.touches.length > 0) ? new Set(records.map((x) => x.enterpriseId)).size : NaN
    }
    case 'enterpriseVisits':
      return recordsBehind('enterpriseVisits', world.rows, q, options).records.length
    case 'benefitYuan': {
      const records = recordsBehind('benefitYuan', world.rows, q, options).records
      const sum = (kind?: string): number =>
        records.filter((x) => kind === undefined || x.kind === kind).reduce((s, x) => s + x.amountYuan, 0)
      return { actual: sum('actual'), expected: sum('expected'), total: sum() }
    }
  }
}

t.test('property: figures, groups and records agree with a brute-force count (seeded)', async (t) => {
  const rand = mulberry32(20240515)
  const failures: string[] = []
  const check = (ok: boolean, what: string): void => {
    if (!ok && failures.length < 20) failures.push(what)
  }
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
  let groupsSeen = 0
  const CASES = 400
  for (let i = 0; i < CASES; i++) {
    const world = generate(rand)
    const industries = world.industryOf
    const options: ImpactOptions = industries === null ? {} : { enterpriseIndustry: (id) => industries[id] }
    const q = randomQuery(rand, world)
    const report = computeImpact(world.rows, q, options)
    const label = `case ${i} ${JSON.stringify(q)}`

    const { teams, ...rest } = bruteFigures(world, q)
    check(same(report.totals, { teams, ...rest }), `${label}: totals ${JSON.stringify(report.totals)} vs ${JSON.stringify({ teams, ...rest })}`)

    for (const figure of FIGURES) {
      check(same(valueFromRecords(figure, world, q, options), report.totals[figure]), `${label}: records behind total ${figure}`)
      check(same(recordsBehind(figure, world.rows, q, options).value, report.totals[figure]), `${label}: value of total ${figure}`)
    }

    if (q.groupBy === undefined) {
      check(report.groups === undefined, `${label}: groups without groupBy`)
      continue
    }
    const by = q.groupBy
    const groups = report.groups ?? []
    check(same(groups.map((g) => g.key), bruteGroupKeys(world, q, by)), `${label}: group keys`)
    for (const g of groups) {
      groupsSeen += 1
      check(same(g.figures, bruteFigures(world, q, { by, key: g.key })), `${label}: group ${g.key}`)
      for (const figure of FIGURES) {
        const rq = { ...q, groupKey: g.key }
        check(same(valueFromRecords(figure, world, rq, options), g.figures[figure]), `${label}: records behind ${figure} of ${g.key}`)
      }
    }
    // Additive figures: the group rows add up to the totals.
    const sum = (pick: (f: GroupFigures) => number): number => groups.reduce((s, g) => s + pick(g.figures), 0)
    const additiveSums: Partial<Record<FigureName, unknown>> = {
      activities: sum((f) => f.activities),
      problemsSolved: sum((f) => f.problemsSolved),
      workersTrained: sum((f) => f.workersTrained),
      enterpriseVisits: sum((f) => f.enterpriseVisits),
      benefitYuan: {
        actual: sum((f) => f.benefitYuan.actual),
        expected: sum((f) => f.benefitYuan.expected),
        total: sum((f) => f.benefitYuan.total),
      },
    }
    for (const [figure, value] of Object.entries(additiveSums) as [FigureName, unknown][]) {
      check(ADDITIVE[figure], `${figure} should be flagged additive`)
      check(same(value, report.totals[figure]), `${label}: groups of ${figure} add up`)
    }
    // Non-additive ones can only over-count across groups, never under-count.
    check(sum((f) => f.enterprisesServed) >= report.totals.enterprisesServed, `${label}: enterprisesServed groups ≥ total`)
  }
  t.same(failures, [], `${CASES} random record sets`)
  t.ok(groupsSeen > 500, `exercised ${groupsSeen} group rows`)
})

t.test('property: many groups and enterprises (bit-matrix growth) still match the brute force', async (t) => {
  const rand = mulberry32(7)
  const int = (n: number): number => Math.floor(rand() * n)
  const industries = Array.from({ length: 90 }, (_, i) => `IND${String(i).padStart(2, '0')}`)
  const world: World = {
    rows: {
      teams: [team('T0')],
      activities: Array.from({ length: 300 }, (_, i) =>
        activity(`A${i}`, {
          industry: industries[int(90)] as string,
          enterpriseIds: Array.from({ length: int(6) }, () => `E${int(3000)}`),
          linkedDemandOwnerIds: [`E${int(3000)}`],
        }),
      ),
      completions: Array.from({ length: 5000 }, (_, i) =>
        completion(`S${i}`, { enterpriseId: `E${int(3000)}`, industry: industries[int(90)] as string, solved: rand() < 0.5 }),
      ),
    },
    industryOf: null,
  }
  const report = computeImpact(world.rows, { groupBy: 'industry' })
  t.equal(report.groups?.length, 90)
  const mismatched = (report.groups ?? []).filter(
    (g) => JSON.stringify(g.figures) !== JSON.stringify(bruteFigures(world, { groupBy: 'industry' }, { by: 'industry', key: g.key })),
  )
  t.same(mismatched, [], 'every group matches')
  t.same(report.totals, { ...bruteFigures(world, {}), teams: 1 })
})

// ---- (c) the seed's table ---------------------------------------------------------------

t.test('the seed’s table (50 队, 98 次, 215 个, 3175 人次, 468 家, 300 万元) from hand-built rows', async (t) => {
  const e = (n: number): string => `E${String(n).padStart(3, '0')}`
  const date = (n: number): string => new Date(Date.UTC(2023, 5, 1) + (n % 360) * DAY).toISOString().slice(0, 10)
  const teams: TeamRow[] = []
  for (let i = 0; i < 50; i++) {
    teams.push(
      team(`T${i}`, {
        level: i < 10 ? 'city' : 'district',
        districtCode: DISTRICTS[i % DISTRICTS.length] as string,
        createdOn: date(i * 3),
      }),
    )
  }
  // A 51st team, disbanded before the programme period: not one of the 50.
  teams.push(team('T-gone', { createdOn: '2023-01-05', deactivatedOn: '2023-05-01', active: false }))

  const activities: ActivityRow[] = []
  // 60 service visits (帮扶/攻关 on site): each visits one listed enterprise (E130..E189)
  // and is linked to the demand of one completion owner (E000..E059, de-duplicated against
  // the completions). Visits 0..54 solve 2 problems on site, 55..59 one: 115 problems.
  // Visits 0..39 report 45,000 yuan expected benefit: 1,800,000.
  for (let i = 0; i < 60; i++) {
    activities.push(
      activity(`A${i}`, {
        teamId: `T${i % 50}`,
        date: date(40 + i * 5),
        serviceKind: i % 2 === 0 ? 'assistance' : 'tackling',
        districtCode: DISTRICTS[i % DISTRICTS.length] as string,
        enterpriseIds: [e(130 + i)],
        linkedDemandOwnerIds: [e(i)],
        onSiteProblemsSolved: i < 55 ? [`现场难题${i}-1`, `现场难题${i}-2`] : [`现场难题${i}-1`],
        ...(i < 40 ? { benefitYuan: 45_000, benefitKind: 'expected' as const } : {}),
      }),
    )
  }
  // 38 trainings (技术培训) of 75 worker-times each (2,850 人次), each for 8 enterprises
  // drawn round-robin from E190..E467 (278 enterprises over 304 seats: 26 served twice).
  for (let j = 0; j < 38; j++) {
    activities.push(
      activity(`A${60 + j}`, {
        teamId: `T${(j * 7) % 50}`,
        date: date(45 + j * 8),
        serviceKind: 'training',
        industry: INDUSTRIES[j % INDUSTRIES.length] as string,
        enterpriseIds: Array.from({ length: 8 }, (_, k) => e(190 + ((j * 8 + k) % 278))),
        traineeCount: 75,
      }),
    )
  }
  // 130 completed demands of E000..E129: 100 solved, 30 not (their owners are still
  // served); 65 trained 5 workers each (325 人次); the first 60 solved report 20,000 yuan
  // actual benefit (1,200,000).
  const completions: CompletionRow[] = []
  for (let i = 0; i < 130; i++) {
    completions.push(
      completion(`S${i}`, {
        teamId: `T${(i * 3) % 50}`,
        enterpriseId: e(i),
        completedOn: date(50 + i * 2),
        solved: i < 100,
        traineeCount: i % 2 === 0 ? 5 : 0,
        ...(i < 60 ? { benefitYuan: 20_000, benefitKind: 'actual' as const } : {}),
        districtCode: DISTRICTS[i % DISTRICTS.length] as string,
      }),
    )
  }
  const rows = rowsOf({ teams, activities, completions })
  const table: Figures = {
    teams: 50,
    activities: 98,
    problemsSolved: 215,
    workersTrained: 3175,
    enterprisesServed: 468,
    enterpriseVisits: 130 + 60 * 2 + 38 * 8,
    benefitYuan: { actual: 1_200_000, expected: 1_800_000, total: 3_000_000 },
  }
  // "Since the launch": no period (the active teams) and the programme's period alike.
  t.same(computeImpact(rows).totals, table)
  const period = { from: '2023-06-01', to: '2024-05-31' }
  const report = computeImpact(rows, period)
  t.same(report.totals, table)
  t.equal(report.totals.benefitYuan.total / 10_000, 300, '300 万元')
  for (const figure of FIGURES) {
    t.same(recordsBehind(figure, rows, period).value, table[figure], `records behind ${figure}`)
  }
  for (const groupBy of GROUP_BYS) {
    const grouped = computeImpact(rows, { ...period, groupBy })
    const groups = grouped.groups ?? []
    const sum = (pick: (f: GroupFigures) => number): number => groups.reduce((s, g) => s + pick(g.figures), 0)
    t.same(
      [sum((f) => f.activities), sum((f) => f.problemsSolved), sum((f) => f.workersTrained), sum((f) => f.enterpriseVisits), sum((f) => f.benefitYuan.total)],
      [98, 215, 3175, table.enterpriseVisits, 3_000_000],
      `groups by ${groupBy} add up`,
    )
    if (groupBy === 'teamLevel' || groupBy === 'district') t.equal(sum((f) => f.teams ?? 0), 50, `teams by ${groupBy} partition the 50`)
  }
})
