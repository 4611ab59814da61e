// Several instances on one PostgreSQL: two server processes take concurrent assign /
// accept / decline / start / complete / cancel / dispatch traffic. Afterwards the
// database must hold the rules by itself: no team over capacity, no demand with two
// active assignments, every demand's status agreeing with its active assignment, and an
// audit trail that accounts for every change (each object's status history, read from
// its audit rows, ends at its current status). Batch dispatch runs one at a time across
// processes (advisory lock): two concurrent committed dispatches never plan on the same
// snapshot. PostgreSQL only (PGlite is one process by nature).
import { sql } from 'drizzle-orm'
import t from 'tap'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'
import { TEST_DATABASE_URL } from '../helpers/db.js'
import { startServer, type ServerProcess } from '../helpers/server.js'

t.setTimeout(240_000)
const OPS = Number(process.env.INSTANCES_OPS ?? 900)
const WORKERS = 16

t.test('several instances on one PostgreSQL', { skip: TEST_DATABASE_URL ? false : 'PostgreSQL only: set TEST_DATABASE_URL (PGlite is a single process)' }, async (t) => {
  const ctx = await buildTestApp(t)
  const url = ctx.db.url!
  const env = {
    DATABASE_URL: url,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    MIGRATE_ON_START: 'false',
    DATABASE_POOL_SIZE: '8',
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_IP: '0',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  }
  const servers: ServerProcess[] = await Promise.all([startServer(env), startServer(env)])
  t.teardown(() => Promise.all(servers.map((s) => s.stop())))

  // The world: three enterprises in two districts; three city teams and two district teams.
  const ents = [
    await enterpriseWithToken(ctx, { districtCode: '440515' }),
    await enterpriseWithToken(ctx, { districtCode: '440515' }),
    await enterpriseWithToken(ctx, { districtCode: '440514' }),
  ]
  const teamSpecs = [
    { level: 'city', districtCode: undefined, capacity: 2 },
    { level: 'city', districtCode: undefined, capacity: 3 },
    { level: 'city', districtCode: undefined, capacity: 4 },
    { level: 'district', districtCode: '440515', capacity: 2 },
    { level: 'district', districtCode: '440514', capacity: 3 },
  ]
  const teams: Awaited<ReturnType<typeof teamWithToken>>[] = []
  for (const [i, spec] of teamSpecs.entries()) {
    const tm = await teamWithToken(ctx, { name: `并发服务队${i + 1}`, ...spec })
    await addMenuItem(ctx, tm.team.id, { serviceKinds: ['tackling', 'training'], skills: ['注塑', '模具'], industries: [] })
    teams.push(tm)
  }
  const tokenOfTeam = new Map(teams.map((x) => [x.team.id as string, x.token]))
  const demandIds: string[] = []
  const ownerOf = new Map<string, string>()
  const newDemand = async (i: number) => {
    const e = ents[i % ents.length]!
    const r = await ctx.request({ method: 'POST', url: '/v1/demands', token: e.token, body: demandBody({ title: `多实例测试需求 ${i}` }) })
    if (r.status !== 201) throw new Error(`demand: ${r.status} ${r.raw}`)
    demandIds.push(r.body.id)
    ownerOf.set(r.body.id, e.token)
  }
  for (let i = 0; i < 40; i++) await newDemand(i)

  // ---- HTTP to the processes, each request to one of the two at random.
  const counts: Record<string, number> = {}
  const unexpected: string[] = []
  let requests = 0
  let fiveXX = 0
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const s = servers[Math.floor(Math.random() * servers.length)]!
    requests++
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const json = (await res.json().catch(() => undefined)) as any
    return { status: res.status, json }
  }
  const record = (op: string, r: { status: number; json: any }, allowed: string[]) => {
    const key = `${r.status}${r.status >= 400 ? ` ${r.json?.code}` : ''}`
    if (r.status >= 500) fiveXX++
    counts[`${op} ${key}`] = (counts[`${op} ${key}`] ?? 0) + 1
    if (r.status >= 300 && !allowed.includes(r.json?.code)) unexpected.push(`${op} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`)
  }

  await t.test('two concurrent committed dispatches on two processes: one plans after the other commits', async (t) => {
    const [a, b] = await Promise.all([0, 1].map((i) => fetch(`${servers[i]!.url}/v1/dispatch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dryRun: false }),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }))))
    requests += 2
    t.equal(a!.status, 200, `dispatch on process 1: ${a!.status}`)
    t.equal(b!.status, 200, `dispatch on process 2: ${b!.status}`)
    const served = [a!.json.served as number, b!.json.served as number]
    const capacity = teamSpecs.reduce((s, x) => s + x.capacity, 0)
    t.ok(Math.max(...served) > 0, `the first dispatch served ${Math.max(...served)} demands`)
    t.equal(Math.min(...served), 0, 'the second, planning after the first committed, found nothing left to serve')
    const assigned = [...a!.json.assignments, ...b!.json.assignments].map((x: { demandId: string }) => x.demandId)
    t.equal(new Set(assigned).size, assigned.length, 'no demand in both plans')
    t.ok(assigned.length <= capacity, `${assigned.length} assignments within the total capacity ${capacity}`)
    const later = a!.json.served === 0 ? a!.json : b!.json
    const loadSeen = (later.teamLoad as Array<{ loadBefore: number }>).reduce((s, x) => s + x.loadBefore, 0)
    t.equal(loadSeen, assigned.length, 'the later plan saw the earlier one’s assignments as load')
    t.comment(`concurrent dispatches: served ${served.join(' and ')}; ${assigned.length} assignments; total capacity ${capacity}`)
  })

  // ---- Mixed traffic.
  const known: Array<{ id: string; teamId: string }> = []
  const addKnown = (a: { id?: string; assignmentId?: string | null; teamId: string }) => {
    const id = a.id ?? a.assignmentId
    if (id) known.push({ id, teamId: a.teamId })
  }
  const seed = await call('GET', '/v1/assignments?limit=100', ADMIN_TOKEN)
  for (const a of seed.json.items) addKnown(a)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!
  const ops: Array<[weight: number, name: string, run: () => Promise<void>]> = [
    [30, 'assign', async () => {
      const teamId = pick(teams).team.id as string
      const r = await call('POST', `/v1/demands/${pick(demandIds)}/assignments`, ADMIN_TOKEN, { teamId, override: true, note: '多实例并发测试' })
      record('assign', r, ['assignment.capacity_full', 'demand.not_open'])
      if (r.status === 201) addKnown(r.json)
    }],
    [16, 'accept', async () => {
      if (!known.length) return
      const a = pick(known)
      record('accept', await call('POST', `/v1/assignments/${a.id}/accept`, tokenOfTeam.get(a.teamId)!), ['assignment.invalid_transition'])
    }],
    [8, 'decline', async () => {
      if (!known.length) return
      const a = pick(known)
      record('decline', await call('POST', `/v1/assignments/${a.id}/decline`, tokenOfTeam.get(a.teamId)!, { reasonCode: 'no_capacity' }), ['assignment.invalid_transition'])
    }],
    [6, 'start', async () => {
      if (!known.length) return
      const a = pick(known)
      record('start', await call('POST', `/v1/assignments/${a.id}/start`, tokenOfTeam.get(a.teamId)!), ['assignment.invalid_transition'])
    }],
    [10, 'complete', async () => {
      if (!known.length) return
      const a = pick(known)
      record('complete', await call('POST', `/v1/assignments/${a.id}/complete`, tokenOfTeam.get(a.teamId)!, { solved: Math.random() < 0.7, traineeCount: 2, summary: '并发测试完成' }), ['assignment.invalid_transition'])
    }],
    [6, 'cancel', async () => {
      if (!known.length) return
      record('cancel', await call('POST', `/v1/assignments/${pick(known).id}/cancel`, ADMIN_TOKEN, { reason: '并发测试取消' }), ['assignment.invalid_transition'])
    }],
    [5, 'dispatch', async () => {
      const r = await call('POST', '/v1/dispatch', ADMIN_TOKEN, { dryRun: false })
      record('dispatch', r, [])
      if (r.status === 200) for (const a of r.json.assignments) addKnown(a)
    }],
    [3, 'cancel demand', async () => {
      const id = pick(demandIds)
      record('cancel demand', await call('POST', `/v1/demands/${id}/cancel`, ownerOf.get(id)!, { reason: '企业撤单' }), ['demand.already_final', 'demand.cancel_too_late'])
    }],
    [6, 'new demand', async () => {
      const e = pick(ents)
      const r = await call('POST', '/v1/demands', e.token, demandBody({ title: `多实例新需求 ${requests}` }))
      record('new demand', r, [])
      if (r.status === 201) {
        demandIds.push(r.json.id)
        ownerOf.set(r.json.id, e.token)
      }
    }],
  ]
  const totalWeight = ops.reduce((s, [w]) => s + w, 0)
  const chooseOp = () => {
    let x = Math.random() * totalWeight
    for (const op of ops) if ((x -= op[0]) < 0) return op
    return ops[0]!
  }
  let remaining = OPS
  const started = Date.now()
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (remaining-- > 0) await chooseOp()[2]()
    }),
  )
  const seconds = (Date.now() - started) / 1000

  await t.test('afterwards the database holds every rule', async (t) => {
    const { database } = ctx.db
    const rows = <T>(q: ReturnType<typeof sql>) => database.rows<T>(q)
    const over = await rows<{ id: string; capacity: number; active: number }>(sql`
      select t.id, t.capacity, count(a.id)::int as active from teams t
      left join assignments a on a.team_id = t.id and a.status in ('assigned', 'accepted', 'in_progress')
      group by t.id, t.capacity having count(a.id) > t.capacity`)
    t.same(over, [], 'no team over capacity')
    const twice = await rows<{ demand_id: string; n: number }>(sql`
      select demand_id, count(*)::int as n from assignments where status in ('assigned', 'accepted', 'in_progress')
      group by demand_id having count(*) > 1`)
    t.same(twice, [], 'no demand with two active assignments')
    const disagree = await rows<{ id: string; status: string; active: string | null; completed: number }>(sql`
      select d.id, d.status,
        (select a.status from assignments a where a.demand_id = d.id and a.status in ('assigned', 'accepted', 'in_progress')) as active,
        (select count(*)::int from assignments a where a.demand_id = d.id and a.status = 'completed') as completed
      from demands d`)
    const wrong = disagree.filter((d) =>
      d.active ? d.status !== d.active : !['open', 'completed', 'cancelled'].includes(d.status) || (d.status === 'completed') !== (Number(d.completed) === 1) || Number(d.completed) > 1,
    )
    t.same(wrong, [], 'every demand’s status agrees with its active assignment (and completed ⇔ one completed assignment)')

    // The audit trail: each assignment's rows form one path assigned → … → its status.
    const assignments = await rows<{ id: string; status: string }>(sql`select id, status from assignments`)
    const audit = await rows<{ object_type: string; object_id: string; action: string; from_status: string | null; to_status: string | null; token_id: string | null }>(sql`
      select object_type, object_id, action, from_status, to_status, token_id from audit_log where object_type in ('assignment', 'demand') order by id`)
    const byObject = new Map<string, typeof audit>()
    for (const r of audit) byObject.set(r.object_id, [...(byObject.get(r.object_id) ?? []), r])
    const broken: string[] = []
    for (const a of assignments) {
      const trail = byObject.get(a.id) ?? []
      const created = trail.filter((r) => r.action === 'assignment.created')
      if (created.length !== 1 || created[0]!.to_status !== 'assigned') {
        broken.push(`assignment ${a.id}: ${created.length} creation rows`)
        continue
      }
      // Assignment statuses never repeat, so following from → to is unambiguous.
      let at = 'assigned'
      const moves = trail.filter((r) => r.action !== 'assignment.created')
      for (let step = moves.find((r) => r.from_status === at); step; step = moves.find((r) => r.from_status === at)) {
        moves.splice(moves.indexOf(step), 1)
        at = step.to_status!
      }
      if (moves.length) broken.push(`assignment ${a.id}: ${moves.length} audit rows off the path`)
      if (at !== a.status) broken.push(`assignment ${a.id}: audit ends at ${at}, status is ${a.status}`)
      if (trail.some((r) => !r.token_id)) broken.push(`assignment ${a.id}: a row without its token`)
    }
    // Demands go round (open → assigned → open …): their rows must form one walk from open
    // (created) to the current status — in-degree and out-degree balance everywhere else.
    const demands = await rows<{ id: string; status: string }>(sql`select id, status from demands`)
    for (const d of demands) {
      const trail = byObject.get(d.id) ?? []
      const balance = new Map<string, number>()
      const add = (s: string, n: number) => balance.set(s, (balance.get(s) ?? 0) + n)
      for (const r of trail) {
        if (r.from_status) add(r.from_status, -1)
        if (r.to_status) add(r.to_status, +1)
      }
      add(d.status, -1) // the walk ends here
      const off = [...balance.entries()].filter(([, n]) => n !== 0)
      if (!trail.some((r) => r.action === 'demand.created' && r.to_status === 'open')) broken.push(`demand ${d.id}: no creation row`)
      if (off.length) broken.push(`demand ${d.id} (${d.status}): audit transitions do not lead to its status ${JSON.stringify(off)}`)
    }
    t.same(broken, [], 'the audit trail accounts for every change')

    t.same(unexpected, [], 'only the expected conflicts (409 with a known code), never a 5xx')
    const statusRows = await rows<{ status: string; n: number }>(sql`select status, count(*)::int as n from assignments group by status order by status`)
    t.comment(`traffic: ${OPS} operations (${requests} requests) by ${WORKERS} workers over 2 processes in ${seconds.toFixed(1)} s; 5xx: ${fiveXX}`)
    t.comment(`answers: ${JSON.stringify(counts)}`)
    t.comment(`assignments now: ${JSON.stringify(Object.fromEntries(statusRows.map((r) => [r.status, Number(r.n)])))}; capacity violations: ${over.length}; demands with two active: ${twice.length}; status disagreements: ${wrong.length}; audit gaps: ${broken.length}`)
  })
})

