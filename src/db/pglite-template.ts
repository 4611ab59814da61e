// A newly initialised and migrated embedded database, packed once per set of migrations.
// Initialising an empty PGlite data folder (initdb) takes ~5 s on a small machine;
// unpacking this takes ~1.5 s, so the first `npm start` on a fresh machine is quick.
// `npm ci` makes it (postinstall → scripts/start.mjs); without it the first start simply
// initialises the folder itself.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { createDatabase } from './client.js'
import { migrate, migrationsHash } from './migrate.js'

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/zhuqixing', import.meta.url))

export const pgliteTemplatePath = () => join(cacheDir, `pglite-${migrationsHash()}.tar.gz`)

/** The packed template for the current migrations, if it has been made. */
export function pgliteTemplate(): Blob | undefined {
  const path = pgliteTemplatePath()
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined
}

/** A data folder that does not exist yet or is empty: a new database goes there. */
export const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0

/** Makes the template unless it exists; written under another name first, so a half-written one is never read. */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = pgliteTemplatePath()
  if (existsSync(path)) return path
  mkdirSync(cacheDir, { recursive: true })
  const pglite = await PGlite.create()
  await migrate(await createDatabase({ pglite }))
  const packed = await pglite.dumpDataDir('gzip')
  await pglite.close()
  const partial = `${path}.${process.pid}`
  writeFileSync(partial, Buffer.from(await packed.arrayBuffer()))
  renameSync(partial, path)
  return path
}
