/**
 * Seeded randomness for dispatch tests and benchmarks (no dependencies).
 */
import type { DispatchEdgeColumns, DispatchInput } from './dispatch.js';

/** mulberry32: tiny 32-bit-state PRNG, uniform in [0, 1); same seed → same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomInstanceShape {
  demands: number;
  teams: number;
  /** inclusive range of capacityLeft per team */
  capMin: number;
  capMax: number;
  /** per demand, the fraction of teams it is eligible for is uniform in [densityMin, densityMax] */
  densityMin: number;
  densityMax: number;
  /**
   * uniform: independent 6-decimal U[0,1] per pair;
   * correlated: 6-decimal 0.6 × team quality + 0.4 × pair noise (correlated: every demand
   *   ranks the same teams high — long reassignment cascades);
   * coarse: scores from {0, .25, .5, .75, 1} (many ties); flat: all 0.5.
   */
  scores: 'correlated' | 'uniform' | 'coarse' | 'flat';
  /** emit edges as typed-array columns instead of objects */
  columnar?: boolean;
}

export function randomDispatchInstance(seed: number, shape: RandomInstanceShape): DispatchInput {
  const rnd = mulberry32(seed);
  const { demands: nD, teams: nT } = shape;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

  const teams = Array.from({ length: nT }, (_, t) => ({
    id: `team-${t}`,
    capacityLeft: int(shape.capMin, shape.capMax),
  }));
  const quality = Array.from({ length: nT }, () => rnd());

  const ed: number[] = [];
  const et: number[] = [];
  const es: number[] = [];
  for (let d = 0; d < nD; d++) {
    const density = shape.densityMin + rnd() * (shape.densityMax - shape.densityMin);
    for (let t = 0; t < nT; t++) {
      if (rnd() >= density) continue;
      let s: number;
      if (shape.scores === 'flat') s = 0.5;
      else if (shape.scores === 'coarse') s = int(0, 4) / 4;
      else if (shape.scores === 'uniform') s = Math.round(rnd() * 1e6) / 1e6;
      else s = Math.round((0.6 * quality[t]! + 0.4 * rnd()) * 1e6) / 1e6;
      ed.push(d);
      et.push(t);
      es.push(s);
    }
  }
  const demandIds = Array.from({ length: nD }, (_, d) => `demand-${d}`);
  if (shape.columnar) {
    const cols: DispatchEdgeColumns = {
      demand: Int32Array.from(ed),
      team: Int32Array.from(et),
      score: Float64Array.from(es),
    };
    return { demandIds, teams, edges: cols };
  }
  return { demandIds, teams, edges: ed.map((d, i) => ({ demand: d, team: et[i]!, score: es[i]! })) };
}
