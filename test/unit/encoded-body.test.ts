import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { EncodedBody, negotiateEncoding } from '../../src/lib/encoded-body.js'

t.test('when a client says what it accepts, then the encoding follows its q-values, then ours (br, gzip, then the body as it is)', async (t) => {
  const cases: [string | undefined, string | null][] = [
    [undefined, null],
    ['', null],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['deflate, gzip;q=1.0, *;q=0.5', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['br;q=0, gzip;q=0, *', null],
    ['*', 'br'],
    ['Gzip', 'gzip'],
    ['identity', null],
    ['deflate', null],
    ['zstd, x-gzip', null],
    ['gzip;q=0.1, identity', null],
    ['br;q=0.5, gzip;q=0.5, identity', null],
    ['gzip;q=0.5, identity;q=0.4', 'gzip'],
    ['identity;q=0', null],
  ]
  for (const [header, expected] of cases) {
    t.equal(negotiateEncoding(header), expected, JSON.stringify(header))
    // asked again (the last answer is kept): the same
    t.equal(negotiateEncoding(header), expected, `${JSON.stringify(header)} again`)
  }
})

t.test('when a body is asked for compressed, then each form decodes to it and is made once', async (t) => {
  const json = Buffer.from(JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: i, title: '注塑模具模流分析与工艺优化', skills: ['注塑', '模具'] })) }))
  const body = new EncodedBody(json)
  const br = body.as('br')
  const gz = body.as('gzip')
  t.same(brotliDecompressSync(br), json)
  t.same(gunzipSync(gz), json)
  t.ok(br.length < json.length / 4 && gz.length < json.length / 4, `${json.length} B to br ${br.length}, gzip ${gz.length}`)
  t.equal(body.as('br'), br, 'the same buffer, not compressed again')
  t.equal(body.as('gzip'), gz)
  t.equal(body.identity, json)
})
