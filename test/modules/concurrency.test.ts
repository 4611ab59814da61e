// 20 concurrent assignment requests to a team with capacity 3: exactly 3 succeed and 17
// get a clear 409. On PostgreSQL the requests are split across two server processes.
import { and, eq, inArray, sql } from 'drizzle-orm'
import t from 'tap'
import { assignments, auditLog } from '../../src/db/schema.js'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'
import { startServer } from '../helpers/server.js'

const ctx = await buildTestApp(t)
const ent = await enterpriseWithToken(ctx, { districtCode: '440515' })
const team = await teamWithToken(ctx, { name: '澄海区注塑服务队', level: 'district', districtCode: '440515', capacity: 3 })
await addMenuItem(ctx, team.team.id, { serviceKinds: ['tackling'], skills: ['注塑'] })
const demandIds: string[] = []
for (let i = 0; i < 20; i++) {
  const r = await ctx.request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody({ title: `并发派单测试 ${i + 1}` }) })
  demandIds.push(r.body.id)
}

type Result = { status: number; code?: string }

async function viaProcesses(url: string): Promise<{ results: Result[]; processes: number }> {
  const env = { DATABASE_URL: url, BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN, MIGRATE_ON_START: 'false', DATABASE_POOL_SIZE: '10' }
  const servers = await Promise.all([startServer(env), startServer(env)])
  t.teardown(() => Promise.all(servers.map((s) => s.stop())))
  const results = await Promise.all(
    demandIds.map(async (id, i) => {
      const res = await fetch(`${servers[i % 2]!.url}/v1/demands/${id}/assignments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ teamId: team.team.id }),
      })
      const body = (await res.json()) as { code?: string }
      return { status: res.status, code: body.code }
    }),
  )
  return { results, processes: 2 }
}

async function inProcess(): Promise<{ results: Result[]; processes: number }> {
  const results = await Promise.all(
    demandIds.map(async (id) => {
      const r = await ctx.request({ method: 'POST', url: `/v1/demands/${id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id } })
      return { status: r.status, code: r.body.code }
    }),
  )
  return { results, processes: 1 }
}

t.test('when 20 assignments race for a team with capacity 3, then exactly 3 succeed and 17 are 409 capacity_full', async (t) => {
  const { results, processes } = ctx.db.url ? await viaProcesses(ctx.db.url) : await inProcess()
  const ok = results.filter((r) => r.status === 201).length
  const full = results.filter((r) => r.status === 409 && r.code === 'assignment.capacity_full').length
  t.comment(`${results.length} requests over ${processes} process(es) on ${ctx.db.database.driver}: ${ok} × 201, ${full} × 409 capacity_full, others: ${JSON.stringify(results.filter((r) => r.status !== 201 && r.code !== 'assignment.capacity_full'))}`)
  t.equal(ok, 3)
  t.equal(full, 17)
  const db = ctx.db.database.db
  const [active] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assignments)
    .where(and(eq(assignments.teamId, team.team.id), inArray(assignments.status, ['assigned', 'accepted', 'in_progress'])))
  t.equal(Number(active!.n), 3, 'the database agrees: 3 active assignments')
  const [audited] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'assignment.created'))
  t.equal(Number(audited!.n), 3, 'one audit row per assignment, none for refused ones')
  const open = await Promise.all(demandIds.map(async (id) => (await ctx.request({ method: 'GET', url: `/v1/demands/${id}`, token: ADMIN_TOKEN })).body.status))
  t.equal(open.filter((s) => s === 'assigned').length, 3)
  t.equal(open.filter((s) => s === 'open').length, 17, 'refused demands stay open, nothing half-done')
})
