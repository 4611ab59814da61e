/**
 * Similar demands (GET /v1/demands/{id}/similar): past demands like this one, with
 * the team and outcome, so a dispatcher can send the team that solved it before; and
 * possible duplicates among the same enterprise's open demands.
 *
 * Uses the same tokenizer as the matcher, with cosine similarity of TF-IDF vectors:
 * unlike BM25 it is symmetric and bounded in [0, 1], so one threshold can say
 * "probably the same problem posted twice".
 *   w(t,d) = (1 + ln tf(t,d)) · idf(t),   tf weighted by field (title, skills ×2)
 *   idf(t) = ln((1 + N) / (1 + df(t))) + 1   (smoothed: stays informative for tiny sets)
 *   sim(a,b) = Σ_t w(t,a) w(t,b) / (‖a‖ ‖b‖)
 */
import type { Tokenizer } from '../text/tokenizer.js'

/** A demand seen as text plus what the similar-demands view shows. */
export interface PastDemand {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly skills: readonly string[]
  /** demand status: open, assigned, accepted, in_progress, completed, cancelled */
  readonly status: string
  readonly enterpriseId: string
  /** for completed demands: who did it and whether it was solved */
  readonly outcome?: {
    readonly solved: boolean
    readonly teamId?: string
    readonly teamName?: string
    readonly summary?: string
  } | null
}

export type DemandText = Pick<PastDemand, 'title' | 'description' | 'skills' | 'enterpriseId'> & { readonly id?: string }

export interface SimilarOptions {
  /** at most this many similar past demands (default 10) */
  readonly limit?: number
  /** minimum cosine similarity for a past demand to be listed (default 0.2) */
  readonly minSimilarity?: number
  /** minimum cosine similarity to flag a possible duplicate (default 0.6) */
  readonly duplicateThreshold?: number
  /** statuses counted as past, done work (default ['completed']) */
  readonly pastStatuses?: readonly string[]
  /** only past demands whose outcome was solved (default true: "past solved demands") */
  readonly solvedOnly?: boolean
  /**
   * statuses in which a same-enterprise demand may duplicate this one (default: every
   * non-final status — a problem already being worked on is as duplicate as one waiting)
   */
  readonly openStatuses?: readonly string[]
}

export interface SimilarDemand {
  readonly id: string
  /** cosine similarity in [0, 1], rounded to 4 decimals */
  readonly similarity: number
  /** the terms that contribute most to the similarity */
  readonly sharedTerms: readonly string[]
  readonly demand: PastDemand
}

export interface SimilarResult {
  readonly similar: readonly SimilarDemand[]
  readonly possibleDuplicates: readonly SimilarDemand[]
}

/** Title and tags state the problem; the description adds context. */
const FIELD_WEIGHTS = { title: 2, skills: 2, description: 1 } as const

/** Candidates tokenised once; build it for many look-ups, or let findSimilarDemands do it. */
export interface DemandCorpus {
  readonly tokenizer: Tokenizer
  readonly candidates: readonly PastDemand[]
  /** weighted term counts per candidate */
  readonly counts: readonly ReadonlyMap<string, number>[]
  /** document frequency over the candidates */
  readonly df: ReadonlyMap<string, number>
}

function termCounts(tokenizer: Tokenizer, d: Pick<PastDemand, 'title' | 'description' | 'skills'>): Map<string, number> {
  const m = new Map<string, number>()
  const add = (tokens: readonly string[], w: number): void => {
    for (const t of tokens) m.set(t, (m.get(t) ?? 0) + w)
  }
  add(tokenizer.tokens(d.title), FIELD_WEIGHTS.title)
  add(d.skills.flatMap((s) => tokenizer.tokens(s)), FIELD_WEIGHTS.skills)
  add(tokenizer.tokens(d.description), FIELD_WEIGHTS.description)
  return m
}

export function buildDemandCorpus(candidates: readonly PastDemand[], tokenizer: Tokenizer): DemandCorpus {
  const counts = candidates.map((c) => termCounts(tokenizer, c))
  const df = new Map<string, number>()
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1)
  return { tokenizer, candidates, counts, df }
}

export function findSimilarDemands(
  demand: DemandText,
  candidates: readonly PastDemand[] | DemandCorpus,
  tokenizer: Tokenizer,
  options: SimilarOptions = {},
): SimilarResult {
  const corpus = 'counts' in candidates ? candidates : buildDemandCorpus(candidates, tokenizer)
  const limit = options.limit ?? 10
  const minSimilarity = options.minSimilarity ?? 0.2
  const duplicateThreshold = options.duplicateThreshold ?? 0.6
  const pastStatuses = new Set(options.pastStatuses ?? ['completed'])
  const solvedOnly = options.solvedOnly ?? true
  const openStatuses = new Set(options.openStatuses ?? ['open', 'assigned', 'accepted', 'in_progress'])

  const q = termCounts(corpus.tokenizer, demand)
  // The query counts as a document for idf, so its own rare terms are not infinitely rare.
  const n = corpus.candidates.length + 1
  const idf = (t: string): number => Math.log((1 + n) / (1 + (corpus.df.get(t) ?? 0) + (q.has(t) ? 1 : 0))) + 1
  const vector = (counts: ReadonlyMap<string, number>): Map<string, number> => {
    const v = new Map<string, number>()
    for (const [t, c] of counts) v.set(t, (1 + Math.log(c)) * idf(t))
    return v
  }
  const norm = (v: ReadonlyMap<string, number>): number => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0))
  const qv = vector(q)
  const qn = norm(qv)

  const similar: SimilarDemand[] = []
  const duplicates: SimilarDemand[] = []
  corpus.candidates.forEach((c, i) => {
    if (demand.id !== undefined && c.id === demand.id) return
    const isPast = pastStatuses.has(c.status) && (!solvedOnly || c.outcome?.solved === true)
    const isOpenSibling = c.enterpriseId === demand.enterpriseId && openStatuses.has(c.status)
    if (!isPast && !isOpenSibling) return
    const cv = vector(corpus.counts[i]!)
    const cn = norm(cv)
    if (qn === 0 || cn === 0) return
    const shared: { t: string; v: number }[] = []
    let dot = 0
    for (const [t, w] of qv) {
      const x = cv.get(t)
      if (x !== undefined) {
        dot += w * x
        shared.push({ t, v: w * x })
      }
    }
    const sim = Math.min(1, dot / (qn * cn))
    const hit: SimilarDemand = {
      id: c.id,
      similarity: Math.round(sim * 1e4) / 1e4,
      sharedTerms: shared
        .sort((a, b) => b.v - a.v || (a.t < b.t ? -1 : 1))
        .slice(0, 6)
        .map((s) => s.t),
      demand: c,
    }
    if (isPast && sim >= minSimilarity) similar.push(hit)
    if (isOpenSibling && sim >= duplicateThreshold) duplicates.push(hit)
  })
  const order = (a: SimilarDemand, b: SimilarDemand): number => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return { similar: similar.sort(order).slice(0, limit), possibleDuplicates: duplicates.sort(order) }
}
