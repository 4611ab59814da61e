import t from 'tap'
import {
  buildMatchIndex,
  capacityComponent,
  capacityLeft,
  DEFAULT_WEIGHTS,
  formatReason,
  industryComponent,
  localityComponent,
  normaliseWeights,
  prepareDemand,
  rankTeams,
  rankTeamsWithSummary,
  scoreEligiblePairs,
  scorePair,
  serviceKindComponent,
  summariseEligibility,
  trackRecordComponent,
  type MatchDemand,
  type MatchTeam,
  type MenuItemInput,
  type TeamMatch,
} from '../../../src/domain/matching/index.js'
import { entryFor } from '../../../src/domain/matching/menu-index.js'
import { mulberry32 } from '../../../src/domain/matching/random.js'
import { DEFAULT_LOCALITY } from '../../../src/domain/matching/weights.js'
import { sharedTokenizer, type Tokenizer } from '../../../src/domain/text/tokenizer.js'

// A whitespace tokenizer makes BM25 values computable by hand.
const ws: Tokenizer = { tokens: (s) => s.toLowerCase().split(/\s+/).filter(Boolean) }
const PRIOR = { solveRate: 0.75, rating: 4, strength: 5 }
const NO_HISTORY = { completed: 0, solved: 0, ratingSum: 0, ratingCount: 0 }

const close = (t: { ok: (v: boolean, m: string) => unknown }, got: number, want: number, msg: string): void => {
  t.ok(Math.abs(got - want) < 1e-9, `${msg}: got ${got}, want ${want}`)
}

function item(over: Partial<MenuItemInput> = {}): MenuItemInput {
  return { id: 'i1', title: 'moulds', description: '', serviceKinds: ['tackling'], skills: [], industries: [], ...over }
}

function team(id: string, over: Partial<MatchTeam> = {}): MatchTeam {
  return {
    id,
    name: `team ${id}`,
    level: 'district',
    districtCode: '440515',
    capacity: 3,
    load: 0,
    industries: ['toys_creative'],
    active: true,
    menu: [item({ id: `${id}-1` })],
    trackRecord: NO_HISTORY,
    ...over,
  }
}

function demand(over: Partial<MatchDemand> = {}): MatchDemand {
  return {
    id: 'd1',
    title: 'moulds',
    description: '',
    serviceKinds: ['tackling'],
    skills: [],
    industry: 'toys_creative',
    districtCode: '440515',
    ...over,
  }
}

t.test('components alone, by hand', async (t) => {
  t.test('serviceKind = |requested ∩ offered| / |requested|', async (t) => {
    t.equal(serviceKindComponent(['tackling', 'training'], new Set(['tackling', 'exchange'])), 0.5)
    t.equal(serviceKindComponent(['tackling', 'tackling'], new Set(['tackling'])), 1, 'duplicates count once')
    t.equal(serviceKindComponent(['training'], new Set(['tackling'])), 0)
    t.equal(serviceKindComponent([], new Set()), 1, 'nothing requested, nothing missing')
  })

  t.test('capacity = (capacity − load) / capacity', async (t) => {
    t.equal(capacityComponent(4, 1), 0.75)
    t.equal(capacityComponent(3, 3), 0)
    t.equal(capacityComponent(3, 5), 0, 'over-full clamps to 0')
    t.equal(capacityComponent(0, 0), 0, 'no capacity')
    t.equal(capacityLeft(4, 1), 3)
    t.equal(capacityLeft(3, 5), 0)
  })

  t.test('locality', async (t) => {
    const L = DEFAULT_LOCALITY
    t.equal(localityComponent({ level: 'district', districtCode: '440515' }, '440515', L), 1, 'same district')
    t.equal(localityComponent({ level: 'city', districtCode: '440515' }, '440515', L), 0.8, 'city team based here')
    t.equal(localityComponent({ level: 'city', districtCode: '440507' }, '440515', L), 0.6, 'city team elsewhere')
    t.equal(localityComponent({ level: 'district', districtCode: '440514' }, '440515', L), 0, 'other district')
    t.equal(localityComponent({ level: 'city', districtCode: '445102' }, '440515', L), 0, 'another city')
    t.equal(localityComponent({ level: 'city', districtCode: null }, '440515', L, '4405'), 0.6, 'city from config')
  })

  t.test('industry', async (t) => {
    t.equal(industryComponent('textile_apparel', new Set(['textile_apparel', 'health'])).value, 1)
    t.equal(industryComponent('textile_apparel', new Set(['health'])).value, 0)
    t.equal(industryComponent('textile_apparel', new Set()).value, 0.5, 'cross-industry team')
    t.equal(industryComponent(null, new Set(['health'])).value, 0.5, 'unknown demand industry')
    t.equal(industryComponent('toys_creative', new Set(['plastics']), { toys_creative: ['plastics'] }).value, 0.5, 'related')
  })

  t.test('trackRecord = ½ Bayesian solve rate + ½ Bayesian rating on [0, 1]', async (t) => {
    // solve = (8 + 5·0.75)/(10 + 5) = 0.78333…; rating = (45 + 5·4)/(10 + 5) = 4.3333… → 0.83333…
    close(t, trackRecordComponent({ completed: 10, solved: 8, ratingSum: 45, ratingCount: 10 }, PRIOR), 0.5 * (11.75 / 15) + 0.5 * ((65 / 15 - 1) / 4), 'veteran')
    // a new team sits exactly at the prior: ½·0.75 + ½·(4 − 1)/4 = 0.75
    close(t, trackRecordComponent(NO_HISTORY, PRIOR), 0.75, 'new team')
    close(t, trackRecordComponent(NO_HISTORY, { solveRate: 0.5, rating: 3, strength: 0 }), 0.5, 'zero-strength prior, no data')
  })

  t.test('skills = max over the team’s items of the normalised BM25F score', async (t) => {
    // Two teams, one item each. Query: title "x" (weight 1.5). df(x) = 2.
    // avglen: title 2, skills 0.5, description 1.5.
    // A: x in title (len 2, B = 1) and skills (len 1, B = 0.25 + 0.75·1/0.5 = 1.75):
    //    tfn = 2/1 + 3/1.75 ≈ 3.714 → sat ≈ 1.663 ≥ sat(3) = 11/7 → capped at 1.
    // B: x in description only (len 1, B = 0.25 + 0.75·1/1.5 = 0.75): tfn = 4/3,
    //    sat = 22/19, / sat(3) = (22/19)/(11/7) = 14/19.
    const a = team('a', { menu: [item({ id: 'a1', title: 'x y', skills: ['x'], description: 'z w' })] })
    const b = team('b', { menu: [item({ id: 'b1', title: 'p q', description: 'x' })] })
    const index = buildMatchIndex([a, b], ws)
    const d = demand({ title: 'x' })
    close(t, scorePair(d, a, index).components.skills, 1, 'A')
    close(t, scorePair(d, b, index).components.skills, 14 / 19, 'B')
    // a second, irrelevant item does not dilute the best one
    const b2 = team('b', { menu: [item({ id: 'b1', title: 'p q', description: 'x' }), item({ id: 'b2', title: 'r s' })] })
    const index2 = buildMatchIndex([a, b2], ws)
    t.equal(scorePair(d, b2, index2).bestItem, 0)
    t.equal(scorePair(demand({ title: 'nothing here' }), a, index).components.skills, 0, 'no overlap')
  })
})

t.test('hard filters, each with its code', async (t) => {
  const index = buildMatchIndex([], ws)
  const codes = (d: MatchDemand, tm: MatchTeam): string[] => scorePair(d, tm, index).ineligible.map((r) => r.code)

  t.same(codes(demand(), team('ok')), [], 'baseline is eligible')
  t.same(codes(demand(), team('x', { active: false })), ['team_inactive'])
  t.same(codes(demand({ serviceKinds: ['training'] }), team('x')), ['service_kind_not_offered'])
  t.same(codes(demand(), team('x', { menu: [] })), ['service_kind_not_offered'], 'an empty menu offers nothing')
  t.same(codes(demand({ serviceKinds: ['training', 'tackling'] }), team('x')), [], 'one of two kinds offered: eligible')
  t.equal(scorePair(demand({ serviceKinds: ['training', 'tackling'] }), team('x'), index).components.serviceKind, 0.5)
  t.same(codes(demand({ districtCode: '440514' }), team('x')), ['out_of_jurisdiction'], 'district team, other district')
  t.same(codes(demand({ districtCode: '440514' }), team('x', { level: 'city' })), [], 'city team, any district of its city')
  t.same(codes(demand(), team('x', { level: 'city', districtCode: '445102' })), ['out_of_jurisdiction'], 'city team of another city')
  t.same(codes(demand({ declinedTeamIds: ['x'] }), team('x')), ['declined_before'])
  t.same(
    codes(demand({ declinedTeamIds: ['x'], districtCode: '440514' }), team('x', { active: false })),
    ['team_inactive', 'out_of_jurisdiction', 'declined_before'],
    'all failing filters are reported',
  )

  const full = scorePair(demand(), team('x', { capacity: 3, load: 3 }), index)
  t.ok(full.eligible, 'a full team is still ranked (capacity is not a hard filter)')
  t.equal(full.capacityLeft, 0)
  t.equal(full.components.capacity, 0)
})

t.test('weights', async (t) => {
  const sum = (w: Record<string, number>): number => Object.values(w).reduce((a, b) => a + b, 0)
  close(t, sum(DEFAULT_WEIGHTS), 1, 'defaults sum to 1')
  const w = normaliseWeights({ skills: 0.8 }) // others default, total 1.4
  close(t, sum(w), 1, 'normalised to 1')
  close(t, w.skills, 0.8 / 1.4, 'skills share')
  t.throws(() => normaliseWeights({ skills: -0.1 }), RangeError)
  t.throws(() => normaliseWeights({ skills: Number.NaN }), RangeError)
  t.throws(() => normaliseWeights({ skills: 0, industry: 0, serviceKind: 0, locality: 0, capacity: 0, trackRecord: 0 }), RangeError)

  const index = buildMatchIndex([team('a')], ws)
  const s = scorePair(demand(), team('a', { load: 1 }), index, { trackRecordPrior: PRIOR })
  const c = s.components
  const expected =
    0.4 * c.skills + 0.15 * c.industry + 0.15 * c.serviceKind + 0.1 * c.locality + 0.1 * c.capacity + 0.1 * c.trackRecord
  close(t, s.score, expected, 'score = Σ weight · component')
  const only = scorePair(demand(), team('a', { load: 1 }), index, {
    weights: { skills: 0, industry: 0, serviceKind: 0, locality: 0, capacity: 1, trackRecord: 0 },
  })
  close(t, only.score, 2 / 3, 'capacity weight alone gives the capacity component')
})

t.test('ranking order', async (t) => {
  const rank = (teams: MatchTeam[], d = demand(), weights = {}): string[] =>
    rankTeams({ demand: d, index: buildMatchIndex(teams, ws), teams, weights }).map((m) => m.teamId)

  t.test('ties break on capacityLeft, then team id, whatever the input order', async (t) => {
    const teams = [team('b'), team('c'), team('a')]
    t.same(rank(teams), ['a', 'b', 'c'])
    t.same(rank([...teams].reverse()), ['a', 'b', 'c'])
    // With the capacity weight at 0 the scores tie; the freer team goes first.
    const noCap = { capacity: 0 }
    t.same(rank([team('a', { capacity: 3, load: 2 }), team('z', { capacity: 3, load: 0 })], demand(), noCap), ['z', 'a'])
  })

  t.test('eligible teams come before ineligible ones', async (t) => {
    const teams = [team('a', { active: false, capacity: 10 }), team('b', { load: 2 })]
    const r = rankTeams({ demand: demand(), index: buildMatchIndex(teams, ws), teams })
    t.same(r.map((m) => [m.teamId, m.eligible]), [['b', true], ['a', false]])
    t.same(r[1]!.ineligibleReasons!.map((x) => x.code), ['team_inactive'])
    t.notOk('ineligibleReasons' in r[0]!, 'no ineligibleReasons on an eligible team')
  })

  t.test('all else equal, a same-district district team outranks a city team', async (t) => {
    const local = team('z-local')
    const city = team('a-city', { level: 'city', districtCode: '440507' })
    const cityHere = team('a-city-here', { level: 'city', districtCode: '440515' })
    t.same(rank([city, cityHere, local]), ['z-local', 'a-city-here', 'a-city'])
  })

  t.test('a new team is not buried below a mediocre veteran', async (t) => {
    const veteran = team('a-veteran', { trackRecord: { completed: 20, solved: 12, ratingSum: 70, ratingCount: 20 } })
    const rookie = team('b-rookie')
    const strong = team('c-strong', { trackRecord: { completed: 20, solved: 19, ratingSum: 96, ratingCount: 20 } })
    const teams = [veteran, rookie, strong]
    const index = buildMatchIndex(teams, ws)
    t.same(rank(teams), ['c-strong', 'b-rookie', 'a-veteran'])
    // The rookie sits exactly at the prior estimated from everyone's pooled record.
    const p = index.trackRecordPrior
    close(t, scorePair(demand(), rookie, index).components.trackRecord, 0.5 * p.solveRate + 0.5 * ((p.rating - 1) / 4), 'rookie at prior')
  })
})

t.test('reasons, in Chinese by default and in English', async (t) => {
  const tk = sharedTokenizer()
  const labels: Record<string, { zh: string; en: string }> = { toys_creative: { zh: '玩具创意', en: 'Toys & creative' } }
  const industryLabel = (code: string, lang: 'zh' | 'en'): string | undefined => labels[code]?.[lang]
  const mould = team('mould', {
    name: '澄海区模具队',
    load: 1,
    capacity: 3,
    trackRecord: { completed: 10, solved: 8, ratingSum: 46, ratingCount: 10 },
    menu: [item({ id: 'm1', title: '注塑模具设计与试模', skills: ['注塑模具'], description: '玩具塑胶件模具结构设计' })],
  })
  const city = team('city', { name: '市培训队', level: 'city', districtCode: '440507', industries: [], menu: [item({ id: 'c1', title: '班组长培训', serviceKinds: ['tackling', 'training'] })] })
  const far = team('far', { districtCode: '440514' })
  const off = team('off', { active: false, load: 3, capacity: 3 })
  const teams = [mould, city, far, off]
  const index = buildMatchIndex(teams, tk)
  const d = demand({ title: '外壳注塑件缩印', description: '想请师傅做一次模流分析', skills: ['模流分析'] })

  const byId = (r: readonly TeamMatch[], id: string): TeamMatch => r.find((m) => m.teamId === id)!
  const zh = rankTeams({ demand: d, index, teams, industryLabel })
  const msgs = byId(zh, 'mould').reasons.map((r) => r.message)
  t.match(msgs[0], /^技能匹配：(注塑、模具|模具、注塑)（菜单：注塑模具设计与试模）$/)
  t.same(msgs.slice(1), ['行业匹配：玩具创意', '提供所需服务：技术攻关', '同区服务队', '当前负载 1/3', '服务记录：解决率 80%，评分 4.6'])
  const skill = byId(zh, 'mould').reasons[0]!
  t.equal(skill.code, 'skill_match')
  if (skill.code === 'skill_match') t.same([...skill.params.terms].sort(), ['模具', '注塑'].sort(), 'params carry the terms')

  t.same(byId(zh, 'city').reasons.map((r) => r.message), ['菜单内容与需求关联较弱', '跨行业服务队', '提供所需服务：技术攻关', '市级服务队，全市服务', '当前负载 0/3', '新服务队，采用先验评分'])
  t.same(byId(zh, 'far').ineligibleReasons!.map((r) => r.message), ['非本辖区服务队'])
  t.same(byId(zh, 'off').ineligibleReasons!.map((r) => r.message), ['已停用'])
  t.ok(byId(zh, 'off').reasons.some((r) => r.message === '已满负荷 3/3，需释放名额后方可指派'))

  const en = rankTeams({ demand: d, index, teams, industryLabel, lang: 'en' })
  t.same(byId(en, 'mould').reasons.slice(1).map((r) => r.message), [
    'Industry match: Toys & creative',
    'Offers the requested services: technical problem-solving',
    'Team of the same district',
    'Current load 1/3',
    'Track record: 80% solved, rating 4.6',
  ])
  t.equal(byId(en, 'city').reasons[3]!.message, 'City-level team, serves the whole city')
  t.equal(byId(en, 'far').ineligibleReasons![0]!.message, "Outside the team's jurisdiction".replace('O', 'o'))

  t.equal(formatReason({ code: 'service_kind_not_offered', params: { requested: ['training'] } }), '未提供所需服务类型')
  t.equal(formatReason({ code: 'declined_before', params: {} }), '曾拒绝此需求')
  t.equal(formatReason({ code: 'declined_before', params: {} }, 'en'), 'declined this demand before')
  t.equal(formatReason({ code: 'industry_match', params: { industry: 'textile_apparel' } }), '行业匹配：textile_apparel', 'code shown without a label')
  t.equal(
    formatReason({ code: 'service_kind_partial', params: { offered: ['tackling'], missing: ['training'] } }),
    '部分提供所需服务，缺少：技术培训',
  )
  t.equal(formatReason({ code: 'track_record', params: { completed: 3, solveRate: 2 / 3, rating: null, ratingCount: 0 } }), '服务记录：解决率 67%，暂无评分')
})

t.test('why no team is eligible', async (t) => {
  const teams = [team('a', { active: false }), team('b', { districtCode: '440514' }), team('c', { districtCode: '440514', active: false })]
  const r = rankTeams({ demand: demand(), index: buildMatchIndex(teams, ws), teams })
  const s = summariseEligibility(r)
  t.equal(s.eligible, 0)
  t.same(s.counts, { team_inactive: 2, out_of_jurisdiction: 2 })
  t.equal(s.reason?.code, 'no_eligible_team')
  t.equal(s.reason?.message, '没有符合条件的服务队（共 3 支）：非本辖区服务队 2 支，已停用 2 支')
  t.equal(summariseEligibility(r, 'en').reason?.message, "No eligible team (3 in all): outside the team's jurisdiction: 2; inactive: 2")
  t.equal(summariseEligibility([]).reason?.message, '暂无服务队')
  t.equal(summariseEligibility([...r, { eligible: true, ineligible: [] }]).reason, null, 'null when some team is eligible')
})

t.test('limit and includeIneligible; the summary covers every team', async (t) => {
  const teams = [team('a'), team('b', { load: 1 }), team('c', { active: false }), team('d', { districtCode: '440514' })]
  const index = buildMatchIndex(teams, ws)
  const all = rankTeams({ demand: demand(), index, teams })
  t.same(all.map((m) => m.teamId), ['a', 'b', 'c', 'd'])
  t.same(rankTeams({ demand: demand(), index, teams, includeIneligible: false }).map((m) => m.teamId), ['a', 'b'])
  t.same(rankTeams({ demand: demand(), index, teams, limit: 3 }).map((m) => m.teamId), ['a', 'b', 'c'])
  const r = rankTeamsWithSummary({ demand: demand(), index, teams, limit: 1, includeIneligible: false })
  t.same(r.matches.map((m) => m.teamId), ['a'])
  t.same({ total: r.summary.total, eligible: r.summary.eligible, counts: r.summary.counts }, {
    total: 4,
    eligible: 2,
    counts: { team_inactive: 1, out_of_jurisdiction: 1 },
  })
  t.equal(r.summary.reason, null)
  const none = rankTeamsWithSummary({ demand: demand({ serviceKinds: ['training'] }), index, teams, includeIneligible: false })
  t.same(none.matches, [])
  t.equal(none.summary.reason?.message, '没有符合条件的服务队（共 4 支）：非本辖区服务队 1 支，未提供所需服务类型 4 支，已停用 1 支')
})

t.test('batch scoring for dispatch and stale indexes', async (t) => {
  const teams = [team('a'), team('b', { districtCode: '440514' }), team('c', { level: 'city', load: 3 })]
  const index = buildMatchIndex(teams, ws)
  const demands = [demand({ id: 'd1' }), demand({ id: 'd2', districtCode: '440514' })]
  const pairs = scoreEligiblePairs(demands, teams, index)
  t.same(pairs.map((p) => `${p.demandId}:${p.teamId}:${p.capacityLeft}`), ['d1:a:3', 'd1:c:0', 'd2:b:3', 'd2:c:0'])
  const p = prepareDemand(demands[0]!, index)
  for (const pair of pairs.filter((x) => x.demandId === 'd1')) {
    close(t, pair.score, scorePair(p, teams.find((x) => x.id === pair.teamId)!, index).score, `pair ${pair.teamId}`)
  }

  // A team created after the index was built, or whose menu changed, is still scored.
  const late = team('late', { menu: [item({ id: 'new', title: 'moulds' })] })
  const s = scorePair(demand(), late, index)
  t.ok(s.eligible)
  // title-only match: sat(2) / sat(3) = (4.4/3.2) / (6.6/4.2) = 0.875, as for an indexed team
  close(t, s.components.skills, scorePair(demand(), teams[0]!, index).components.skills, 'its menu is tokenised on the fly')
  close(t, s.components.skills, 0.875, 'title-only match')
  const changed = team('a', { menu: [item({ id: 'other', title: 'paint', serviceKinds: ['training'] })] })
  t.same(scorePair(demand(), changed, index).ineligible.map((r) => r.code), ['service_kind_not_offered'], 'changed item ids are noticed')
  // The indexed entry is found by the menu array it was built from, or by equal item ids.
  const indexed = entryFor(index, teams[0]!)
  t.ok(indexed.firstDoc >= 0, 'the indexed team gets its indexed entry')
  t.equal(entryFor(index, { ...teams[0]!, menu: teams[0]!.menu.map((m) => ({ ...m })) }), indexed, 'an equal menu in another array too')
  t.equal(entryFor(index, changed).firstDoc, -1, 'a changed menu a fresh one')
})

t.test('scores and components stay in [0, 1]', async (t) => {
  const teams = [
    team('a', { capacity: 0, load: 4, trackRecord: { completed: 3, solved: 9, ratingSum: 99, ratingCount: 3 } }),
    team('b', { menu: [item({ title: 'moulds moulds moulds', skills: ['moulds', 'moulds'] })] }),
  ]
  const index = buildMatchIndex(teams, ws)
  for (const m of rankTeams({ demand: demand({ skills: ['moulds'], title: 'moulds moulds' }), index, teams })) {
    t.ok(m.score >= 0 && m.score <= 1, `${m.teamId} score ${m.score}`)
    for (const [k, v] of Object.entries(m.components)) t.ok(v >= 0 && v <= 1, `${m.teamId} ${k} ${v}`)
  }
})

t.test('leaving ineligible teams out skips their scoring, not their place in the summary', async (t) => {
  // Random teams over several districts, levels, kinds and loads; for each demand the
  // eligible-only ranking must equal the full ranking with the ineligible teams removed.
  const rnd = mulberry32(20261129)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!
  const districts = ['440507', '440511', '440512', '440513', '440514', '440515', '440523']
  const words = ['moulds', 'paint', 'plc', 'welding', 'cnc', 'injection', 'dyeing', 'packaging']
  const kinds = ['tackling', 'training', 'assistance', 'exchange'] as const
  const teams = Array.from({ length: 60 }, (_, i) =>
    team(`t${String(i).padStart(2, '0')}`, {
      level: rnd() < 0.2 ? 'city' : 'district',
      districtCode: pick(districts),
      capacity: 1 + Math.floor(rnd() * 4),
      load: Math.floor(rnd() * 4),
      active: rnd() > 0.1,
      industries: [pick(['toys_creative', 'plastics', 'textile_apparel'])],
      menu: [item({ id: `m${i}`, title: `${pick(words)} ${pick(words)}`, serviceKinds: [pick(kinds), pick(kinds)], skills: [pick(words)] })],
    }),
  )
  const index = buildMatchIndex(teams, ws)
  let shown = 0
  for (let k = 0; k < 40; k++) {
    const d = demand({
      id: `d${k}`,
      title: `${pick(words)} ${pick(words)}`,
      districtCode: pick(districts),
      serviceKinds: [pick(kinds)],
      industry: pick(['toys_creative', 'plastics', 'textile_apparel']),
      declinedTeamIds: rnd() < 0.5 ? [pick(teams).id] : [],
    })
    const full = rankTeamsWithSummary({ demand: d, index, teams, includeIneligible: true })
    const lean = rankTeamsWithSummary({ demand: d, index, teams, includeIneligible: false, limit: 10 })
    t.same(lean.matches, full.matches.filter((m) => m.eligible).slice(0, 10), `demand ${k}: the same eligible teams, scores and reasons`)
    t.same(lean.summary, full.summary, `demand ${k}: the same summary`)
    shown += lean.matches.length
  }
  t.ok(shown >= 40, `the instances are not vacuous: ${shown} eligible teams shown over 40 demands`)
})
