import t from 'tap'
import { coalescing } from '../../src/lib/coalesce.js'

/** A `run` whose batches finish when the test says so. */
function controlled<T>() {
  const batches: T[][] = []
  const pending: Array<{ batch: T[]; finish: () => void; fail: (e: Error) => void }> = []
  const run = (batch: T[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(batch)
      pending.push({ batch, finish: () => resolve(batch.map((x) => `done:${String(x)}`)), fail: reject })
    })
  return { run, batches, pending }
}

const tick = () => new Promise((r) => setImmediate(r))

t.test('when the writer is free, then an item goes alone at once', async (t) => {
  const c = controlled<number>()
  const submit = coalescing(c.run, { maxBatch: 10, maxInFlight: 1 })
  const one = submit(1)
  t.same(c.batches, [[1]])
  c.pending[0]!.finish()
  t.equal(await one, 'done:1')
})

t.test('when items arrive while a batch runs, then they go together in the next, each with its own result', async (t) => {
  const c = controlled<number>()
  const submit = coalescing(c.run, { maxBatch: 3, maxInFlight: 1 })
  const results = [1, 2, 3, 4, 5, 6].map((n) => submit(n))
  t.same(c.batches, [[1]], 'the rest wait for the running batch')
  c.pending[0]!.finish()
  await tick()
  t.same(c.batches, [[1], [2, 3, 4]], 'then at most maxBatch together, in arrival order')
  c.pending[1]!.finish()
  await tick()
  t.same(c.batches, [[1], [2, 3, 4], [5, 6]])
  c.pending[2]!.finish()
  t.same(await Promise.all(results), [1, 2, 3, 4, 5, 6].map((n) => `done:${n}`))
})

t.test('when maxInFlight is 2, then two batches run at once and no more', async (t) => {
  const c = controlled<number>()
  const submit = coalescing(c.run, { maxBatch: 10, maxInFlight: 2 })
  const all = [1, 2, 3, 4].map((n) => submit(n))
  t.same(c.batches, [[1], [2]])
  c.pending[1]!.finish()
  await tick()
  t.same(c.batches, [[1], [2], [3, 4]])
  c.pending[0]!.finish()
  c.pending[2]!.finish()
  t.same(await Promise.all(all), ['done:1', 'done:2', 'done:3', 'done:4'])
})

t.test('when two items share a key, then they never share a batch', async (t) => {
  const c = controlled<string>()
  const submit = coalescing(c.run, { maxBatch: 10, maxInFlight: 1, keyOf: (s) => s.split('#')[0] })
  const all = ['a#1', 'a#2', 'b#1', 'a#3', 'c#1'].map((s) => submit(s))
  c.pending[0]!.finish()
  await tick()
  t.same(c.batches[1], ['a#2', 'b#1', 'c#1'], 'a#3 waits: a#2 holds its key in this batch')
  c.pending[1]!.finish()
  await tick()
  t.same(c.batches[2], ['a#3'])
  c.pending[2]!.finish()
  t.same(await Promise.all(all), ['a#1', 'a#2', 'b#1', 'a#3', 'c#1'].map((s) => `done:${s}`))
})

t.test('when a batch of several fails, then each item is tried alone and only the bad one fails', async (t) => {
  const seen: number[][] = []
  const submit = coalescing(
    async (batch: number[]) => {
      seen.push(batch)
      await tick()
      if (batch.includes(13)) throw new Error('bad row 13')
      return batch.map((n) => n * 10)
    },
    { maxBatch: 10, maxInFlight: 1 },
  )
  const all = [1, 2, 13, 4].map((n) => submit(n).then((v) => ({ v }), (e: Error) => ({ e: e.message })))
  t.same(await Promise.all(all), [{ v: 10 }, { v: 20 }, { e: 'bad row 13' }, { v: 40 }])
  t.same(seen, [[1], [2, 13, 4], [2], [13], [4]])
  // The writer is free again afterwards.
  t.equal(await submit(5), 50)
})

t.test('when a batch returns the wrong number of results, then its items are retried alone, and a lone item fails', async (t) => {
  let calls = 0
  const submit = coalescing(
    async (batch: number[]) => {
      calls++
      await tick()
      return batch.length > 1 ? [0] : batch.map((n) => n + 1)
    },
    { maxBatch: 10, maxInFlight: 1 },
  )
  t.same(await Promise.all([submit(1), submit(2), submit(3)]), [2, 3, 4])
  t.equal(calls, 4, 'one lone, one batch of two, two retried alone')
  const broken = coalescing(async () => [] as number[], { maxBatch: 10, maxInFlight: 1 })
  await t.rejects(broken(1), /0 results for 1 items/)
})
