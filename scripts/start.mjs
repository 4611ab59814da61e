// `npm start`: runs the compiled server (dist/), so a start costs neither a TypeScript
// loader nor its memory. dist/ is built by `npm ci` (postinstall) and rebuilt here first
// whenever a file under src/ (or a tsconfig) is newer than the last build.
// `node scripts/start.mjs --build-only` builds if needed, makes the packed embedded
// database a first start unpacks (src/db/pglite-template.ts), and exits.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
// Written after each successful build.
const stamp = join(root, 'dist', '.built')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

function stale() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'server.js'))) return true
  const sources = Math.max(newestSource(join(root, 'src')), statSync(join(root, 'tsconfig.json')).mtimeMs, statSync(join(root, 'tsconfig.build.json')).mtimeMs)
  return sources > statSync(stamp).mtimeMs
}

const buildOnly = process.argv.includes('--build-only')
const hasDist = existsSync(join(root, 'dist', 'server.js'))
if (stale()) {
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    tsc = undefined
  }
  if (!tsc) {
    // An install without devDependencies: nothing to build with here.
    if (buildOnly) process.exit(0)
    if (!hasDist) {
      console.error('dist/ is missing and TypeScript is not installed: run `npm ci` (with devDependencies), then `npm run build`')
      process.exit(1)
    }
    console.error('warning: src/ looks newer than dist/, but TypeScript is not installed to rebuild it; running dist/ as it is')
  } else {
    console.error('building dist/ from src/ …')
    const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
    if (built.status !== 0) {
      // At install time a failed build must not fail the install: `npm start` tries again.
      if (buildOnly) {
        console.error('warning: building dist/ failed; `npm start` will try again')
        process.exit(0)
      }
      process.exit(built.status ?? 1)
    }
    writeFileSync(stamp, new Date().toISOString())
  }
}
if (buildOnly) {
  // The packed embedded database a first start unpacks (src/db/pglite-template.ts).
  const { ensurePgliteTemplate } = await import('../dist/db/pglite-template.js')
  await ensurePgliteTemplate().catch((err) => console.error(`warning: no embedded database template (${err.message}); a first start initialises one`))
} else await import('../dist/server.js')
