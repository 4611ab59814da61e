/**
 * Dispatch solver benchmark: `npx tsx bench/solver.ts [--quick]`
 *
 * Seeded random instances (src/domain/matching/random.ts). For each: p50 (and
 * min–max) wall time of solveDispatch over several runs after one warm-up run,
 * the greedy baseline, and the served/score gap. Timings include input
 * normalisation (validation, dedup, CSR build), i.e. the full solveDispatch call.
 *
 * Score models: "uniform" = independent U[0,1] per (demand, team) pair;
 * "correlated" = 0.6 × team quality + 0.4 × noise (everyone wants the same good
 * teams → long reassignment cascades; the hard case for shortest-path methods).
 */
import { solveDispatch, type DispatchInput, type DispatchPlan, type SolverStats } from '../src/domain/matching/dispatch.js';
import { greedyDispatch } from '../src/domain/matching/greedy.js';
import { randomDispatchInstance, type RandomInstanceShape } from '../src/domain/matching/random.js';

interface Case {
  name: string;
  seed: number;
  runs: number;
  shape: RandomInstanceShape;
}

const quick = process.argv.includes('--quick');
const dense = { densityMin: 0.3, densityMax: 1 } as const;

const cases: Case[] = [
  {
    name: '2k×200 dense, uniform, cap tight',
    seed: 1,
    runs: 21,
    shape: { demands: 2000, teams: 200, capMin: 0, capMax: 18, ...dense, scores: 'uniform' },
  },
  {
    name: '2k×200 dense, uniform, cap ≈ n',
    seed: 2,
    runs: 21,
    shape: { demands: 2000, teams: 200, capMin: 2, capMax: 18, ...dense, scores: 'uniform' },
  },
  {
    name: '2k×200 dense, correlated, cap tight',
    seed: 3,
    runs: 21,
    shape: { demands: 2000, teams: 200, capMin: 0, capMax: 18, ...dense, scores: 'correlated' },
  },
  {
    name: '2k×200 dense, coarse ties, cap tight',
    seed: 4,
    runs: 21,
    shape: { demands: 2000, teams: 200, capMin: 0, capMax: 18, ...dense, scores: 'coarse' },
  },
  {
    name: '10k×1k dense, uniform, cap tight',
    seed: 5,
    runs: 5,
    shape: { demands: 10000, teams: 1000, capMin: 0, capMax: 18, ...dense, scores: 'uniform', columnar: true },
  },
  {
    name: '10k×1k sparse 2-10%, uniform, cap tight',
    seed: 6,
    runs: 5,
    shape: { demands: 10000, teams: 1000, capMin: 0, capMax: 18, densityMin: 0.02, densityMax: 0.1, scores: 'uniform', columnar: true },
  },
  {
    name: '10k×1k sparse 2-10%, correlated, cap tight',
    seed: 7,
    runs: 5,
    shape: { demands: 10000, teams: 1000, capMin: 0, capMax: 18, densityMin: 0.02, densityMax: 0.1, scores: 'correlated', columnar: true },
  },
  {
    name: '10k×1k dense, correlated, cap tight',
    seed: 8,
    runs: 3,
    shape: { demands: 10000, teams: 1000, capMin: 0, capMax: 18, ...dense, scores: 'correlated', columnar: true },
  },
];

/** [result, wall ms, process CPU ms] — CPU time is less distorted when the machine is shared. */
function time<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

function stats(xs: number[]): { p50: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.floor((s.length - 1) / 2)]!, min: s[0]!, max: s[s.length - 1]! };
}

function edgeCount(inst: DispatchInput): number {
  const e = inst.edges;
  return Array.isArray(e) ? e.length : (e as { demand: ArrayLike<number> }).demand.length;
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

const rows: string[][] = [
  ['instance', 'edges', 'Σcap', 'exact p50 ms', 'min–max', 'cpu p50 ms', 'warm', 'greedy p50 ms', 'served exact/greedy', 'score exact/greedy'],
];
for (const c of cases) {
  const runs = quick ? Math.min(c.runs, 3) : c.runs;
  const inst = randomDispatchInstance(c.seed, c.shape);
  const capSum = inst.teams.reduce((a, t) => a + t.capacityLeft, 0);
  const st = {} as SolverStats;
  let plan: DispatchPlan = solveDispatch(inst, { stats: st }); // warm-up (JIT), also reports the work done
  let gplan: DispatchPlan = greedyDispatch(inst);
  const ts: number[] = [];
  const cs: number[] = [];
  const gs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let dt: number;
    let cpu: number;
    [plan, dt, cpu] = time(() => solveDispatch(inst));
    ts.push(dt);
    cs.push(cpu);
    [gplan, dt] = time(() => greedyDispatch(inst));
    gs.push(dt);
  }
  const s = stats(ts);
  rows.push([
    c.name,
    String(edgeCount(inst)),
    `${capSum} (${(capSum / c.shape.demands).toFixed(2)}n)`,
    ms(s.p50),
    `${ms(s.min)}–${ms(s.max)}`,
    ms(stats(cs).p50),
    st.warmSampleDemands > 0 ? 'yes' : 'no',
    ms(stats(gs).p50),
    `${plan.served}/${gplan.served}`,
    `${plan.totalScore.toFixed(2)}/${gplan.totalScore.toFixed(2)}`,
  ]);
  console.error(`done: ${c.name} (${runs} runs)`);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
const load = (await import('node:os')).loadavg()[0]!.toFixed(2);
console.log(`node ${process.version}; p50 over runs after one warm-up run; times include input normalisation; load avg ${load}`);
