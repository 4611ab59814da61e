// Hostile input (OWASP API8 / "never a 500 for anything a client sent"): requests derived
// from each operation's OpenAPI schema — read at run time from app.swagger(), so new
// operations are covered as they appear — with one part made hostile: a body field of the
// wrong type, huge, full of control characters, emoji and mixed scripts, negative or huge
// numbers, unknown or prototype-polluting fields, SQL and script fragments, bad UUIDs and
// dates; path and query parameters likewise; odd headers and raw bodies. For every answer:
// never a 5xx; every 4xx is problem+json with a code; and a refused write leaves every
// table as it was (a checksum of all rows before and after).
import fc from 'fast-check'
import t from 'tap'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseBody, enterpriseWithToken, menuItemBody, teamBody, teamWithToken } from '../helpers/app.js'
import { fingerprint, tableNames } from './db-fingerprint.js'

// Bounded_ but longer than tap's 30 s default: parallel test files share the CPU.
t.setTimeout(240_000)

const RUNS = Number(process.env.HOSTILE_RUNS ?? 400)
const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined

const ctx = await buildTestApp(t, { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_AUTH_FAILURES_PER_IP: '0', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' })
const { app } = ctx
const database = ctx.db.database
await app.ready()

// ---- A small world whose ids make the non-hostile parts of each request valid.
const entA = await enterpriseWithToken(ctx)
const teamX = await teamWithToken(ctx, { level: 'city', districtCode: undefined, capacity: 1000 })
const menuItem = await addMenuItem(ctx, teamX.team.id)
const adminPost = async (url: string, body?: unknown) => {
  const r = await ctx.request({ method: 'POST', url, token: ADMIN_TOKEN, body })
  if (r.status >= 300) throw new Error(`setup ${url}: ${r.status} ${r.raw}`)
  return r.body
}
const demand = await adminPost('/v1/demands', demandBody({ enterpriseId: entA.enterprise.id }))
const assigned = await adminPost(`/v1/demands/${(await adminPost('/v1/demands', demandBody({ enterpriseId: entA.enterprise.id }))).id}/assignments`, { teamId: teamX.team.id })
const completedDemand = await adminPost('/v1/demands', demandBody({ enterpriseId: entA.enterprise.id }))
const done = await adminPost(`/v1/demands/${completedDemand.id}/assignments`, { teamId: teamX.team.id })
await adminPost(`/v1/assignments/${done.id}/accept`)
await adminPost(`/v1/assignments/${done.id}/complete`, { solved: true, summary: '已解决' })
const spareToken = await adminPost('/v1/tokens', { role: 'enterprise', enterpriseId: entA.enterprise.id, label: 'spare' })
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const activityBody = { teamId: teamX.team.id, date: today, serviceKind: 'training', title: '注塑工艺培训', districtCode: '440515', enterpriseIds: [entA.enterprise.id], traineeCount: 5 }
const activity = await adminPost('/v1/activities', activityBody)

// ---- Valid path parameters and bodies, per operation ("METHOD /path/:param").
const PARAMS: Record<string, string> = {
  type: 'industry',
  teamId: teamX.team.id,
  itemId: menuItem.id,
}
function paramFor(path: string, name: string): string {
  if (PARAMS[name]) return PARAMS[name]!
  if (path.startsWith('/v1/tokens')) return spareToken.id
  if (path.startsWith('/v1/enterprises')) return entA.enterprise.id
  if (path.startsWith('/v1/teams')) return teamX.team.id
  if (path.startsWith('/v1/assignments')) return assigned.id
  if (path.startsWith('/v1/activities')) return activity.id
  if (path.endsWith('/feedback')) return completedDemand.id
  if (path.startsWith('/v1/demands')) return demand.id
  return '00000000-0000-4000-8000-000000000000'
}
const BODIES: Record<string, () => unknown> = {
  'POST /v1/tokens': () => ({ role: 'enterprise', enterpriseId: entA.enterprise.id, label: '标签' }),
  'POST /v1/enterprises': () => enterpriseBody(),
  'PATCH /v1/enterprises/:id': () => ({ address: '汕头市龙湖区 1 号', contact: { name: '陈工', phone: '13800138000' } }),
  'POST /v1/demands': () => demandBody({ enterpriseId: entA.enterprise.id, dueDate: '2030-01-01' }),
  'PATCH /v1/demands/:id': () => ({ urgency: 'low', traineesWanted: 3 }),
  'POST /v1/demands/:id/cancel': () => ({ reason: '测试' }),
  'POST /v1/demands/:id/assignments': () => ({ teamId: teamX.team.id, note: '说明' }),
  'POST /v1/demands/:id/feedback': () => ({ rating: 5, outcomeConfirmed: true, comment: '好' }),
  'POST /v1/teams': () => teamBody(),
  'PATCH /v1/teams/:id': () => ({ memberCount: 12, leader: { name: '林师傅', honors: [] } }),
  'POST /v1/teams/:teamId/menu-items': () => menuItemBody(),
  'PATCH /v1/teams/:teamId/menu-items/:itemId': () => ({ title: '注塑模具优化', skills: ['注塑'] }),
  'POST /v1/dispatch': () => ({ dryRun: true }),
  'POST /v1/assignments/:id/accept': () => ({}),
  'POST /v1/assignments/:id/start': () => ({}),
  'POST /v1/assignments/:id/decline': () => ({ reasonCode: 'other', note: '太远' }),
  'POST /v1/assignments/:id/complete': () => ({ solved: true, traineeCount: 1, benefitYuan: 100, benefitKind: 'expected', summary: '完成' }),
  'POST /v1/assignments/:id/cancel': () => ({ reason: '测试' }),
  'POST /v1/activities': () => activityBody,
  'PATCH /v1/activities/:id': () => ({ title: '更正', traineeCount: 6 }),
}
// Operations only an enterprise may call; the rest go with the admin token (the widest reach).
const TOKEN_FOR: Record<string, string> = { 'POST /v1/demands/:id/feedback': entA.token }

// ---- The operations, from the generated OpenAPI document.
type Schema = Record<string, any>
type Doc = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } }
const doc = app.swagger() as unknown as Doc
const resolve = (s: Schema | undefined): Schema | undefined => {
  if (!s) return s
  if (s.$ref) return resolve(doc.components!.schemas![String(s.$ref).split('/').pop()!])
  return s
}
interface Op {
  key: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  pathParams: string[]
  query: Array<{ name: string; schema: Schema; required: boolean }>
  body?: Schema
  token: string
}
const ops: Op[] = Object.entries(doc.paths).flatMap(([p, methods]) =>
  Object.entries(methods)
    .filter(([m]) => ['get', 'post', 'patch', 'delete'].includes(m))
    .map(([m, op]) => {
      const path = p.replace(/\{(\w+)\}/g, ':$1')
      const key = `${m.toUpperCase()} ${path}`
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; schema: Schema; required?: boolean }>
      return {
        key,
        method: m.toUpperCase() as Op['method'],
        path,
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
        query: params.filter((x) => x.in === 'query').map((x) => ({ name: x.name, schema: resolve(x.schema) ?? {}, required: !!x.required })),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        token: TOKEN_FOR[key] ?? ADMIN_TOKEN,
      }
    }),
)

// ---- Hostile values.
const HUGE = 'x'.repeat(200_000)
const SQL = ["'; drop table demands; --", "' or '1'='1", '1; select pg_sleep(5)', "\\'; truncate audit_log; --", 'ﾠunion select * from tokens--', '$$; delete from teams; $$']
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '<!--#exec cmd="ls"-->']
const UNICODE = ['🏭🔧👷‍♀️', '注塑Injection😀مرحبا', '\u202Eevil\u202C', 'a\u200Bb\u200Dc\uFEFF', 'ｆｕｌｌｗｉｄｔｈ', 'tаckling' /* Cyrillic а */, 'Ⅻ①', '\uD800', 'a\uDFFFb', 'ε⃝̸̡͎̰']
const CONTROL = ['a\u0000b', '\u0007bell', 'line\nbreak', 'tab\tbed', '\r\n\r\n', '\u001b[31mred', '\u007f', '\u0085next']
const PATHS = ['../../etc/passwd', '..\\..\\windows', '%2e%2e%2f', '/dev/null', 'C:\\con']
const BAD_UUIDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '{0c3a9d9e-7b1f-4a0e-8f1e-2b3c4d5e6f70}', '0c3a9d9e7b1f4a0e8f1e2b3c4d5e6f70', '0c3a9d9e-7b1f-4a0e-8f1e-2b3c4d5e6f7', '0c3a9d9e-7b1f-4a0e-8f1e-2b3c4d5e6f70\u0000', "0c3a9d9e-7b1f-4a0e-8f1e-2b3c4d5e6f70' or 1=1--"]
const BAD_DATES = ['2024-02-30', '2024-13-01', '0000-00-00', '99999-01-01', '2024-1-1', '2024-01-01T00:00:00Z', '-001000-01-01', '2024-W01', '１９９９-01-01']
const NUMBERS = [-1, -2147483649, 2147483648, 9007199254740993, 1e308, -1e308, 1.5, 0.1, -0, 1e-320, 99999999999999999999]
const NOT_JSON_NUMBERS = ['12', '1e3', 'NaN', 'Infinity', '0x10', ' 1 ']

const anyJson = fc.jsonValue({ maxDepth: 3 })
const deep = fc.integer({ min: 50, max: 2000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown)
const hugeArray = fc.constantFrom(1_000, 20_000).map((n) => Array.from({ length: n }, (_, i) => `标签${i}`))
const text = fc.oneof(
  fc.constantFrom('', '   ', HUGE, ...SQL, ...SCRIPT, ...UNICODE, ...CONTROL, ...PATHS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.integer({ min: 101, max: 30_000 }).map((n) => '长'.repeat(n)),
)
const wrongType = fc.oneof(anyJson, fc.constantFrom<unknown>(null, true, false, 0, -1, {}, [], [null], { $ne: null }, JSON.parse('{"__proto__": {"admin": true}}') as unknown))

/** A hostile value for a field, aimed at its declared type most of the time. */
function hostileFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = resolve(schema) ?? {}
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  const type = s.type ?? variants?.map((v) => resolve(v)?.type).find((x) => x && x !== 'null')
  const aimed: fc.Arbitrary<unknown>[] = []
  if (type === 'string') {
    aimed.push(text)
    if (s.format === 'uuid') aimed.push(fc.constantFrom(...BAD_UUIDS), fc.uuid())
    if (s.format === 'date') aimed.push(fc.constantFrom(...BAD_DATES))
    if (s.format === 'date-time') aimed.push(fc.constantFrom(...BAD_DATES, '2024-01-01T25:00:00Z', '2024-01-01T00:00:00+99:00'))
    if (s.enum) aimed.push(fc.constantFrom(...(s.enum as string[]).flatMap((e) => [e.toUpperCase(), ` ${e}`, `${e}\u0000`, `${e}x`])))
    if (typeof s.maxLength === 'number') aimed.push(fc.constant('a'.repeat(s.maxLength + 1)))
  } else if (type === 'integer' || type === 'number') {
    aimed.push(fc.constantFrom<unknown>(...NUMBERS, ...NOT_JSON_NUMBERS), fc.double({ noNaN: true }), fc.integer())
    if (typeof s.maximum === 'number') aimed.push(fc.constant(s.maximum + 1))
    if (typeof s.minimum === 'number') aimed.push(fc.constant(s.minimum - 1))
  } else if (type === 'boolean') {
    aimed.push(fc.constantFrom<unknown>('true', 'false', 1, 0, 'yes', null))
  } else if (type === 'array') {
    aimed.push(hugeArray, deep, fc.array(wrongType, { maxLength: 5 }), fc.constantFrom<unknown>('注塑', {}, [[]], ['注塑', '注塑']))
    if (s.items) aimed.push(fc.array(hostileFor(s.items), { minLength: 1, maxLength: 3 }))
  } else if (type === 'object') {
    aimed.push(fc.constantFrom<unknown>('{}', [], null, { toString: 'x' }), deep)
  }
  return fc.oneof({ weight: 3, arbitrary: aimed.length ? fc.oneof(...aimed) : text }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: text })
}

/** Every field path of a body schema, nested objects included (e.g. contact.phone). */
function fieldsOf(schema: Schema | undefined, prefix: string[] = [], depth = 0): Array<{ path: string[]; schema: Schema }> {
  const s = resolve(schema)
  if (!s?.properties || depth > 2) return []
  return Object.entries(s.properties as Record<string, Schema>).flatMap(([k, v]) => {
    const here = { path: [...prefix, k], schema: v }
    return [here, ...fieldsOf(v, [...prefix, k], depth + 1)]
  })
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'status', 'id', 'enterpriseId', 'teamId', 'score', 'admin', 'role', 'createdAt', '$where', '', ' ', 'title\u0000', '标题', '😀']

/** A valid but edge value for a query parameter, when the schema says enough. */
function edgeValue(schema: Schema): string | undefined {
  const s = resolve(schema) ?? {}
  const v = (s.anyOf ?? s.oneOf)?.map((x: Schema) => resolve(x)).find((x: Schema | undefined) => x && x.type !== 'null') ?? s
  if (v.enum) return String(v.enum[v.enum.length - 1])
  if (v.format === 'uuid') return entA.enterprise.id
  if (v.format === 'date') return '2024-02-29'
  if (v.format === 'date-time') return '2024-01-01T00:00:00+08:00'
  if (v.type === 'integer' || v.type === 'number') return String(v.maximum ?? v.minimum ?? 1)
  if (v.type === 'string' && v.pattern === undefined) return '注塑😀'
  return undefined
}

interface HostileRequest {
  op: string
  kind: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

/** A lone surrogate cannot travel in a URL; everything else is sent as given. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let o = obj
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = {}
    o = o[k] as Record<string, unknown>
  }
  o[path[path.length - 1]!] = value
}

function build(op: Op, parts: { params?: Record<string, string>; query?: string; body?: unknown; raw?: string; headers?: Record<string, string>; kind: string }): HostileRequest {
  const path = op.path.replace(/:(\w+)/g, (_m, n: string) => enc(parts.params?.[n] ?? paramFor(op.path, n)))
  const required = op.query
    .filter((q) => q.required && q.schema.enum)
    .map((q) => `${q.name}=${encodeURIComponent(q.schema.enum[0])}`)
    .join('&')
  const qs = [required, parts.query].filter(Boolean).join('&')
  const hasBody = op.method === 'POST' || op.method === 'PATCH'
  const body = parts.raw ?? (parts.body !== undefined ? JSON.stringify(parts.body) : hasBody ? JSON.stringify(BODIES[op.key]?.() ?? {}) : undefined)
  return {
    op: op.key,
    kind: parts.kind,
    method: op.method,
    url: `${path}${qs ? `?${qs}` : ''}`,
    headers: { authorization: `Bearer ${op.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...parts.headers },
    ...(body !== undefined ? { payload: body } : {}),
  }
}

/** One hostile request for an operation: exactly one part of an otherwise valid request is hostile. */
function hostileRequest(op: Op): fc.Arbitrary<HostileRequest> {
  const choices: fc.Arbitrary<HostileRequest>[] = []
  const base = () => structuredClone(BODIES[op.key]?.() ?? {}) as Record<string, unknown>
  const fields = fieldsOf(op.body)
  if (fields.length)
    choices.push(
      fc.constantFrom(...fields).chain((f) => hostileFor(f.schema).map((v) => {
        const body = base()
        setPath(body, f.path, v)
        return build(op, { body, kind: `body.${f.path.join('.')}` })
      })),
    )
  if (op.body) {
    choices.push(
      fc.tuple(fc.constantFrom(...HOSTILE_KEYS), wrongType).map(([k, v]) => {
        const body = base()
        Object.defineProperty(body, k, { value: v, enumerable: true, configurable: true, writable: true })
        return build(op, { body, kind: 'body.unknown_field' })
      }),
      fc.oneof(fc.constantFrom<unknown>(null, [], 'text', 42, true, [{}]), deep, hugeArray).map((body) => build(op, { body, kind: 'body.not_an_object' })),
    )
  }
  if (op.method === 'POST' || op.method === 'PATCH')
    choices.push(
      fc
        .constantFrom(
          '{"title": "注塑',
          '{"a":1,}',
          "{'single': 'quotes'}",
          '\uFEFF{}',
          '{"__proto__": {"admin": true}}',
          '{"constructor": {"prototype": {"admin": true}}}',
          '['.repeat(100_000),
          '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
          '1'.repeat(5000),
          'null',
          '""',
          '',
          '\u0000',
        )
        .map((raw) => build(op, { raw, kind: 'raw_body' })),
      fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application/json; charset=utf-16', '')
        .map((ct) => build(op, { headers: { 'content-type': ct }, kind: 'content_type' })),
    )
  for (const name of op.pathParams)
    choices.push(
      fc.oneof(fc.constantFrom(...BAD_UUIDS, ...SQL, ...UNICODE.filter((u) => !/[\uD800-\uDFFF]/.test(u)), ...PATHS, '', '.', '%', 'a'.repeat(150)), fc.uuid(), fc.string({ unit: 'grapheme', maxLength: 30 })).map((v) =>
        build(op, { params: { [name]: v }, kind: `path.${name}` }),
      ),
    )
  for (const q of op.query)
    choices.push(
      hostileFor(q.schema).map((v) => build(op, { query: `${q.name}=${enc(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`, kind: `query.${q.name}` })),
      fc.constantFrom(`${q.name}=1&${q.name}=2`, `${q.name}[]=a`, `${q.name}[$ne]=x`, `${q.name}=%00`, `${q.name}`).map((query) => build(op, { query, kind: `query.${q.name}.shape` })),
    )
  if (op.query.length || op.method === 'GET')
    choices.push(fc.tuple(fc.constantFrom(...HOSTILE_KEYS.filter(Boolean)), text).map(([k, v]) => build(op, { query: `${enc(k)}=${enc(v.slice(0, 2000))}`, kind: 'query.unknown' })))
  choices.push(
    fc
      .record({
        'accept-language': fc.constantFrom('', '*', 'en;q=abc', 'zh-CN,'.repeat(500), '😀', 'de-DE'),
        'idempotency-key': fc.constantFrom('', ' ', 'k'.repeat(201), 'ключ', 'a\tb', 'ok-key-1'),
        'x-request-id': fc.constantFrom('../../x', 'a'.repeat(100), '<script>', 'fine-id'),
        authorization: fc.constantFrom(`Bearer ${op.token}`, `bearer   ${op.token}  `, `Bearer ${op.token}x`, 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'z'.repeat(5000)}`, `Bearer ${op.token}, Bearer x`),
      }, { requiredKeys: [] })
      .map((headers) => build(op, { headers: headers as Record<string, string>, kind: 'headers' })),
  )
  return fc.oneof(...choices)
}

// ---- The property.
const tables = await tableNames(database)
const stats = { requests: 0, byClass: {} as Record<string, number>, serverErrors: 0, notProblem: 0, refusedWrites: 0, changedByRefusal: 0, acceptedWrites: 0, kinds: new Set<string>(), ops: new Set<string>() }
const failures: string[] = []

async function send(req: HostileRequest) {
  const isWrite = req.method !== 'GET'
  const before = isWrite ? await fingerprint(database, tables) : undefined
  const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) })
  stats.requests++
  stats.kinds.add(req.kind.replace(/\..*/, ''))
  stats.ops.add(req.op)
  const cls = `${String(res.statusCode)[0]}xx`
  stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1
  const what = `${req.method} ${req.url.slice(0, 120)} [${req.kind}] ${req.payload?.slice(0, 120) ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`
  if (res.statusCode >= 500) {
    stats.serverErrors++
    failures.push(`5xx: ${what}`)
    return false
  }
  if (res.statusCode >= 400) {
    let code: unknown
    try {
      code = JSON.parse(res.body).code
    } catch {
      code = undefined
    }
    if (!/^application\/problem\+json/.test(String(res.headers['content-type'])) || typeof code !== 'string') {
      stats.notProblem++
      failures.push(`not problem+json: ${what}`)
      return false
    }
    if (before) {
      stats.refusedWrites++
      const after = await fingerprint(database, tables)
      if (after.digest !== before.digest) {
        stats.changedByRefusal++
        const changed = Object.keys(after.rows).filter((k) => after.rows[k] !== before.rows[k])
        failures.push(`refused write changed the database (${changed.join(', ') || 'row contents'}): ${what}`)
        return false
      }
    }
  } else if (isWrite) stats.acceptedWrites++
  return true
}

t.test('the valid base request of each write operation is accepted (so hostile variants test one thing at a time)', async (t) => {
  for (const op of ops.filter((o) => BODIES[o.key])) {
    const req = build(op, { kind: 'valid' })
    const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload })
    t.ok(res.statusCode < 500, `${op.key} → ${res.statusCode}`)
  }
  const withoutBase = ops.filter((o) => o.body && !BODIES[o.key]).map((o) => o.key)
  t.same(withoutBase, [], 'every operation with a body has a valid base body here (add one for new operations)')
})

t.test(`${RUNS} hostile requests derived from the OpenAPI schemas: never a 5xx, always problem+json, refused writes change nothing`, async (t) => {
  const arb = fc.constantFrom(...ops).chain(hostileRequest)
  const started = Date.now()
  await fc.assert(
    fc.asyncProperty(arb, async (req) => send(req)),
    { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 0 },
  ).catch((err: Error) => failures.push(`fast-check: ${err.message.split('\n').slice(0, 6).join(' | ')}`))
  t.same(failures, [], 'no 5xx, every 4xx problem+json, no refused write changed a row')
  t.equal(stats.serverErrors, 0, '5xx seen')
  t.comment(
    `hostile input: ${stats.requests} requests over ${stats.ops.size}/${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `by status ${JSON.stringify(stats.byClass)}; 5xx: ${stats.serverErrors}; 4xx not problem+json: ${stats.notProblem}; ` +
      `refused writes checked: ${stats.refusedWrites} (changed the database: ${stats.changedByRefusal}); accepted writes: ${stats.acceptedWrites}; ` +
      `parts attacked: ${[...stats.kinds].sort().join(', ')}`,
  )
})

t.test('every operation gets every kind of hostile part at least once (a fixed sweep, independent of the random sample)', async (t) => {
  const before = stats.requests
  for (const op of ops) {
    const reqs: HostileRequest[] = []
    for (const f of fieldsOf(op.body)) {
      for (const v of [null, HUGE, SQL[0], SCRIPT[0], UNICODE[1], '\uD800', CONTROL[0], -1, 1e308, [], {}, BAD_UUIDS[0], BAD_DATES[0]]) {
        const body = structuredClone(BODIES[op.key]?.() ?? {}) as Record<string, unknown>
        setPath(body, f.path, v)
        reqs.push(build(op, { body, kind: `body.${f.path.join('.')}` }))
      }
    }
    for (const name of op.pathParams) for (const v of [...BAD_UUIDS, SQL[0]!, '😀']) reqs.push(build(op, { params: { [name]: v }, kind: `path.${name}` }))
    for (const q of op.query) {
      for (const v of ['-1', '1e999', SQL[0]!, '😀', 'a'.repeat(5000), '\u0000']) reqs.push(build(op, { query: `${q.name}=${enc(v)}`, kind: `query.${q.name}` }))
      // Edge cases that are valid: every filter must work, not only fail well.
      const valid = edgeValue(q.schema)
      if (valid !== undefined) reqs.push(build(op, { query: `${q.name}=${enc(valid)}`, kind: `query.${q.name}.valid` }))
    }
    for (const r of reqs) await send(r)
  }
  t.same(failures, [], 'no failures in the sweep')
  t.comment(`fixed sweep: ${stats.requests - before} requests; 5xx so far: ${stats.serverErrors}`)
})

t.test('URLs the router itself refuses are problem+json too', async (t) => {
  // These never reach a route: fastify answers them from the router (`frameworkErrors`).
  for (const url of ['/v1/demands/%E0%A4%A', `/v1/demands/${'a'.repeat(300)}`]) {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    stats.requests++
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 40)} → ${res.statusCode}`)
    t.match(String(res.headers['content-type']), /^application\/problem\+json/, `${url.slice(0, 40)}: problem+json`, {
      todo: /problem\+json/.test(String(res.headers['content-type'])) ? false : 'needs `frameworkErrors: frameworkErrorHandler` (src/plugins/security.ts) in the Fastify options of src/app.ts',
    })
  }
  t.comment(`total hostile requests in this file: ${stats.requests}, 5xx: ${stats.serverErrors}`)
})
