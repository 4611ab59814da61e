import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { buildTestApp } from './helpers/app.js'

const { app } = await buildTestApp(t)
await app.ready()

t.test('when the app generates its spec, then it equals the committed openapi.yaml (run `npm run openapi`)', async (t) => {
  const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')
  t.equal(app.swagger({ yaml: true }), committed)
})

t.test('the spec describes the v1 surface of this slice, with problem+json errors', async (t) => {
  const doc = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'))
  t.equal(doc.openapi, '3.1.0')
  for (const [path, methods] of Object.entries({
    '/health': ['get'],
    '/v1/codes/{type}': ['get'],
    '/v1/tokens': ['get', 'post'],
    '/v1/tokens/{id}': ['delete'],
    '/v1/enterprises': ['get', 'post'],
    '/v1/enterprises/{id}': ['get', 'patch'],
    '/v1/demands': ['get', 'post'],
    '/v1/demands/{id}': ['get', 'patch'],
    '/v1/demands/{id}/cancel': ['post'],
    '/v1/audit': ['get'],
  })) {
    for (const m of methods) t.ok(doc.paths[path]?.[m], `${m.toUpperCase()} ${path}`)
  }
  t.ok(doc.paths['/v1/demands'].post.responses['400'].content['application/problem+json'])
  t.ok(doc.paths['/v1/demands'].post.responses['422'], 'Idempotency-Key reuse is documented')
})
