import t from 'tap'
import { todayInShanghai } from '../../src/lib/pagination.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { request } = ctx

// 澄海 toy maker, 龙湖 plastics maker; a 澄海 district team and a city team.
const toys = await enterpriseWithToken(ctx, { districtCode: '440515', industry: 'toys_creative' })
const plastics = await enterpriseWithToken(ctx, { districtCode: '440507', industry: 'plastics' })
const local = await teamWithToken(ctx, { name: '澄海区玩具模具劳模服务队', level: 'district', districtCode: '440515', capacity: 10 })
const city = await teamWithToken(ctx, { name: '市级智能制造劳模服务队', level: 'city', districtCode: '440507', capacity: 10 })

const body = (overrides: Record<string, unknown> = {}) => ({
  teamId: local.team.id,
  date: '2024-05-10',
  serviceKind: 'training',
  title: '注塑工艺与模具保养培训班',
  districtCode: '440515',
  enterpriseIds: [toys.enterprise.id],
  demandIds: [],
  traineeCount: 30,
  onSiteProblemsSolved: ['注塑件缩痕', '模具冷却水路堵塞'],
  benefitYuan: 120000,
  benefitKind: 'expected',
  ...overrides,
})
const post = (b: unknown, token = local.token, headers: Record<string, string> = {}) => request({ method: 'POST', url: '/v1/activities', token, body: b, headers })
const patch = (id: string, b: unknown, token = local.token) => request({ method: 'PATCH', url: `/v1/activities/${id}`, token, body: b })
const get = (id: string, token = ADMIN_TOKEN) => request({ method: 'GET', url: `/v1/activities/${id}`, token })
const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort()
const codes = (res: { body: { errors: { code: string }[] } }) => res.body.errors.map((e) => e.code).sort()

/** A demand of `ent`, assigned (with override, as eligibility is not the point here) to `team` and accepted. */
async function acceptedDemand(ent: { token: string }, team: { team: { id: string }; token: string }, overrides: Record<string, unknown> = {}) {
  const d = await request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody(overrides) })
  const a = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/assignments`, token: ADMIN_TOKEN, body: { teamId: team.team.id, override: true, note: '测试派单' } })
  if (a.status !== 201) throw new Error(`assign: ${a.status} ${a.raw}`)
  const acc = await request({ method: 'POST', url: `/v1/assignments/${a.body.id}/accept`, token: team.token })
  if (acc.status !== 200) throw new Error(`accept: ${acc.status} ${acc.raw}`)
  return { demandId: d.body.id as string, assignmentId: a.body.id as string }
}
const complete = (assignmentId: string, outcome: Record<string, unknown>, token = local.token) =>
  request({ method: 'POST', url: `/v1/assignments/${assignmentId}/complete`, token, body: { solved: false, completedOn: '2024-05-20', summary: '服务完成', ...outcome } })

t.test('when a team records its own activity, then it is stored with the industry resolved from its first enterprise, and audited', async (t) => {
  const res = await post(body())
  t.equal(res.status, 201)
  t.match(res.body, {
    teamId: local.team.id,
    teamName: '澄海区玩具模具劳模服务队',
    teamLevel: 'district',
    date: '2024-05-10',
    serviceKind: 'training',
    districtCode: '440515',
    districtName: '澄海区',
    industry: 'toys_creative',
    industryDefaulted: true,
    enterpriseIds: [toys.enterprise.id],
    demandIds: [],
    linkedEnterpriseIds: [],
    enterprises: [{ id: toys.enterprise.id, name: toys.enterprise.name, via: 'listed' }],
    traineeCount: 30,
    onSiteProblemsSolved: ['注塑件缩痕', '模具冷却水路堵塞'],
    problemsSolved: 2,
    benefitYuan: 120000,
    benefitKind: 'expected',
  })
  t.same((await get(res.body.id)).body, res.body)
  t.same((await get(res.body.id, local.token)).body, res.body, 'the team reads its own')
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=activity&objectId=${res.body.id}`, token: ADMIN_TOKEN })
  t.match(audit.body.items, [{ action: 'activity.created', actorRole: 'team', data: { teamId: local.team.id, traineeCount: 30, problemsSolved: 2 } }])

  const given = await post(body({ industry: 'plastics', enterpriseIds: [toys.enterprise.id, plastics.enterprise.id] }), ADMIN_TOKEN)
  t.equal(given.status, 201, 'an admin records for any team')
  t.match(given.body, { industry: 'plastics', industryDefaulted: false })

  const bare = await post(body({ enterpriseIds: [], industry: 'other', traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined, title: '劳模工匠技术交流会' }))
  t.equal(bare.status, 201, 'an activity need not name an enterprise when it names its industry')
  t.match(bare.body, { enterprises: [], benefitYuan: null, benefitKind: null })
})

t.test('when someone else records an activity for a team, then 403 (another team, an enterprise) or 401 (no token)', async (t) => {
  const other = await post(body({ teamId: city.team.id }))
  t.equal(other.status, 403)
  t.equal(other.body.code, 'auth.forbidden')
  t.match(other.body.detail, /本队/)
  t.equal((await post(body(), toys.token)).status, 403)
  t.equal((await request({ method: 'POST', url: '/v1/activities', body: body() })).status, 401)
})

t.test('when fields are wrong, then 400 naming each field', async (t) => {
  const many = await post({ ...body(), date: '2024-13-01', serviceKind: 'cooking', title: '', traineeCount: -1, onSiteProblemsSolved: ['ok', ''], color: 'red' })
  t.equal(many.status, 400)
  t.equal(many.body.code, 'validation.failed')
  t.same(paths(many), ['color', 'date', 'onSiteProblemsSolved.1', 'serviceKind', 'title', 'traineeCount'])
  t.match(many.body.errors.find((e: { path: string }) => e.path === 'color'), { code: 'unknown_field', message: '不允许的字段 "color"' })

  const amountOnly = await post(body({ benefitKind: undefined }))
  t.same(paths(amountOnly), ['benefitKind'])
  t.same(codes(amountOnly), ['benefit_pair'])
  const kindOnly = await post(body({ benefitYuan: undefined }))
  t.same(paths(kindOnly), ['benefitYuan'])

  const future = await post(body({ date: '2999-01-01' }))
  t.same(paths(future), ['date'])
  t.same(codes(future), ['date_in_future'])

  const dup = await post(body({ enterpriseIds: [toys.enterprise.id, toys.enterprise.id] }))
  t.same(paths(dup), ['enterpriseIds'])

  const outside = await post(body({ districtCode: '440305' }))
  t.same(paths(outside), ['districtCode'])
  t.same(codes(outside), ['district.not_in_city'])

  const ghost = '0190a000-0000-7000-8000-000000000001'
  const unknown = await post(body({ enterpriseIds: [toys.enterprise.id, ghost], demandIds: [ghost] }))
  t.equal(unknown.status, 400)
  t.same(paths(unknown), ['demandIds.0', 'enterpriseIds.1'])
  t.same(codes(unknown), ['unknown_demand', 'unknown_enterprise'])
  t.match(unknown.body.detail, /enterpriseIds\.1/)

  const noTeam = await post(body({ teamId: ghost }), ADMIN_TOKEN)
  t.same(paths(noTeam), ['teamId'])

  const noIndustry = await post(body({ enterpriseIds: [] }))
  t.same(paths(noIndustry), ['industry'])
  t.match(noIndustry.body.errors[0].message, /industry/)

})

t.test('when demands are linked, then their owners are served too, and a team links only demands it was assigned', async (t) => {
  const mine = await acceptedDemand(plastics, local, { title: '吹塑件壁厚不均' })
  const res = await post(body({ enterpriseIds: [toys.enterprise.id], demandIds: [mine.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined }))
  t.equal(res.status, 201)
  t.same(res.body.demandIds, [mine.demandId])
  t.same(res.body.linkedEnterpriseIds, [plastics.enterprise.id])
  t.same(
    res.body.enterprises.map((e: { id: string; via: string }) => [e.id, e.via]),
    [
      [toys.enterprise.id, 'listed'],
      [plastics.enterprise.id, 'linkedDemand'],
    ],
  )

  // With no listed enterprise, the owner of the first linked demand sets the industry.
  const viaDemand = await post(body({ enterpriseIds: [], demandIds: [mine.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined }))
  t.equal(viaDemand.status, 201)
  t.match(viaDemand.body, { industry: 'plastics', industryDefaulted: true, enterprises: [{ id: plastics.enterprise.id, via: 'linkedDemand' }] })

  // Listed and owner at once: one enterprise, shown once.
  const both = await post(body({ enterpriseIds: [plastics.enterprise.id], demandIds: [mine.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined }))
  t.equal(both.body.enterprises.length, 1)

  const notMine = await acceptedDemand(toys, city, { title: '外壳喷涂色差' })
  const refused = await post(body({ demandIds: [notMine.demandId] }))
  t.equal(refused.status, 400)
  t.same(paths(refused), ['demandIds.0'])
  t.equal((await post(body({ teamId: local.team.id, demandIds: [notMine.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined }), ADMIN_TOKEN)).status, 201, 'an admin may link any demand')
})

t.test('when the same Idempotency-Key is sent twice, then one activity is created and the answer replayed', async (t) => {
  const key = `act-${Date.now()}`
  const b = body({ title: '幂等测试活动' })
  const first = await post(b, local.token, { 'idempotency-key': key })
  const second = await post({ ...b }, local.token, { 'idempotency-key': key })
  t.equal(first.status, 201)
  t.equal(second.status, 201)
  t.same(second.body, first.body)
  t.equal(second.headers['idempotent-replayed'], 'true')
  const list = await request({ method: 'GET', url: '/v1/activities?limit=100', token: ADMIN_TOKEN })
  t.equal(list.body.items.filter((a: { title: string }) => a.title === '幂等测试活动').length, 1)
  const reused = await post(body({ title: '另一个活动' }), local.token, { 'idempotency-key': key })
  t.equal(reused.status, 422)
  t.equal(reused.body.code, 'idempotency.key_reused')
})

t.test('when activities are read, then a team sees only its own, with filters and cursor pagination', async (t) => {
  const cityAct = await post(body({ teamId: city.team.id, date: '2023-11-02', serviceKind: 'exchange', districtCode: '440507', enterpriseIds: [plastics.enterprise.id] }), city.token)
  t.equal(cityAct.status, 201)
  t.equal((await get(cityAct.body.id, local.token)).status, 404, 'another team’s activity is not visible')
  t.equal((await get(cityAct.body.id, local.token)).body.code, 'activity.not_found')
  t.equal((await patch(cityAct.body.id, { title: '改' })).status, 404)
  t.equal((await get(cityAct.body.id, toys.token)).status, 403, 'enterprises do not read activities')

  const mine = await request({ method: 'GET', url: '/v1/activities?limit=100', token: local.token })
  t.ok(mine.body.items.length > 0)
  t.ok(mine.body.items.every((a: { teamId: string }) => a.teamId === local.team.id))
  const all = await request({ method: 'GET', url: '/v1/activities?limit=100', token: ADMIN_TOKEN })
  t.ok(all.body.items.some((a: { id: string }) => a.id === cityAct.body.id))

  const filtered = await request({ method: 'GET', url: `/v1/activities?teamId=${city.team.id}&from=2023-11-01&to=2023-11-02&serviceKind=exchange&districtCode=440507`, token: ADMIN_TOKEN })
  t.same(
    filtered.body.items.map((a: { id: string }) => a.id),
    [cityAct.body.id],
  )
  t.same((await request({ method: 'GET', url: '/v1/activities?from=2023-11-03&to=2023-12-31', token: ADMIN_TOKEN })).body.items, [], 'day bounds are inclusive and exact')
  t.equal((await request({ method: 'GET', url: `/v1/activities?enterpriseId=${plastics.enterprise.id}&teamId=${city.team.id}`, token: ADMIN_TOKEN })).body.items.length, 1)
  t.equal((await request({ method: 'GET', url: '/v1/activities?from=2024-02-01&to=2024-01-01', token: ADMIN_TOKEN })).status, 400)

  // Pages of one, newest first, cover every activity exactly once.
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await request({ method: 'GET', url: `/v1/activities?limit=1${cursor ? `&cursor=${cursor}` : ''}`, token: ADMIN_TOKEN })
    seen.push(...page.body.items.map((a) => a.id))
    cursor = page.body.nextCursor
  } while (cursor)
  t.same(seen, all.body.items.map((a: { id: string }) => a.id))

  const since = new Date().toISOString()
  const later = await post(body({ title: '增量同步测试' }))
  const changed = await request({ method: 'GET', url: `/v1/activities?updatedSince=${encodeURIComponent(since)}`, token: ADMIN_TOKEN })
  t.ok(changed.body.items.some((a: { id: string }) => a.id === later.body.id))
  t.notOk(changed.body.items.some((a: { id: string }) => a.id === cityAct.body.id))
})

t.test('when an activity is corrected, then only the given fields change, and the audit row lists each change', async (t) => {
  const created = await post(body({ title: '待更正的活动' }))
  const id = created.body.id as string
  const res = await patch(id, { title: '注塑工艺培训班（第二期）', traineeCount: 35, onSiteProblemsSolved: ['注塑件缩痕'] })
  t.equal(res.status, 200)
  t.match(res.body, { title: '注塑工艺培训班（第二期）', traineeCount: 35, problemsSolved: 1, date: '2024-05-10', benefitYuan: 120000 })
  t.ok(res.body.updatedAt > created.body.updatedAt)
  const audit = await request({ method: 'GET', url: `/v1/audit?objectType=activity&objectId=${id}`, token: ADMIN_TOKEN })
  t.same(audit.body.items[0].data.changed, {
    title: { from: '待更正的活动', to: '注塑工艺培训班（第二期）' },
    traineeCount: { from: 30, to: 35 },
    onSiteProblemsSolved: { from: ['注塑件缩痕', '模具冷却水路堵塞'], to: ['注塑件缩痕'] },
  })

  // The industry was defaulted, so it follows the new first enterprise.
  const moved = await patch(id, { enterpriseIds: [plastics.enterprise.id, toys.enterprise.id] })
  t.match(moved.body, { industry: 'plastics', industryDefaulted: true, enterpriseIds: [plastics.enterprise.id, toys.enterprise.id] })
  const pinned = await patch(id, { industry: 'health' }, ADMIN_TOKEN)
  t.match(pinned.body, { industry: 'health', industryDefaulted: false })
  t.match((await patch(id, { enterpriseIds: [toys.enterprise.id] })).body, { industry: 'health' }, 'a given industry stays')

  const cleared = await patch(id, { benefitYuan: null, benefitKind: null })
  t.match(cleared.body, { benefitYuan: null, benefitKind: null })
  t.same(paths(await patch(id, { benefitYuan: 5 })), ['benefitKind'])
  t.same(paths(await patch(id, { benefitYuan: null })), ['benefitKind'])
  t.same(paths(await patch(id, { teamId: city.team.id })), ['teamId'], 'the team cannot be changed')
  t.same(codes(await patch(id, {})), ['empty_patch'])
  t.same(paths(await patch(id, { districtCode: '110101' })), ['districtCode'])
  const ghost = '0190a000-0000-7000-8000-000000000002'
  t.same(paths(await patch(id, { demandIds: [ghost] })), ['demandIds.0'])

  const before = (await request({ method: 'GET', url: `/v1/audit?objectType=activity&objectId=${id}`, token: ADMIN_TOKEN })).body.items.length
  const same = await patch(id, { title: '注塑工艺培训班（第二期）' })
  t.equal(same.status, 200)
  const after = (await request({ method: 'GET', url: `/v1/audit?objectType=activity&objectId=${id}`, token: ADMIN_TOKEN })).body.items.length
  t.equal(after, before, 'a correction that changes nothing writes no audit row')
})

t.test('when a completion already reported a demand’s outcome, then a linked activity reporting one too is a 409, and the other way round', async (t) => {
  // Completion first: trainees reported; a linked activity with trainees (or anything) is refused.
  const d1 = await acceptedDemand(toys, local, { title: '注塑件飞边' })
  t.equal((await complete(d1.assignmentId, { solved: true, traineeCount: 12 })).status, 200)
  const second = await post(body({ demandIds: [d1.demandId], traineeCount: 5, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined }))
  t.equal(second.status, 409)
  t.equal(second.body.code, 'outcome.already_reported')
  t.match(second.body, { demandId: d1.demandId, figures: ['trainees'], reportedBy: { kind: 'completion', assignmentId: d1.assignmentId }, reportedFigures: ['trainees', 'problemsSolved'] })
  t.match(second.body.detail, /注塑件飞边/)
  const english = await request({ method: 'POST', url: '/v1/activities', token: local.token, body: body({ demandIds: [d1.demandId] }), headers: { 'accept-language': 'en' } })
  t.match(english.body, { code: 'outcome.already_reported', title: 'Outcome already reported', detail: /count once/ })
  t.equal((await post(body({ demandIds: [d1.demandId], traineeCount: 0, onSiteProblemsSolved: ['另一个问题'], benefitYuan: undefined, benefitKind: undefined }))).status, 409, 'any figure against any figure')
  t.equal((await post(body({ demandIds: [d1.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: 1, benefitKind: 'actual' }))).status, 409)
  // Linking without reporting an outcome is fine (a follow-up visit), but a correction that adds one is not.
  const visit = await post(body({ demandIds: [d1.demandId], traineeCount: 0, onSiteProblemsSolved: [], benefitYuan: undefined, benefitKind: undefined, title: '回访' }))
  t.equal(visit.status, 201)
  const bump = await patch(visit.body.id, { traineeCount: 8 })
  t.equal(bump.status, 409)
  t.equal(bump.body.code, 'outcome.already_reported')
  t.equal((await get(visit.body.id)).body.traineeCount, 0, 'the refused correction left nothing behind')
  // An activity that already reports an outcome cannot be linked to that demand afterwards either.
  const reporting = await post(body({ demandIds: [], title: '另一场培训' }))
  t.equal((await patch(reporting.body.id, { demandIds: [d1.demandId] })).status, 409)

  // Activity first: a solved problem on site; completing the demand with solved=true is refused.
  const d2 = await acceptedDemand(toys, local, { title: '模具冷却不均' })
  const onSite = await post(body({ demandIds: [d2.demandId], traineeCount: 0, onSiteProblemsSolved: ['冷却水路改造'], benefitYuan: undefined, benefitKind: undefined }))
  t.equal(onSite.status, 201)
  const refused = await complete(d2.assignmentId, { solved: true })
  t.equal(refused.status, 409)
  t.equal(refused.body.code, 'outcome.already_reported')
  t.match(refused.body, { figures: ['problemsSolved'], reportedBy: { kind: 'activity', activityId: onSite.body.id } })
  const still = await request({ method: 'GET', url: `/v1/assignments/${d2.assignmentId}`, token: ADMIN_TOKEN })
  t.equal(still.body.status, 'accepted', 'the refused completion was rolled back')
  t.equal((await request({ method: 'GET', url: `/v1/demands/${d2.demandId}`, token: ADMIN_TOKEN })).body.status, 'accepted')
  t.equal((await complete(d2.assignmentId, { traineeCount: 3 })).status, 409, 'trainees against a solved problem conflict too')
  // A completion that reports no outcome (not solved, no trainees, no benefit) closes the demand.
  const closed = await complete(d2.assignmentId, { solved: false })
  t.equal(closed.status, 200)
  t.equal(closed.body.status, 'completed')

  // A completion that reported nothing leaves the outcome to the activities.
  const d3 = await acceptedDemand(toys, local, { title: '包装线效率低' })
  t.equal((await complete(d3.assignmentId, { solved: false })).status, 200)
  t.equal((await post(body({ demandIds: [d3.demandId] }))).status, 201)
  t.equal((await post(body({ demandIds: [d3.demandId], title: '第二场培训' }))).status, 201, 'several activities of one demand may all report')
})

t.test('when a completion and a reporting activity race for one demand, then exactly one wins', async (t) => {
  for (let i = 0; i < 3; i++) {
    const d = await acceptedDemand(toys, local, { title: `并发测试 ${i}` })
    const [done, act] = await Promise.all([complete(d.assignmentId, { solved: true, traineeCount: 4 }), post(body({ demandIds: [d.demandId], title: `并发活动 ${i}` }))])
    t.equal([done.status === 200, act.status === 201].filter(Boolean).length, 1, `round ${i}: one write wins`)
    t.ok(done.status === 409 || act.status === 409, `round ${i}: the other is a 409`)
    t.equal((done.status === 409 ? done : act).body.code, 'outcome.already_reported')
  }
})

t.test('an activity is not dated after today (Asia/Shanghai)', async (t) => {
  const today = todayInShanghai()
  t.equal((await post(body({ date: today, title: '今天的活动' }))).status, 201)
})
