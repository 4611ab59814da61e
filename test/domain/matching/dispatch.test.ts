import t from 'tap'
import highsModule from 'highs'
import {
  buildDispatchGraph,
  planFromAssignment,
  solveDispatch,
  solveGraph,
  type SolverScratch,
  type SolverStats,
  type DispatchEdge,
  type DispatchInput,
  type DispatchOptions,
  type DispatchPlan,
} from '../../../src/domain/matching/dispatch.js'
import { greedyDispatch } from '../../../src/domain/matching/greedy.js'
import { mulberry32, randomDispatchInstance, type RandomInstanceShape } from '../../../src/domain/matching/random.js'

const SCALE = 1_000_000

// highs/types.d.ts is read as CommonJS (loader under `.default`), while Node's "import"
// condition loads build/highs.mjs whose default export is the loader itself.
const highsLoader = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as typeof highsModule.default

/** Rows of an input's edges, whatever its form. */
function edgeRows(input: DispatchInput): DispatchEdge[] {
  const e = input.edges
  if (Array.isArray(e)) return [...(e as readonly DispatchEdge[])]
  const c = e as { demand: ArrayLike<number>; team: ArrayLike<number>; score: ArrayLike<number> }
  return Array.from({ length: c.demand.length }, (_, i) => ({ demand: c.demand[i]!, team: c.team[i]!, score: c.score[i]! }))
}

/** (demand, team) → max score, the eligibility the plan must respect. */
function eligibility(input: DispatchInput): Map<string, number> {
  const m = new Map<string, number>()
  for (const e of edgeRows(input)) {
    const k = `${e.demand}:${e.team}`
    const prev = m.get(k)
    if (prev === undefined || e.score > prev) m.set(k, e.score)
  }
  return m
}

/** Feasibility + internal consistency of a plan; returns an error message or null. */
function checkPlan(input: DispatchInput, plan: DispatchPlan): string | null {
  const elig = eligibility(input)
  const seen = new Set<number>()
  const load = new Array<number>(input.teams.length).fill(0)
  let scaled = 0
  let score = 0
  let prevDemand = -1
  for (const a of plan.assignments) {
    if (a.demand <= prevDemand) return `assignments not sorted/unique at demand ${a.demand}`
    prevDemand = a.demand
    if (seen.has(a.demand)) return `demand ${a.demand} assigned twice`
    seen.add(a.demand)
    const s = elig.get(`${a.demand}:${a.team}`)
    if (s === undefined) return `ineligible edge ${a.demand}->${a.team}`
    // Reported as planned: rounded to 1/scale, as the assignment stores it.
    if (Math.round(s * SCALE) / SCALE !== a.score) return `edge ${a.demand}->${a.team} reports score ${a.score}, max is ${s}`
    load[a.team]!++
    scaled += Math.round(s * SCALE)
    score += Math.round(s * SCALE) / SCALE
  }
  for (let t = 0; t < input.teams.length; t++) {
    if (load[t]! > input.teams[t]!.capacityLeft) return `team ${t} over capacity: ${load[t]} > ${input.teams[t]!.capacityLeft}`
    if (plan.teamLoad[t] !== load[t]) return `teamLoad[${t}] = ${plan.teamLoad[t]}, actual ${load[t]}`
  }
  const unassigned = []
  for (let d = 0; d < input.demandIds.length; d++) if (!seen.has(d)) unassigned.push(d)
  if (JSON.stringify(unassigned) !== JSON.stringify(plan.unassigned)) return 'unassigned list mismatch'
  if (plan.served !== plan.assignments.length) return 'served != assignments.length'
  if (plan.totalScaled !== scaled) return `totalScaled ${plan.totalScaled} != ${scaled}`
  if (Math.abs(plan.totalScore - score) > 1e-6) return `totalScore ${plan.totalScore} != ${score}`
  return null
}

function input(demands: number, caps: number[], edges: [number, number, number][]): DispatchInput {
  return {
    demandIds: Array.from({ length: demands }, (_, i) => `d${i}`),
    teams: caps.map((c, i) => ({ id: `t${i}`, capacityLeft: c })),
    edges: edges.map(([demand, team, score]) => ({ demand, team, score })),
  }
}

const pairs = (p: DispatchPlan) => p.assignments.map((a) => [a.demand, a.team])

t.test('hand-made instances with known optimum', async (t) => {
  t.test('greedy serves fewer demands', async (t) => {
    // d0 likes A (0.9) and B (0.8); d1 only fits A. Greedy gives A to d0 and strands d1.
    const inp = input(2, [1, 1], [
      [0, 0, 0.9],
      [0, 1, 0.8],
      [1, 0, 0.7],
    ])
    const opt = solveDispatch(inp)
    t.same(pairs(opt), [[0, 1], [1, 0]])
    t.equal(opt.served, 2)
    t.equal(opt.totalScore, 1.5)
    const g = greedyDispatch(inp)
    t.equal(g.served, 1)
    t.equal(checkPlan(inp, opt), null)
    t.equal(checkPlan(inp, g), null)
  })

  t.test('greedy gets a lower total score', async (t) => {
    const inp = input(2, [1, 1], [
      [0, 0, 0.9],
      [0, 1, 0.85],
      [1, 0, 0.88],
      [1, 1, 0.1],
    ])
    const opt = solveDispatch(inp)
    t.same(pairs(opt), [[0, 1], [1, 0]])
    t.equal(opt.totalScore, 1.73)
    const g = greedyDispatch(inp)
    t.equal(g.served, 2)
    t.equal(g.totalScore, 1)
  })

  t.test('serving more beats scoring more', async (t) => {
    const inp = input(2, [1, 1], [
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ])
    const opt = solveDispatch(inp)
    t.equal(opt.served, 2)
    t.equal(opt.totalScore, 0)
    t.same(pairs(opt), [[0, 1], [1, 0]])
  })

  t.test('a later, better demand displaces an earlier one (same cardinality)', async (t) => {
    for (const [a, b] of [
      [0.1, 0.9],
      [0.9, 0.1],
    ] as const) {
      const inp = input(2, [1], [
        [0, 0, a],
        [1, 0, b],
      ])
      const opt = solveDispatch(inp, { bidsPerDemand: 0 }) // force the shortest-path phase
      t.equal(opt.served, 1)
      t.equal(opt.totalScore, 0.9)
      t.same(opt.unassigned, [a < b ? 0 : 1])
    }
  })

  t.test('displacement at the end of a chain of moves', async (t) => {
    // T0 cap 1 holds d0; d1 (only T0, high) arrives; d0 can move to T1 whose d2 is worth less.
    const inp = input(3, [1, 1], [
      [0, 0, 0.5],
      [0, 1, 0.6],
      [2, 1, 0.05],
      [1, 0, 0.95],
    ])
    for (const bidsPerDemand of [0, 20]) {
      const opt = solveDispatch(inp, { bidsPerDemand })
      t.same(pairs(opt), [[0, 1], [1, 0]])
      t.same(opt.unassigned, [2])
      t.equal(opt.totalScore, 1.55)
    }
  })

  t.test('capacity-0 teams are never used', async (t) => {
    const inp = input(3, [0, 1, 0], [
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 0.2],
      [1, 1, 0.3],
      [2, 2, 0.9],
    ])
    const opt = solveDispatch(inp)
    t.same(pairs(opt), [[1, 1]])
    t.same(opt.unassigned, [0, 2])
    t.same(opt.teamLoad, [0, 1, 0])
  })

  t.test('demands with no eligible team stay unassigned', async (t) => {
    const inp = input(4, [2], [
      [1, 0, 0.4],
      [3, 0, 0.6],
    ])
    const opt = solveDispatch(inp)
    t.same(pairs(opt), [[1, 0], [3, 0]])
    t.same(opt.unassigned, [0, 2])
    t.equal(opt.totalScore, 1)
  })

  t.test('empty inputs', async (t) => {
    const empty = solveDispatch(input(0, [], []))
    t.same(empty, { assignments: [], unassigned: [], served: 0, totalScore: 0, totalScaled: 0, teamLoad: [] })
    t.same(solveDispatch(input(3, [], [])).unassigned, [0, 1, 2])
    t.same(solveDispatch(input(0, [4, 0], [])).teamLoad, [0, 0])
    t.same(solveDispatch(input(2, [1, 1], [])).served, 0)
    t.same(greedyDispatch(input(0, [], [])), empty)
  })

  t.test('duplicate edges keep the max score', async (t) => {
    const inp = input(1, [1, 1], [
      [0, 0, 0.2],
      [0, 1, 0.5],
      [0, 0, 0.7],
      [0, 0, 0.1],
    ])
    const opt = solveDispatch(inp)
    t.same(opt.assignments, [{ demand: 0, team: 0, score: 0.7 }])
  })

  t.test('rejects malformed input', async (t) => {
    t.throws(() => solveDispatch(input(1, [1], [[1, 0, 0.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1], [[0, 1, 0.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1], [[0, 0, 1.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1], [[0, 0, -0.01]])), RangeError)
    t.same(solveDispatch(input(1, [1], [[0, 0, 1 + 1e-12]])).assignments, [{ demand: 0, team: 0, score: 1 }], 'float noise clamped')
    t.throws(() => solveDispatch(input(1, [1], [[0, 0, Number.NaN]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1], [[0.5, 0, 0.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [-1], [[0, 0, 0.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1.5], [[0, 0, 0.5]])), RangeError)
    t.throws(() => solveDispatch(input(1, [1], [[0, 0, 0.5]]), { scale: 0 }), RangeError)
    // Edges grouped by demand: `start` must rise from 0 to the edge count, one entry per demand and one more.
    const grouped = (start: number[]) => ({ demandIds: ['a', 'b'], teams: [{ id: 't', capacityLeft: 2 }], edges: { start, team: [0, 0], score: [0.5, 0.4] } })
    t.same(solveDispatch(grouped([0, 1, 2])).assignments, [{ demand: 0, team: 0, score: 0.5 }, { demand: 1, team: 0, score: 0.4 }], 'well-formed start')
    for (const bad of [[0, 2], [0, 1, 3], [1, 1, 2], [0, 2, 1, 2].slice(0, 3), [0, 1.5, 2], [0, 1, 2, 2]]) {
      t.throws(() => solveDispatch(grouped(bad)), RangeError, `start ${JSON.stringify(bad)}`)
    }
  })

  t.test('deterministic and independent of edge order / form', async (t) => {
    const base = randomDispatchInstance(7, {
      demands: 80, teams: 12, capMin: 0, capMax: 6, densityMin: 0.2, densityMax: 0.9, scores: 'coarse',
    })
    const plan = solveDispatch(base)
    t.same(solveDispatch(base), plan)
    const rows = edgeRows(base)
    const rnd = mulberry32(99)
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
    }
    t.same(solveDispatch({ ...base, edges: rows }), plan)
    const cols = {
      demand: Int32Array.from(rows, (e) => e.demand),
      team: Int32Array.from(rows, (e) => e.team),
      score: Float64Array.from(rows, (e) => e.score),
    }
    t.same(solveDispatch({ ...base, edges: cols }), plan)
  })
})

const highs = await highsLoader()

/** max Σ (K + s) x  s.t. Σ_t x ≤ 1 per demand, Σ_d x ≤ cap per team, 0 ≤ x ≤ 1 (integral: bipartite). */
function oracle(inp: DispatchInput): { served: number; scaled: number } {
  const elig = eligibility(inp)
  const cols: { d: number; t: number; s: number }[] = []
  for (const [k, score] of elig) {
    const [d, tm] = k.split(':').map(Number) as [number, number]
    if (inp.teams[tm]!.capacityLeft > 0) cols.push({ d, t: tm, s: Math.round(score * SCALE) })
  }
  if (cols.length === 0) return { served: 0, scaled: 0 }
  const K = inp.demandIds.length * SCALE + 1
  const byDemand = new Map<number, string[]>()
  const byTeam = new Map<number, string[]>()
  const obj: string[] = []
  cols.forEach((c, i) => {
    const x = `x${i}`
    obj.push(`${K + c.s} ${x}`)
    ;(byDemand.get(c.d) ?? byDemand.set(c.d, []).get(c.d)!).push(x)
    ;(byTeam.get(c.t) ?? byTeam.set(c.t, []).get(c.t)!).push(x)
  })
  const wrap = (terms: string[]) => terms.map((s, i) => (i % 8 === 7 ? `${s}\n  ` : s)).join(' + ')
  const lines = ['Maximize', ` obj: ${wrap(obj)}`, 'Subject To']
  for (const [d, xs] of byDemand) lines.push(` d${d}: ${wrap(xs)} <= 1`)
  for (const [tm, xs] of byTeam) lines.push(` t${tm}: ${wrap(xs)} <= ${inp.teams[tm]!.capacityLeft}`)
  lines.push('Bounds')
  cols.forEach((_, i) => lines.push(` 0 <= x${i} <= 1`))
  lines.push('End')
  const res = highs.solve(lines.join('\n'), { output_flag: false } as never)
  if (res.Status !== 'Optimal') throw new Error(`HiGHS status ${res.Status}`)
  let served = 0
  let scaled = 0
  cols.forEach((c, i) => {
    const col = res.Columns[`x${i}`] as { Primal: number } | undefined
    const x = col?.Primal ?? 0
    const r = Math.round(x)
    if (Math.abs(x - r) > 1e-6) throw new Error(`fractional LP vertex x${i} = ${x}`)
    served += r
    scaled += r * c.s
  })
  return { served, scaled }
}

t.test('edges already in (demand, team) order are used as they are; any order gives the same graph', async (t) => {
  const rnd = mulberry32(77)
  for (let i = 0; i < 30; i++) {
    const nD = 5 + Math.floor(rnd() * 40)
    const nT = 2 + Math.floor(rnd() * 9)
    const rows: DispatchEdge[] = []
    for (let d = 0; d < nD; d++) for (let tm = 0; tm < nT; tm++) if (rnd() < 0.5) rows.push({ demand: d, team: tm, score: Math.floor(rnd() * 1e6) / 1e6 })
    // Float noise just outside [0, 1] is clamped; the instance with it cannot share the score column.
    if (i % 3 === 2 && rows.length > 0) rows[0]!.score = 1 + 1e-12
    const caps = Array.from({ length: nT }, (_, k) => (i % 2 === 1 && k === 0 ? 0 : 1 + Math.floor(rnd() * 4)))
    // The demand of each edge, or (every other pair of instances) where each demand's edges start.
    const grouped = i % 4 >= 2
    const start = new Int32Array(nD + 1)
    for (const e of rows) start[e.demand + 1]!++
    for (let d = 0; d < nD; d++) start[d + 1]! += start[d]!
    const demandsOf = (byStart: boolean) => (byStart ? { start } : { demand: Int32Array.from(rows, (e) => e.demand) })
    // Scratch columns, each a view with 3 spare entries behind it in its buffer.
    const scratchCols = () => {
      const view = <A extends Int32Array | Float64Array>(a: A, values: number[]): A => (a.set(values), a.subarray(0, values.length) as A)
      return {
        ...demandsOf(grouped),
        team: view(new Int32Array(rows.length + 3), rows.map((e) => e.team)),
        score: view(new Float64Array(rows.length + 3), rows.map((e) => e.score)),
        scratch: true,
      }
    }
    const cols = scratchCols()
    const base = { demandIds: Array.from({ length: nD }, (_, d) => `d${d}`), teams: caps.map((c, k) => ({ id: `t${k}`, capacityLeft: c })) }
    const ordered = buildDispatchGraph({ ...base, edges: cols })
    const readOnly = { ...demandsOf(!grouped), team: Int32Array.from(cols.team), score: Float64Array.from(rows, (e) => e.score) }
    const kept = Float64Array.from(readOnly.score)
    const readGraph = buildDispatchGraph({ ...base, edges: readOnly })
    const shuffled = [...rows]
    for (let k = shuffled.length - 1; k > 0; k--) {
      const j = Math.floor(rnd() * (k + 1))
      ;[shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!]
    }
    // With a repeated edge (a lower score): the sorting path, which keeps the max.
    if (shuffled.length > 0) shuffled.push({ ...shuffled[0]!, score: 0 })
    const sorted = buildDispatchGraph({ ...base, edges: shuffled })
    for (const k of ['start', 'edgeTeam', 'edgeScaled', 'cap'] as const) {
      t.same([...ordered[k]], [...sorted[k]], `instance ${i}: ${k}`)
      t.same([...readGraph[k]], [...sorted[k]], `instance ${i}: ${k} (read-only columns)`)
    }
    const shares = i % 2 === 0 && i % 3 !== 2
    t.equal(ordered.edgeTeam === cols.team, shares, `instance ${i}: the columns are ${shares ? '' : 'not '}held as they are`)
    t.equal(ordered.edgeScaled === cols.score, shares, `instance ${i}: scaled scores ${shares ? '' : 'not '}written over the scratch score column`)
    t.equal(ordered.edgeRoom ?? 0, shares ? 3 : 0, `instance ${i}: the spare entries behind scratch columns are offered`)
    t.equal(readGraph.edgeTeam === readOnly.team, shares, `instance ${i}: read-only columns in order are held too`)
    t.same(readOnly.score, kept, `instance ${i}: but their scores are not written`)
    t.equal(readGraph.edgeRoom ?? 0, 0, `instance ${i}: nor anything past them`)
    t.same(solveDispatch({ ...base, edges: scratchCols() }), solveDispatch({ ...base, edges: shuffled }), `instance ${i}: same plan`)
  }
})

t.test('random instances match the HiGHS LP oracle', async (t) => {
  const rnd = mulberry32(20240607)
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const scoreModes = ['correlated', 'uniform', 'coarse', 'flat'] as const
  const variants: DispatchOptions[] = [
    {},
    { bidsPerDemand: 0 },
    { moveTable: 'never' },
    { moveTable: 'lazy', bidsPerDemand: 2 },
  ]

  let instances = 0
  let greedyFewer = 0
  let greedyLowerScore = 0
  let worstServedGap = 0
  let worstScoreGap = 0
  let worstScoreGapPct = 0
  let failures = 0
  let greedyBetter = 0
  const N = 360
  for (let i = 0; i < N; i++) {
    const big = i % 30 === 29
    const demands = big ? 150 + Math.floor(rnd() * 250) : Math.floor(rnd() * (rnd() < 0.5 ? 12 : 70))
    const teams = big ? 10 + Math.floor(rnd() * 40) : 1 + Math.floor(rnd() * (rnd() < 0.5 ? 4 : 18))
    const contention = pick([0.3, 0.7, 1, 1.3, 3]) // total capacity ≈ contention × demands
    const avgCap = Math.max(0, (contention * demands) / teams)
    const capMax = Math.max(0, Math.round(avgCap * 2))
    const densityMin = pick([0, 0.05, 0.2, 0.5])
    const shape: RandomInstanceShape = {
      demands,
      teams,
      capMin: rnd() < 0.3 ? 0 : Math.min(1, capMax),
      capMax,
      densityMin,
      densityMax: Math.min(1, densityMin + pick([0.1, 0.3, 0.6, 1])),
      scores: pick(scoreModes),
      columnar: rnd() < 0.3,
    }
    const inp = randomDispatchInstance(1000 + i, shape)
    const want = oracle(inp)
    const variant = variants[i % variants.length]!
    const plan = solveDispatch(inp, variant)
    const err = checkPlan(inp, plan)
    const ok = err === null && plan.served === want.served && plan.totalScaled === want.scaled
    if (!ok) {
      failures++
      t.fail(`instance ${i} ${JSON.stringify(shape)} ${JSON.stringify(variant)}`, {
        err, got: { served: plan.served, scaled: plan.totalScaled }, want,
      })
      continue
    }
    instances++
    const g = greedyDispatch(inp)
    const gErr = checkPlan(inp, g)
    if (gErr !== null) t.fail(`greedy infeasible on instance ${i}: ${gErr}`)
    if (g.served < plan.served) {
      greedyFewer++
      worstServedGap = Math.max(worstServedGap, plan.served - g.served)
    } else if (g.totalScaled < plan.totalScaled) {
      greedyLowerScore++
      const gap = (plan.totalScaled - g.totalScaled) / SCALE
      worstScoreGap = Math.max(worstScoreGap, gap)
      worstScoreGapPct = Math.max(worstScoreGapPct, (100 * gap) / (plan.totalScaled / SCALE))
    }
    if (g.served > plan.served || (g.served === plan.served && g.totalScaled > plan.totalScaled)) greedyBetter++
  }
  t.equal(greedyBetter, 0, 'greedy never beats the exact plan')
  t.equal(failures, 0, 'all random instances optimal and feasible')
  t.equal(instances, N)
  t.comment(
    `${instances} random instances match HiGHS; greedy suboptimal on ${greedyFewer + greedyLowerScore} ` +
      `(${greedyFewer} served fewer — worst by ${worstServedGap}; ${greedyLowerScore} same served but lower score — ` +
      `worst by ${worstScoreGap.toFixed(6)} = ${worstScoreGapPct.toFixed(1)}%)`,
  )
})

/** A small instance for explicit warm prices: size from `rnd`, scores correlated or coarse by the seed's parity. */
function smallWarmInstance(seed: number, rnd: () => number): DispatchInput {
  return randomDispatchInstance(seed, {
    demands: 20 + Math.floor(rnd() * 80), teams: 2 + Math.floor(rnd() * 8), capMin: 0, capMax: 12,
    densityMin: 0.2, densityMax: 0.9, scores: seed % 2 ? 'correlated' : 'coarse',
  })
}

t.test('warm start (large batches) stays exact', async (t) => {
  let warmRuns = 0
  const shapes: RandomInstanceShape[] = [
    { demands: 1600, teams: 12, capMin: 60, capMax: 150, densityMin: 0.3, densityMax: 0.7, scores: 'correlated' },
    { demands: 1200, teams: 16, capMin: 20, capMax: 130, densityMin: 0.2, densityMax: 0.6, scores: 'correlated' },
    { demands: 1100, teams: 8, capMin: 100, capMax: 200, densityMin: 0.5, densityMax: 1, scores: 'correlated', columnar: true },
    { demands: 1300, teams: 20, capMin: 0, capMax: 80, densityMin: 0.1, densityMax: 0.5, scores: 'uniform' },
  ]
  shapes.forEach((shape, i) => {
    const inp = randomDispatchInstance(500 + i, shape)
    const stats = {} as SolverStats
    const plan = solveDispatch(inp, { stats })
    if (stats.warmSampleDemands > 0) warmRuns++
    const want = oracle(inp)
    t.equal(checkPlan(inp, plan), null, `feasible #${i}`)
    t.same({ served: plan.served, scaled: plan.totalScaled }, want, `optimal #${i} (warm sample ${stats.warmSampleDemands})`)
    t.same(solveDispatch(inp, { warmStart: false }), plan, `same plan as the cold solve #${i}`)
  })
  t.ok(warmRuns > 0, 'the warm start was exercised')

  // Deliberately wrong (often too high) warm prices must be detected and redone.
  const rnd = mulberry32(4242)
  let retries = 0
  for (let i = 0; i < 40; i++) {
    const inp = smallWarmInstance(900 + i, rnd)
    const g = buildDispatchGraph(inp)
    const warmPrices = Array.from({ length: g.nTeams }, () => (rnd() < 0.3 ? 0 : Math.floor(rnd() * 2 * SCALE)))
    const stats = {} as SolverStats
    const plan = planFromAssignment(g, solveGraph(g, { warmPrices, stats }))
    retries += stats.warmRetries
    const want = oracle(inp)
    if (checkPlan(inp, plan) !== null || plan.served !== want.served || plan.totalScaled !== want.scaled) {
      t.fail(`explicit warm prices, instance ${i}`, { got: [plan.served, plan.totalScaled], want })
    }
  }
  t.ok(retries > 0, `too-high warm prices were caught (${retries} retries)`)
})

t.test('warm-start placeholders go into the spare room behind the edges, and only there', async (t) => {
  const rnd = mulberry32(5150)
  let wrote = 0
  for (let i = 0; i < 40; i++) {
    const inp = smallWarmInstance(1300 + i, rnd)
    const g = buildDispatchGraph(inp)
    const nE = g.edgeTeam.length
    // Room for every placeholder there can be (one per unit of capacity, at most the degree), filled with a sentinel.
    let room = 0
    for (let tm = 0; tm < g.nTeams; tm++) {
      let deg = 0
      for (let e = 0; e < nE; e++) if (g.edgeTeam[e] === tm) deg++
      room += Math.min(g.cap[tm]!, deg)
    }
    const spare = <A extends Int32Array | Float64Array>(a: A, b: A): A => (b.fill(-7), b.set(a), b.subarray(0, nE) as A)
    const roomy = {
      ...g,
      edgeTeam: spare(g.edgeTeam, new Int32Array(nE + room)),
      edgeScaled: spare(g.edgeScaled, new Float64Array(nE + room)),
      edgeRoom: room,
    }
    const warmPrices = Array.from({ length: g.nTeams }, () => (rnd() < 0.3 ? 0 : Math.floor(rnd() * SCALE)))
    const got = solveGraph(roomy, { warmPrices })
    t.same(got, solveGraph(g, { warmPrices }), `instance ${i}: the same assignment as with copies`)
    t.same([roomy.start, roomy.edgeTeam, roomy.edgeScaled].map((a) => [...a]), [g.start, g.edgeTeam, g.edgeScaled].map((a) => [...a]), `instance ${i}: the edges are untouched`)
    if (new Int32Array(roomy.edgeTeam.buffer).subarray(nE).some((x) => x !== -7)) wrote++
    // Too little room: copies, and the room is left alone.
    const small = { ...roomy, edgeRoom: 0, edgeTeam: spare(g.edgeTeam, new Int32Array(nE + room)) }
    t.same(solveGraph(small, { warmPrices }), got, `instance ${i}: without room, the same assignment`)
    t.ok(new Int32Array(small.edgeTeam.buffer).subarray(nE).every((x) => x === -7), `instance ${i}: nothing written past the edges without room`)
  }
  t.ok(wrote > 10, `placeholders were written into the room (${wrote} of 40 instances)`)
})

t.test('a solver scratch kept from call to call lends its move tables, and the plans stay the same', async (t) => {
  const scratch: SolverScratch = {}
  let lent = 0
  for (let i = 0; i < 24; i++) {
    // Team counts change every third instance: tables of another size are replaced.
    const teams = 3 + Math.floor(i / 3)
    const inp = randomDispatchInstance(2100 + i, { demands: 30 + i * 5, teams, capMin: 0, capMax: 10, densityMin: 0.3, densityMax: 0.9, scores: i % 2 ? 'correlated' : 'uniform' })
    const before = scratch.tables
    const plan = solveDispatch(inp, { scratch })
    t.same(plan, solveDispatch(inp), `instance ${i}: the plan of a fresh solver`)
    t.equal(scratch.tables?.rowVal.length, teams * teams, `instance ${i}: the scratch holds tables of this team count`)
    if (before && before.rowVal.length === teams * teams) {
      t.equal(scratch.tables, before, `instance ${i}: the kept tables were used`)
      lent++
    }
  }
  t.equal(lent, 16, 'tables lent whenever the team count was the same')
})
