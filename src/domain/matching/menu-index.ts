/**
 * The menu index (资源菜单): every team's menu items tokenised once into one BM25F
 * index, plus per team what its menu offers (service kinds, industries). Build it
 * when menus change and reuse it for every demand; per-demand work is then one query
 * over the postings, not re-tokenising menus.
 */
import { buildIndex, type Bm25Document, type Bm25Index } from '../text/bm25.js'
import type { Tokenizer } from '../text/tokenizer.js'
import { estimateTrackRecordPrior } from './components.js'
import { SERVICE_KINDS, type MatchDemand, type MatchTeam, type ServiceKind, type TrackRecordPrior } from './types.js'
import { DEFAULT_TRACK_RECORD_PRIOR } from './weights.js'

/**
 * BM25F field weights for a menu item: its skill tags are the team's own summary of
 * what it does, its title names the dish, the description is prose.
 */
export const MENU_FIELD_WEIGHTS = { skills: 3, title: 2, description: 1 } as const

/**
 * Weights of the demand's parts as query terms (the highest applies when a term
 * appears in several): the enterprise's tags and title say what the problem is; the
 * description also carries circumstance (客户投诉, 年底新招…).
 */
export const DEMAND_FIELD_WEIGHTS = { skills: 2, title: 1.5, description: 1 } as const

/** What the index knows about one team's menu. */
export interface TeamMenuEntry {
  readonly teamId: string
  /** position of the team's first item in the BM25 index; -1 for an entry built outside it */
  readonly firstDoc: number
  readonly items: readonly { readonly id: string; readonly title: string }[]
  readonly offeredKinds: ReadonlySet<ServiceKind>
  /** offeredKinds as bits (kindBits) */
  readonly kindMask: number
  /** team.industries ∪ every menu item's industries */
  readonly industries: ReadonlySet<string>
  /** tokenised items, kept only for entries built outside the index */
  readonly docs?: readonly Bm25Document[]
  /** the menu the entry was built from, so a team carrying that same array needs no item-by-item check */
  readonly menu?: MatchTeam['menu']
}

export interface MatchIndex {
  readonly tokenizer: Tokenizer
  readonly text: Bm25Index
  readonly entries: ReadonlyMap<string, TeamMenuEntry>
  /** track-record prior estimated from the teams' pooled records at build time */
  readonly trackRecordPrior: TrackRecordPrior
}

/** The parts of a team the index reads. */
export type IndexableTeam = Pick<MatchTeam, 'id' | 'industries' | 'menu'> & Partial<Pick<MatchTeam, 'trackRecord'>>

export function tokeniseMenuItem(tokenizer: Tokenizer, item: MatchTeam['menu'][number]): Bm25Document {
  return {
    fields: {
      title: tokenizer.tokens(item.title),
      // each tag separately, so jieba never glues the end of one tag to the next
      skills: item.skills.flatMap((s) => tokenizer.tokens(s)),
      description: tokenizer.tokens(item.description),
    },
  }
}

const KIND_BIT: ReadonlyMap<string, number> = new Map(SERVICE_KINDS.map((k, i) => [k, 1 << i]))

/** Service kinds as bits, one per SERVICE_KINDS entry (a kind outside it has none). */
export function kindBits(kinds: Iterable<string>): number {
  let mask = 0
  for (const k of kinds) mask |= KIND_BIT.get(k) ?? 0
  return mask
}

function entryShape(team: IndexableTeam): Omit<TeamMenuEntry, 'firstDoc' | 'docs'> {
  const offeredKinds = new Set<ServiceKind>()
  const industries = new Set<string>(team.industries)
  for (const it of team.menu) {
    for (const k of it.serviceKinds) offeredKinds.add(k)
    for (const i of it.industries) industries.add(i)
  }
  return {
    teamId: team.id,
    items: team.menu.map((it) => ({ id: it.id, title: it.title })),
    offeredKinds,
    kindMask: kindBits(offeredKinds),
    industries,
  }
}

/**
 * Builds the index from all teams' menus. Pass every team that may be ranked; a team
 * missing from the index (or whose menu item ids changed since) is still scored, by
 * tokenising its menu on the fly, only more slowly.
 */
export function buildMatchIndex(teams: readonly IndexableTeam[], tokenizer: Tokenizer): MatchIndex {
  const docs: Bm25Document[] = []
  const entries = new Map<string, TeamMenuEntry>()
  for (const team of teams) {
    if (entries.has(team.id)) throw new Error(`duplicate team id in match index: ${team.id}`)
    const firstDoc = docs.length
    for (const it of team.menu) docs.push(tokeniseMenuItem(tokenizer, it))
    entries.set(team.id, { ...entryShape(team), firstDoc, menu: team.menu })
  }
  const records = teams.flatMap((t) => (t.trackRecord ? [t.trackRecord] : []))
  return {
    tokenizer,
    text: buildIndex(docs, { fieldWeights: MENU_FIELD_WEIGHTS }),
    entries,
    trackRecordPrior: estimateTrackRecordPrior(records, DEFAULT_TRACK_RECORD_PRIOR),
  }
}

/**
 * The index entry for `team`, or a fresh one when the index is stale for it (the
 * team is new, or its menu item ids differ). Edits that keep item ids need a rebuild.
 */
export function entryFor(index: MatchIndex, team: IndexableTeam): TeamMenuEntry {
  const e = index.entries.get(team.id)
  if (e && (e.menu === team.menu || sameItems(e.items, team.menu))) return e
  return {
    ...entryShape(team),
    firstDoc: -1,
    docs: team.menu.map((it) => tokeniseMenuItem(index.tokenizer, it)),
    menu: team.menu,
  }
}

function sameItems(items: TeamMenuEntry['items'], menu: IndexableTeam['menu']): boolean {
  if (items.length !== menu.length) return false
  for (let i = 0; i < items.length; i++) if (items[i]!.id !== menu[i]!.id) return false
  return true
}

/** A demand tokenised and scored against every menu item once, for scoring many teams. */
export interface PreparedDemand {
  readonly prepared: true
  readonly demand: MatchDemand
  readonly index: MatchIndex
  /** query term → weight (DEMAND_FIELD_WEIGHTS) */
  readonly query: ReadonlyMap<string, number>
  /** normalised BM25F score of every indexed menu item */
  readonly itemScores: Float64Array
  readonly declined: ReadonlySet<string>
  /** the requested service kinds, de-duplicated */
  readonly requestedKinds: readonly ServiceKind[]
  /** requestedKinds as bits (kindBits) */
  readonly requestedMask: number
}

export function demandQuery(tokenizer: Tokenizer, demand: Pick<MatchDemand, 'title' | 'description' | 'skills'>): Map<string, number> {
  const q = new Map<string, number>()
  const add = (tokens: readonly string[], w: number): void => {
    for (const t of tokens) if ((q.get(t) ?? 0) < w) q.set(t, w)
  }
  add(tokenizer.tokens(demand.description), DEMAND_FIELD_WEIGHTS.description)
  add(tokenizer.tokens(demand.title), DEMAND_FIELD_WEIGHTS.title)
  add(demand.skills.flatMap((s) => tokenizer.tokens(s)), DEMAND_FIELD_WEIGHTS.skills)
  return q
}

/**
 * `scores`: an array (index.text.docCount long) to write the item scores into instead of
 * a new one, for a caller that is done with the prepared demand before it prepares the
 * next (scratchScores); a ranking at province scale would otherwise allocate 80 KB.
 */
export function prepareDemand(demand: MatchDemand, index: MatchIndex, scores?: Float64Array): PreparedDemand {
  const query = demandQuery(index.tokenizer, demand)
  const requestedKinds = [...new Set(demand.serviceKinds)]
  return {
    prepared: true,
    demand,
    index,
    query,
    itemScores: scores ? index.text.scoreInto(query, scores) : index.text.score(query),
    declined: new Set(demand.declinedTeamIds ?? []),
    requestedKinds,
    requestedMask: kindBits(requestedKinds),
  }
}

/**
 * skills = max over the team's menu items of the item's normalised BM25F score
 * (bm25.ts): the enterprise orders one dish, so the best-fitting item counts, and a
 * long menu is neither rewarded nor diluted.
 */
export function teamSkills(p: PreparedDemand, entry: TeamMenuEntry): { value: number; bestItem: number } {
  let best = 0
  let bestItem = -1
  for (let i = 0; i < entry.items.length; i++) {
    const s = entry.firstDoc >= 0 ? p.itemScores[entry.firstDoc + i]! : p.index.text.scoreDocument(p.query, entry.docs![i]!)
    if (s > best) {
      best = s
      bestItem = i
    }
  }
  return { value: best, bestItem }
}

/** Query terms found in one of the team's items, largest contribution first. */
export function matchedTerms(p: PreparedDemand, entry: TeamMenuEntry, item: number): string[] {
  if (entry.firstDoc >= 0) return p.index.text.explain(p.query, entry.firstDoc + item).map((c) => c.term)
  const doc = entry.docs![item]!
  const present = new Set(Object.values(doc.fields).flat())
  return [...p.query]
    .filter(([t]) => present.has(t))
    .map(([t, w]) => ({ t, v: w * p.index.text.idf(t) }))
    .sort((a, b) => b.v - a.v || (a.t < b.t ? -1 : 1))
    .map((x) => x.t)
}

const scratch = new WeakMap<MatchIndex, Float64Array>()

/**
 * One array per index for prepareDemand's item scores, shared by every caller that
 * prepares, uses and drops a demand within one synchronous call (a ranking, the pairs
 * of a dispatch): the next such call overwrites it.
 */
export function scratchScores(index: MatchIndex): Float64Array {
  let a = scratch.get(index)
  if (!a) scratch.set(index, (a = new Float64Array(index.text.docCount)))
  return a
}
