// Coalescing: requests that arrive while earlier ones are being written are written
// together, as one batch, when a slot frees. At low load every item goes alone at once
// (no added wait); under load the batches grow, so the database sees one statement (one
// round trip, one commit) for many requests.

export interface CoalesceOptions<T> {
  /** Items in one batch at most. */
  maxBatch: number
  /** Batches running at once at most; items arriving while all run wait for the next. */
  maxInFlight: number
  /**
   * Items with the same key never share a batch: the later waits for a later batch (say,
   * two requests with one Idempotency-Key, which one statement could not tell apart).
   */
  keyOf?: (item: T) => string | undefined
}

type Waiting<T, R> = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }

/**
 * Returns `submit(item)`, which resolves with the item's result from `run`. `run` gets a
 * batch and returns one result per item, in order. If a batch of several fails, each of
 * its items is run again alone, so one bad item fails only its own request.
 */
export function coalescing<T, R>(run: (batch: T[]) => Promise<R[]>, opts: CoalesceOptions<T>): (item: T) => Promise<R> {
  const queue: Waiting<T, R>[] = []
  let inFlight = 0

  const settle = async (batch: Waiting<T, R>[]) => {
    const release = () => {
      inFlight--
      pump()
    }
    let results: R[]
    try {
      results = await run(batch.map((w) => w.item))
      if (results.length !== batch.length) throw new Error(`coalesce: ${results.length} results for ${batch.length} items`)
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err)
      else
        await Promise.all(
          batch.map((w) =>
            run([w.item]).then(
              (r) => (r.length === 1 ? w.resolve(r[0]!) : w.reject(new Error(`coalesce: ${r.length} results for 1 item`))),
              (e: unknown) => w.reject(e),
            ),
          ),
        )
      release()
      return
    }
    // The next batch goes to the database before this one's answers are written.
    release()
    batch.forEach((w, i) => w.resolve(results[i]!))
  }

  const take = (): Waiting<T, R>[] => {
    if (!opts.keyOf) return queue.splice(0, opts.maxBatch)
    const batch: Waiting<T, R>[] = []
    const keys = new Set<string>()
    for (let i = 0; i < queue.length && batch.length < opts.maxBatch; ) {
      const key = opts.keyOf(queue[i]!.item)
      if (key !== undefined && keys.has(key)) {
        i++
        continue
      }
      if (key !== undefined) keys.add(key)
      batch.push(queue.splice(i, 1)[0]!)
    }
    return batch
  }

  const pump = () => {
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = take()
      inFlight++
      void settle(batch)
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      pump()
    })
}
