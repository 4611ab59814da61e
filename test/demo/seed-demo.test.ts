// `npm run seed:demo`: the Shantou demo programme, played through the API on a fresh
// database, reproduces the seed's table exactly (50 / 98 / 215 / 3175 / 468 / 3,000,000),
// group rows add up, and a second run is refused.
import t from 'tap'
import { checkCreditCode } from '../../src/domain/credit-code.js'
import { SEED_TABLE } from '../../src/demo/design.js'
import { buildDemoPlan, countFigures } from '../../src/demo/plan.js'
import { DemoSeedRefused, seedDemo } from '../../src/demo/seed.js'
import { ADMIN_TOKEN, buildTestApp } from '../helpers/app.js'

// Seeding is some 2,300 requests: slow machines and parallel test files need headroom.
t.setTimeout(300_000)

const SHANTOU_DISTRICTS = ['440507', '440511', '440512', '440513', '440514', '440515', '440523']
const CLUSTERS = ['new_energy', 'new_materials', 'electronic_information', 'textile_apparel', 'toys_creative', 'health']

t.test('the plan is deterministic, realistic and adds up to the seed table before anything is written', async (t) => {
  const plan = buildDemoPlan()
  t.equal(JSON.stringify(buildDemoPlan()), JSON.stringify(plan), 'same plan on every run')
  t.notSame(JSON.stringify(buildDemoPlan('another seed')), JSON.stringify(plan), 'the seed decides it')

  const f = countFigures(plan)
  t.same(
    { teams: f.teams, activities: f.activities, problemsSolved: f.problemsSolved, workersTrained: f.workersTrained, enterprisesServed: f.enterprisesServed, benefitYuan: f.benefitYuan.total },
    SEED_TABLE,
  )
  t.ok(f.benefitYuan.actual > 0 && f.benefitYuan.expected > 0, 'benefit split into actual and expected')

  t.same(plan.enterprises.filter((e) => checkCreditCode(e.creditCode) !== null), [], 'every credit code is valid (GB 32100-2015)')
  t.equal(new Set(plan.enterprises.map((e) => e.creditCode)).size, plan.enterprises.length, 'credit codes are unique')
  t.equal(new Set(plan.enterprises.map((e) => e.name)).size, plan.enterprises.length, 'names are unique')
  t.same([...new Set(plan.enterprises.map((e) => e.districtCode))].sort(), SHANTOU_DISTRICTS, 'enterprises in every district of Shantou')
  t.ok(
    CLUSTERS.every((c) => plan.enterprises.some((e) => e.industry === c)),
    'enterprises in each 三新两特一大 cluster',
  )
  t.ok(plan.enterprises.some((e) => e.specialized), 'some are 专精特新')
  t.same(new Set(plan.teams.map((x) => x.def.level)), new Set(['city', 'district']), 'city and district teams')
  t.ok(plan.teams.every((x) => x.menu.length >= 2 && x.menu.length <= 4), 'each team has 2–4 menu items')

  const fates = new Set(plan.demands.map((d) => d.fate))
  for (const fate of ['solved', 'unsolved', 'inProgress', 'accepted', 'assigned', 'open', 'cancelled'] as const) t.ok(fates.has(fate), `a demand ends ${fate}`)
  const declines = new Set(plan.demands.flatMap((d) => d.steps.flatMap((s) => (s.do === 'decline' ? [s.reasonCode] : []))))
  t.same([...declines].sort(), ['no_capacity', 'other', 'too_far', 'wrong_skills'], 'declines with every reason code')
  t.ok(plan.demands.some((d) => d.steps.some((s) => s.do === 'cancelAssignment')), 'an assignment cancelled by the union and reassigned')
  t.ok(plan.demands.some((d) => d.steps.some((s) => s.do === 'feedback')), 'ratings')

  const dates = [...plan.activities.map((a) => a.date), ...plan.demands.flatMap((d) => d.steps.flatMap((s) => (s.do === 'complete' ? [s.outcome.completedOn] : [])))]
  t.ok(dates.every((d) => d >= '2023-06-01' && d <= '2024-05-31'), 'dated across 2023-06 … 2024-05')
  t.ok(
    plan.activities.every((a) => a.enterprises.length + a.demands.length > 0),
    'every activity names an enterprise or a demand',
  )
})

t.test('seeded through the API on an empty database, the impact metrics are the seed table', async (t) => {
  // Rate limits and load shedding guard a public server; the seeding runs in-process.
  const ctx = await buildTestApp(t, { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_AUTH_FAILURES_PER_IP: '0', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' })
  const result = await seedDemo({ app: ctx.app, adminToken: ADMIN_TOKEN })

  const res = await ctx.request({ method: 'GET', url: '/v1/metrics/impact' })
  t.equal(res.status, 200, 'public totals')
  const totals = res.body.totals
  t.equal(totals.teams, 50, '50 支服务队')
  t.equal(totals.activities, 98, '98 次活动')
  t.equal(totals.problemsSolved, 215, '解决技术问题 215 个')
  t.equal(totals.workersTrained, 3175, '帮助 3175 人次职工提升技能')
  t.equal(totals.enterprisesServed, 468, '服务企业 468 家')
  t.equal(totals.benefitYuan.total, 3_000_000, '经济效益或预期经济效益 300 万元')
  t.ok(totals.benefitYuan.actual > 0 && totals.benefitYuan.expected > 0, 'both actual and expected benefit')
  t.equal(totals.benefitYuan.actual + totals.benefitYuan.expected, totals.benefitYuan.total)
  t.equal(totals.enterpriseVisits, result.expected.enterpriseVisits, 'visits as the plan counted them')
  t.same(totals.benefitYuan, result.expected.benefitYuan, 'actual and expected as the plan counted them')
  t.same(result.impact.totals, totals, 'the seeder reports the same table')

  // Group rows of the additive figures add up to the totals, for every dimension.
  const sum = (rows: any[], pick: (f: any) => number) => rows.reduce((s, g) => s + pick(g.figures), 0)
  for (const groupBy of ['district', 'industry', 'teamLevel', 'serviceKind', 'month']) {
    const g = await ctx.request({ method: 'GET', url: `/v1/metrics/impact?groupBy=${groupBy}`, token: ADMIN_TOKEN })
    t.equal(g.status, 200, `groupBy=${groupBy}`)
    const rows = g.body.groups as any[]
    t.ok(rows.length > 1, `${groupBy}: several groups`)
    t.same(g.body.totals, totals, `${groupBy}: same totals`)
    for (const figure of ['activities', 'problemsSolved', 'workersTrained', 'enterpriseVisits'] as const) {
      t.equal(g.body.additive[figure], true)
      t.equal(sum(rows, (f) => f[figure]), totals[figure], `${groupBy}: ${figure} rows add up`)
    }
    for (const kind of ['actual', 'expected', 'total'] as const) t.equal(sum(rows, (f) => f.benefitYuan[kind]), totals.benefitYuan[kind], `${groupBy}: benefit ${kind} rows add up`)
    // Distinct enterprises are not additive: no group exceeds the total, together they cover it.
    t.equal(g.body.additive.enterprisesServed, false)
    t.ok(rows.every((r) => r.figures.enterprisesServed <= totals.enterprisesServed), `${groupBy}: no group serves more than the total`)
    t.ok(sum(rows, (f) => f.enterprisesServed) >= totals.enterprisesServed, `${groupBy}: groups cover every served enterprise`)
    if (groupBy === 'teamLevel') {
      const byLevel = Object.fromEntries(rows.map((r) => [r.key, r.figures.teams]))
      t.same(byLevel, { city: 14, district: 36 }, '14 city teams and 36 district teams')
    }
    if (groupBy === 'district') t.same(rows.map((r) => r.key).filter((k) => k !== null).sort(), SHANTOU_DISTRICTS, 'every district has figures')
  }

  // "Which 215?": the records behind the figures are there.
  for (const [figure, value] of [['problemsSolved', 215], ['enterprisesServed', 468], ['activities', 98]] as const) {
    const r = await ctx.request({ method: 'GET', url: `/v1/metrics/impact/records?figure=${figure}&limit=1`, token: ADMIN_TOKEN })
    t.equal(r.status, 200)
    t.equal(r.body.count, value, `${value} records behind ${figure}`)
  }

  // Every stage of the workflow is present.
  for (const status of ['open', 'assigned', 'accepted', 'in_progress', 'completed', 'cancelled']) {
    const d = await ctx.request({ method: 'GET', url: `/v1/demands?status=${status}&limit=1`, token: ADMIN_TOKEN })
    t.equal(d.body.items.length, 1, `a demand is ${status}`)
  }
  for (const status of ['assigned', 'accepted', 'in_progress', 'completed', 'declined', 'cancelled']) {
    const a = await ctx.request({ method: 'GET', url: `/v1/assignments?status=${status}&limit=1`, token: ADMIN_TOKEN })
    t.equal(a.body.items.length, 1, `an assignment is ${status}`)
  }

  // The seeding tokens are revoked; the union issues its own when it hands accounts over.
  const tokens = await ctx.request({ method: 'GET', url: '/v1/tokens?limit=100', token: ADMIN_TOKEN })
  t.ok(
    tokens.body.items.filter((x: any) => !x.bootstrap).every((x: any) => x.revokedAt !== null),
    'no seeding token is left valid',
  )

  // Only for an empty database.
  await t.rejects(seedDemo({ app: ctx.app, adminToken: ADMIN_TOKEN }), DemoSeedRefused, 'a second run is refused')
  const again = await ctx.request({ method: 'GET', url: '/v1/metrics/impact' })
  t.same(again.body.totals, totals, 'and changes nothing')
})
