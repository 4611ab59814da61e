// Per-process caches kept correct across processes by NOTIFY, the way the token cache
// is: triggers announce a change at commit on a channel (drizzle/0007, 0008), every
// process LISTENs and drops what the change touches, and a listening connection that was
// lost and is back drops everything (notifications sent meanwhile were missed). Writes
// made by this process call clear() before they answer (app.ts), so a client reads its
// own write whichever notification is still on its way. Until LISTEN is in place, and
// for good if it cannot be, the cache is bypassed.
import { LRUCache } from 'lru-cache'
import type { Database } from './client.js'

/** Channels the triggers announce on (drizzle/0007, 0008). */
/** A demand's view changed: its id, or '*' for names (enterprise, team) and enterprise facts. */
export const DEMAND_CHANNEL = 'zqx_demand_changed'
/** Something a ranking or the menu reads changed: assignments, feedback, teams, menu items. */
export const MATCHING_CHANNEL = 'zqx_matching_changed'

/** What a notification drops: one key, everything (`ALL`), or nothing (`null`). */
export const ALL = Symbol('all')
export type Drop = string | typeof ALL | null

export interface NotifiedCache<V> {
  /** Resolves once the cache listens (it is bypassed until then). */
  ready(): Promise<void>
  /** The cached value, or `load()`'s, stored unless a change was announced meanwhile. */
  get(key: string, load: () => Promise<V | null>): Promise<V | null>
  clear(): void
}

export function createNotifiedCache<V extends {}>(
  database: Database,
  options: { max: number; channels: Record<string, (payload: string) => Drop> },
): NotifiedCache<V> {
  const cache = new LRUCache<string, V>({ max: options.max })
  // Bumped by every invalidation: a value read before one is not stored after it.
  let generation = 0
  let listening = false
  const drop = (what: Drop) => {
    if (what === null) return
    generation++
    if (what === ALL) cache.clear()
    else cache.delete(what)
  }
  const clear = () => drop(ALL)
  const ready = Promise.all(
    Object.entries(options.channels).map(([channel, onPayload]) => database.listen(channel, (payload) => drop(onPayload(payload)), clear)),
  )
    .then(() => {
      listening = true
    })
    .catch(clear)

  return {
    ready: () => ready,
    clear,
    async get(key, load) {
      const hit = listening ? cache.get(key) : undefined
      if (hit !== undefined) return hit
      const before = generation
      const loaded = await load()
      if (loaded !== null && listening && generation === before) cache.set(key, loaded)
      return loaded
    },
  }
}
