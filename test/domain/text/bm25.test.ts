import t from 'tap'
import { buildIndex } from '../../../src/domain/text/bm25.js'

const close = (t: { ok: (v: boolean, m: string) => unknown }, got: number, want: number, msg: string): void => {
  t.ok(Math.abs(got - want) < 1e-6, `${msg}: got ${got}, want ${want}`)
}

t.test('BM25 by hand: one field, k1 = 1.2, b = 0.75', async (t) => {
  // doc0 = [a b], doc1 = [c c c d]; avglen = 3; idf(a) = idf(c) = ln(1 + 1.5/1.5) = ln 2
  const idx = buildIndex([{ fields: { body: ['a', 'b'] } }, { fields: { body: ['c', 'c', 'c', 'd'] } }])
  close(t, idx.idf('a'), Math.log(2), 'idf(a)')
  close(t, idx.idf('zzz'), Math.log(1 + 2.5 / 0.5), 'idf of an unseen term is the largest')
  const raw = idx.scoreRaw(['a', 'c'])
  // doc0: tfn = 1 / (0.25 + 0.75·2/3) = 4/3; sat = (4/3)(2.2)/(4/3 + 1.2) = 22/19
  close(t, raw[0]!, Math.log(2) * (22 / 19), 'raw doc0')
  // doc1: tfn = 3 / (0.25 + 0.75·4/3) = 2.4; sat = 2.4·2.2/3.6 = 22/15
  close(t, raw[1]!, Math.log(2) * (22 / 15), 'raw doc1')
  // normalised: each doc covers one of two equally weighted terms, capped at 1 per term
  const norm = idx.score(['a', 'c'])
  close(t, norm[0]!, 0.5, 'norm doc0')
  close(t, norm[1]!, 0.5, 'norm doc1')
  close(t, idx.score(['a', 'b'])[0]!, 1, 'a doc containing every query term once scores 1')
  close(t, idx.score(['a', 'zzz'])[0]!, Math.log(2) / (Math.log(2) + Math.log(6)), 'unseen terms stay in the denominator')
})

t.test('BM25F field weights: a term in the top field counts 1, in a lighter field less', async (t) => {
  const idx = buildIndex(
    [{ fields: { skills: ['x'], body: ['y'] } }, { fields: { skills: ['y'], body: ['x'] } }],
    { fieldWeights: { skills: 3, body: 1 } },
  )
  const s = idx.score(['x'])
  close(t, s[0]!, 1, 'x in skills')
  // body at average length: tfn = 1, sat(1) = 1; reference sat(3) = 6.6/4.2 → 4.2/6.6
  close(t, s[1]!, 4.2 / 6.6, 'x in body only')
  const ex = idx.explain(['x', 'y'], 0)
  t.same(ex.map((e) => e.term), ['x', 'y'], 'explain orders terms by contribution')
  close(t, ex.reduce((a, e) => a + e.contribution, 0), idx.score(['x', 'y'])[0]!, 'contributions sum to the score')
})

t.test('weighted queries, empty queries, outside documents', async (t) => {
  const idx = buildIndex([{ fields: { body: ['a', 'b'] } }, { fields: { body: ['c', 'd'] } }])
  const s = idx.score(new Map([['a', 3], ['c', 1]]))
  close(t, s[0]!, 0.75, 'weight 3 of 4')
  close(t, s[1]!, 0.25, 'weight 1 of 4')
  t.same([...idx.score([])], [0, 0], 'empty query scores 0')
  close(t, idx.scoreDocument(['a', 'b'], { fields: { body: ['a', 'b'] } }), 1, 'outside document scored like an inside one')
  t.equal(buildIndex([]).score(['a']).length, 0, 'empty index')
  t.throws(() => buildIndex([], { k1: 0 }), RangeError)
})

t.test('scoreInto writes the scores into the array it is given, whatever it held', async (t) => {
  const idx = buildIndex([{ fields: { body: ['a', 'b'] } }, { fields: { body: ['b', 'c'] } }, { fields: { body: ['d'] } }])
  const out = new Float64Array([7, 7, 7])
  t.equal(idx.scoreInto(['b', 'c'], out), out, 'the same array back')
  t.same([...out], [...idx.score(['b', 'c'])], 'the scores score() gives')
  t.equal(out[2], 0, 'a document without the terms is 0 again')
  t.throws(() => idx.scoreInto(['b'], new Float64Array(2)), RangeError, 'an array of the wrong length is refused')
})
