// Seeded randomness for the demo data: the same seed gives the same programme on every
// run and every machine (no Math.random, no clock).
import { mulberry32 } from '../domain/matching/random.js'

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** true with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[]
  /** k distinct items (k capped at the list's length), in random order. */
  sample<T>(items: readonly T[], k: number): T[]
  /** An independent stream derived from this one and a label, so adding draws in one part does not shift another. */
  fork(label: string): Rng
}

/** FNV-1a over a string: turns labels into seeds. */
function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

export function createRng(seed: number | string): Rng {
  const seedNum = typeof seed === 'number' ? seed >>> 0 : hash32(seed)
  const next = mulberry32(seedNum)
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((s, [, w]) => s + w, 0)
      let x = next() * total
      for (const [item, w] of items) {
        x -= w
        if (x < 0) return item
      }
      return items[items.length - 1]![0]
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[out[i], out[j]] = [out[j]!, out[i]!]
      }
      return out
    },
    sample<T>(items: readonly T[], k: number): T[] {
      return rng.shuffle(items).slice(0, Math.max(0, k))
    },
    fork: (label) => createRng(hash32(`${seedNum}:${label}`)),
  }
  return rng
}

/**
 * Splits `total` into `n` integer parts, each within [min, max], with uneven (but
 * bounded) sizes: the sum is exact by construction. Throws if no such split exists.
 */
export function partition(rng: Rng, total: number, n: number, min: number, max: number): number[] {
  if (!Number.isInteger(total) || n <= 0 || n * min > total || n * max < total)
    throw new Error(`cannot split ${total} into ${n} parts within [${min}, ${max}]`)
  // Skewed weights (a few big sessions, many ordinary ones), scaled to the remainder.
  const weights = Array.from({ length: n }, () => 0.25 + rng.next() ** 2)
  const sum = weights.reduce((a, b) => a + b, 0)
  const rest = total - n * min
  const parts = weights.map((w) => Math.min(max, min + Math.floor((rest * w) / sum)))
  let left = total - parts.reduce((a, b) => a + b, 0)
  // Hand out what rounding and the caps left over, one unit at a time, to parts with room.
  while (left > 0) {
    const i = rng.int(0, n - 1)
    if (parts[i]! < max) {
      parts[i]!++
      left--
    }
  }
  return parts
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
