// Serialised demand views, cached per process so that reading a demand costs no round
// trip. Correct across processes the way the token cache is: every change to what a
// view shows is broadcast by a trigger (drizzle/0007) on DEMAND_CHANNEL at commit, and
// each process drops its copy; a lost listening connection clears everything once it
// is back. Within a process, a write request clears the cache before its answer is
// sent (see app.ts), so a client always reads its own writes, whichever notification
// is still on its way.
import { LRUCache } from 'lru-cache'
import type { Database } from '../../db/client.js'
import type { Principal } from '../../plugins/auth.js'

export const DEMAND_CHANNEL = 'zqx_demand_changed'
const MAX_ENTRIES = 5_000

export interface CachedDemandView {
  /** The view as the route's serializer wrote it. */
  json: string
  enterpriseId: string
  /** Teams ever assigned to the demand: they may read it. */
  teamIds: readonly string[]
}

/** Mirrors demandVisibleTo() in demands.repository.ts. */
export const cachedVisibleTo = (v: CachedDemandView, p: Principal) =>
  p.role === 'admin' || (p.role === 'enterprise' ? v.enterpriseId === p.enterpriseId : p.teamId !== null && v.teamIds.includes(p.teamId))

export function createDemandViewCache(database: Database, max = MAX_ENTRIES) {
  const cache = new LRUCache<string, CachedDemandView>({ max })
  // Bumped by every invalidation: a view read before one is not stored after it.
  let generation = 0
  // Off until LISTEN is in place, and for good if it cannot be.
  let enabled = false
  const invalidate = (id?: string) => {
    generation++
    if (id === undefined || id === '*') cache.clear()
    else cache.delete(id)
  }
  const listening = database
    .listen(DEMAND_CHANNEL, (payload) => invalidate(payload), () => invalidate())
    .then(() => {
      enabled = true
    })
    .catch(() => invalidate())

  return {
    ready: () => listening,
    /** Drops every cached view (a write in this process has just committed). */
    invalidateAll: () => invalidate(),
    size: () => cache.size,

    /** The cached view, or `load()`'s, stored unless something changed meanwhile. Null: no such demand. */
    async get(id: string, load: () => Promise<CachedDemandView | null>): Promise<CachedDemandView | null> {
      const hit = enabled ? cache.get(id) : undefined
      if (hit) return hit
      const before = generation
      const loaded = await load()
      if (loaded && enabled && generation === before) cache.set(id, loaded)
      return loaded
    },
  }
}

export type DemandViewCache = ReturnType<typeof createDemandViewCache>
