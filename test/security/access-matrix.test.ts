// The access matrix (OWASP API1 object-level and API5 function-level authorisation):
// every operation × every caller (anonymous, admin, enterprise A, enterprise B, team X,
// team Y) × an object on the A/X side and one on the B/Y side, each with the status the
// table below says. Enterprise A owns the A-side objects and team X serves them; B and Y
// the other side. A route of the running app with no row here fails the test, so new
// routes must be added to the table.
//
// Beyond statuses: refused writes change nothing (a checksum of every table), personal
// data (phones, credit codes) and other parties' demands never appear in any answer to a
// caller who may not see them, lists and filters do not leak, and no body can set a field
// the caller may not (API3 mass assignment).
import t from 'tap'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, creditCode, demandBody, enterpriseBody, enterpriseWithToken, menuItemBody, teamBody, teamWithToken } from '../helpers/app.js'
import { fingerprint, tableNames } from './db-fingerprint.js'

// Bounded_ but longer than tap's 30 s default: parallel test files share the CPU.
t.setTimeout(180_000)

// ---------------------------------------------------------------------------------------
// THE TABLE. Columns: anonymous, admin, enterprise A, enterprise B, team X, team Y.
// A cell is one status, or "A-side/B-side" when the operation targets an object (or names
// an owner in its body). "-" cannot happen (not used for any row today).
// ---------------------------------------------------------------------------------------
const TABLE: ReadonlyArray<readonly [op: string, cells: string]> = [
  //                                                   anon  admin    entA     entB     teamX    teamY
  ['GET /health',                                    ' 200   200      200      200      200      200'],
  ['GET /v1/codes/:type',                            ' 200   200      200      200      200      200'],

  ['POST /v1/tokens',                                ' 401   201/201  403      403      403      403'],
  ['GET /v1/tokens',                                 ' 401   200      403      403      403      403'],
  ['DELETE /v1/tokens/:id',                          ' 401   204/204  403      403      403      403'],

  ['POST /v1/enterprises',                           ' 401   201      403      403      403      403'],
  ['GET /v1/enterprises',                            ' 401   200      200      200      403      403'],
  ['GET /v1/enterprises/:id',                        ' 401   200/200  200/404  404/200  403      403'],
  ['PATCH /v1/enterprises/:id',                      ' 401   200/200  200/404  404/200  403      403'],

  ['POST /v1/demands',                               ' 401   201/201  201/403  403/201  403      403'],
  ['GET /v1/demands',                                ' 401   200      200      200      200      200'],
  ['GET /v1/demands/:id',                            ' 401   200/200  200/404  404/200  200/404  404/200'],
  ['PATCH /v1/demands/:id',                          ' 401   200/200  200/404  404/200  403      403'],
  ['POST /v1/demands/:id/cancel',                    ' 401   200/200  200/404  404/200  403      403'],
  ['GET /v1/demands/:id/matches',                    ' 401   200/200  403      403      403      403'],
  ['GET /v1/demands/:id/similar',                    ' 401   200/200  403      403      403      403'],
  ['POST /v1/demands/:id/assignments',               ' 401   201/201  403      403      403      403'],
  ['POST /v1/demands/:id/feedback',                  ' 401   403      201/404  404/201  403      403'],

  ['POST /v1/teams',                                 ' 401   201      403      403      403      403'],
  ['GET /v1/teams',                                  ' 200   200      200      200      200      200'],
  ['GET /v1/teams/:id',                              ' 200   200/200  200/200  200/200  200/200  200/200'],
  ['PATCH /v1/teams/:id',                            ' 401   200/200  403      403      403      403'],
  ['POST /v1/teams/:teamId/menu-items',              ' 401   201/201  403      403      201/403  403/201'],
  ['PATCH /v1/teams/:teamId/menu-items/:itemId',     ' 401   200/200  403      403      200/403  403/200'],
  ['DELETE /v1/teams/:teamId/menu-items/:itemId',    ' 401   204/204  403      403      204/403  403/204'],
  ['GET /v1/menu',                                   ' 200   200      200      200      200      200'],

  ['POST /v1/dispatch',                              ' 401   200      403      403      403      403'],
  ['GET /v1/assignments',                            ' 401   200      403      403      200      200'],
  ['GET /v1/assignments/:id',                        ' 401   200/200  403      403      200/404  404/200'],
  ['POST /v1/assignments/:id/accept',                ' 401   200/200  403      403      200/404  404/200'],
  ['POST /v1/assignments/:id/decline',               ' 401   200/200  403      403      200/404  404/200'],
  ['POST /v1/assignments/:id/start',                 ' 401   200/200  403      403      200/404  404/200'],
  ['POST /v1/assignments/:id/complete',              ' 401   200/200  403      403      200/404  404/200'],
  ['POST /v1/assignments/:id/cancel',                ' 401   200/200  403      403      403      403'],

  ['POST /v1/activities',                            ' 401   201/201  403      403      201/403  403/201'],
  ['GET /v1/activities',                             ' 401   200      403      403      200      200'],
  ['GET /v1/activities/:id',                         ' 401   200/200  403      403      200/404  404/200'],
  ['PATCH /v1/activities/:id',                       ' 401   200/200  403      403      200/404  404/200'],

  ['GET /v1/metrics/impact',                         ' 200   200      200      200      200      200'],
  ['GET /v1/metrics/impact?groupBy=district',        ' 401   200      403      403      403      403'],
  ['GET /v1/metrics/impact/records',                 ' 401   200      403      403      403      403'],
  ['GET /v1/reports/impact',                         ' 401   200      403      403      403      403'],
  ['GET /v1/reports/activities',                     ' 401   200      403      403      403      403'],

  ['GET /v1/audit',                                  ' 401   200      403      403      403      403'],
]

const ACTORS = ['anon', 'admin', 'entA', 'entB', 'teamX', 'teamY'] as const
type Actor = (typeof ACTORS)[number]
type Side = 'A' | 'B'

function parseCell(cell: string): [number, number] {
  const [a, b = a] = cell.split('/')
  return [Number(a), Number(b)]
}
const expectations = new Map(
  TABLE.map(([op, cells]) => {
    const parts = cells.trim().split(/\s+/)
    if (parts.length !== ACTORS.length) throw new Error(`row ${op}: ${parts.length} cells`)
    return [op, Object.fromEntries(ACTORS.map((a, i) => [a, parseCell(parts[i]!)])) as Record<Actor, [number, number]>]
  }),
)

// ---------------------------------------------------------------------------------------
// The world: two enterprises, two city teams (so either may serve either), and on each side
// an accepted demand, a menu item and an activity.
// ---------------------------------------------------------------------------------------
const ctx = await buildTestApp(t, { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_AUTH_FAILURES_PER_IP: '0' })
const { request } = ctx
const database = ctx.db.database

const PHONE = { entA: '13800000111', entB: '13800000222', teamX: '13900000333', teamY: '13900000444' }
const MARK = { A: 'MARKA7f3q', B: 'MARKB9c1z' }

const entA = await enterpriseWithToken(ctx, { name: '汕头市甲方玩具有限公司', contact: { name: '甲联系人', phone: PHONE.entA } })
const entB = await enterpriseWithToken(ctx, { name: '汕头市乙方纺织有限公司', districtCode: '440514', industry: 'textile_apparel', contact: { name: '乙联系人', phone: PHONE.entB } })
const teamX = await teamWithToken(ctx, { name: '市级注塑服务队甲', level: 'city', districtCode: undefined, capacity: 1000, contact: { name: '甲队长', phone: PHONE.teamX } })
const teamY = await teamWithToken(ctx, { name: '市级注塑服务队乙', level: 'city', districtCode: undefined, capacity: 1000, contact: { name: '乙队长', phone: PHONE.teamY } })
const menuX = await addMenuItem(ctx, teamX.team.id, { serviceKinds: ['tackling', 'training'], skills: ['注塑', '模具'], industries: [] })
const menuY = await addMenuItem(ctx, teamY.team.id, { serviceKinds: ['tackling', 'training'], skills: ['注塑', '模具'], industries: [] })

const tokens: Record<Actor, string | undefined> = { anon: undefined, admin: ADMIN_TOKEN, entA: entA.token, entB: entB.token, teamX: teamX.token, teamY: teamY.token }
const ent = { A: entA.enterprise.id as string, B: entB.enterprise.id as string }
const team = { A: teamX.team.id as string, B: teamY.team.id as string }

let requests = 0
async function admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, expect?: number) {
  const r = await request({ method, url, token: ADMIN_TOKEN, body })
  if (expect !== undefined && r.status !== expect) throw new Error(`setup ${method} ${url}: ${r.status} ${r.raw}`)
  return r.body
}

// Fresh objects on one side, made by the admin, for the cells that change them.
const fresh = {
  token: async (s: Side) => (await admin('POST', '/v1/tokens', { role: 'enterprise', enterpriseId: ent[s] }, 201)).id as string,
  openDemand: async (s: Side) =>
    (await admin('POST', '/v1/demands', demandBody({ enterpriseId: ent[s], title: `矩阵测试需求 ${s}`, description: `注塑件缩痕与模具优化 ${MARK[s]}` }), 201)).id as string,
  assigned: async (s: Side) => {
    const demandId = await fresh.openDemand(s)
    const a = await admin('POST', `/v1/demands/${demandId}/assignments`, { teamId: team[s] }, 201)
    return { demandId, assignmentId: a.id as string }
  },
  accepted: async (s: Side) => {
    const x = await fresh.assigned(s)
    await admin('POST', `/v1/assignments/${x.assignmentId}/accept`, undefined, 200)
    return x
  },
  completed: async (s: Side) => {
    const x = await fresh.accepted(s)
    await admin('POST', `/v1/assignments/${x.assignmentId}/complete`, { solved: true, summary: '已解决缩痕问题' }, 200)
    return x
  },
  menuItem: async (s: Side) => (await addMenuItem(ctx, team[s], { title: `临时菜单 ${s}` })).id as string,
  activity: async (s: Side) =>
    (await admin('POST', '/v1/activities', activityBody(s), 201)).id as string,
}
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const activityBody = (s: Side) => ({
  teamId: team[s],
  date: today,
  serviceKind: 'training',
  title: `注塑工艺培训 ${s}`,
  districtCode: s === 'A' ? '440515' : '440514',
  enterpriseIds: [ent[s]],
  traineeCount: 5,
})

const fixture = {
  A: { ...(await fresh.accepted('A')), menuItem: menuX.id as string, activity: await fresh.activity('A') },
  B: { ...(await fresh.accepted('B')), menuItem: menuY.id as string, activity: await fresh.activity('B') },
}

// ---------------------------------------------------------------------------------------
// How each row is sent: its URL and body for a side, and whether every cell needs a fresh
// object (a write that succeeds once cannot succeed again on the same object).
// ---------------------------------------------------------------------------------------
interface Target {
  url: string
  body?: unknown
}
type Plan = { fresh?: boolean; target: (s: Side, actor: Actor) => Promise<Target> | Target }
const at = (url: string, body?: unknown): Target => ({ url, body })

const PLANS: Record<string, Plan> = {
  'GET /health': { target: () => at('/health') },
  'GET /v1/codes/:type': { target: () => at('/v1/codes/industry') },
  'POST /v1/tokens': { fresh: true, target: (s) => at('/v1/tokens', { role: 'enterprise', enterpriseId: ent[s], label: '矩阵' }) },
  'GET /v1/tokens': { target: () => at('/v1/tokens') },
  'DELETE /v1/tokens/:id': { fresh: true, target: async (s) => at(`/v1/tokens/${await fresh.token(s)}`) },
  'POST /v1/enterprises': { fresh: true, target: () => at('/v1/enterprises', enterpriseBody({ creditCode: creditCode() })) },
  'GET /v1/enterprises': { target: () => at('/v1/enterprises') },
  'GET /v1/enterprises/:id': { target: (s) => at(`/v1/enterprises/${ent[s]}`) },
  'PATCH /v1/enterprises/:id': { target: (s) => at(`/v1/enterprises/${ent[s]}`, { address: `汕头市金平区矩阵路 ${s} 号` }) },
  'POST /v1/demands': {
    fresh: true,
    target: (s) => at('/v1/demands', demandBody({ enterpriseId: ent[s], title: `矩阵新需求 ${s}`, description: `描述 ${MARK[s]}` })),
  },
  'GET /v1/demands': { target: () => at('/v1/demands') },
  'GET /v1/demands/:id': { target: (s) => at(`/v1/demands/${fixture[s].demandId}`) },
  'PATCH /v1/demands/:id': { fresh: true, target: async (s) => at(`/v1/demands/${await fresh.openDemand(s)}`, { urgency: 'critical' }) },
  'POST /v1/demands/:id/cancel': { fresh: true, target: async (s) => at(`/v1/demands/${await fresh.openDemand(s)}/cancel`, { reason: '矩阵测试取消' }) },
  'GET /v1/demands/:id/matches': { target: (s) => at(`/v1/demands/${fixture[s].demandId}/matches`) },
  'GET /v1/demands/:id/similar': { target: (s) => at(`/v1/demands/${fixture[s].demandId}/similar`) },
  'POST /v1/demands/:id/assignments': { fresh: true, target: async (s) => at(`/v1/demands/${await fresh.openDemand(s)}/assignments`, { teamId: team[s] }) },
  'POST /v1/demands/:id/feedback': {
    fresh: true,
    target: async (s) => at(`/v1/demands/${(await fresh.completed(s)).demandId}/feedback`, { rating: 5, outcomeConfirmed: true }),
  },
  'POST /v1/teams': { fresh: true, target: () => at('/v1/teams', teamBody()) },
  'GET /v1/teams': { target: () => at('/v1/teams') },
  'GET /v1/teams/:id': { target: (s) => at(`/v1/teams/${team[s]}`) },
  'PATCH /v1/teams/:id': { target: (s) => at(`/v1/teams/${team[s]}`, { memberCount: 15 }) },
  'POST /v1/teams/:teamId/menu-items': { fresh: true, target: (s) => at(`/v1/teams/${team[s]}/menu-items`, menuItemBody({ title: `新菜单 ${s}` })) },
  'PATCH /v1/teams/:teamId/menu-items/:itemId': { target: (s) => at(`/v1/teams/${team[s]}/menu-items/${fixture[s].menuItem}`, { title: `注塑模具优化（改）${s}` }) },
  'DELETE /v1/teams/:teamId/menu-items/:itemId': { fresh: true, target: async (s) => at(`/v1/teams/${team[s]}/menu-items/${await fresh.menuItem(s)}`) },
  'GET /v1/menu': { target: () => at('/v1/menu') },
  'POST /v1/dispatch': { target: () => at('/v1/dispatch', { dryRun: true }) },
  'GET /v1/assignments': { target: () => at('/v1/assignments') },
  'GET /v1/assignments/:id': { target: (s) => at(`/v1/assignments/${fixture[s].assignmentId}`) },
  'POST /v1/assignments/:id/accept': { fresh: true, target: async (s) => at(`/v1/assignments/${(await fresh.assigned(s)).assignmentId}/accept`) },
  'POST /v1/assignments/:id/decline': {
    fresh: true,
    target: async (s) => at(`/v1/assignments/${(await fresh.assigned(s)).assignmentId}/decline`, { reasonCode: 'no_capacity' }),
  },
  'POST /v1/assignments/:id/start': { fresh: true, target: async (s) => at(`/v1/assignments/${(await fresh.accepted(s)).assignmentId}/start`) },
  'POST /v1/assignments/:id/complete': {
    fresh: true,
    target: async (s) => at(`/v1/assignments/${(await fresh.accepted(s)).assignmentId}/complete`, { solved: true, traineeCount: 3, summary: '完成' }),
  },
  'POST /v1/assignments/:id/cancel': { fresh: true, target: async (s) => at(`/v1/assignments/${(await fresh.assigned(s)).assignmentId}/cancel`, { reason: '矩阵测试' }) },
  'POST /v1/activities': { fresh: true, target: (s) => at('/v1/activities', activityBody(s)) },
  'GET /v1/activities': { target: () => at('/v1/activities') },
  'GET /v1/activities/:id': { target: (s) => at(`/v1/activities/${fixture[s].activity}`) },
  'PATCH /v1/activities/:id': { target: (s) => at(`/v1/activities/${fixture[s].activity}`, { title: `注塑工艺培训（更正）${s}` }) },
  'GET /v1/metrics/impact': { target: () => at('/v1/metrics/impact') },
  'GET /v1/metrics/impact?groupBy=district': { target: () => at('/v1/metrics/impact?groupBy=district') },
  'GET /v1/metrics/impact/records': { target: () => at('/v1/metrics/impact/records?figure=activities') },
  'GET /v1/reports/impact': { target: () => at('/v1/reports/impact') },
  'GET /v1/reports/activities': { target: () => at('/v1/reports/activities') },
  'GET /v1/audit': { target: () => at('/v1/audit') },
}

/** Everything each caller was shown, for the leak scan. */
const seen: Record<Actor, string[]> = { anon: [], admin: [], entA: [], entB: [], teamX: [], teamY: [] }

t.test('every /v1 operation of the running app has a row in the table, and every row an operation', async (t) => {
  await ctx.app.ready()
  const doc = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> }
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  )
  // A route hidden from the OpenAPI document would escape the list above: count the
  // router's own /v1 entries too (printRoutes lists every method of every route).
  const stack: string[] = []
  let v1Methods = 0
  for (const line of ctx.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line)
    if (!m) continue
    const depth = [...m[1]!].length / 4
    stack[depth] = m[2]!
    const full = stack.slice(0, depth + 1).join('')
    if (full.startsWith('/v1/')) v1Methods += (m[3] ?? '').split(',').filter((x) => x.trim() && x.trim() !== 'HEAD').length
  }
  const v1Ops = ops.filter((o) => o.includes(' /v1/'))
  t.equal(v1Methods, v1Ops.length, `the router has as many /v1 operations (${v1Methods}) as the OpenAPI document (${v1Ops.length})`)
  const rows = new Set(TABLE.map(([op]) => op.split('?')[0]))
  const missing = ops.filter((o) => !rows.has(o))
  t.same(missing, [], 'operations with no row in the access table (add them)')
  const stale = [...rows].filter((r) => !ops.includes(r!))
  t.same(stale, [], 'rows whose operation no longer exists')
  t.same(Object.keys(PLANS).sort(), TABLE.map(([op]) => op).sort(), 'every row has a plan')
})

t.test('every operation × every caller × own and other’s object answers as the table says; refused writes change nothing', async (t) => {
  let cells = 0
  let writesRefused = 0
  const mismatches: string[] = []
  const tables = await tableNames(database)
  for (const [op, row] of TABLE) {
    const [method, path] = op.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string]
    const plan = PLANS[op]!
    const expected = expectations.get(op)!
    // Rows about an object (or naming an owner in the body) run on both sides.
    const sides: Side[] = /:\w/.test(path) || row.includes('/') ? ['A', 'B'] : ['A']
    let shared: Partial<Record<Side, Target>> = {}
    for (const actor of ACTORS) {
      for (const s of sides) {
        const want = expected[actor][s === 'A' ? 0 : 1]
        const target = plan.fresh ? await plan.target(s, actor) : (shared[s] ??= await plan.target(s, actor))
        const isWrite = method !== 'GET'
        const refused = want >= 400
        const before = isWrite && refused ? await fingerprint(database, tables) : undefined
        const res = await request({ method, url: target.url, token: tokens[actor], body: target.body })
        requests++
        cells++
        seen[actor].push(res.raw)
        const label = `${op} as ${actor} on ${s}-side → ${want}`
        if (res.status !== want) mismatches.push(`${label}, got ${res.status} ${res.raw.slice(0, 200)}`)
        t.equal(res.status, want, label)
        if (res.status >= 400) t.match(String(res.headers['content-type']), /^application\/problem\+json/, `${label}: problem+json`)
        if (before) {
          writesRefused++
          const after = await fingerprint(database, tables)
          t.equal(after.digest, before.digest, `${label}: the database is unchanged`)
        }
        // HEAD answers as GET does.
        if (method === 'GET') {
          const head = await request({ method: 'HEAD' as 'GET', url: target.url, token: tokens[actor] })
          requests++
          t.equal(head.status, want, `HEAD ${label.slice(4)}`)
        }
      }
    }
    shared = {}
  }
  t.comment(`access matrix: ${TABLE.length} rows × ${ACTORS.length} callers, ${cells} cells, ${writesRefused} refused writes checked against a checksum of ${tables.length} tables; mismatches: ${mismatches.length}`)
  for (const m of mismatches) t.comment(`  MISMATCH ${m}`)
})

t.test('lists and filters show each caller only what it may read', async (t) => {
  const get = async (actor: Actor, url: string) => {
    const r = await request({ method: 'GET', url, token: tokens[actor] })
    requests++
    seen[actor].push(r.raw)
    t.equal(r.status, 200, `${actor} GET ${url}`)
    return r.body as { items: any[] }
  }
  const all = async (actor: Actor, url: string) => {
    const items: any[] = []
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const sep = url.includes('?') ? '&' : '?'
      const page = (await get(actor, `${url}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`)) as { items: any[]; nextCursor: string | null }
      items.push(...page.items)
      cursor = page.nextCursor
    }
    return items
  }
  for (const [actor, own] of [['entA', 'A'], ['entB', 'B']] as const) {
    const other: Side = own === 'A' ? 'B' : 'A'
    const demands = await all(actor, '/v1/demands')
    t.ok(demands.length > 0)
    t.ok(demands.every((d) => d.enterpriseId === ent[own]), `${actor} lists only its own demands`)
    t.same(await all(actor, `/v1/demands?enterpriseId=${ent[other]}`), [], `${actor} filtering by the other enterprise gets nothing`)
    const ents = await all(actor, '/v1/enterprises')
    t.same(ents.map((e) => e.id), [ent[own]], `${actor} lists only itself`)
    t.same(await all(actor, `/v1/enterprises?q=${encodeURIComponent(other === 'A' ? '甲方' : '乙方')}`), [], `${actor} cannot search for the other`)
  }
  for (const [actor, own] of [['teamX', 'A'], ['teamY', 'B']] as const) {
    const other: Side = own === 'A' ? 'B' : 'A'
    const assignments = await all(actor, '/v1/assignments')
    t.ok(assignments.length > 0)
    t.ok(assignments.every((a) => a.teamId === team[own]), `${actor} lists only its own assignments`)
    t.same(await all(actor, `/v1/assignments?teamId=${team[other]}`), [], `${actor} filtering by the other team gets nothing`)
    t.same(await all(actor, `/v1/assignments?demandId=${fixture[other].demandId}`), [], `${actor} filtering by the other side's demand gets nothing`)
    const demands = await all(actor, '/v1/demands')
    t.ok(demands.length > 0)
    const mine = new Set(assignments.map((a) => a.demandId))
    t.ok(demands.every((d) => mine.has(d.id)), `${actor} lists only demands ever assigned to it`)
    const activities = await all(actor, '/v1/activities')
    t.ok(activities.every((a) => a.teamId === team[own]), `${actor} lists only its own activities`)
    t.same(await all(actor, `/v1/activities?teamId=${team[other]}`), [], `${actor} filtering activities by the other team gets nothing`)
  }
})

t.test('contact phones: admin and the owner only; teams’ public view hides contact, capacity, load and track record', async (t) => {
  const privateKeys = ['contact', 'capacity', 'load', 'capacityLeft', 'trackRecord']
  for (const actor of ACTORS) {
    for (const s of ['A', 'B'] as Side[]) {
      const r = await request({ method: 'GET', url: `/v1/teams/${team[s]}`, token: tokens[actor] })
      requests++
      seen[actor].push(r.raw)
      const owner = actor === 'admin' || (actor === 'teamX' && s === 'A') || (actor === 'teamY' && s === 'B')
      for (const k of privateKeys) t.equal(k in r.body, owner, `${actor} ${owner ? 'sees' : 'does not see'} team ${s}'s ${k}`)
    }
    const list = await request({ method: 'GET', url: '/v1/teams?limit=100', token: tokens[actor] })
    requests++
    seen[actor].push(list.raw)
    for (const item of list.body.items as any[]) {
      const owner = actor === 'admin' || (actor === 'teamX' && item.id === team.A) || (actor === 'teamY' && item.id === team.B)
      t.equal('contact' in item, owner, `${actor}: list item ${item.name} contact ${owner ? 'shown' : 'hidden'}`)
    }
  }
})

t.test('no mass assignment: a caller cannot set status, owner, team, scores or ids through any body', async (t) => {
  let tried = 0
  const tables = await tableNames(database)
  const attempt = async (actor: Actor, method: 'POST' | 'PATCH', url: string, body: unknown, allowed: number[], why: string) => {
    const before = await fingerprint(database, tables)
    const r = await request({ method, url, token: tokens[actor], body })
    requests++
    tried++
    seen[actor].push(r.raw)
    t.ok(allowed.includes(r.status), `${why}: ${actor} ${method} ${url} ${JSON.stringify(body).slice(0, 80)} → ${r.status} (${allowed.join('/')})`)
    if (r.status === 400) t.ok((r.body.errors as any[])?.some((e) => e.code === 'unknown_field' || e.path), `${why}: names the field`)
    t.equal((await fingerprint(database, tables)).digest, before.digest, `${why}: nothing changed`)
  }
  const openA = await fresh.openDemand('A')
  const assignedX = await fresh.assigned('A')
  const acceptedX = await fresh.accepted('A')
  const completedA = await fresh.completed('A')
  const demand = demandBody({ title: '批量赋值测试' })
  // An enterprise posting or editing its demand.
  for (const extra of [{ status: 'completed' }, { id: '00000000-0000-4000-8000-000000000001' }, { districtCode: '440514' }, { createdAt: '2020-01-01T00:00:00Z' }, { teamId: team.A }, { score: 1 }, { cancelReason: 'x' }])
    await attempt('entA', 'POST', '/v1/demands', { ...demand, ...extra }, [400], 'create demand with a server-owned field')
  await attempt('entA', 'POST', '/v1/demands', { ...demand, enterpriseId: ent.B }, [403], 'create a demand for another enterprise')
  for (const extra of [{ status: 'assigned' }, { enterpriseId: ent.B }, { districtCode: '440514' }, { updatedAt: '2020-01-01T00:00:00Z' }, { currentAssignment: { teamId: team.A } }])
    await attempt('entA', 'PATCH', `/v1/demands/${openA}`, extra, [400], 'patch a server-owned demand field')
  // An enterprise editing itself: identity fields are the admin's.
  for (const extra of [{ name: '改名公司' }, { creditCode: creditCode() }, { industry: 'new_energy' }, { districtCode: '440514' }])
    await attempt('entA', 'PATCH', `/v1/enterprises/${ent.A}`, extra, [403], 'an enterprise changes its identity')
  for (const extra of [{ id: ent.B }, { createdAt: '2020-01-01T00:00:00Z' }, { status: 'x' }])
    await attempt('entA', 'PATCH', `/v1/enterprises/${ent.A}`, extra, [400], 'patch a server-owned enterprise field')
  // A team on its assignments: the state machine and the score are not a body's to set.
  await attempt('teamX', 'POST', `/v1/assignments/${assignedX.assignmentId}/accept`, { status: 'completed' }, [400], 'accept with a status')
  await attempt('teamX', 'POST', `/v1/assignments/${assignedX.assignmentId}/accept`, { score: 1 }, [400], 'accept with a score')
  await attempt('teamX', 'POST', `/v1/assignments/${assignedX.assignmentId}/decline`, { reasonCode: 'other', note: 'x', teamId: team.B }, [400], 'decline handing over to another team')
  for (const extra of [{ score: 1 }, { status: 'cancelled' }, { teamId: team.B }, { demandId: openA }, { endedAt: '2020-01-01T00:00:00Z' }])
    await attempt('teamX', 'POST', `/v1/assignments/${acceptedX.assignmentId}/complete`, { solved: true, summary: '完成', ...extra }, [400], 'complete with a server-owned field')
  // A team on menus and activities.
  for (const extra of [{ teamId: team.B }, { deletedAt: null }, { id: menuX.id }])
    await attempt('teamX', 'POST', `/v1/teams/${team.A}/menu-items`, { ...menuItemBody(), ...extra }, [400], 'menu item with a server-owned field')
  await attempt('teamX', 'PATCH', `/v1/teams/${team.A}/menu-items/${menuX.id}`, { teamId: team.B }, [400], 'move a menu item to another team')
  for (const extra of [{ teamId: team.B }, { createdAt: '2020-01-01T00:00:00Z' }, { industryDefaulted: true }])
    await attempt('teamX', 'PATCH', `/v1/activities/${fixture.A.activity}`, extra, [400], 'patch a server-owned activity field')
  await attempt('teamX', 'POST', '/v1/activities', activityBody('B'), [403], 'record an activity for another team')
  // A team cannot raise its own capacity or reactivate itself (PATCH /teams is admin-only).
  await attempt('teamX', 'PATCH', `/v1/teams/${team.A}`, { capacity: 1000 }, [403], 'a team sets its capacity')
  // Feedback: one per completed assignment, fields fixed.
  for (const extra of [{ assignmentId: acceptedX.assignmentId }, { teamId: team.B }, { rating: 5, createdAt: '2020-01-01T00:00:00Z' }])
    await attempt('entA', 'POST', `/v1/demands/${completedA.demandId}/feedback`, { rating: 4, outcomeConfirmed: true, ...extra }, [400], 'feedback with a server-owned field')
  // Tokens: nobody but an admin issues one; an admin cannot mint one bound to a missing owner.
  await attempt('entA', 'POST', '/v1/tokens', { role: 'admin' }, [403], 'an enterprise mints an admin token')
  await attempt('admin', 'POST', '/v1/tokens', { role: 'admin', enterpriseId: ent.A }, [400], 'an admin token bound to an enterprise')
  await attempt('admin', 'POST', '/v1/tokens', { role: 'enterprise', enterpriseId: '00000000-0000-4000-8000-000000000009' }, [400], 'a token for a missing enterprise')

  const d = await admin('GET', `/v1/demands/${openA}`, undefined, 200)
  t.equal(d.status, 'open')
  t.equal(d.enterpriseId, ent.A)
  const e = await admin('GET', `/v1/enterprises/${ent.A}`, undefined, 200)
  t.equal(e.name, '汕头市甲方玩具有限公司')
  t.comment(`mass assignment: ${tried} attempts, all refused with the database unchanged`)
})

t.test('a team keeps read access to a demand it declined, and nothing more', async (t) => {
  const x = await fresh.assigned('A')
  t.equal((await request({ method: 'POST', url: `/v1/assignments/${x.assignmentId}/decline`, token: teamX.token, body: { reasonCode: 'too_far' } })).status, 200)
  t.equal((await request({ method: 'GET', url: `/v1/demands/${x.demandId}`, token: teamX.token })).status, 200, 'still readable')
  t.equal((await request({ method: 'POST', url: `/v1/assignments/${x.assignmentId}/accept`, token: teamX.token })).status, 409, 'cannot take it back')
  t.equal((await request({ method: 'PATCH', url: `/v1/demands/${x.demandId}`, token: teamX.token, body: { urgency: 'low' } })).status, 403)
  t.equal((await request({ method: 'POST', url: `/v1/demands/${x.demandId}/cancel`, token: teamX.token, body: { reason: 'x' } })).status, 403)
  t.equal((await request({ method: 'GET', url: `/v1/demands/${x.demandId}`, token: teamY.token })).status, 404, 'another team never could')
  requests += 6
})

t.test('a revoked token stops working at once; an expired one never works', async (t) => {
  const issued = await admin('POST', '/v1/tokens', { role: 'enterprise', enterpriseId: ent.A }, 201)
  t.equal((await request({ method: 'GET', url: '/v1/demands', token: issued.token })).status, 200)
  await admin('DELETE', `/v1/tokens/${issued.id}`, undefined, 204)
  const r = await request({ method: 'GET', url: '/v1/demands', token: issued.token })
  t.equal(r.status, 401)
  t.equal(r.body.code, 'auth.token_invalid')
  t.equal((await request({ method: 'GET', url: '/v1/menu', token: issued.token })).status, 401, 'a bad token is refused on public routes too')
  const list = await admin('GET', '/v1/tokens?limit=100', undefined, 200)
  t.notMatch(JSON.stringify(list), /zqx_/, 'token listings never include a secret')
  t.notMatch(JSON.stringify(list), new RegExp(issued.token), 'nor this one')
  requests += 5
})

t.test('personal data and other parties’ demands never reach a caller who may not see them', async (t) => {
  // Secrets and who may see them.
  const rules: Array<{ what: string; needle: string; allowed: Actor[] }> = [
    { what: 'enterprise A phone', needle: PHONE.entA, allowed: ['admin', 'entA'] },
    { what: 'enterprise B phone', needle: PHONE.entB, allowed: ['admin', 'entB'] },
    { what: 'team X phone', needle: PHONE.teamX, allowed: ['admin', 'teamX'] },
    { what: 'team Y phone', needle: PHONE.teamY, allowed: ['admin', 'teamY'] },
    { what: 'enterprise A credit code', needle: entA.enterprise.creditCode, allowed: ['admin', 'entA'] },
    { what: 'enterprise B credit code', needle: entB.enterprise.creditCode, allowed: ['admin', 'entB'] },
    { what: 'A-side demand text', needle: MARK.A, allowed: ['admin', 'entA', 'teamX'] },
    { what: 'B-side demand text', needle: MARK.B, allowed: ['admin', 'entB', 'teamY'] },
    { what: 'a token secret', needle: 'zqx_', allowed: ['admin'] },
  ]
  const leaks: string[] = []
  let scanned = 0
  for (const actor of ACTORS) {
    scanned += seen[actor].length
    for (const rule of rules) {
      if (rule.allowed.includes(actor)) continue
      const hits = seen[actor].filter((body) => body.includes(rule.needle)).length
      if (hits) leaks.push(`${rule.what} shown to ${actor} in ${hits} answer(s)`)
    }
  }
  t.same(leaks, [], 'no leaks')
  // The scan is not vacuous: the owners did see their own data.
  for (const rule of rules) t.ok(rule.allowed.some((a) => seen[a].some((b) => b.includes(rule.needle))), `${rule.what} was seen by someone allowed`)
  t.comment(`leak scan: ${scanned} answers × ${rules.length} secrets, ${leaks.length} leaks; ${requests} requests in this file`)
})
