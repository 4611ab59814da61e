/**
 * Naive greedy dispatch, kept only as a baseline for tests and benchmarks:
 * demands in order of their best score (desc, then index), each takes its
 * highest-scoring team that still has capacity (ties → lower team index).
 * It can serve fewer demands and/or reach a lower total score than
 * `solveDispatch`, which is exact.
 */
import {
  buildDispatchGraph,
  DEFAULT_SCALE,
  planFromAssignment,
  type DispatchInput,
  type DispatchOptions,
  type DispatchPlan,
} from './dispatch.js';

export function greedyDispatch(input: DispatchInput, opts: DispatchOptions = {}): DispatchPlan {
  const g = buildDispatchGraph(input, opts.scale ?? DEFAULT_SCALE);
  const { nDemands: nD, start, edgeTeam, edgeScaled: S } = g;

  const best = new Float64Array(nD).fill(-1);
  for (let d = 0; d < nD; d++) {
    for (let e = start[d]!; e < start[d + 1]!; e++) if (S[e]! > best[d]!) best[d] = S[e]!;
  }
  const order = Array.from({ length: nD }, (_, d) => d).sort((a, b) => best[b]! - best[a]! || a - b);

  const left = Int32Array.from(g.cap);
  const assignedEdge = new Int32Array(nD).fill(-1);
  for (const d of order) {
    let pick = -1;
    // edges are sorted by team, so strict > keeps the lower team index on ties
    for (let e = start[d]!; e < start[d + 1]!; e++) {
      if (left[edgeTeam[e]!]! > 0 && (pick < 0 || S[e]! > S[pick]!)) pick = e;
    }
    if (pick >= 0) {
      assignedEdge[d] = pick;
      left[edgeTeam[pick]!]!--;
    }
  }
  return planFromAssignment(g, assignedEdge);
}
