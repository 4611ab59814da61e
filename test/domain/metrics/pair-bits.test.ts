// The bit matrix behind per-group distinct enterprises must agree with a Set of pairs,
// including across its growth in rows (more enterprises) and in columns (more groups).
import t from 'tap'
import { PairBits } from '../../../src/domain/metrics/pair-bits.js'

t.test('PairBits agrees with a Set of pairs while growing rows and columns', async (t) => {
  let seed = 7
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed % n
  }
  const bits = new PairBits()
  const pairs = new Set<string>()
  let disagreements = 0
  for (let i = 0; i < 60_000; i++) {
    // Columns creep past 32, 64, 128…; rows past the initial capacity.
    const row = rand(Math.min(20_000, 10 + i))
    const column = rand(Math.min(300, 1 + (i >> 8)))
    const key = `${row}:${column}`
    const isNew = !pairs.has(key)
    pairs.add(key)
    if (bits.add(row, column) !== isNew) disagreements += 1
  }
  t.equal(disagreements, 0, 'new-pair answers agree')
  t.ok(pairs.size > 10_000, `${pairs.size} distinct pairs`)
  // Everything marked stays marked after all the growth.
  let lost = 0
  for (const key of pairs) {
    const [row, column] = key.split(':').map(Number) as [number, number]
    if (bits.add(row, column)) lost += 1
  }
  t.equal(lost, 0, 'no pair lost while growing')
})
