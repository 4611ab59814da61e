// Serialised demand views and the enterprise facts a new demand copies, cached per
// process (see db/notified-cache.ts for how they stay correct across processes). The
// triggers of drizzle/0007 announce on DEMAND_CHANNEL the id of a demand whose view
// changed, or '*' when an enterprise's or a team's name (or an enterprise's district or
// industry) changed.
import { ALL, DEMAND_CHANNEL, createNotifiedCache } from '../../db/notified-cache.js'
import type { Database } from '../../db/client.js'
import type { Principal } from '../../plugins/auth.js'

export interface CachedDemandView {
  /** The view as the route's serializer wrote it, in UTF-8. */
  json: Buffer
  enterpriseId: string
  /** Teams ever assigned to the demand: they may read it. */
  teamIds: readonly string[]
}

export interface EnterpriseFacts {
  name: string
  districtCode: string
  industry: string
}

/** Mirrors demandVisibleTo() in demands.repository.ts. */
export const cachedVisibleTo = (v: CachedDemandView, p: Principal) =>
  p.role === 'admin' || (p.role === 'enterprise' ? v.enterpriseId === p.enterpriseId : p.teamId !== null && v.teamIds.includes(p.teamId))

export function createDemandViewCache(database: Database) {
  const views = createNotifiedCache<CachedDemandView>(database, { max: 5_000, channels: { [DEMAND_CHANNEL]: (p) => (p === '*' ? ALL : p) } })
  const enterprises = createNotifiedCache<EnterpriseFacts>(database, { max: 10_000, channels: { [DEMAND_CHANNEL]: (p) => (p === '*' ? ALL : null) } })
  return {
    views,
    enterprises,
    ready: () => Promise.all([views.ready(), enterprises.ready()]).then(() => undefined),
    /** A write in this process has just committed. */
    invalidateAll: () => {
      views.clear()
      enterprises.clear()
    },
  }
}

export type DemandViewCache = ReturnType<typeof createDemandViewCache>
