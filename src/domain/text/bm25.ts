/**
 * An inverted index scored with BM25F (Robertson's field-weighted BM25): a term in a
 * menu item's skill tags counts more than the same term in its description.
 *
 * For one term t and document d with fields f:
 *   tfn(t,d)  = Σ_f w_f · tf(t,d,f) / (1 − b + b · len(d,f) / avglen(f))
 *   sat(x)    = x · (k1 + 1) / (x + k1)                       (BM25 saturation)
 *   idf(t)    = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))     (never negative)
 *   raw(q,d)  = Σ_{t∈q} q_t · idf(t) · sat(tfn(t,d))
 *
 * For use as a score component the raw score is normalised into [0, 1] as idf-weighted
 * query coverage:
 *   norm(t,d) = min(1, sat(tfn(t,d)) / sat(w_max))
 *   score(q,d)= Σ_t q_t · idf(t) · norm(t,d)  /  Σ_t q_t · idf(t)
 * i.e. 1 when every query term appears once in the highest-weighted field of a
 * document of average length, and less when terms are missing, sit only in
 * lower-weighted fields, or are diluted by a long document. The cap per term stops one
 * repeated term from making up for missing ones. Query terms absent from the corpus
 * stay in the denominator at their (maximal) idf: nothing covers them, and that is
 * what the score should say.
 */

export interface Bm25Options {
  /** term-frequency saturation; 1.2 is the usual default */
  readonly k1?: number
  /** length normalisation in [0, 1]; 0.75 is the usual default */
  readonly b?: number
  /** BM25F field weights; fields not listed weigh 1 */
  readonly fieldWeights?: Readonly<Record<string, number>>
}

/** A document as its tokenised fields, e.g. { title: [...], skills: [...], description: [...] }. */
export interface Bm25Document {
  readonly fields: Readonly<Record<string, readonly string[]>>
}

/** Query terms: a token list (each distinct term weighs 1) or explicit term weights. */
export type Bm25Query = readonly string[] | ReadonlyMap<string, number>

export interface TermContribution {
  readonly term: string
  /** this term's share of the normalised score (contributions sum to score(q,d)) */
  readonly contribution: number
}

export interface Bm25Index {
  readonly docCount: number
  readonly k1: number
  readonly b: number
  /** number of documents containing `term` */
  df(term: string): number
  idf(term: string): number
  /** normalised scores in [0, 1], one per document in input order */
  score(query: Bm25Query): Float64Array
  /** score(query) written into `out` (docCount long), for callers that reuse one array */
  scoreInto(query: Bm25Query, out: Float64Array): Float64Array
  /** raw BM25F scores, one per document in input order */
  scoreRaw(query: Bm25Query): Float64Array
  /** the normaliser Σ q_t · idf(t) */
  maxScore(query: Bm25Query): number
  /** per-term contributions to score(q, doc), largest first, zeros omitted */
  explain(query: Bm25Query, doc: number): TermContribution[]
  /** normalised score of a document that is not in the index, against the index's statistics */
  scoreDocument(query: Bm25Query, doc: Bm25Document): number
}

interface Posting {
  /** idf of the term (fixed once the index is built) */
  readonly idf: number
  readonly docs: Int32Array
  /** sat(tfn) per posting */
  readonly raw: Float64Array
  /** min(1, sat(tfn) / sat(w_max)) per posting */
  readonly norm: Float64Array
}

export function toQueryWeights(query: Bm25Query): ReadonlyMap<string, number> {
  if (!Array.isArray(query)) return query as ReadonlyMap<string, number>
  const m = new Map<string, number>()
  for (const t of query as readonly string[]) m.set(t, 1)
  return m
}

export function buildIndex(docs: readonly Bm25Document[], options: Bm25Options = {}): Bm25Index {
  const k1 = options.k1 ?? 1.2
  const b = options.b ?? 0.75
  if (!(k1 > 0) || !(b >= 0 && b <= 1)) throw new RangeError(`BM25 needs k1 > 0 and 0 ≤ b ≤ 1 (got k1=${k1}, b=${b})`)
  const fieldWeights = options.fieldWeights ?? {}
  const weightOf = (f: string): number => fieldWeights[f] ?? 1
  for (const [f, w] of Object.entries(fieldWeights)) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`field weight for ${f} must be a finite number ≥ 0`)
  }

  const n = docs.length
  // Average length per field over all documents (absent field = length 0).
  const totalLen = new Map<string, number>()
  for (const d of docs) {
    for (const [f, toks] of Object.entries(d.fields)) totalLen.set(f, (totalLen.get(f) ?? 0) + toks.length)
  }
  const avgLen = new Map<string, number>()
  for (const [f, total] of totalLen) avgLen.set(f, n > 0 ? total / n : 0)

  const wMax = Math.max(1e-9, ...[...totalLen.keys()].map(weightOf), ...Object.values(fieldWeights))
  const sat = (x: number): number => (x * (k1 + 1)) / (x + k1)
  const satRef = sat(wMax)

  const pseudoTf = (d: Bm25Document, avg: (f: string) => number): Map<string, number> => {
    const tfn = new Map<string, number>()
    for (const [f, toks] of Object.entries(d.fields)) {
      const w = weightOf(f)
      if (w === 0 || toks.length === 0) continue
      const a = avg(f)
      const lenNorm = a > 0 ? 1 - b + (b * toks.length) / a : 1
      const inc = w / lenNorm
      for (const t of toks) tfn.set(t, (tfn.get(t) ?? 0) + inc)
    }
    return tfn
  }

  // Build postings in document order, so each posting list is sorted by doc number.
  const building = new Map<string, { docs: number[]; raw: number[]; norm: number[] }>()
  docs.forEach((d, i) => {
    for (const [t, x] of pseudoTf(d, (f) => avgLen.get(f) ?? 0)) {
      let p = building.get(t)
      if (!p) building.set(t, (p = { docs: [], raw: [], norm: [] }))
      const s = sat(x)
      p.docs.push(i)
      p.raw.push(s)
      p.norm.push(Math.min(1, s / satRef))
    }
  })
  const idfOf = (k: number): number => Math.log(1 + (n - k + 0.5) / (k + 0.5))
  const postings = new Map<string, Posting>()
  for (const [t, p] of building) {
    postings.set(t, {
      idf: idfOf(p.docs.length),
      docs: Int32Array.from(p.docs),
      raw: Float64Array.from(p.raw),
      norm: Float64Array.from(p.norm),
    })
  }
  const unseenIdf = idfOf(0)

  const df = (term: string): number => postings.get(term)?.docs.length ?? 0
  const idf = (term: string): number => postings.get(term)?.idf ?? unseenIdf
  const maxScore = (query: Bm25Query): number => {
    let s = 0
    for (const [t, q] of toQueryWeights(query)) s += q * idf(t)
    return s
  }

  const accumulate = (query: Bm25Query, which: 'raw' | 'norm', acc: Float64Array = new Float64Array(n)): Float64Array => {
    if (acc.length !== n) throw new RangeError(`BM25 scores need an array of ${n}, got ${acc.length}`)
    acc.fill(0)
    for (const [t, q] of toQueryWeights(query)) {
      const p = postings.get(t)
      if (!p || q === 0) continue
      const w = q * p.idf
      const vals = p[which]
      const ds = p.docs
      for (let i = 0; i < ds.length; i++) acc[ds[i]!]! += w * vals[i]!
    }
    return acc
  }

  function scoreInto(query: Bm25Query, out: Float64Array): Float64Array {
    const acc = accumulate(query, 'norm', out)
    const max = maxScore(query)
    if (max > 0) for (let i = 0; i < n; i++) acc[i] = Math.min(1, acc[i]! / max)
    return acc
  }

  return {
    docCount: n,
    k1,
    b,
    df,
    idf,
    maxScore,
    scoreRaw: (query) => accumulate(query, 'raw'),
    score(query) {
      return scoreInto(query, new Float64Array(n))
    },
    scoreInto,
    explain(query, doc) {
      const max = maxScore(query)
      const out: TermContribution[] = []
      if (max <= 0) return out
      for (const [t, q] of toQueryWeights(query)) {
        const p = postings.get(t)
        if (!p) continue
        const at = binarySearch(p.docs, doc)
        if (at < 0) continue
        const c = (q * p.idf * p.norm[at]!) / max
        if (c > 0) out.push({ term: t, contribution: c })
      }
      // ties broken by term so explanations are deterministic
      return out.sort((x, y) => y.contribution - x.contribution || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0))
    },
    scoreDocument(query, doc) {
      const max = maxScore(query)
      if (max <= 0) return 0
      // An outside document is length-normalised against the corpus averages (or
      // against itself when the corpus lacks the field).
      const tfn = pseudoTf(doc, (f) => avgLen.get(f) || (doc.fields[f]?.length ?? 0))
      let s = 0
      for (const [t, q] of toQueryWeights(query)) {
        const x = tfn.get(t)
        if (x) s += q * idf(t) * Math.min(1, sat(x) / satRef)
      }
      return Math.min(1, s / max)
    },
  }
}

function binarySearch(arr: Int32Array, x: number): number {
  let lo = 0
  let hi = arr.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = arr[mid]!
    if (v === x) return mid
    if (v < x) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
