// Fault: the service is killed with SIGKILL in the middle of a load and started again
// (as a supervisor would). Clients posting demands with an Idempotency-Key retry until
// they get their 201 — whichever process answers. Afterwards every demand is stored
// exactly once: none lost, none twice. On PostgreSQL (an instance of the test's own) and
// on the embedded PGlite (a data folder that outlives the killed process).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { enterpriseBody } from '../helpers/app.js'
import { startServer, type ServerProcess } from '../helpers/server.js'
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js'

t.setTimeout(300_000)
const ADMIN = 'fault-admin-token-0123456789abcdef'
const DEMANDS = Number(process.env.FAULT_DEMANDS ?? 120)
const CLIENTS = 6
const KILLS = 3

const found = findPostgresBin()

async function scenario(t: Test, backend: 'postgres' | 'pglite', env: Record<string, string>) {
  const common = { BOOTSTRAP_ADMIN_TOKEN: ADMIN, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', ...env }
  let server: ServerProcess = await startServer(common, 60_000)
  t.teardown(() => server.stop('SIGKILL'))
  let current = server.url

  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    try {
      const res = await fetch(`${current}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      })
      const text = await res.text()
      return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', json: text ? JSON.parse(text) : undefined }
    } catch (err) {
      return { status: 0, replayed: false, json: { error: String((err as Error).cause ?? err) } }
    }
  }
  const ent = await call('POST', '/v1/enterprises', ADMIN, enterpriseBody({ name: `汕头市断电测试${backend}有限公司` }))
  t.equal(ent.status, 201, 'enterprise registered')
  const tok = await call('POST', '/v1/tokens', ADMIN, { role: 'enterprise', enterpriseId: ent.json.id })
  t.equal(tok.status, 201, 'enterprise token issued')
  const token = tok.json.token as string

  const title = (i: number) => `断电重启测试 ${backend} #${i}`
  const stats = { attempts: 0, lostAnswers: 0, created: 0, replayed: 0, byStatus: {} as Record<string, number>, unexpected: [] as string[] }
  let next = 0
  let done = 0
  const client = async () => {
    for (let i = next++; i < DEMANDS; i = next++) {
      for (let attempt = 1; ; attempt++) {
        // For about a third of the demands the first answer is lost on the way, as when a
        // client's connection drops: the request reaches the server, the client never reads
        // the answer and sends again at once. The retry must end with the first answer back
        // (409 idempotency.in_progress while it runs, then Idempotent-Replayed), not a second demand.
        const body = { title: title(i), description: '进程被 SIGKILL 后重启，客户端用同一个幂等键重试。', serviceKinds: ['training'], skills: ['注塑'] }
        const headers = { 'idempotency-key': `sigkill-${backend}-${i}` }
        if (attempt === 1 && Math.random() < 0.33) {
          stats.lostAnswers++
          void call('POST', '/v1/demands', token, body, headers)
          await new Promise((res) => setTimeout(res, Math.random() * 15))
        }
        const r = await call('POST', '/v1/demands', token, body, headers)
        stats.attempts++
        const k = r.status === 0 ? 'no answer' : `${r.status}${r.json?.code ? ` ${r.json.code}` : ''}`
        stats.byStatus[k] = (stats.byStatus[k] ?? 0) + 1
        if (r.status === 201) {
          if (r.replayed) stats.replayed++
          else stats.created++
          done++
          break
        }
        // Retryable: no answer (process gone), 503 (database or process starting), 409 in_progress.
        const retryable = r.status === 0 || r.status === 503 || (r.status === 409 && r.json?.code === 'idempotency.in_progress')
        if (!retryable) stats.unexpected.push(`#${i} attempt ${attempt}: ${k} ${JSON.stringify(r.json).slice(0, 200)}`)
        if (attempt > 400) throw new Error(`demand #${i} never succeeded`)
        await new Promise((res) => setTimeout(res, 40 + Math.random() * 80))
      }
    }
  }
  const killer = async () => {
    const kills: string[] = []
    for (let k = 1; k <= KILLS; k++) {
      const at = Math.floor((DEMANDS * k) / (KILLS + 1))
      while (done < at) await new Promise((res) => setTimeout(res, 5))
      const old = server
      await old.stop('SIGKILL')
      kills.push(`SIGKILL #${k} after ${done}/${DEMANDS} demands (pid ${old.child.pid})`)
      server = await startServer(common, 60_000)
      current = server.url
    }
    return kills
  }
  const started = Date.now()
  const [kills] = await Promise.all([killer(), ...Array.from({ length: CLIENTS }, client)])

  // Count what is stored, by title, through the API of the last process.
  const counts = new Map<string, number>()
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page = await call('GET', `/v1/demands?limit=100${cursor ? `&cursor=${cursor}` : ''}`, ADMIN)
    t.equal(page.status, 200)
    for (const d of page.json.items as Array<{ title: string }>) counts.set(d.title, (counts.get(d.title) ?? 0) + 1)
    cursor = page.json.nextCursor
  }
  const lost = Array.from({ length: DEMANDS }, (_, i) => title(i)).filter((x) => !counts.has(x))
  const duplicated = [...counts.entries()].filter(([, c]) => c > 1).map(([x]) => x)
  t.same(lost, [], 'no demand lost')
  t.same(duplicated, [], 'no demand stored twice')
  t.equal(counts.size, DEMANDS, `exactly ${DEMANDS} demands stored`)
  t.same(stats.unexpected, [], 'only retryable failures (no answer, 503, 409 in_progress) on the way')
  const fiveXX = Object.entries(stats.byStatus).filter(([k]) => /^5/.test(k) && !/^503/.test(k)).reduce((a, [, v]) => a + v, 0)
  t.equal(fiveXX, 0, 'no 5xx other than 503')
  for (const k of kills) t.comment(k)
  t.comment(
    `${backend}: ${DEMANDS} demands by ${CLIENTS} clients, ${stats.attempts} requests (+${stats.lostAnswers} whose answer the client dropped) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${kills.length} SIGKILLs; ` +
      `answers ${JSON.stringify(stats.byStatus)}; first-time 201: ${stats.created}, replayed 201: ${stats.replayed}; lost ${lost.length}, duplicated ${duplicated.length}, 5xx other than 503: ${fiveXX}`,
  )
}

t.test('when the service is SIGKILLed mid-load on PostgreSQL and restarted, then every demand is stored exactly once', { skip: 'missing' in found ? `PostgreSQL server binaries not found: ${found.missing}` : false }, async (t) => {
  let pg: PrivatePostgres | undefined
  t.teardown(async () => pg?.destroy())
  pg = await startPrivatePostgres('bin' in found ? found.bin : '')
  await scenario(t, 'postgres', { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: '5' })
})

t.test('when the service is SIGKILLed mid-load on PGlite and restarted, then every demand is stored exactly once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zqx-fault-pglite-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  await scenario(t, 'pglite', { DATABASE_URL: '', DATA_DIR: dir })
})
