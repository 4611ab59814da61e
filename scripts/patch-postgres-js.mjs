#!/usr/bin/env node
// postgres.js 3.4.x crashes the whole process when PostgreSQL goes away under load:
// a write deferred with setImmediate runs after the connection's socket was closed and
// throws `TypeError: Cannot read properties of null (reading 'write')` from a timer,
// where no caller can catch it (porsager/postgres#1066, #1154, #1208; fixes proposed in
// #1168, #1176, #1209, not released as of 3.4.9). test/faults/postgres-restart.fault.ts
// reproduces it with `pg_ctl stop -m fast` under load.
//
// This applies the upstream proposal, idempotently, to node_modules/postgres:
//  - nextWrite() on a closed connection rejects the pending queries with the driver's own
//    CONNECTION_CLOSED error (which the service answers as 503) instead of throwing;
//  - closing or terminating a connection forgets its buffered bytes and timer, so the
//    reconnected socket neither replays stale bytes nor waits on a cancelled timer.
//
// It also moves `Query`'s `static get [Symbol.species]` out of the class body into an
// Object.defineProperty after it (same getter, same behaviour: a query's then() still
// makes plain Promises). Declared in the class body, that computed static accessor leaves
// the class in dictionary mode (V8 11 / Node 20, `%HasFastProperties(Query)` false), and
// under a steady query load every query's objects then outlive two scavenges and are
// promoted: at 1,000 queries/s ~0.8 MB/s of garbage reaches the old generation and a full
// collection follows every few seconds. Defined after the class, 0.07 MB/s
// (`node --trace-gc-nvp`, postgres.js alone against PostgreSQL; see README Performance).
// In the server it goes with `--no-allocation-site-pretenuring` (npm start): either alone
// leaves most of the promotion in place.
// Meant as the `postinstall` script; remove once a fixed postgres.js is released.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const MARK = 'zhuqixing: closed-socket guard'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

let pkgDir
try {
  // The package's `exports` hide package.json: walk up from its entry point.
  pkgDir = dirname(require.resolve('postgres'))
  while (!existsSync(join(pkgDir, 'package.json')) || JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name !== 'postgres') pkgDir = dirname(pkgDir)
} catch {
  console.log('patch-postgres-js: postgres is not installed; nothing to do')
  process.exit(0)
}
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version
if (!/^3\.4\./.test(version)) {
  console.log(`patch-postgres-js: postgres ${version} is not a 3.4.x release this patch knows; left alone (check whether it still needs the guard)`)
  process.exit(0)
}

const NEXT_WRITE = /( *)function nextWrite\(fn\) \{\n( *)const x = socket\.write\(chunk, fn\)\n/
const guard = (indent, body) =>
  `${indent}function nextWrite(fn) {\n` +
  `${body}if (socket === null) { // ${MARK}\n` +
  `${body}  nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n` +
  `${body}  chunk = nextWriteTimer = null\n` +
  `${body}  error(Errors.connection('CONNECTION_CLOSED', options))\n` +
  `${body}  return false\n` +
  `${body}}\n` +
  `${body}const x = socket.write(chunk, fn)\n`
const CLEAR = /^( *)clearImmediate\(nextWriteTimer\)\n/gm

/**
 * Applies one change to the package's three builds (src/, cjs/, cf/): files already carrying
 * `mark` are left alone, and a file that does not look as `expected` is reported and not
 * touched (a later postgres.js must be looked at by hand).
 */
function patchBuilds(file, { mark, expected, apply, done, already }) {
  let changed = 0
  for (const rel of ['src', 'cjs/src', 'cf/src'].map((dir) => `${dir}/${file}`)) {
    const path = join(pkgDir, rel)
    if (!existsSync(path)) continue
    const text = readFileSync(path, 'utf8')
    if (text.includes(mark)) continue
    if (!expected(text)) {
      console.error(`patch-postgres-js: ${rel} of postgres ${version} does not look as expected; not patched`)
      process.exitCode = 1
      continue
    }
    writeFileSync(path, apply(text))
    changed++
  }
  console.log(`patch-postgres-js: ${changed ? `${done} in ${changed} file(s)` : already} (postgres ${version})`)
}

patchBuilds('connection.js', {
  mark: MARK,
  expected: (text) => NEXT_WRITE.test(text) && text.includes('function closed(') && /^ *clearImmediate\(nextWriteTimer\)$/m.test(text),
  apply: (text) =>
    text
      .replace(NEXT_WRITE, (_m, indent, body) => guard(indent, body))
      // In terminate() and closed(): cancel and forget the deferred write.
      .replace(CLEAR, (_m, indent) => `${indent}clearImmediate(nextWriteTimer), nextWriteTimer = null, chunk = null // ${MARK}\n`),
  done: 'closed-socket guard applied',
  already: 'closed-socket guard already there',
})

const SPECIES_MARK = 'zhuqixing: species defined after the class'
const SPECIES_IN_CLASS = /\n( *)static get \[Symbol\.species\]\(\) \{\n *return Promise\n *\}\n/
const AFTER_CLASS = '\nfunction cachedError('
patchBuilds('query.js', {
  mark: SPECIES_MARK,
  expected: (text) => SPECIES_IN_CLASS.test(text) && text.split(AFTER_CLASS).length === 2,
  apply: (text) =>
    text
      .replace(SPECIES_IN_CLASS, '\n')
      .replace(AFTER_CLASS, `\n// ${SPECIES_MARK}\nObject.defineProperty(Query, Symbol.species, { configurable: true, get() { return Promise } })\n${AFTER_CLASS}`),
  done: "Query's species moved out of the class",
  already: "Query's species already moved out of the class",
})
