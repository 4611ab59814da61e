/**
 * Exact batch dispatch: assign open demands to service teams.
 *
 * Objective (lexicographic): FIRST serve as many demands as possible, THEN
 * maximise the total score. Each demand gets at most one team, each team at
 * most `capacityLeft` demands, and only eligible (demand, team) edges are used.
 *
 * Pure module: no I/O, no framework imports, deterministic (same input → same
 * plan; the plan does not depend on the order of `edges`).
 *
 * Formulation: max-weight bipartite b-matching with integer weights
 *   w(d,t) = K + s(d,t),   s = round(score × scale),   K = Σ_d max_t s(d,t) + 1.
 * Any matching with one more served demand outweighs any with fewer, because
 * the score part of a whole matching lies in [0, K-1], so max-weight ⇔ the
 * lexicographic optimum. Integers (kept < 2^53 in doubles) make it exact.
 *
 * Algorithm: primal-dual successive shortest paths, inserting demands one at a
 * time (the Hungarian method for unbalanced b-matching). We keep LP duals
 *   u_d ≥ 0 (demand), p_t ≥ 0 (team),   u_d + p_t ≥ w(d,t) on every edge,
 * with complementary slackness: assigned edges tight, unassigned demand ⇒
 * u_d = 0, team with spare capacity ⇒ p_t = 0. Only p is stored; for an
 * assigned demand u_d = w(d, team(d)) − p_team(d), for an unassigned one 0.
 * Dual feasibility + complementary slackness certify optimality at all times
 * for the demands inserted so far.
 *
 * Inserting demand v: the new optimum differs from the old one by a single
 * alternating path starting at v (any other improving structure would have
 * improved the previous optimum). The path is v→A0, then a chain of moves
 * "demand d leaves team A for team B", and it ends in one of three ways:
 *   - AUG:  at a team with spare capacity (served +1);
 *   - DROP: by unassigning the cheapest demand of the last (full) team
 *           (served unchanged, score strictly higher) — this IS needed: team
 *           cap 1, demand a (0.1) inserted before b (0.9), both only eligible
 *           for that team → b must displace a. K cancels along such a path
 *           (one edge added, one removed per step), so it is a pure score trade;
 *   - NONE: v stays unassigned.
 * Any AUG beats any DROP/NONE because its actual gain includes +K, so serving
 * more is always preferred, and DROP only ever trades equal cardinality for a
 * strictly better score — exactly the lexicographic order.
 *
 * The search runs on the small team graph, not on all edges: the move arc
 * A→B has reduced cost  min_{d on A, (d,B) eligible} slack(d,B)  with
 * slack(d,B) = u_d + p_B − w(d,B) = (s(d,A) − s(d,B)) − p_A + p_B ≥ 0, so we
 * cache the dual-independent table  M[A][B] = min_{d on A} (s(d,A) − s(d,B))
 * (with the arg edge). A row only changes when A's demand set changes (lazily
 * rebuilt when dirty). Dijkstra with these nonnegative reduced costs, early
 * exit once the best terminal is not beaten by the frontier, then
 *   p_A += max(0, Δ − dist(A))   for settled teams
 * which keeps every assigned edge tight and all reduced costs ≥ 0.
 * Teams only ever gain load along a path, so a full team never becomes
 * non-full and p_t > 0 ⇒ full stays true (p only increases).
 *
 * Terminals in reduced cost (dist(A) includes u_v, the minimal feasible dual
 * of v, so all quantities are ≥ 0 and comparable):
 *   NONE: u_v      AUG at A: dist(A) + p_A (= dist(A))      DROP at A: dist(A) + u_d.
 *
 * Complexity per insertion: O(deg v + settled × T) with the table; the table
 * costs 12·T² bytes, so above TABLE_MAX_TEAMS the move arcs are expanded on
 * the fly from the demands on A instead (same results, O(Σ deg) per settle).
 */

export interface DispatchEdge {
  /** index into `demandIds` */
  demand: number;
  /** index into `teams` */
  team: number;
  /** eligibility score in [0, 1]; duplicates of a (demand, team) keep the max */
  score: number;
}

/** Same edges in columnar form (avoids allocating millions of objects for big batches). */
export interface DispatchEdgeColumns {
  demand: ArrayLike<number>;
  team: ArrayLike<number>;
  score: ArrayLike<number>;
}

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
  /** original (unscaled) score of the chosen edge */
  score: number;
}

export interface DispatchPlan {
  /** sorted by demand index */
  assignments: DispatchAssignment[];
  /** demand indexes left without a team, ascending */
  unassigned: number[];
  served: number;
  /** Σ original scores of the assignments, rounded to 6 decimals */
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
   * shortest-path phase takes over. Affects speed only, never the optimum. Default 20.
   */
  bidsPerDemand?: number;
  /** if given, filled with work counters */
  stats?: SolverStats;
}

export const DEFAULT_SCALE = 1_000_000;

/** Above this team count the T×T move table (12·T² bytes) is not materialised. */
const TABLE_MAX_TEAMS = 2048;

/** Phase-1 bid budget (bids per demand, on average) before the exact SSP phase takes over. */
const DEFAULT_BIDS_PER_DEMAND = 20;

/**
 * Normalised graph: edges grouped by demand (CSR), sorted by team, deduplicated
 * (max score kept), edges to capacity-0 teams removed.
 */
export interface DispatchGraph {
  nDemands: number;
  nTeams: number;
  scale: number;
  /** capacityLeft per team */
  cap: Int32Array;
  /** edges of demand d are start[d] .. start[d+1]-1 */
  start: Int32Array;
  edgeDemand: Int32Array;
  edgeTeam: Int32Array;
  /** round(score × scale) */
  edgeScaled: Float64Array;
  /** original score */
  edgeScore: Float64Array;
}

function edgeCount(edges: DispatchInput['edges']): number {
  return Array.isArray(edges) ? edges.length : (edges as DispatchEdgeColumns).demand.length;
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
  const isRows = Array.isArray(edges);
  const rows = edges as readonly DispatchEdge[];
  const cols = edges as DispatchEdgeColumns;
  const rawD = new Int32Array(m);
  const rawT = new Int32Array(m);
  const rawS = new Float64Array(m);
  let kept = 0;
  for (let i = 0; i < m; i++) {
    let d: number, t: number, s: number;
    if (isRows) {
      const e = rows[i]!;
      d = e.demand;
      t = e.team;
      s = e.score;
    } else {
      d = cols.demand[i]!;
      t = cols.team[i]!;
      s = cols.score[i]!;
    }
    if (!Number.isInteger(d) || d < 0 || d >= nD) throw new RangeError(`edges[${i}].demand out of range: ${d}`);
    if (!Number.isInteger(t) || t < 0 || t >= nT) throw new RangeError(`edges[${i}].team out of range: ${t}`);
    if (!(s >= 0 && s <= 1)) throw new RangeError(`edges[${i}].score must be in [0, 1], got ${s}`);
    if (cap[t] === 0) continue; // can never be used
    rawD[kept] = d;
    rawT[kept] = t;
    rawS[kept] = s;
    kept++;
  }

  // Two stable counting sorts (by team, then by demand) → order by (demand, team).
  const byTeam = new Int32Array(kept);
  {
    const cnt = new Int32Array(nT + 1);
    for (let i = 0; i < kept; i++) cnt[rawT[i]! + 1]!++;
    for (let t = 0; t < nT; t++) cnt[t + 1]! += cnt[t]!;
    for (let i = 0; i < kept; i++) byTeam[cnt[rawT[i]!]!++] = i;
  }
  const order = new Int32Array(kept);
  {
    const cnt = new Int32Array(nD + 1);
    for (let i = 0; i < kept; i++) cnt[rawD[i]! + 1]!++;
    for (let d = 0; d < nD; d++) cnt[d + 1]! += cnt[d]!;
    for (let k = 0; k < kept; k++) {
      const i = byTeam[k]!;
      order[cnt[rawD[i]!]!++] = i;
    }
  }

  // Deduplicate (same demand & team are adjacent now), keeping the max score.
  const start = new Int32Array(nD + 1);
  const edgeDemand = new Int32Array(kept);
  const edgeTeam = new Int32Array(kept);
  const edgeScore = new Float64Array(kept);
  let n = 0;
  for (let k = 0; k < kept; k++) {
    const i = order[k]!;
    const d = rawD[i]!;
    const t = rawT[i]!;
    const s = rawS[i]!;
    if (n > 0 && edgeDemand[n - 1] === d && edgeTeam[n - 1] === t) {
      if (s > edgeScore[n - 1]!) edgeScore[n - 1] = s;
      continue;
    }
    edgeDemand[n] = d;
    edgeTeam[n] = t;
    edgeScore[n] = s;
    start[d + 1]!++;
    n++;
  }
  for (let d = 0; d < nD; d++) start[d + 1]! += start[d]!;
  const edgeScaled = new Float64Array(n);
  for (let e = 0; e < n; e++) edgeScaled[e] = Math.round(edgeScore[e]! * scale);

  return {
    nDemands: nD,
    nTeams: nT,
    scale,
    cap,
    start,
    edgeDemand: edgeDemand.slice(0, n),
    edgeTeam: edgeTeam.slice(0, n),
    edgeScaled,
    edgeScore: edgeScore.slice(0, n),
  };
}

/** Builds the public plan from "assigned edge per demand" (−1 = unassigned). */
export function planFromAssignment(g: DispatchGraph, assignedEdge: Int32Array): DispatchPlan {
  const assignments: DispatchAssignment[] = [];
  const unassigned: number[] = [];
  const teamLoad = new Array<number>(g.nTeams).fill(0);
  let totalScaled = 0;
  let totalScore = 0;
  for (let d = 0; d < g.nDemands; d++) {
    const e = assignedEdge[d]!;
    if (e < 0) {
      unassigned.push(d);
      continue;
    }
    const t = g.edgeTeam[e]!;
    const score = g.edgeScore[e]!;
    assignments.push({ demand: d, team: t, score });
    teamLoad[t]!++;
    totalScaled += g.edgeScaled[e]!;
    totalScore += score;
  }
  return {
    assignments,
    unassigned,
    served: assignments.length,
    totalScore: Math.round(totalScore * 1e6) / 1e6,
    totalScaled,
    teamLoad,
  };
}


export function solveDispatch(input: DispatchInput, opts: DispatchOptions = {}): DispatchPlan {
  const g = buildDispatchGraph(input, opts.scale ?? DEFAULT_SCALE);
  return planFromAssignment(g, solveGraph(g, opts));
}

/** Core solver on a normalised graph; returns the assigned edge per demand (−1 = none). */
export function solveGraph(
  g: DispatchGraph,
  opts: Pick<DispatchOptions, 'bidsPerDemand' | 'stats'> = {},
): Int32Array {
  const solver = new BMatchSolver(g);
  if (solver.nE > 0) {
    const perDemand = opts.bidsPerDemand ?? DEFAULT_BIDS_PER_DEMAND;
    const pending = solver.bidPhase(Math.max(0, Math.floor(perDemand * g.nDemands)));
    for (const v of pending) solver.insert(v);
  }
  if (opts.stats) Object.assign(opts.stats, solver.stats);
  return solver.assignedEdge;
}

/** Work counters, for benchmarks/tests only. */
export interface SolverStats {
  bids: number;
  deferred: number;
  insertions: number;
  settled: number;
  rowRebuilds: number;
}

const NONE = 0;
const AUG = 1;
const DROP = 2;

class BMatchSolver {
  readonly nD: number;
  readonly nT: number;
  readonly nE: number;
  /** K > any achievable total score ⇒ one more served demand outweighs any score gain. */
  readonly K: number;
  readonly start: Int32Array;
  readonly edgeDemand: Int32Array;
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

  // Dijkstra scratch: perm[0..open) = unsettled teams, perm[open..nT) = settled.
  readonly dist: Float64Array;
  readonly prevEdge: Int32Array;
  readonly perm: Int32Array;
  readonly settled: Uint8Array;
  readonly pathBuf: Int32Array;

  readonly stats: SolverStats = { bids: 0, deferred: 0, insertions: 0, settled: 0, rowRebuilds: 0 };

  constructor(g: DispatchGraph) {
    const { nDemands: nD, nTeams: nT, start, edgeTeam, edgeScaled: S } = g;
    this.nD = nD;
    this.nT = nT;
    this.nE = edgeTeam.length;
    this.start = start;
    this.edgeDemand = g.edgeDemand;
    this.edgeTeam = edgeTeam;
    this.S = S;

    let K = 1;
    for (let d = 0; d < nD; d++) {
      let best = 0;
      for (let e = start[d]!; e < start[d + 1]!; e++) if (S[e]! > best) best = S[e]!;
      K += best;
    }
    // Magnitudes stay below ~4K (duals ≤ K + max s, distances < u_v + one slack): keep them exact.
    if (K * 8 > Number.MAX_SAFE_INTEGER) {
      throw new RangeError('instance too large for exact integer scaling; lower `scale`');
    }
    this.K = K;

    // Capacity bounded by the team's degree, so Σ slots ≤ nE; the LP is unchanged.
    const deg = new Int32Array(nT);
    for (let e = 0; e < this.nE; e++) deg[edgeTeam[e]!]!++;
    this.capEff = new Int32Array(nT);
    this.slotStart = new Int32Array(nT + 1);
    for (let t = 0; t < nT; t++) {
      this.capEff[t] = Math.min(g.cap[t]!, deg[t]!);
      this.slotStart[t + 1] = this.slotStart[t]! + this.capEff[t]!;
    }
    this.slots = new Int32Array(this.slotStart[nT]!);
    this.load = new Int32Array(nT);
    this.posInTeam = new Int32Array(nD);
    this.assignedEdge = new Int32Array(nD).fill(-1);
    this.p = new Float64Array(nT);

    this.useTable = nT <= TABLE_MAX_TEAMS;
    this.rowVal = new Float64Array(this.useTable ? nT * nT : 0);
    this.rowEdge = new Int32Array(this.useTable ? nT * nT : 0);
    this.rowDirty = new Uint8Array(nT).fill(1);

    this.dist = new Float64Array(nT).fill(Infinity);
    this.prevEdge = new Int32Array(nT);
    this.perm = new Int32Array(nT);
    for (let t = 0; t < nT; t++) this.perm[t] = t;
    this.settled = new Uint8Array(nT);
    this.pathBuf = new Int32Array(nT + 1);
  }

  private hasRoom(t: number): boolean {
    return this.load[t]! < this.capEff[t]!;
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
    this.rowDirty[A] = 1;
  }

  private assign(d: number, e: number): void {
    const A = this.edgeTeam[e]!;
    const k = this.slotStart[A]! + this.load[A]!;
    this.slots[k] = d;
    this.posInTeam[d] = k;
    this.load[A]!++;
    this.assignedEdge[d] = e;
    if (this.useTable && !this.rowDirty[A]) {
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
    this.stats.rowRebuilds++;
  }

  /** The demand a DROP path unassigns: lowest score on A, first in slot order on ties. */
  private cheapestOn(A: number): number {
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
    for (let v0 = 0; v0 < nD; v0++) {
      let d = v0;
      let avoid = -1; // team d just lost at: on a value tie, try elsewhere
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
          deferred[nDeferred++] = d; // exact tie at the current price: no progress by bidding
          break;
        }
        this.unassign(c1);
        this.assign(d, e1);
        key[d] = kd;
        p[t1] = Math.min(kd, m2);
        d = c1;
        avoid = t1;
      }
    }
    this.stats.bids = bids;
    this.stats.deferred = nDeferred;
    return deferred.subarray(0, nDeferred);
  }

  /**
   * Phase 2: insert demand v by one shortest path (reduced costs, Dijkstra over teams).
   * Terminals (reduced): NONE u_v · AUG dist(A) (p_A = 0 there) · DROP dist(A) + u_d.
   */
  insert(v: number): void {
    const { K, start, edgeTeam, edgeDemand, S, p, load, capEff, dist, prevEdge, perm, assignedEdge } = this;
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

    for (let e = e0; e < e1; e++) {
      const A = edgeTeam[e]!;
      dist[A] = uv + p[A]! - (K + S[e]!); // slack of (v,A) ≥ 0
      prevEdge[A] = e;
    }
    let open = nT;
    let minI = -1;
    let minD = Infinity;
    for (let i = 0; i < open; i++) {
      const dd = dist[perm[i]!]!;
      if (dd < minD) {
        minD = dd;
        minI = i;
      }
    }

    let delta = uv;
    let termTeam = -1;
    let termKind = NONE;
    const useTable = this.useTable;
    const { rowVal, rowEdge, rowDirty, settled } = this;
    while (minI >= 0 && minD < delta) {
      const A = perm[minI]!;
      const dA = minD;
      perm[minI] = perm[--open]!;
      perm[open] = A;
      settled[A] = 1;
      this.stats.settled++;

      const ld = load[A]!;
      if (ld < capEff[A]!) {
        if (dA < delta) {
          delta = dA;
          termTeam = A;
          termKind = AUG;
        }
        break; // every other candidate is ≥ dA
      }
      const c = dA + (K + S[assignedEdge[this.cheapestOn(A)]!]! - p[A]!); // full team: + u_d
      if (c < delta) {
        delta = c;
        termTeam = A;
        termKind = DROP;
      }
      if (dA >= delta) break;

      const base = dA - p[A]!;
      minI = -1;
      minD = Infinity;
      if (useTable) {
        if (rowDirty[A]) this.rebuildRow(A);
        const o = A * nT;
        for (let i = 0; i < open; i++) {
          const B = perm[i]!;
          let dB = dist[B]!;
          const c = base + rowVal[o + B]! + p[B]!;
          if (c < dB) {
            dB = c;
            dist[B] = c;
            prevEdge[B] = rowEdge[o + B]!;
          }
          if (dB < minD) {
            minD = dB;
            minI = i;
          }
        }
      } else {
        // Large team count: expand A's move arcs from its demands' edges.
        const { slots, slotStart } = this;
        for (let k = slotStart[A]!, end = k + ld; k < end; k++) {
          const d = slots[k]!;
          const bd = base + S[assignedEdge[d]!]!; // dist(A) + u_d − K
          for (let e = start[d]!, ee = start[d + 1]!; e < ee; e++) {
            const B = edgeTeam[e]!;
            const c = bd + p[B]! - S[e]!;
            if (c < dist[B]! && !settled[B]) {
              dist[B] = c;
              prevEdge[B] = e;
            }
          }
        }
        for (let i = 0; i < open; i++) {
          const dB = dist[perm[i]!]!;
          if (dB < minD) {
            minD = dB;
            minI = i;
          }
        }
      }
    }

    // p_A += max(0, Δ − dist(A)) on settled teams keeps assigned edges tight and reduced costs ≥ 0.
    for (let i = open; i < nT; i++) {
      const A = perm[i]!;
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
        const d = edgeDemand[e]!;
        if (d === v) break;
        B = edgeTeam[assignedEdge[d]!]!;
      }
      if (termKind === DROP) this.unassign(this.cheapestOn(termTeam));
      for (let i = 0; i < len; i++) {
        const e = pathBuf[i]!;
        const d = edgeDemand[e]!;
        if (assignedEdge[d]! >= 0) this.unassign(d);
        this.assign(d, e);
      }
    }
    dist.fill(Infinity);
    for (let i = open; i < nT; i++) settled[perm[i]!] = 0;
  }
}
