// GET /v1/audit (admin): the trail of every change, filterable by object, action and token.
import t from 'tap'
import { ADMIN_TOKEN, addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx
const ent = await enterpriseWithToken(ctx)
const team = await teamWithToken(ctx, { level: 'city', districtCode: undefined })
await addMenuItem(ctx, team.team.id)
const d = await request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody() })
const a = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id } })
await request({ method: 'POST', url: `/v1/assignments/${a.body.id}/accept`, token: team.token })
const audit = async (query: string) => {
  const r = await request({ method: 'GET', url: `/v1/audit${query}`, token: ADMIN_TOKEN })
  t.equal(r.status, 200, `GET /v1/audit${query}`)
  return r.body as { items: Array<Record<string, any>>; nextCursor: string | null }
}

t.test('when filtered by object, then the rows tell the story of that object, newest first, with who did it', async (t) => {
  const rows = (await audit(`?objectType=demand&objectId=${d.body.id}`)).items
  t.same(
    rows.map((r) => [r.action, r.fromStatus, r.toStatus]),
    [
      ['demand.accepted', 'assigned', 'accepted'],
      ['demand.assigned', 'open', 'assigned'],
      ['demand.created', null, 'open'],
    ],
  )
  t.equal(rows[0]!.tokenId, team.tokenId, 'the team accepted')
  t.equal(rows[0]!.actorRole, 'team')
  t.equal(rows[2]!.tokenId, ent.tokenId, 'the enterprise posted')
  const byId = (await audit(`?objectId=${a.body.id}`)).items
  t.same(byId.map((r) => r.action), ['assignment.accepted', 'assignment.created'])
})

t.test('when filtered by action, token or time, then only those rows', async (t) => {
  const accepted = (await audit('?action=assignment.accepted')).items
  t.same(accepted.map((r) => r.objectId), [a.body.id])
  const byToken = (await audit(`?tokenId=${team.tokenId}`)).items
  t.ok(byToken.length >= 2 && byToken.every((r) => r.tokenId === team.tokenId), 'only the team token’s rows')
  t.same((await audit(`?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items, [], 'nothing from the future')
  t.ok((await audit(`?updatedSince=${encodeURIComponent(new Date(Date.now() - 600_000).toISOString())}`)).items.length > 0)
})

t.test('when paged, then every row comes once', async (t) => {
  const all = (await audit('?limit=100')).items.map((r) => r.id)
  const seen: string[] = []
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page = await audit(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items.map((r) => r.id))
    cursor = page.nextCursor
  }
  t.same(seen, all)
})

t.test('when the filter is wrong or the caller is not an admin, then 400 / 401 / 403', async (t) => {
  for (const q of ['?objectType=nonsense', '?objectType=%00', '?objectId=1', '?action=DROP%20TABLE', '?tokenId=x', '?limit=101', '?unknown=1']) {
    const r = await request({ method: 'GET', url: `/v1/audit${q}`, token: ADMIN_TOKEN })
    t.equal(r.status, 400, q)
    t.match(String(r.headers['content-type']), /problem\+json/)
  }
  t.equal((await request({ method: 'GET', url: '/v1/audit' })).status, 401)
  t.equal((await request({ method: 'GET', url: '/v1/audit', token: ent.token })).status, 403)
  t.equal((await request({ method: 'GET', url: '/v1/audit', token: team.token })).status, 403)
})
