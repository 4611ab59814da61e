// Text search over the public 资源菜单: the matcher's tokenizer (jieba search mode plus
// the domain dictionary and synonyms) and its BM25F field weights, so that 模流分析 or
// 印染废水治理 finds what the matcher would find, and no substring test ever decides.
//
// The city has a few hundred live items, so they are ranked in memory. The index is
// cached per service instance under a fingerprint of menu_items and teams that is read
// again on every request: a change made through another server process moves the
// fingerprint and the next search rebuilds.
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { menuItems, teams } from '../../db/schema.js'
import { MENU_FIELD_WEIGHTS, tokeniseMenuItem } from '../../domain/matching/menu-index.js'
import type { ServiceKind } from '../../domain/matching/types.js'
import { buildIndex, type Bm25Index } from '../../domain/text/bm25.js'
import { sharedTokenizer, type Tokenizer } from '../../domain/text/tokenizer.js'
import { errors } from '../../lib/errors.js'
import { menuFingerprint, type MenuItemRow } from './teams.repository.js'

export interface MenuTeam {
  id: string
  name: string
  level: string
  districtCode: string
  industries: string[]
}

export interface MenuEntry {
  item: MenuItemRow
  team: MenuTeam
}

export interface MenuFilters {
  serviceKind?: string
  industry?: string
  districtCode?: string
  updatedSince?: Date
}

/** The public menu's filters, as one predicate (the SQL path in the service mirrors it). */
export function matchesFilters({ item, team }: MenuEntry, f: MenuFilters): boolean {
  if (f.serviceKind && !item.serviceKinds.includes(f.serviceKind)) return false
  if (f.industry && !(item.industries.length ? item.industries : team.industries).includes(f.industry)) return false
  // City teams serve every district of the city.
  if (f.districtCode && team.level !== 'city' && team.districtCode !== f.districtCode) return false
  if (f.updatedSince && item.updatedAt < f.updatedSince) return false
  return true
}

interface Built {
  entries: MenuEntry[]
  index: Bm25Index
}

/** A relevance page position: (score, id), both descending. */
interface RankCursor {
  score: number
  id: string
}

export function encodeRankCursor(c: RankCursor): string {
  const buf = Buffer.alloc(24)
  buf.writeDoubleBE(c.score, 0)
  Buffer.from(c.id.replaceAll('-', ''), 'hex').copy(buf, 8)
  return buf.toString('base64url')
}

export function decodeRankCursor(cursor: string | undefined): RankCursor | undefined {
  if (cursor === undefined) return undefined
  const buf = Buffer.from(cursor, 'base64url')
  const score = buf.length === 24 ? buf.readDoubleBE(0) : NaN
  if (!Number.isFinite(score))
    throw errors.badRequest('pagination.bad_cursor', { zh: 'cursor 无效', en: 'Invalid cursor' }, { errors: [{ path: 'query.cursor', code: 'bad_cursor', message: 'cursor 无效' }] })
  const hex = buf.subarray(8).toString('hex')
  return { score, id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` }
}

export function createMenuSearch({ database }: { database: Database }) {
  let cache: { key: string; built: Promise<Built> } | undefined
  let tokenizer: Tokenizer | undefined
  // jieba's dictionary loads on the first search, not when the app boots.
  const tok = () => (tokenizer ??= sharedTokenizer())

  async function build(): Promise<Built> {
    const rows = await database.db
      .select({
        item: menuItems,
        team: { id: teams.id, name: teams.name, level: teams.level, districtCode: teams.districtCode, industries: teams.industries },
      })
      .from(menuItems)
      .innerJoin(teams, eq(teams.id, menuItems.teamId))
      .where(and(isNull(menuItems.deletedAt), eq(teams.active, true)))
      .orderBy(asc(menuItems.id))
    const t = tok()
    const docs = rows.map(({ item }) => tokeniseMenuItem(t, { ...item, serviceKinds: item.serviceKinds as ServiceKind[] }))
    return { entries: rows, index: buildIndex(docs, { fieldWeights: MENU_FIELD_WEIGHTS }) }
  }

  async function current(): Promise<Built> {
    const key = await menuFingerprint(database)
    if (cache?.key === key) return cache.built
    const entry = { key, built: build() }
    cache = entry
    // A failed build is not kept: the next request tries again.
    entry.built.catch(() => {
      if (cache === entry) cache = undefined
    })
    return entry.built
  }

  return {
    /**
     * Live items of active teams that share at least one term with `q`, best first
     * (normalised BM25F score, then newest), one page after `cursor`.
     */
    async search(q: string, filters: MenuFilters, limit: number, cursor: string | undefined) {
      const after = decodeRankCursor(cursor)
      const { entries, index } = await current()
      const terms = [...new Set(tok().tokens(q))]
      const scores = terms.length ? index.score(terms) : new Float64Array(entries.length)
      const ranked: { entry: MenuEntry; score: number }[] = []
      entries.forEach((entry, i) => {
        const score = scores[i]!
        if (score > 0 && matchesFilters(entry, filters)) ranked.push({ entry, score })
      })
      ranked.sort((a, b) => b.score - a.score || (a.entry.item.id < b.entry.item.id ? 1 : a.entry.item.id > b.entry.item.id ? -1 : 0))
      const start = after ? ranked.findIndex((r) => r.score < after.score || (r.score === after.score && r.entry.item.id < after.id)) : 0
      const page = start < 0 ? [] : ranked.slice(start, start + limit + 1)
      const items = page.slice(0, limit)
      const last = items[items.length - 1]
      return {
        items,
        nextCursor: page.length > limit && last ? encodeRankCursor({ score: last.score, id: last.entry.item.id }) : null,
      }
    },
  }
}

export type MenuSearch = ReturnType<typeof createMenuSearch>
