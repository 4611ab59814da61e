// A PostgreSQL instance of the test's own: initdb into a temporary folder, its own port
// on 127.0.0.1, its socket in that folder, run as the `postgres` OS user when we are root
// (PostgreSQL refuses to run as root). The shared server on 5432 is never touched.
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '../helpers/server.js'

const run = promisify(execFile)

/** The bin folder of the newest installed PostgreSQL, or why there is none. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql'
  const fromEnv = process.env.PG_BIN
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? { bin: fromEnv } : { missing: `PG_BIN=${fromEnv} has no initdb` }
  if (!existsSync(root)) return { missing: `${root} does not exist (install PostgreSQL server binaries or set PG_BIN)` }
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? { bin: join(root, versions[0]!, 'bin') } : { missing: `no initdb under ${root}/*/bin` }
}

export interface PrivatePostgres {
  url: string
  port: number
  dir: string
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  start(): Promise<void>
  isRunning(): Promise<boolean>
  /** Stops the instance (if running) and removes its folder. */
  destroy(): Promise<void>
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'zqx-fault-pg-'))
  let uid = -1
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    uid = Number(stdout.trim())
    chownSync(dir, uid, Number(gid.trim()))
  }
  // As the postgres user when we are root; env kept minimal so no PG* variable leaks in.
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: dir })
      : run(join(bin, tool), args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: dir })
  const data = join(dir, 'data')
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`
  const start = async () => {
    await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'])
  }
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pg('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'])
  }
  const isRunning = async () => {
    try {
      await pg('pg_ctl', ['-D', data, 'status'])
      return true
    } catch {
      return false
    }
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start,
    stop,
    isRunning,
    async destroy() {
      if (await isRunning()) await stop('immediate').catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
