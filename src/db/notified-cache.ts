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
  options: {
    max: number
    channels: Record<string, (payload: string) => Drop>
    /**
     * Once the cache is full, store a value only if its key has been asked for more often
     * (lately) than the least recently used entry it would evict (TinyLFU's admission).
     * This is for large values where many keys are asked for once: a scan through them
     * would otherwise replace the entries that are asked again, one by one. Each replaced
     * entry is left as garbage for a full collection; with 11 KB rankings, those
     * collections paused the service about once a second.
     */
    admitByFrequency?: boolean
  },
): NotifiedCache<V> {
  const cache = new LRUCache<string, V>({ max: options.max })
  const frequency = options.admitByFrequency ? askCounter(10 * options.max) : undefined
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
      frequency?.ask(key)
      const hit = listening ? cache.get(key) : undefined
      if (hit !== undefined) return hit
      const before = generation
      const loaded = await load()
      if (loaded !== null && listening && generation === before && admits(key)) cache.set(key, loaded)
      return loaded
    },
  }

  function admits(key: string): boolean {
    if (!frequency || cache.size < options.max) return true
    const victim = cache.rkeys().next()
    return victim.done === true || frequency.of(key) > frequency.of(victim.value)
  }
}

/**
 * How often each key was asked for lately, as a count-min sketch (TinyLFU's): four rows of
 * small counters indexed by hashes of the key, the estimate being the smallest of its four.
 * Keys themselves are not kept (holding each asked key cost the service more garbage than
 * the rankings it avoided storing). Every counter is halved after `window` asks, so old
 * popularity fades.
 */
function askCounter(window: number) {
  let width = 1
  while (width < 2 * window) width <<= 1
  const mask = width - 1
  const counters = new Uint8Array(4 * width)
  let asks = 0
  // FNV-1a over the UTF-16 units once per key; each row mixes it with its own odd multiplier.
  const hash = (key: string): number => {
    let h = 0x811c9dc5
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
    return h ^ (h >>> 15)
  }
  const slot = (h: number, row: number): number => row * width + ((Math.imul(h, ROW_MULTIPLIERS[row]!) >>> 0) & mask)
  return {
    ask(key: string): void {
      const h = hash(key)
      for (let r = 0; r < 4; r++) {
        const i = slot(h, r)
        if (counters[i]! < 255) counters[i]!++
      }
      if (++asks < window) return
      asks = 0
      for (let i = 0; i < counters.length; i++) counters[i]! >>= 1
    },
    of(key: string): number {
      const h = hash(key)
      let n = 255
      for (let r = 0; r < 4; r++) n = Math.min(n, counters[slot(h, r)]!)
      return n
    },
  }
}

const ROW_MULTIPLIERS = [0x9e3779b1, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f]
