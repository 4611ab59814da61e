// Fault: PostgreSQL stops and comes back while requests flow. The service keeps running;
// while the database is down every request that needs it is a 503 problem+json
// (`service.unavailable`, Retry-After) and /health says so (503, reachable: false); once
// the database is back the same process serves again — no restart — and every demand a
// client was told about (or retried with its Idempotency-Key) is stored exactly once.
// Runs against a PostgreSQL instance of its own (test/faults/private-postgres.ts).
import t from 'tap'
import { enterpriseBody } from '../helpers/app.js'
import { startServer, type ServerProcess } from '../helpers/server.js'
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js'

t.setTimeout(180_000)
const ADMIN = 'fault-admin-token-0123456789abcdef'
const found = findPostgresBin()

const skip = 'missing' in found ? `PostgreSQL server binaries not found: ${found.missing}` : false
{
  const bin = 'bin' in found ? found.bin : ''
  let pg: PrivatePostgres | undefined
  let server: ServerProcess | undefined
  t.teardown(async () => {
    await server?.stop('SIGKILL')
    await pg?.destroy()
  })

  t.test('when PostgreSQL stops and restarts under load, then 503 while down, /health tells, and the same process recovers', { skip }, async (t) => {
    pg = await startPrivatePostgres(bin)
    server = await startServer({
      DATABASE_URL: pg.url,
      DATABASE_POOL_SIZE: '5',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_IP: '0',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    })
    const base = server.url
    const pid = server.child.pid
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(15_000),
        })
        const text = await res.text()
        let json: any
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        return { status: res.status, type: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), json }
      } catch (err) {
        return { status: 0, type: '', retryAfter: null, json: { error: String(err) } }
      }
    }

    // A registered enterprise, so demands can be posted.
    const ent = await call('POST', '/v1/enterprises', enterpriseBody({ name: '汕头市故障测试有限公司' }))
    t.equal(ent.status, 201, 'enterprise registered')
    const enterpriseId = ent.json.id as string

    type Phase = 'up' | 'down' | 'recovering' | 'recovered'
    let phase: Phase = 'up'
    const seen: Record<Phase, Record<string, number>> = { up: {}, down: {}, recovering: {}, recovered: {} }
    const bad: string[] = []
    const created = new Map<string, string>() // idempotency key → demand id
    const pending = new Set<string>() // keys whose answer we never got as 201
    let n = 0
    let stop = false

    const note = (p: Phase, r: { status: number; type: string; retryAfter: string | null; json: any }, what: string) => {
      const k = `${r.status}${r.json?.code ? ` ${r.json.code}` : ''}`
      seen[p][k] = (seen[p][k] ?? 0) + 1
      if (r.status >= 500 && r.status !== 503) bad.push(`${p}: ${what} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`)
      if (r.status === 503) {
        if (!/^application\/problem\+json/.test(r.type) || r.json?.code !== 'service.unavailable' || !r.retryAfter)
          bad.push(`${p}: ${what} → 503 without problem+json service.unavailable and Retry-After: ${r.type} ${JSON.stringify(r.json).slice(0, 160)}`)
      }
      if (r.status === 0) bad.push(`${p}: ${what} → no answer (${r.json?.error})`)
    }

    // Clients: post demands with keys, read lists, poll health — all the time.
    const client = async (c: number) => {
      while (!stop) {
        const p = phase
        const key = `fault-${c}-${++n}`
        const r = await call('POST', '/v1/demands', { enterpriseId, title: `故障期间的需求 ${key}`, description: '数据库重启测试', serviceKinds: ['tackling'] }, { 'idempotency-key': key })
        note(p, r, `POST /v1/demands (${key})`)
        if (r.status === 201) created.set(key, r.json.id)
        else pending.add(key)
        const l = await call('GET', '/v1/demands?limit=5')
        note(p, l, 'GET /v1/demands')
        await new Promise((res) => setTimeout(res, 25))
      }
    }
    const healthDuring: Array<{ phase: Phase; status: number; reachable: unknown }> = []
    const watcher = async () => {
      while (!stop) {
        const p = phase
        const h = await call('GET', '/health')
        healthDuring.push({ phase: p, status: h.status, reachable: h.json?.database?.reachable })
        await new Promise((res) => setTimeout(res, 100))
      }
    }
    const clients = [0, 1, 2, 3].map(client).concat(watcher())

    await new Promise((r) => setTimeout(r, 1500))
    t.comment('fault injected: pg_ctl stop -m fast')
    phase = 'down'
    await pg.stop('fast')
    const downAt = Date.now()
    await new Promise((r) => setTimeout(r, 3000))
    const downHealth = await call('GET', '/health')
    t.equal(downHealth.status, 503, '/health is 503 while the database is down')
    t.match(downHealth.json, { status: 'degraded', database: { driver: 'postgres', reachable: false } })
    const downDemand = await call('GET', '/v1/demands')
    t.equal(downDemand.status, 503, 'a request that needs the database is 503')
    t.equal(downDemand.json?.code, 'service.unavailable')
    t.match(downDemand.type, /^application\/problem\+json/)
    t.ok(Number(downDemand.retryAfter) > 0, 'with Retry-After')

    t.comment('fault cleared: pg_ctl start')
    phase = 'recovering'
    await pg.start()
    const upAt = Date.now()
    let recoveredIn = -1
    for (let i = 0; i < 300; i++) {
      const h = await call('GET', '/health')
      const d = await call('GET', '/v1/demands?limit=1')
      if (h.status === 200 && d.status === 200) {
        recoveredIn = Date.now() - upAt
        break
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    t.ok(recoveredIn >= 0, `the service recovered by itself ${recoveredIn} ms after PostgreSQL came back`)
    phase = 'recovered'
    await new Promise((r) => setTimeout(r, 1500))
    stop = true
    await Promise.all(clients)
    t.equal(server.child.exitCode, null, 'the server process never exited')
    t.equal(server.child.pid, pid, 'and is the same process')

    // Clients retry what they were not told was created, with the same key.
    let retried = 0
    for (const key of pending) {
      if (created.has(key)) continue
      const r = await call('POST', '/v1/demands', { enterpriseId, title: `故障期间的需求 ${key}`, description: '数据库重启测试', serviceKinds: ['tackling'] }, { 'idempotency-key': key })
      note('recovered', r, `retry POST /v1/demands (${key})`)
      retried++
      if (r.status === 201) created.set(key, r.json.id)
    }
    // Every key is stored exactly once.
    const titles = new Map<string, number>()
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = await call('GET', `/v1/demands?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
      t.equal(page.status, 200)
      for (const d of page.json.items as Array<{ title: string }>) titles.set(d.title, (titles.get(d.title) ?? 0) + 1)
      cursor = page.json.nextCursor
    }
    const keys = [...new Set([...created.keys(), ...pending])]
    const lost = keys.filter((k) => !titles.has(`故障期间的需求 ${k}`))
    const duplicated = [...titles.values()].filter((c) => c > 1).length
    t.same(lost, [], 'no demand lost')
    t.equal(duplicated, 0, 'no demand stored twice')
    t.same(bad, [], 'never a 5xx other than 503 problem+json, never a dropped connection')

    const healthDown = healthDuring.filter((h) => h.phase === 'down' && Date.now() - downAt > 0)
    t.ok(healthDown.some((h) => h.status === 503 && h.reachable === false), '/health reported the outage while it lasted')
    const total = Object.values(seen).reduce((s, p) => s + Object.values(p).reduce((a, b) => a + b, 0), 0)
    const fiveXX = Object.values(seen).reduce((s, p) => s + Object.entries(p).filter(([k]) => k.startsWith('5') && !k.startsWith('503')).reduce((a, [, v]) => a + v, 0), 0)
    t.comment(`requests: ${total} (+${healthDuring.length} health polls); by phase: ${JSON.stringify(seen)}`)
    t.comment(`faults injected: 1 stop (fast) + 1 start; recovered ${recoveredIn} ms after restart, no server restart; 5xx other than 503: ${fiveXX}`)
    t.comment(`demands: ${keys.length} keys, ${retried} retried after recovery, ${lost.length} lost, ${duplicated} duplicated`)
  })
}
