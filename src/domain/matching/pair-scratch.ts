import type { SolverScratch } from './dispatch.js'

/**
 * Room for batch dispatch's pair columns, reused by the next batch while the garbage
 * collector has not reclaimed it yet.
 *
 * At 10,000 demands × 1,000 teams the columns take ~40 MB and the move tables 16 MB.
 * V8 frees typed arrays lazily: three batches in a row used to hold the garbage of the
 * earlier ones beside their own (RSS 307 → 396 MB). Between batches only a WeakRef is
 * kept, so the room costs nothing once collected; a room is taken out while a batch uses
 * it, so two batches never share one.
 */
export interface PairRoom {
  readonly team: Int32Array
  /** the scores, then (written over by the solver's graph) the scaled scores */
  readonly score: Float64Array
  /** the solver's move tables (`DispatchOptions.scratch`) */
  readonly solver: SolverScratch
}

export class PairScratch {
  #kept: WeakRef<PairRoom> | undefined

  /** The kept room, if it has not been collected; it is the caller's until `giveBack`. */
  take(): PairRoom | undefined {
    const room = this.#kept?.deref()
    this.#kept = undefined
    return room
  }

  /** Keeps (weakly) a room the caller has finished with, for the next batch. */
  giveBack(room: PairRoom | undefined): void {
    if (room) this.#kept = new WeakRef(room)
  }
}
