/**
 * Exact batch dispatch: assign open demands to service teams.
 *
 * Objective (lexicographic): FIRST serve as many demands as possible, THEN
 * maximise the total score. Each demand gets at most one team, each team at
 * most `capacityLeft` demands, and only eligible (demand, team) edges are used.
 *
 * Pure module: no I/O, no framework imports, deterministic (same input → same
 * plan; the plan does not depend on the order or form of `edges`).
 *
 * Formulation: max-weight bipartite b-matching with integer weights
 *   w(d,t) = K + s(d,t),   s = round(score × scale),   K = Σ_d max_t s(d,t) + 1.
 * A matching with one more served demand outweighs any with fewer (the score
 * part of a whole matching lies in [0, K−1]), so max-weight ⇔ the lexicographic
 * optimum. Integers kept < 2^53 in doubles make every comparison exact.
 *
 * Certificate kept throughout — LP duals u_d ≥ 0 (demand), p_t ≥ 0 (team, "price"):
 *   u_d + p_t ≥ w(d,t) on every edge; assigned edges tight; unassigned ⇒ u_d = 0;
 *   team with room ⇒ p_t = 0.
 * Only p is stored: u_d = w(d, team(d)) − p_team(d) if assigned, else 0. Dual
 * feasibility + complementary slackness prove optimality for the demands
 * processed so far (the Hungarian method for unbalanced b-matching).
 *
 * Phase 1 — bidding with exact prices (an auction with ε = 0, like LAPJV's
 * augmenting row reduction): a demand takes its best-value team (value
 * w − p); on a full team the lowest "key" (the price at which a demand stops
 * strictly preferring the team) among incumbents ∪ {newcomer} loses and the
 * price rises to the next key. This keeps the certificate exact and settles
 * most demands at O(degree) each; it stops on exact ties or a bid budget.
 *
 * Phase 2 — successive shortest paths for whatever phase 1 left. Inserting v:
 * the new optimum differs from the old by one alternating path from v (any
 * other improvement would already have improved the old optimum): v→A0, then
 * moves "demand d leaves team A for team B", ending
 *   - AUG:  at a team with room (served +1);
 *   - DROP: by unassigning the cheapest demand of the last, full team (served
 *           unchanged, score strictly higher) — needed: team cap 1, a (0.1)
 *           inserted before b (0.9), both only eligible there → b displaces a.
 *           K cancels along such a path (one edge in, one out per step), so it
 *           is a pure score trade and can never cost a served demand;
 *   - NONE: v stays unassigned.
 * Any AUG beats any DROP/NONE because its gain carries +K: serving more always
 * wins, and a DROP only trades equal cardinality for a strictly better score.
 * In reduced costs (all ≥ 0) the terminals cost NONE u_v (v's minimal feasible
 * dual), AUG dist(A) (p_A = 0 there), DROP dist(A) + u_d.
 *
 * The search runs over teams, not edges: arc A→B costs
 *   min_{d on A} slack(d,B),  slack(d,B) = u_d + p_B − w(d,B) = (s(d,A) − s(d,B)) − p_A + p_B,
 * so the dual-free table M[A][B] = min_{d on A} (s(d,A) − s(d,B)) (+ arg edge)
 * is cached, patched when A's demand set changes. Dijkstra (binary heap) with
 * early exit at the best terminal Δ; per-row candidate lists skip arcs whose
 * slack cannot beat Δ. Then p_A += max(0, Δ − dist(A)) on settled teams keeps
 * assigned edges tight and reduced costs ≥ 0. Teams only gain load along a
 * path and p only rises, so "p_t > 0 ⇒ full" holds forever.
 *
 * Warm start (speed only): with correlated scores (every demand ranks the same
 * teams high) the paths above become long cascades. We solve a random quarter
 * (recursively) and pre-fill each team with placeholder demands of weight ≈
 * that sample's price (K level dropped, minus a margin). If every warm price is
 * below a true optimal price, no placeholder can survive in an optimum (its
 * reduced cost is > 0); if one survives, the run is redone without it.
 *
 * Cost: O(E) per bid round + per path O(settled teams × (log T + candidates));
 * memory O(E + T²) (table only while T ≤ 2048; above that, moves are expanded
 * from adjacency lists).
 */

export interface DispatchEdge {
  /** index into `demandIds` */
  demand: number;
  /** index into `teams` */
  team: number;
  /** eligibility score in [0, 1] (±1e-9 float noise is clamped); duplicates keep the max */
  score: number;
}

/** Same edges in columnar form (avoids allocating millions of objects for big batches). */
export type DispatchEdgeColumns = {
  team: ArrayLike<number>;
  score: ArrayLike<number>;
  /**
   * The columns are the solver's scratch. When `team` and `score` are an Int32Array and a
   * Float64Array in strict (demand, team) order, the graph holds them as they are, writes
   * the scaled scores over `score` (the caller must not read it afterwards), and may write
   * its warm-start placeholders past the columns' ends in their buffers, where nothing the
   * caller keeps may live. Without it the columns are only read.
   */
  scratch?: boolean;
} & (
  | {
      /** the demand of each edge */
      demand: ArrayLike<number>;
      start?: never;
    }
  | {
      /** instead of `demand`, edges grouped by demand: those of demand d are start[d] .. start[d+1]−1 */
      start: ArrayLike<number>;
      demand?: never;
    }
);

export interface DispatchTeam {
  id: string;
  /** integer ≥ 0: how many more demands this team can take */
  capacityLeft: number;
}

export interface DispatchInput {
  demandIds: readonly string[];
  teams: readonly DispatchTeam[];
  edges: readonly DispatchEdge[] | DispatchEdgeColumns;
}

export interface DispatchAssignment {
  demand: number;
  team: number;
  /** the chosen edge's score rounded to 1/scale: round(score × scale) / scale, what the plan maximised */
  score: number;
}

export interface DispatchPlan {
  /** sorted by demand index */
  assignments: DispatchAssignment[];
  /** demand indexes left without a team, ascending */
  unassigned: number[];
  served: number;
  /** Σ of the assignments' scores (each rounded to 1/scale), rounded to 6 decimals */
  totalScore: number;
  /** Σ round(score × scale) — the exact quantity that was maximised (after `served`) */
  totalScaled: number;
  /** demands assigned per team (≤ capacityLeft) */
  teamLoad: number[];
}

export interface DispatchOptions {
  /** integer scaling of scores; ties finer than 1/scale are treated as equal. Default 1e6. */
  scale?: number;
  /**
   * Tuning knob: phase-1 bid budget (average bids per demand) before the exact
   * shortest-path phase takes over. Affects speed only, never the optimum. Default 5
   * (20 when warm-started).
   */
  bidsPerDemand?: number;
  /**
   * Tuning/testing knob for the team-graph move table: 'auto' (default: table when
   * T ≤ 2048, patched in place when demands × teams ≤ 16M), 'lazy' (table, rows rebuilt
   * when stale), 'never' (expand moves from adjacency lists). Speed only.
   */
  moveTable?: 'auto' | 'lazy' | 'never';
  /**
   * Warm-start prices from a solved random quarter of the batch (default true; used from
   * 1000 demands up, when a small sample shows long cascades). Speed only: a too-high
   * estimate is detected and the run redone.
   */
  warmStart?: boolean;
  /** if given, filled with work counters */
  stats?: SolverStats;
  /**
   * Kept by the caller from one call to the next (weakly is enough): the solver reuses the
   * move tables it holds (16 MB at 1,000 teams) instead of allocating them again. Speed
   * and memory only; any object, shared by calls that never run at the same time.
   */
  scratch?: SolverScratch;
}

export const DEFAULT_SCALE = 1_000_000;

/** Scores this far outside [0, 1] are float noise from upstream scoring and are clamped. */
const SCORE_SLACK = 1e-9;

/** Above this team count the T×T move table (12·T² bytes) is not materialised. */
const TABLE_MAX_TEAMS = 2048;

/** Max entries (4 bytes each) of the dense (demand, team) → edge lookup used for row patching. */
const EDGE_LOOKUP_MAX = 1 << 22;

/** Phase-1 bid budget (bids per demand, on average) before the exact SSP phase takes over. */
const DEFAULT_BIDS_PER_DEMAND = 5;
const WARM_BIDS_PER_DEMAND = 20;
const MAX_TIE_RETRIES = 4;

/**
 * Normalised graph: edges grouped by demand (CSR), sorted by team, deduplicated
 * (max score kept), edges to capacity-0 teams removed. When the input's columns already
 * have this form the graph holds those very arrays, and with `scratch` columns it has
 * written its scaled scores over the score column. The solver only reads the edges; it
 * writes nothing but its placeholders, past their ends (`edgeRoom`).
 */
export interface DispatchGraph {
  nDemands: number;
  nTeams: number;
  scale: number;
  /** capacityLeft per team */
  cap: Int32Array;
  /** edges of demand d are start[d] .. start[d+1]-1 */
  start: Int32Array;
  edgeTeam: Int32Array;
  /** round(score × scale); with `scratch` columns, written over their score column */
  edgeScaled: Float64Array;
  /**
   * Entries the buffers of edgeTeam and edgeScaled hold past their ends that
   * the solver may write (its warm-start placeholders); absent or 0: none, it copies.
   */
  edgeRoom?: number;
}

/** Entries a typed array's buffer holds past the array's end. */
function roomAfter(a: Int32Array | Float64Array): number {
  return (a.buffer.byteLength - a.byteOffset) / a.BYTES_PER_ELEMENT - a.length;
}

function edgeCount(edges: DispatchInput['edges']): number {
  return Array.isArray(edges) ? edges.length : (edges as DispatchEdgeColumns).team.length;
}

export function buildDispatchGraph(input: DispatchInput, scale: number = DEFAULT_SCALE): DispatchGraph {
  if (!Number.isInteger(scale) || scale < 1 || scale > 1e9) {
    throw new RangeError(`scale must be an integer in [1, 1e9], got ${scale}`);
  }
  const nD = input.demandIds.length;
  const nT = input.teams.length;
  const cap = new Int32Array(nT);
  for (let t = 0; t < nT; t++) {
    const c = input.teams[t]!.capacityLeft;
    if (!Number.isInteger(c) || c < 0) {
      throw new RangeError(`teams[${t}].capacityLeft must be an integer ≥ 0, got ${c}`);
    }
    cap[t] = Math.min(c, 0x3fffffff);
  }

  const edges = input.edges;
  const m = edgeCount(edges);
  const rows = Array.isArray(edges) ? (edges as readonly DispatchEdge[]) : null;
  const cols = rows ? null : (edges as DispatchEdgeColumns);
  const csr = cols?.start ?? null;
  if (csr) {
    let ok = csr.length === nD + 1 && csr[0] === 0 && csr[nD] === m;
    for (let d = 0; ok && d < nD; d++) ok = Number.isInteger(csr[d + 1]) && csr[d + 1]! >= csr[d]!;
    if (!ok) throw new RangeError(`edges.start must rise from 0 to ${m} over ${nD + 1} entries`);
  }
  // Grouped edges are read in order (every loop below goes from 0 up): a cursor finds the demand.
  let row = 0;
  const demandOf = (i: number) => {
    if (rows) return rows[i]!.demand;
    if (!csr) return cols!.demand![i]!;
    if (i < csr[row]!) row = 0;
    while (csr[row + 1]! <= i) row++;
    return row;
  };
  const teamOf = (i: number) => (rows ? rows[i]!.team : cols!.team[i]!);
  const rawScoreOf = (i: number) => (rows ? rows[i]!.score : cols!.score[i]!);
  const scoreOf = (i: number) => {
    const s = rawScoreOf(i);
    return !(s >= 0 && s <= 1) && s >= -SCORE_SLACK && s <= 1 + SCORE_SLACK ? (s < 0 ? 0 : 1) : s; // float noise
  };

  // First pass: validate, count the usable edges, and see whether they already come in
  // (demand, team) order without repeats (as eligiblePairColumns writes them).
  let kept = 0;
  let strictlyOrdered = true;
  let clamped = false;
  let prevKey = -1;
  for (let i = 0; i < m; i++) {
    const d = demandOf(i);
    const t = teamOf(i);
    const s = scoreOf(i);
    if (!(d >= 0 && d < nD && t >= 0 && t < nT && s >= 0 && s <= 1 && (d | 0) === d && (t | 0) === t)) {
      throw new RangeError(`edges[${i}] invalid: demand=${d} team=${t} score=${s}`);
    }
    if (s !== rawScoreOf(i)) clamped = true;
    if (cap[t] === 0) continue; // can never be used
    const key = d * nT + t;
    if (key <= prevKey) strictlyOrdered = false;
    prevKey = key;
    kept++;
  }

  if (strictlyOrdered) {
    // Already normalised: no sort and no deduplication, so no working copies. Columns
    // that are exactly the graph's are used as they are: the graph only reads them, and
    // writes the scaled scores over the score column when the columns are scratch.
    let start: Int32Array, edgeTeam: Int32Array, edgeScaled: Float64Array;
    let edgeRoom = 0;
    if (cols && kept === m && !clamped && cols.team instanceof Int32Array && cols.score instanceof Float64Array) {
      edgeTeam = cols.team;
      const score = cols.score;
      edgeScaled = cols.scratch ? score : new Float64Array(kept);
      for (let e = 0; e < kept; e++) edgeScaled[e] = Math.round(score[e]! * scale);
      if (cols.scratch) edgeRoom = Math.min(roomAfter(edgeTeam), roomAfter(edgeScaled));
      if (csr) start = Int32Array.from(csr);
      else {
        start = new Int32Array(nD + 1);
        for (let e = 0; e < kept; e++) start[cols.demand![e]! + 1]!++;
        for (let d = 0; d < nD; d++) start[d + 1]! += start[d]!;
      }
    } else {
      start = new Int32Array(nD + 1);
      edgeTeam = new Int32Array(kept);
      edgeScaled = new Float64Array(kept);
      for (let i = 0, n = 0; i < m; i++) {
        const t = teamOf(i);
        if (cap[t] === 0) continue;
        start[demandOf(i) + 1]!++;
        edgeTeam[n] = t;
        edgeScaled[n] = Math.round(scoreOf(i) * scale);
        n++;
      }
      for (let d = 0; d < nD; d++) start[d + 1]! += start[d]!;
    }
    return { nDemands: nD, nTeams: nT, scale, cap, start, edgeTeam, edgeScaled, edgeRoom };
  }

  let rawD = new Int32Array(kept);
  let rawT = new Int32Array(kept);
  let rawS = new Float64Array(kept);
  let sorted = true; // ordered by (demand, team), repeats allowed? then no sort is needed
  prevKey = -1;
  for (let i = 0, n = 0; i < m; i++) {
    const t = teamOf(i);
    if (cap[t] === 0) continue;
    const d = demandOf(i);
    const key = d * nT + t;
    if (key < prevKey) sorted = false;
    prevKey = key;
    rawD[n] = d;
    rawT[n] = t;
    rawS[n] = Math.round(scoreOf(i) * scale);
    n++;
  }

  if (!sorted) {
    // Two stable counting sorts moving the values (by team, then by demand) → (demand, team) order.
    const tD = new Int32Array(kept);
    const tS = new Float64Array(kept);
    const tStart = new Int32Array(nT + 1);
    for (let i = 0; i < kept; i++) tStart[rawT[i]! + 1]!++;
    for (let t = 0; t < nT; t++) tStart[t + 1]! += tStart[t]!;
    const fill = tStart.slice(0, nT);
    for (let i = 0; i < kept; i++) {
      const k = fill[rawT[i]!]!++;
      tD[k] = rawD[i]!;
      tS[k] = rawS[i]!;
    }
    const dFill = new Int32Array(nD + 1);
    for (let i = 0; i < kept; i++) dFill[tD[i]! + 1]!++;
    for (let d = 0; d < nD; d++) dFill[d + 1]! += dFill[d]!;
    for (let t = 0; t < nT; t++) {
      for (let i = tStart[t]!, end = tStart[t + 1]!; i < end; i++) {
        const d = tD[i]!;
        const k = dFill[d]!++;
        rawD[k] = d;
        rawT[k] = t;
        rawS[k] = tS[i]!;
      }
    }
  }

  // Deduplicate (same demand & team are adjacent now), keeping the max score (rounding
  // keeps the order, so the max of the scaled scores is the scaled max).
  const start = new Int32Array(nD + 1);
  const edgeTeam = new Int32Array(kept);
  const edgeScaled = new Float64Array(kept);
  let n = 0;
  for (let i = 0; i < kept; i++) {
    const d = rawD[i]!;
    const t = rawT[i]!;
    const s = rawS[i]!;
    if (n > 0 && rawD[i - 1] === d && edgeTeam[n - 1] === t) {
      if (s > edgeScaled[n - 1]!) edgeScaled[n - 1] = s;
      continue;
    }
    edgeTeam[n] = t;
    edgeScaled[n] = s;
    start[d + 1]!++;
    n++;
  }
  for (let d = 0; d < nD; d++) start[d + 1]! += start[d]!;

  return {
    nDemands: nD,
    nTeams: nT,
    scale,
    cap,
    start,
    edgeTeam: edgeTeam.slice(0, n),
    edgeScaled: edgeScaled.slice(0, n),
  };
}

/** Builds the public plan from "assigned edge per demand" (−1 = unassigned). */
export function planFromAssignment(g: DispatchGraph, assignedEdge: Int32Array): DispatchPlan {
  const assignments: DispatchAssignment[] = [];
  const unassigned: number[] = [];
  const teamLoad = new Array<number>(g.nTeams).fill(0);
  let totalScaled = 0;
  for (let d = 0; d < g.nDemands; d++) {
    const e = assignedEdge[d]!;
    if (e < 0) {
      unassigned.push(d);
      continue;
    }
    const t = g.edgeTeam[e]!;
    assignments.push({ demand: d, team: t, score: g.edgeScaled[e]! / g.scale });
    teamLoad[t]!++;
    totalScaled += g.edgeScaled[e]!;
  }
  return {
    assignments,
    unassigned,
    served: assignments.length,
    totalScore: Math.round((totalScaled / g.scale) * 1e6) / 1e6,
    totalScaled,
    teamLoad,
  };
}


export function solveDispatch(input: DispatchInput, opts: DispatchOptions = {}): DispatchPlan {
  const g = buildDispatchGraph(input, opts.scale ?? DEFAULT_SCALE);
  return planFromAssignment(g, solveGraph(g, opts));
}

/**
 * Core solver on a graph from `buildDispatchGraph` (deduplicated, no edges to capacity-0
 * teams); returns the assigned edge per demand (−1 = none).
 */
export function solveGraph(g: DispatchGraph, opts: SolveGraphOptions = {}): Int32Array {
  const stats = opts.stats ? emptyStats() : null;
  const r = solveCore(g, opts, stats);
  if (opts.stats && stats) Object.assign(opts.stats, stats);
  return r.assignedEdge;
}

export interface SolveGraphOptions extends Pick<DispatchOptions, 'bidsPerDemand' | 'stats' | 'moveTable' | 'warmStart' | 'scratch'> {
  /**
   * Testing hook: explicit warm prices per team (scaled score units, < K), instead of
   * sampling. Any values are allowed — too-high ones are detected and redone.
   */
  warmPrices?: ArrayLike<number>;
}

interface CoreResult {
  assignedEdge: Int32Array;
  /** optimal team duals (prices) and the K they were computed with */
  p: Float64Array;
  K: number;
  /** bidding left many more demands to the exact phase than end up unserved: long cascades */
  cascading: boolean;
}

/** The move tables of one solver (empty when it keeps none). */
export interface MoveTables {
  rowVal: Float64Array;
  rowEdge: Int32Array;
  cand: Int32Array;
  candEnd: Int32Array;
}
const NO_TABLES: MoveTables = { rowVal: new Float64Array(0), rowEdge: new Int32Array(0), cand: new Int32Array(0), candEnd: new Int32Array(0) };
/**
 * Move tables handed from one solver to the next: the solvers of one solveCore call, and
 * the calls given the same `scratch`. Every row starts dirty and is rebuilt before it is
 * read, and candTau starts at −∞, so nothing an earlier solver left in them is used.
 */
export interface SolverScratch {
  tables?: MoveTables;
}

function solveCore(g: DispatchGraph, opts: SolveGraphOptions, stats: SolverStats | null): CoreResult {
  if (opts.warmPrices) return runSolver(g, opts, Float64Array.from(opts.warmPrices), stats, opts.scratch);
  // Warm start (speed only): solve nested random samples of the batch, smallest first,
  // and seed each level with the price ladder of the one below. It pays off when
  // bidding stalls in long cascades (correlated scores); the smallest sample decides.
  const shared: SolverScratch = opts.scratch ?? {};
  if ((opts.warmStart ?? true) && g.nDemands >= WARM_MIN_DEMANDS && g.edgeTeam.length > 0) {
    const levels: number[] = [];
    for (let f = WARM_FRACTION; g.nDemands * f >= WARM_MIN_DEMANDS / 4; f *= WARM_FRACTION) levels.push(f);
    let r = runSolver(subsampleGraph(g, levels[levels.length - 1]!), opts, null, null, shared);
    if (r.cascading) {
      for (let i = levels.length - 2; i >= 0; i--) {
        r = runSolver(subsampleGraph(g, levels[i]!), opts, warmPrices(r, g.scale), null, shared);
      }
      if (stats) stats.warmSampleDemands = Math.round(g.nDemands * levels[0]!);
      return runSolver(g, opts, warmPrices(r, g.scale), stats, shared);
    }
  }
  return runSolver(g, opts, null, stats, shared);
}

/** Score-level part of a sample's prices, minus a margin: an estimate meant to stay below the true ones. */
function warmPrices(r: CoreResult, scale: number): Float64Array {
  const warm = new Float64Array(r.p.length);
  const margin = scale / 100;
  for (let t = 0; t < r.p.length; t++) {
    const ps = r.p[t]!;
    // Dropping the sample's K level keeps warm prices < K ≤ any saturated team's true price.
    warm[t] = Math.max(0, Math.round((ps >= r.K ? ps - r.K : ps) - margin));
  }
  return warm;
}

function runSolver(
  g: DispatchGraph,
  opts: SolveGraphOptions,
  warm: Float64Array | null,
  stats: SolverStats | null,
  shared: SolverScratch = {},
): CoreResult {
  for (let attempt = 0; ; attempt++) {
    const solver = new BMatchSolver(g, opts.moveTable ?? 'auto', warm, shared);
    if (solver.nE > 0) {
      // With warm prices bidding mostly converges, so it gets a larger budget.
      const perDemand = opts.bidsPerDemand ?? (warm ? WARM_BIDS_PER_DEMAND : DEFAULT_BIDS_PER_DEMAND);
      const pending = solver.bidPhase(Math.max(0, Math.floor(perDemand * g.nDemands)));
      for (const v of pending) solver.insert(v);
    }
    if (stats) addStats(stats, solver.stats);
    const stuck = solver.teamsWithPlaceholders();
    if (stuck.length === 0 || warm === null) {
      const assignedEdge = solver.assignedEdge.slice(0, g.nDemands);
      let unserved = 0;
      for (let d = 0; d < g.nDemands; d++) if (assignedEdge[d]! < 0) unserved++;
      const cascading = solver.stats.deferred > 2 * unserved + 0.05 * g.nDemands;
      return { assignedEdge, p: solver.p, K: solver.K, cascading };
    }
    // A placeholder survived: its warm price was above the true one. Retry without it
    // (then without any warm start) — exactness never depends on the estimate.
    if (stats) stats.warmRetries++;
    if (attempt >= 1) warm = null;
    else for (const t of stuck) warm[t] = 0;
  }
}

/**
 * Deterministic pseudo-random subsample: each demand kept with probability `f`
 * (by a hash of its index), each capacity scaled by `f` with hashed rounding.
 */
function subsampleGraph(g: DispatchGraph, f: number): DispatchGraph {
  const hash = (x: number, salt: number): number => {
    let h = Math.imul(x ^ salt, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return (h >>> 0) / 4294967296;
  };
  const cap = new Int32Array(g.nTeams);
  for (let t = 0; t < g.nTeams; t++) cap[t] = Math.floor(g.cap[t]! * f + hash(t, 0x5bd1e995));
  const keep: number[] = [];
  for (let d = 0; d < g.nDemands; d++) if (hash(d, 0x27d4eb2f) < f) keep.push(d);
  const start = new Int32Array(keep.length + 1);
  const deg = new Int32Array(g.nTeams);
  let n = 0;
  for (let i = 0; i < keep.length; i++) {
    const d = keep[i]!;
    for (let e = g.start[d]!; e < g.start[d + 1]!; e++) {
      const t = g.edgeTeam[e]!;
      if (cap[t]! > 0) (n++, deg[t]!++);
    }
    start[i + 1] = n;
  }
  // Room for the warm-start placeholders of a solve with warm prices: at most
  // Σ min(capacity, degree) of them (one per unit of a team's capacity, at most its degree).
  let edgeRoom = 0;
  for (let t = 0; t < g.nTeams; t++) edgeRoom += Math.min(cap[t]!, deg[t]!);
  const edgeTeam = new Int32Array(n + edgeRoom).subarray(0, n);
  const edgeScaled = new Float64Array(n + edgeRoom).subarray(0, n);
  n = 0;
  for (let i = 0; i < keep.length; i++) {
    const d = keep[i]!;
    for (let e = g.start[d]!; e < g.start[d + 1]!; e++) {
      if (cap[g.edgeTeam[e]!] === 0) continue;
      edgeTeam[n] = g.edgeTeam[e]!;
      edgeScaled[n] = g.edgeScaled[e]!;
      n++;
    }
  }
  return { nDemands: keep.length, nTeams: g.nTeams, scale: g.scale, cap, start, edgeTeam, edgeScaled, edgeRoom };
}

/** Work counters, for benchmarks/tests only. */
export interface SolverStats {
  bids: number;
  deferred: number;
  insertions: number;
  settled: number;
  rowRebuilds: number;
  candRebuilds: number;
  /** demands in the warm-start sample (0 = no warm start) */
  warmSampleDemands: number;
  /** re-runs because a warm price was too high */
  warmRetries: number;
}

function emptyStats(): SolverStats {
  return {
    bids: 0,
    deferred: 0,
    insertions: 0,
    settled: 0,
    rowRebuilds: 0,
    candRebuilds: 0,
    warmSampleDemands: 0,
    warmRetries: 0,
  };
}

function addStats(into: SolverStats, s: SolverStats): void {
  into.bids += s.bids;
  into.deferred += s.deferred;
  into.insertions += s.insertions;
  into.settled += s.settled;
  into.rowRebuilds += s.rowRebuilds;
  into.candRebuilds += s.candRebuilds;
}

/** Candidate lists: threshold = CAND_HEADROOM × current bound, split in buckets a factor CAND_SPREAD apart. */
const CAND_HEADROOM = 16;
const CAND_BUCKETS = 4;
const CAND_SPREAD = 4;

/** Batches smaller than this are solved without a warm start. */
const WARM_MIN_DEMANDS = 1000;
const WARM_FRACTION = 0.25;

const NONE = 0;
const AUG = 1;
const DROP = 2;

class BMatchSolver {
  /** real demands are 0..nReal−1; warm-start placeholders nReal..nD−1 */
  readonly nReal: number;
  readonly nD: number;
  readonly nT: number;
  readonly nE: number;
  /** K > any achievable total score ⇒ one more served demand outweighs any score gain. */
  readonly K: number;
  /** edges of demand d (placeholders included) are start[d] .. start[d+1]−1 */
  readonly start: Int32Array;
  readonly edgeTeam: Int32Array;
  readonly S: Float64Array;

  readonly assignedEdge: Int32Array;
  readonly capEff: Int32Array;
  readonly slotStart: Int32Array;
  readonly slots: Int32Array;
  readonly load: Int32Array;
  readonly posInTeam: Int32Array;
  /** team duals p_t */
  readonly p: Float64Array;

  readonly useTable: boolean;
  /** M[A][B] = min_{d on A} (s(d,A) − s(d,B)), row-major; rowEdge = the edge (d,B) achieving it */
  readonly rowVal: Float64Array;
  readonly rowEdge: Int32Array;
  readonly rowDirty: Uint8Array;
  /** cheapest demand per team (−2 = recompute) */
  readonly cheapD: Int32Array;
  /** edgeAt[d·T + t] = edge index of (d,t) or −1; lets a removal patch only the entries it owned */
  readonly edgeAt: Int32Array;

  // Dijkstra scratch (reset through touched/settledList after each insertion).
  readonly dist: Float64Array;
  readonly prevEdge: Int32Array;
  readonly settled: Uint8Array;
  readonly settledList: Int32Array;
  readonly touched: Int32Array;
  readonly pathBuf: Int32Array;
  readonly heap: Int32Array;
  readonly heapPos: Int32Array;
  heapSize = 0;

  /**
   * Per-row candidate lists: cand[A·T ..] holds every B whose slack(A→B) was < candTau[A]
   * when p_A was candPA[A]. Later slack(A→B) ≥ slack_then − (p_A − candPA[A]) because p only
   * rises, so the list stays complete for bounds ≤ candTau − (p_A − candPA); a row change
   * resets candTau to −∞.
   */
  readonly cand: Int32Array;
  /** per row, CAND_BUCKETS bucket end offsets (by slack at build time, geometric thresholds) */
  readonly candEnd: Int32Array;
  readonly slackTmp: Float64Array;
  readonly bucketTmp: Uint8Array;
  readonly candTau: Float64Array;
  readonly candPA: Float64Array;

  readonly stats: SolverStats = emptyStats();

  constructor(g: DispatchGraph, moveTable: 'auto' | 'lazy' | 'never', warm: Float64Array | null, shared?: SolverScratch) {
    const nReal = g.nDemands;
    const nT = g.nTeams;
    const nRealE = g.edgeTeam.length;
    this.nReal = nReal;
    this.nT = nT;

    let K = 1;
    for (let d = 0; d < nReal; d++) {
      let best = 0;
      for (let e = g.start[d]!; e < g.start[d + 1]!; e++) if (g.edgeScaled[e]! > best) best = g.edgeScaled[e]!;
      K += best;
    }
    // Magnitudes stay below ~4K (duals ≤ K + max s, distances < u_v + one slack): keep them exact.
    if (K * 8 > Number.MAX_SAFE_INTEGER) {
      throw new RangeError('instance too large for exact integer scaling; lower `scale`');
    }
    this.K = K;

    const deg = new Int32Array(nT);
    for (let e = 0; e < nRealE; e++) deg[g.edgeTeam[e]!]!++;

    // Warm start: fill each priced team with placeholder demands of weight warm[t] (one
    // edge, to that team only). They hold the team's price at warm[t] until real demands
    // outbid them; if warm[t] < the true price, no placeholder survives in any optimum.
    let nDummy = 0;
    if (warm) {
      for (let t = 0; t < nT; t++) if (warm[t]! > 0 && g.cap[t]! <= deg[t]!) nDummy += g.cap[t]!;
    }
    if (nDummy === 0) {
      this.nD = nReal;
      this.start = g.start;
      this.edgeTeam = g.edgeTeam;
      this.S = g.edgeScaled;
    } else {
      const nD = nReal + nDummy;
      const start = new Int32Array(nD + 1);
      start.set(g.start);
      // The placeholders' edges follow the real ones: written into the graph's spare room
      // when it has enough (3 M edges would otherwise be copied, 50 MB at 10,000 × 1,000),
      // else into copies. The graph's own edges are never written.
      const need = nRealE + nDummy;
      let edgeTeam: Int32Array, S: Float64Array;
      if (nDummy <= (g.edgeRoom ?? 0)) {
        edgeTeam = new Int32Array(g.edgeTeam.buffer, g.edgeTeam.byteOffset, need);
        S = new Float64Array(g.edgeScaled.buffer, g.edgeScaled.byteOffset, need);
      } else {
        edgeTeam = new Int32Array(need);
        S = new Float64Array(need);
        edgeTeam.set(g.edgeTeam);
        S.set(g.edgeScaled);
      }
      let k = 0;
      for (let t = 0; t < nT; t++) {
        if (!(warm![t]! > 0 && g.cap[t]! <= deg[t]!)) continue;
        for (let c = 0; c < g.cap[t]!; c++, k++) {
          start[nReal + k + 1] = nRealE + k + 1;
          edgeTeam[nRealE + k] = t;
          S[nRealE + k] = Math.min(warm![t]!, K) - K; // w = K + S = warm[t] (≤ K keeps magnitudes bounded)
        }
      }
      this.nD = nD;
      this.start = start;
      this.edgeTeam = edgeTeam;
      this.S = S;
    }
    this.nE = this.edgeTeam.length;
    const nD = this.nD;
    const { edgeTeam } = this;

    // Capacity bounded by the team's degree, so Σ slots ≤ nE; the LP is unchanged.
    this.capEff = new Int32Array(nT);
    this.slotStart = new Int32Array(nT + 1);
    for (let t = 0; t < nT; t++) {
      this.capEff[t] = Math.min(g.cap[t]!, deg[t]!); // real degree: placeholders never widen a team
      this.slotStart[t + 1] = this.slotStart[t]! + this.capEff[t]!;
    }
    this.slots = new Int32Array(this.slotStart[nT]!);
    this.load = new Int32Array(nT);
    this.posInTeam = new Int32Array(nD);
    this.assignedEdge = new Int32Array(nD).fill(-1);
    this.p = new Float64Array(nT);

    this.useTable = moveTable !== 'never' && nT <= TABLE_MAX_TEAMS;
    // The T×T tables (16 MB at 1,000 teams) come from the SolverScratch when it holds
    // tables of this size (see there why nothing left in them is read).
    const tables = !this.useTable
      ? NO_TABLES
      : shared?.tables && shared.tables.rowVal.length === nT * nT
        ? shared.tables
        : { rowVal: new Float64Array(nT * nT), rowEdge: new Int32Array(nT * nT), cand: new Int32Array(nT * nT), candEnd: new Int32Array(nT * CAND_BUCKETS) };
    if (shared && this.useTable) shared.tables = tables;
    this.rowVal = tables.rowVal;
    this.rowEdge = tables.rowEdge;
    this.rowDirty = new Uint8Array(nT).fill(1);
    this.cheapD = new Int32Array(nT).fill(-2);
    const patch = this.useTable && moveTable === 'auto' && nReal * nT <= EDGE_LOOKUP_MAX;
    this.edgeAt = new Int32Array(patch ? nReal * nT : 0);
    if (this.edgeAt.length > 0) {
      this.edgeAt.fill(-1);
      for (let d = 0; d < nReal; d++) for (let e = g.start[d]!; e < g.start[d + 1]!; e++) this.edgeAt[d * nT + edgeTeam[e]!] = e;
    }

    this.dist = new Float64Array(nT).fill(Infinity);
    this.prevEdge = new Int32Array(nT);
    this.settled = new Uint8Array(nT);
    this.settledList = new Int32Array(nT);
    this.touched = new Int32Array(nT);
    this.pathBuf = new Int32Array(nT + 1);
    this.heap = new Int32Array(nT);
    this.heapPos = new Int32Array(nT).fill(-1);

    this.cand = tables.cand;
    this.candEnd = tables.candEnd;
    this.slackTmp = new Float64Array(nT);
    this.bucketTmp = new Uint8Array(nT);
    this.candTau = new Float64Array(nT).fill(-Infinity);
    this.candPA = new Float64Array(nT);
  }

  /** Teams still holding a warm-start placeholder (then the plan is not yet the true optimum). */
  teamsWithPlaceholders(): number[] {
    const out: number[] = [];
    for (let d = this.nReal; d < this.nD; d++) {
      const e = this.assignedEdge[d]!;
      if (e >= 0 && (out.length === 0 || out[out.length - 1] !== this.edgeTeam[e])) out.push(this.edgeTeam[e]!);
    }
    return out;
  }

  private unassign(d: number): void {
    const A = this.edgeTeam[this.assignedEdge[d]!]!;
    const last = this.slotStart[A]! + this.load[A]! - 1;
    const k = this.posInTeam[d]!;
    const moved = this.slots[last]!;
    this.slots[k] = moved;
    this.posInTeam[moved] = k;
    this.load[A]!--;
    this.assignedEdge[d] = -1;
    this.candTau[A] = -Infinity;
    if (this.cheapD[A] === d) this.cheapD[A] = -2;
    if (this.rowDirty[A]) return;
    const edgeAt = this.edgeAt;
    if (edgeAt.length === 0) {
      this.rowDirty[A] = 1; // no lookup table: rebuild lazily when next needed
      return;
    }
    // Only entries whose argmin was d change; recompute them from the demands left on A.
    const { rowVal, rowEdge, edgeTeam, S, start, slots, assignedEdge, nReal } = this;
    const nT = this.nT;
    const o = A * nT;
    const s0 = this.slotStart[A]!;
    const s1 = s0 + this.load[A]!;
    for (let f = start[d]!, ff = start[d + 1]!; f < ff; f++) {
      const B = edgeTeam[f]!;
      if (rowEdge[o + B] !== f) continue;
      let best = Infinity;
      let bestE = -1;
      for (let k = s0; k < s1; k++) {
        const d2 = slots[k]!;
        if (d2 >= nReal) continue; // placeholders have no other team
        const e2 = edgeAt[d2 * nT + B]!;
        if (e2 < 0) continue;
        const val = S[assignedEdge[d2]!]! - S[e2]!;
        if (val < best) {
          best = val;
          bestE = e2;
        }
      }
      rowVal[o + B] = B === A ? Infinity : best;
      rowEdge[o + B] = bestE;
    }
  }

  private assign(d: number, e: number): void {
    const A = this.edgeTeam[e]!;
    const k = this.slotStart[A]! + this.load[A]!;
    this.slots[k] = d;
    this.posInTeam[d] = k;
    this.load[A]!++;
    this.assignedEdge[d] = e;
    const c = this.cheapD[A]!;
    if (c >= 0 ? this.S[e]! < this.S[this.assignedEdge[c]!]! : c === -1) this.cheapD[A] = d;
    if (this.useTable && !this.rowDirty[A]) {
      this.candTau[A] = -Infinity;
      // adding a demand can only lower entries of A's row
      const { rowVal, rowEdge, edgeTeam, S } = this;
      const o = A * this.nT;
      const sA = S[e]!;
      for (let f = this.start[d]!, ff = this.start[d + 1]!; f < ff; f++) {
        const B = edgeTeam[f]!;
        const val = sA - S[f]!;
        if (B !== A && val < rowVal[o + B]!) {
          rowVal[o + B] = val;
          rowEdge[o + B] = f;
        }
      }
    }
  }

  private rebuildRow(A: number): void {
    const { rowVal, rowEdge, edgeTeam, S, start, slots, assignedEdge } = this;
    const o = A * this.nT;
    rowVal.fill(Infinity, o, o + this.nT);
    for (let k = this.slotStart[A]!, end = k + this.load[A]!; k < end; k++) {
      const d = slots[k]!;
      const sA = S[assignedEdge[d]!]!;
      for (let e = start[d]!, ee = start[d + 1]!; e < ee; e++) {
        const B = edgeTeam[e]!;
        const val = sA - S[e]!;
        if (val < rowVal[o + B]!) {
          rowVal[o + B] = val;
          rowEdge[o + B] = e;
        }
      }
    }
    rowVal[o + A] = Infinity; // a move to the same team is meaningless
    this.rowDirty[A] = 0;
    this.candTau[A] = -Infinity;
    this.stats.rowRebuilds++;
  }

  /** The demand a DROP path unassigns: lowest score on A (cached; −2 = stale). */
  private cheapestOn(A: number): number {
    const cached = this.cheapD[A]!;
    if (cached !== -2) return cached;
    const { slots, S, assignedEdge } = this;
    let best = -1;
    let bestS = Infinity;
    for (let k = this.slotStart[A]!, end = k + this.load[A]!; k < end; k++) {
      const d = slots[k]!;
      const s = S[assignedEdge[d]!]!;
      if (s < bestS) {
        bestS = s;
        best = d;
      }
    }
    this.cheapD[A] = best;
    return best;
  }

  /**
   * Phase 1: bidding with exact prices (an auction with ε = 0, cf. LAPJV's augmenting
   * row reduction). Invariant for every settled demand d:
   *   assigned:   u_d = w(d,team) − p_team ≥ key-bound ≥ max(0, max_{t≠team} w(d,t) − p_t)
   *   unassigned: max_t w(d,t) − p_t ≤ 0
   * and p_t > 0 only on full teams — exactly the SSP invariant, so whatever the bidding
   * cannot settle cheaply (ties, or the budget runs out in a price war) goes to `insert`.
   * key(d) = w(d,team) − second(d) is the price of d's team at which d stops strictly
   * preferring it; prices only rise, so a stored key stays a safe (low) bound.
   * Returns the demands still to insert, in a deterministic order.
   */
  bidPhase(budget: number): Int32Array {
    const { nD, K, start, edgeTeam, S, p, load, capEff, slots, slotStart } = this;
    const key = new Float64Array(nD);
    const deferred = new Int32Array(nD);
    let nDeferred = 0;
    let bids = 0;
    const nReal = this.nReal;
    const nDummy = nD - nReal;
    for (let i = 0; i < nD; i++) {
      let d = i < nDummy ? nReal + i : i - nDummy; // placeholders first: they set the warm prices
      let avoid = -1; // team d just lost at: on a value tie, try elsewhere
      let tieRetries = 0;
      while (d >= 0) {
        if (bids >= budget) {
          deferred[nDeferred++] = d;
          break;
        }
        bids++;
        let b1 = 0; // value of staying unassigned
        let b2 = 0;
        let e1 = -1;
        for (let e = start[d]!, ee = start[d + 1]!; e < ee; e++) {
          const t = edgeTeam[e]!;
          const val = K + S[e]! - p[t]!;
          if (val > b1) {
            b2 = b1;
            b1 = val;
            e1 = e;
          } else if (val > b2 || val === b1) {
            b2 = val;
            if (val === b1 && e1 >= 0) {
              // equal value: prefer a team with room, then one we did not just lose at
              const t1 = edgeTeam[e1]!;
              const room1 = load[t1]! < capEff[t1]!;
              const room = load[t]! < capEff[t]!;
              if ((room && !room1) || (room === room1 && t1 === avoid)) e1 = e;
            }
          }
        }
        if (e1 < 0) break; // no team worth its price: stays unassigned
        const t1 = edgeTeam[e1]!;
        const kd = K + S[e1]! - b2;
        if (load[t1]! < capEff[t1]!) {
          this.assign(d, e1);
          key[d] = kd;
          break;
        }
        // Full team: the lowest key among incumbents ∪ {d} loses; price rises to the next key.
        let m1 = Infinity;
        let m2 = Infinity;
        let c1 = -1;
        for (let k = slotStart[t1]!, end = k + load[t1]!; k < end; k++) {
          const c = slots[k]!;
          const kc = key[c]!;
          if (kc < m1) {
            m2 = m1;
            m1 = kc;
            c1 = c;
          } else if (kc < m2) m2 = kc;
        }
        if (kd <= m1) {
          if (m1 > p[t1]!) {
            p[t1] = m1; // d no longer strictly prefers t1: bid again
            avoid = t1;
            continue;
          }
          if (avoid !== t1 && tieRetries < MAX_TIE_RETRIES) {
            // exact tie (b1 = b2): the equally good team may still admit d
            tieRetries++;
            avoid = t1;
            continue;
          }
          deferred[nDeferred++] = d; // no progress by bidding: leave it to the exact phase
          break;
        }
        this.unassign(c1);
        this.assign(d, e1);
        key[d] = kd;
        p[t1] = Math.min(kd, m2);
        d = c1;
        avoid = t1;
        tieRetries = 0;
      }
    }
    this.stats.bids = bids;
    this.stats.deferred = nDeferred;
    return deferred.subarray(0, nDeferred);
  }

  // ---- indexed binary min-heap of teams keyed by dist ----

  private heapUp(B: number, i: number): void {
    const { heap, heapPos, dist } = this;
    const dB = dist[B]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const P = heap[parent]!;
      if (dist[P]! <= dB) break;
      heap[i] = P;
      heapPos[P] = i;
      i = parent;
    }
    heap[i] = B;
    heapPos[B] = i;
  }

  /** insert B or lower its key (dist[B] already updated) */
  private heapPush(B: number): void {
    const i = this.heapPos[B]!;
    this.heapUp(B, i >= 0 ? i : this.heapSize++);
  }

  private heapPop(): void {
    const { heap, heapPos, dist } = this;
    heapPos[heap[0]!] = -1;
    const n = --this.heapSize;
    if (n === 0) return;
    const B = heap[n]!;
    const dB = dist[B]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && dist[heap[c + 1]!]! < dist[heap[c]!]!) c++;
      const C = heap[c]!;
      if (dist[C]! >= dB) break;
      heap[i] = C;
      heapPos[C] = i;
      i = c;
    }
    heap[i] = B;
    heapPos[B] = i;
  }

  /**
   * Phase 2: insert demand v by one shortest path (reduced costs, Dijkstra over teams).
   * Terminals (reduced): NONE u_v · AUG dist(A) (p_A = 0 there) · DROP dist(A) + u_d.
   */
  /** The demand an edge belongs to: a binary search of `start` (only for the few edges of a path). */
  demandOf(e: number): number {
    const start = this.start;
    let lo = 0;
    let hi = this.nD - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start[mid]! <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  insert(v: number): void {
    const { K, start, edgeTeam, S, p, load, capEff, dist, prevEdge, assignedEdge } = this;
    const { settled, touched, settledList } = this;
    const nT = this.nT;
    const e0 = start[v]!;
    const e1 = start[v + 1]!;
    if (e0 === e1) return;
    this.stats.insertions++;

    // u_v = the minimal feasible dual of v; also the reduced cost of leaving it out (NONE).
    let uv = 0;
    let eBest = -1;
    for (let e = e0; e < e1; e++) {
      const r = K + S[e]! - p[edgeTeam[e]!]!;
      if (r > uv) {
        uv = r;
        eBest = e;
      }
    }
    if (eBest < 0) return; // every edge already priced out: v cannot improve the plan
    if (load[edgeTeam[eBest]!]! < capEff[edgeTeam[eBest]!]!) {
      this.assign(v, eBest); // tight edge to a team with room: a zero-length AUG path
      return;
    }

    let nTouched = 0;
    for (let e = e0; e < e1; e++) {
      const A = edgeTeam[e]!;
      dist[A] = uv + p[A]! - (K + S[e]!); // slack of (v,A) ≥ 0
      prevEdge[A] = e;
      touched[nTouched++] = A;
      this.heapPush(A);
    }

    // One-step paths already bound Δ (v straight into a team with room, or into a full team
    // displacing its cheapest demand); a small Δ early keeps candidate lists and the heap short.
    let delta = uv;
    let termTeam = -1;
    let termKind = NONE;
    for (let e = e0; e < e1; e++) {
      const A = edgeTeam[e]!;
      const ld = load[A]!;
      const c = ld < capEff[A]! ? dist[A]! : dist[A]! + (K + S[assignedEdge[this.cheapestOn(A)]!]! - p[A]!);
      if (c < delta) {
        delta = c;
        termTeam = A;
        termKind = ld < capEff[A]! ? AUG : DROP;
      }
    }
    let nSettled = 0;
    const { rowVal, rowEdge, rowDirty, cand, candEnd, candTau, candPA, heap } = this;
    while (this.heapSize > 0) {
      const A = heap[0]!;
      const dA = dist[A]!;
      if (dA >= delta) break;
      this.heapPop();
      settled[A] = 1;
      settledList[nSettled++] = A;

      const ld = load[A]!;
      if (ld < capEff[A]!) {
        delta = dA;
        termTeam = A;
        termKind = AUG;
        break; // every other candidate is ≥ dA
      }
      const c = dA + (K + S[assignedEdge[this.cheapestOn(A)]!]! - p[A]!); // full team: + u_d
      if (c < delta) {
        delta = c;
        termTeam = A;
        termKind = DROP;
      }
      if (dA >= delta) break;

      const pA = p[A]!;
      if (this.useTable) {
        if (rowDirty[A]) this.rebuildRow(A);
        const o = A * nT;
        // Only arcs with slack < R can improve a label below Δ.
        const R = delta - dA;
        const rise = pA - candPA[A]!;
        if (candTau[A]! - rise >= R) {
          // The list is still complete for R (slack out of A fell by at most the rise of
          // p_A); buckets are by slack at build time, so stop at the first one ≥ R + rise.
          const need = R + rise;
          const ob = A * CAND_BUCKETS;
          let lower = -Infinity;
          let thr = candTau[A]! / CAND_SPREAD ** (CAND_BUCKETS - 1);
          for (let j = 0; j < CAND_BUCKETS && lower < need; j++, lower = thr, thr *= CAND_SPREAD) {
            for (let k = o + (j === 0 ? 0 : candEnd[ob + j - 1]!), end = o + candEnd[ob + j]!; k < end; k++) {
              const B = cand[k]!;
              if (settled[B]) continue;
              const cB = dA + rowVal[o + B]! - pA + p[B]!;
              if (cB < dist[B]! && cB < delta) {
                if (dist[B] === Infinity) touched[nTouched++] = B;
                dist[B] = cB;
                prevEdge[B] = rowEdge[o + B]!;
                this.heapPush(B);
              }
            }
          }
        } else {
          // Relax the whole row and rebuild its list with headroom for later, smaller bounds.
          const tau = CAND_HEADROOM * R;
          const t0 = tau / CAND_SPREAD ** (CAND_BUCKETS - 1);
          const ob = A * CAND_BUCKETS;
          const { slackTmp, bucketTmp } = this;
          for (let j = 0; j < CAND_BUCKETS; j++) candEnd[ob + j] = 0;
          for (let B = 0; B < nT; B++) {
            const slack = rowVal[o + B]! - pA + p[B]!;
            if (!(slack < tau)) {
              bucketTmp[B] = 255; // also skips missing arcs (∞)
              continue;
            }
            let j = 0;
            for (let thr = t0; slack >= thr; thr *= CAND_SPREAD) j++;
            bucketTmp[B] = j;
            slackTmp[B] = slack;
            candEnd[ob + j]!++;
            if (settled[B]) continue;
            const cB = dA + slack;
            if (cB < dist[B]! && cB < delta) {
              if (dist[B] === Infinity) touched[nTouched++] = B;
              dist[B] = cB;
              prevEdge[B] = rowEdge[o + B]!;
              this.heapPush(B);
            }
          }
          for (let j = 1; j < CAND_BUCKETS; j++) candEnd[ob + j]! += candEnd[ob + j - 1]!;
          for (let B = nT - 1; B >= 0; B--) {
            const j = bucketTmp[B]!;
            if (j !== 255) cand[o + --candEnd[ob + j]!] = B;
          }
          // candEnd now holds bucket starts; shift to ends
          for (let j = 0; j < CAND_BUCKETS - 1; j++) candEnd[ob + j] = candEnd[ob + j + 1]!;
          let total = 0;
          for (let B = 0; B < nT; B++) if (bucketTmp[B] !== 255) total++;
          candEnd[ob + CAND_BUCKETS - 1] = total;
          candTau[A] = tau;
          candPA[A] = pA;
          this.stats.candRebuilds++;
        }
      } else {
        // Large team count: expand A's move arcs from its demands' edges.
        const { slots, slotStart } = this;
        for (let k = slotStart[A]!, end = k + ld; k < end; k++) {
          const d = slots[k]!;
          const bd = dA + S[assignedEdge[d]!]! - pA; // dist(A) + u_d − K
          for (let e = start[d]!, ee = start[d + 1]!; e < ee; e++) {
            const B = edgeTeam[e]!;
            const cB = bd + p[B]! - S[e]!;
            if (cB < dist[B]! && cB < delta && !settled[B]) {
              if (dist[B] === Infinity) touched[nTouched++] = B;
              dist[B] = cB;
              prevEdge[B] = e;
              this.heapPush(B);
            }
          }
        }
      }
    }
    this.stats.settled += nSettled;

    // p_A += max(0, Δ − dist(A)) on settled teams keeps assigned edges tight and reduced costs ≥ 0.
    for (let i = 0; i < nSettled; i++) {
      const A = settledList[i]!;
      if (dist[A]! < delta) p[A]! += delta - dist[A]!;
    }

    if (termKind !== NONE) {
      // Collect the path before mutating (moves change team membership).
      const pathBuf = this.pathBuf;
      let len = 0;
      let B = termTeam;
      for (;;) {
        const e = prevEdge[B]!;
        pathBuf[len++] = e;
        const d = this.demandOf(e);
        if (d === v) break;
        B = edgeTeam[assignedEdge[d]!]!;
      }
      if (termKind === DROP) this.unassign(this.cheapestOn(termTeam));
      for (let i = 0; i < len; i++) {
        const e = pathBuf[i]!;
        const d = this.demandOf(e);
        if (assignedEdge[d]! >= 0) this.unassign(d);
        this.assign(d, e);
      }
    }

    const heapPos = this.heapPos;
    for (let i = 0; i < nTouched; i++) {
      const A = touched[i]!;
      dist[A] = Infinity;
      heapPos[A] = -1;
    }
    for (let i = 0; i < nSettled; i++) settled[settledList[i]!] = 0;
    this.heapSize = 0;
  }
}
