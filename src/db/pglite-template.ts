// A newly initialised and migrated embedded database, packed once per set of migrations.
// Initialising an empty PGlite data folder (initdb) takes ~5 s on a small machine;
// unpacking this takes ~1.5 s, so the first `npm start` on a fresh machine is quick.
// `npm ci` makes it (postinstall → scripts/start.mjs); without it the first start simply
// initialises the folder itself.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { createDatabase } from './client.js'
import { migrate, migrationsHash } from './migrate.js'

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/zhuqixing', import.meta.url))

// Named after the migrations and the PGlite version: an upgraded PGlite never reads an older one's folder.
function pgliteVersion(): string {
  try {
    const manifest = fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url))
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}
export const pgliteTemplatePath = () => join(cacheDir, `pglite-${pgliteVersion()}-${migrationsHash()}.tar.gz`)

/** The packed template for the current migrations, if it has been made. */
export function pgliteTemplate(): Blob | undefined {
  const path = pgliteTemplatePath()
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined
}

/** A data folder that does not exist yet or is empty: a new database goes there. */
export const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0

/** Present in a data folder while the template is unpacked into it. */
const UNPACKING = '.zqx-unpacking'

/**
 * Opens a new database in `dataDir` unpacked from the template. A marker file stays in the
 * folder until the unpacking is complete, so a first start killed meanwhile is redone.
 */
export async function openFromTemplate(template: Blob, dataDir: string): Promise<PGlite> {
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, UNPACKING), '')
  const pglite = await PGlite.create({ dataDir, loadDataDir: template })
  rmSync(join(dataDir, UNPACKING))
  return pglite
}

/** A data folder whose first start was killed while the template was unpacked into it. */
export const interruptedUnpacking = (dataDir: string) => existsSync(join(dataDir, UNPACKING))

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
