// scripts/patch-postgres-js.mjs (postinstall) moves postgres.js's `static get
// [Symbol.species]` out of Query's class body: in the body it leaves the class in dictionary
// mode, under which every query's objects were promoted to the old generation (README
// Performance). These check that the installed driver carries the change and behaves as
// before: a query's then() still makes a plain Promise.
import { setFlagsFromString } from 'node:v8'
import t from 'tap'

// The package's `exports` hide its files: start from the entry point the service imports
// (the ESM one, src/index.js).
const { Query } = (await import(new URL('query.js', import.meta.resolve('postgres')).href)) as {
  Query: new (strings: string[], args: unknown[], handler: (q: { resolve(x: unknown): void }) => void, canceller: () => void) => Promise<unknown>
}

setFlagsFromString('--allow-natives-syntax')
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: unknown) => boolean

t.test('when the driver is installed, then its Query class keeps fast properties and its species getter', async (t) => {
  t.equal(hasFastProperties(Query), true, 'Query is not in dictionary mode')
  const species = Object.getOwnPropertyDescriptor(Query, Symbol.species)
  t.equal(typeof species?.get, 'function')
  t.equal((Query as unknown as Record<symbol, unknown>)[Symbol.species], Promise)
})

t.test('when a query is awaited through then(), then the result is a plain Promise with the rows', async (t) => {
  const q = new Query(['select 1'], [], (self) => self.resolve([{ x: 1 }]), () => {})
  const next = q.then((rows) => rows)
  t.equal(next instanceof Query, false)
  t.equal(next instanceof Promise, true)
  t.same(await next, [{ x: 1 }])
})
