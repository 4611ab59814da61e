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
}

export const DEFAULT_SCALE = 1_000_000;

/** Above this team count the T×T move table (12·T² bytes) is not materialised. */
const TABLE_MAX_TEAMS = 2048;

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

const NONE = 0;
const AUG = 1;
const DROP = 2;

export function solveDispatch(input: DispatchInput, opts: DispatchOptions = {}): DispatchPlan {
  const g = buildDispatchGraph(input, opts.scale ?? DEFAULT_SCALE);
  return planFromAssignment(g, solveGraph(g));
}

/** Core solver on a normalised graph; returns the assigned edge per demand (−1 = none). */
export const STATS={pops:0,rebuilds:0,rebuildWork:0,scans:0,ins:0,aug:0,drop:0,none:0,pathLen:0, hist: [] as number[]};
export const ORDER={mode:0};
export function solveGraph(g: DispatchGraph): Int32Array {
  const { nDemands: nD, nTeams: nT, start, edgeDemand, edgeTeam, edgeScaled: S } = g;
  const nE = edgeTeam.length;
  const assignedEdge = new Int32Array(nD).fill(-1);
  if (nE === 0) return assignedEdge;

  // K > any achievable total score ⇒ cardinality dominates.
  let K = 1;
  for (let d = 0; d < nD; d++) {
    let best = 0;
    for (let e = start[d]!; e < start[d + 1]!; e++) if (S[e]! > best) best = S[e]!;
    K += best;
  }
  // Values handled are ≤ ~4K (duals ≤ K+scale, distances < u_v + slack); stay exact.
  if (K * 8 > Number.MAX_SAFE_INTEGER) throw new RangeError('instance too large for exact integer scaling; lower `scale`');

  // Team slots (capacity bounded by the team's degree, so Σ slots ≤ nE).
  const deg = new Int32Array(nT);
  for (let e = 0; e < nE; e++) deg[edgeTeam[e]!]!++;
  const capEff = new Int32Array(nT);
  const slotStart = new Int32Array(nT + 1);
  for (let t = 0; t < nT; t++) {
    capEff[t] = Math.min(g.cap[t]!, deg[t]!);
    slotStart[t + 1] = slotStart[t]! + capEff[t]!;
  }
  const slots = new Int32Array(slotStart[nT]!);
  const load = new Int32Array(nT);
  const posInTeam = new Int32Array(nD);

  const p = new Float64Array(nT); // team duals

  // Move table M[A][B] = min_{d on A} (s(d,A) − s(d,B)) and the edge (d,B) achieving it.
  const useTable = nT <= TABLE_MAX_TEAMS;
  const rowVal = useTable ? new Float64Array(nT * nT) : new Float64Array(0);
  const rowEdge = useTable ? new Int32Array(nT * nT) : new Int32Array(0);
  const rowDirty = new Uint8Array(nT).fill(1);

  const rebuildRow = (A: number): void => {
    const o = A * nT;
    rowVal.fill(Infinity, o, o + nT);
    for (let k = slotStart[A]!, end = k + load[A]!; k < end; k++) {
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
    rowVal[o + A] = Infinity; // self-move is meaningless
    rowDirty[A] = 0; STATS.rebuilds++;
  };

  const removeFromTeam = (d: number): void => {
    const A = edgeTeam[assignedEdge[d]!]!;
    const base = slotStart[A]!;
    const last = base + load[A]! - 1;
    const k = posInTeam[d]!;
    const moved = slots[last]!;
    slots[k] = moved;
    posInTeam[moved] = k;
    load[A]!--;
    assignedEdge[d] = -1;
    rowDirty[A] = 1;
  };

  const addToTeam = (d: number, e: number): void => {
    const A = edgeTeam[e]!;
    const k = slotStart[A]! + load[A]!;
    slots[k] = d;
    posInTeam[d] = k;
    load[A]!++;
    assignedEdge[d] = e;
    if (useTable && !rowDirty[A]) {
      const o = A * nT;
      const sA = S[e]!;
      for (let f = start[d]!, ff = start[d + 1]!; f < ff; f++) {
        const B = edgeTeam[f]!;
        if (B === A) continue;
        const val = sA - S[f]!;
        if (val < rowVal[o + B]!) {
          rowVal[o + B] = val;
          rowEdge[o + B] = f;
        }
      }
    }
  };

  // Cheapest demand on a full team (the one a DROP path unassigns); first in slot order on ties.
  const cheapestOn = (A: number): number => {
    let best = -1;
    let bestS = Infinity;
    for (let k = slotStart[A]!, end = k + load[A]!; k < end; k++) {
      const d = slots[k]!;
      const s = S[assignedEdge[d]!]!;
      if (s < bestS) {
        bestS = s;
        best = d;
      }
    }
    return best;
  };

  // Dijkstra scratch, reset via the touched list after each insertion.
  const dist = new Float64Array(nT).fill(Infinity);
  const done = new Uint8Array(nT);
  const prevEdge = new Int32Array(nT);
  const touched = new Int32Array(nT);
  const pathBuf = new Int32Array(nT + 1);

  const bestS = new Float64Array(nD); const secS=new Float64Array(nD);
  for (let d=0; d<nD; d++){ let b=-1,c=-1; for(let e=start[d]!;e<start[d+1]!;e++){const x=S[e]!; if(x>b){c=b;b=x;} else if(x>c)c=x;} bestS[d]=b; secS[d]=c; }
  const ord = Array.from({length:nD},(_,i)=>i);
  if (ORDER.mode===1) ord.sort((a,b)=>bestS[b]!-bestS[a]!||a-b);
  if (ORDER.mode===2) ord.sort((a,b)=>bestS[a]!-bestS[b]!||a-b);
  if (ORDER.mode===3) ord.sort((a,b)=>(bestS[b]!-secS[b]!)-(bestS[a]!-secS[a]!)||a-b);
  if (ORDER.mode===4) ord.sort((a,b)=>(start[a+1]!-start[a]!)-(start[b+1]!-start[b]!)||a-b);
  for (let vi = 0; vi < nD; vi++) { const v = ord[vi]!;
    const e0 = start[v]!;
    const e1 = start[v + 1]!;
    if (e0 === e1) continue;

    // u_v: minimal dual making v's edges feasible; it is also the reduced cost of NONE.
    let uv = 0;
    for (let e = e0; e < e1; e++) {
      const r = K + S[e]! - p[edgeTeam[e]!]!;
      if (r > uv) uv = r;
    }
    if (uv <= 0) continue; // every edge already "paid for" by its team: v cannot improve anything

    let nTouched = 0;
    for (let e = e0; e < e1; e++) {
      const A = edgeTeam[e]!;
      dist[A] = uv + p[A]! - (K + S[e]!); // = slack(v,A) with u_v set, ≥ 0
      prevEdge[A] = e;
      touched[nTouched++] = A;
    }

    STATS.ins++;
    let delta = uv; // best terminal so far (reduced cost)
    let termTeam = -1;
    let termKind = NONE;

    for (;;) {
      let A = -1;
      let dA = delta;
      for (let i = 0; i < nTouched; i++) {
        const t = touched[i]!;
        if (!done[t] && dist[t]! < dA) {
          dA = dist[t]!;
          A = t;
        }
      }
      STATS.scans+=nTouched;
      if (A < 0) break;
      done[A] = 1; STATS.pops++;

      const ld = load[A]!;
      if (ld < capEff[A]!) {
        const c = dA + p[A]!; // p_A = 0 by complementary slackness
        if (c < delta) {
          delta = c;
          termTeam = A;
          termKind = AUG;
        }
      } else if (ld > 0) {
        const d = cheapestOn(A);
        const c = dA + (K + S[assignedEdge[d]!]! - p[A]!); // + u_d
        if (c < delta) {
          delta = c;
          termTeam = A;
          termKind = DROP;
        }
      }
      if (dA >= delta || ld === 0) continue; // nothing better can go through A

      const pA = p[A]!;
      if (useTable) {
        if (rowDirty[A]) rebuildRow(A);
        const o = A * nT;
        const base = dA - pA;
        for (let B = 0; B < nT; B++) {
          const val = rowVal[o + B]!;
          if (val === Infinity || done[B]) continue;
          const c = base + val + p[B]!;
          if (c < dist[B]! && c < delta) {
            if (dist[B] === Infinity) touched[nTouched++] = B;
            dist[B] = c;
            prevEdge[B] = rowEdge[o + B]!;
          }
        }
      } else {
        for (let k = slotStart[A]!, end = k + ld; k < end; k++) {
          const d = slots[k]!;
          const base = dA + S[assignedEdge[d]!]! - pA; // dist + u_d − K
          for (let e = start[d]!, ee = start[d + 1]!; e < ee; e++) {
            const B = edgeTeam[e]!;
            if (done[B]) continue;
            const c = base + p[B]! - S[e]!;
            if (c < dist[B]! && c < delta) {
              if (dist[B] === Infinity) touched[nTouched++] = B;
              dist[B] = c;
              prevEdge[B] = e;
            }
          }
        }
      }
    }

    // Dual update on settled teams keeps assigned edges tight and reduced costs ≥ 0.
    for (let i = 0; i < nTouched; i++) {
      const t = touched[i]!;
      if (done[t] && dist[t]! < delta) p[t]! += delta - dist[t]!;
    }

    STATS.hist.push(STATS.pops);
    if(termKind===AUG)STATS.aug++; else if(termKind===DROP)STATS.drop++; else STATS.none++;
    if (termKind !== NONE) {
      // Collect the path before mutating (moves change team membership).
      let len = 0;
      let B = termTeam;
      for (;;) {
        const e = prevEdge[B]!;
        pathBuf[len++] = e;
        const d = edgeDemand[e]!;
        if (d === v) break;
        B = edgeTeam[assignedEdge[d]!]!;
      }
      if (termKind === DROP) removeFromTeam(cheapestOn(termTeam));
      for (let i = 0; i < len; i++) {
        const e = pathBuf[i]!;
        const d = edgeDemand[e]!;
        if (assignedEdge[d]! >= 0) removeFromTeam(d);
        addToTeam(d, e);
      }
    }

    for (let i = 0; i < nTouched; i++) {
      const t = touched[i]!;
      dist[t] = Infinity;
      done[t] = 0;
    }
  }
  return assignedEdge;
}
