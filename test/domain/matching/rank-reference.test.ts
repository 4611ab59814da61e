// The ranking and the dispatch pairs take shortcuts for speed (hard filters as bits, one
// number per team, only the shown teams built in full, per-array caches). Here they are
// held to the plain definition on random instances: score every team with scorePair,
// sort with compareScores, summarise with summariseEligibility.
import t from 'tap'
import {
  buildMatchIndex,
  compareScores,
  eligiblePairColumns,
  PairScratch,
  rankTeamsWithSummary,
  scoreEligiblePairs,
  scorePair,
  summariseEligibility,
  type MatchDemand,
  type MatchTeam,
  type MenuItemInput,
  type ScoreOptions,
  type ServiceKind,
} from '../../../src/domain/matching/index.js'
import { mulberry32 } from '../../../src/domain/matching/random.js'
import type { Tokenizer } from '../../../src/domain/text/tokenizer.js'

const ws: Tokenizer = { tokens: (s) => s.toLowerCase().split(/\s+/).filter(Boolean) }
const round4 = (x: number) => Math.round(x * 1e4) / 1e4

function instance(seed: number) {
  const rnd = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const some = <T>(xs: readonly T[], max: number): T[] => Array.from({ length: Math.floor(rnd() * (max + 1)) }, () => pick(xs))
  // Four districts of the configured city, one of another city.
  const districts = ['440507', '440511', '440512', '440515', '440305']
  const kinds: ServiceKind[] = ['tackling', 'assistance', 'exchange', 'collaboration', 'training', 'tackling', 'training']
  const words = ['moulds', 'paint', 'plc', 'welding', 'cnc', 'injection', 'dyeing', 'packaging', 'servo', 'kiln']
  const industries = ['toys_creative', 'plastics', 'textile_apparel', 'chemicals']
  const text = (n: number) => Array.from({ length: 1 + Math.floor(rnd() * n) }, () => pick(words)).join(' ')
  const item = (id: string): MenuItemInput => ({
    id,
    title: text(3),
    description: rnd() < 0.5 ? text(8) : '',
    serviceKinds: some(kinds, 3),
    skills: some(words, 3),
    industries: some(industries, 2),
  })
  const teams: MatchTeam[] = Array.from({ length: 5 + Math.floor(rnd() * 60) }, (_, i) => {
    const level = rnd() < 0.3 ? 'city' : 'district'
    const completed = Math.floor(rnd() * 6)
    const ratingCount = Math.floor(rnd() * 4)
    return {
      id: `t${String(Math.floor(rnd() * 1000)).padStart(3, '0')}-${i}`,
      name: `team ${i}`,
      level,
      districtCode: level === 'city' && rnd() < 0.3 ? null : pick(districts),
      capacity: Math.floor(rnd() * 5),
      load: Math.floor(rnd() * 6),
      industries: some(industries, 2),
      active: rnd() > 0.15,
      menu: Array.from({ length: Math.floor(rnd() * 4) }, (_, j) => item(`m${i}-${j}`)),
      trackRecord: { completed, solved: Math.floor(rnd() * (completed + 1)), ratingSum: ratingCount * (1 + Math.floor(rnd() * 5)), ratingCount },
    }
  })
  // Some teams are missing from the index or carry other item ids (a stale index).
  const indexed = teams.filter(() => rnd() < 0.85).map((tm) => (rnd() < 0.1 ? { ...tm, menu: tm.menu.map((it) => ({ ...it, id: `${it.id}-old` })) } : tm))
  const index = buildMatchIndex(indexed, ws)
  const demands: MatchDemand[] = Array.from({ length: 12 }, (_, k) => ({
    id: `d${k}`,
    title: text(4),
    description: rnd() < 0.6 ? text(10) : '',
    serviceKinds: some(kinds, 2),
    skills: some(words, 2),
    industry: rnd() < 0.15 ? null : rnd() < 0.05 ? '' : pick(industries),
    districtCode: rnd() < 0.05 ? '440599' : pick(districts),
    declinedTeamIds: rnd() < 0.4 ? some(teams, 3).map((tm) => tm.id) : [],
  }))
  const options: ScoreOptions = {
    ...(rnd() < 0.8 ? { cityCode: pick(['4405', '4403']) } : {}),
    ...(rnd() < 0.3 ? { relatedIndustries: { toys_creative: ['plastics'], plastics: ['chemicals', 'toys_creative'] } } : {}),
    ...(rnd() < 0.3 ? { trackRecordPrior: { solveRate: rnd(), rating: 1 + 4 * rnd(), strength: Math.floor(rnd() * 8) } } : {}),
    ...(rnd() < 0.3 ? { weights: { skills: rnd(), locality: rnd(), trackRecord: rnd() } } : {}),
    ...(rnd() < 0.2 ? { locality: { cityTeam: rnd() } } : {}),
  }
  return { teams, index, demands, options }
}

t.test('rankings equal the plain definition on random instances', async (t) => {
  let compared = 0
  let eligibleSeen = 0
  let noneEligible = 0
  for (let seed = 1; seed <= 60; seed++) {
    const { teams, index, demands, options } = instance(seed)
    const { weights, ...rest } = options
    for (const d of demands) {
      const all = teams.map((tm) => scorePair(d, tm, index, options))
      const sorted = [...all].sort(compareScores)
      for (const includeIneligible of [true, false]) {
        for (const limit of [undefined, 0, 1, 3, 10, 1000]) {
          const lang = limit === 3 ? 'en' : 'zh'
          const got = rankTeamsWithSummary({ demand: d, index, teams, options: rest, ...(weights ? { weights } : {}), includeIneligible, ...(limit === undefined ? {} : { limit }), lang })
          const shown = includeIneligible ? sorted : sorted.filter((s) => s.eligible)
          const want = shown.slice(0, limit ?? shown.length)
          const at = `seed ${seed} ${d.id} includeIneligible=${includeIneligible} limit=${limit}`
          t.same(
            got.matches.map((m) => [m.teamId, m.eligible, m.score, m.capacityLeft, m.components.skills, m.components.locality, (m.ineligibleReasons ?? []).map((r) => r.code)]),
            want.map((s) => [s.teamId, s.eligible, round4(s.score), s.capacityLeft, round4(s.components.skills), round4(s.components.locality), s.ineligible.map((r) => r.code)]),
            at,
          )
          t.same(got.summary, summariseEligibility(all, lang), `${at}: summary`)
          compared++
        }
      }
      const eligible = all.filter((s) => s.eligible)
      eligibleSeen += eligible.length
      if (eligible.length === 0) noneEligible++
    }
  }
  t.ok(eligibleSeen > 1000 && noneEligible > 20, `varied instances: ${eligibleSeen} eligible pairs, ${noneEligible} demands with none, ${compared} rankings compared`)
})

t.test('dispatch pairs equal the eligible pairs scored one by one', async (t) => {
  for (let seed = 100; seed < 140; seed++) {
    const { teams, index, demands, options } = instance(seed)
    const got = scoreEligiblePairs(demands, teams, index, options)
    const want = demands.flatMap((d) =>
      teams.flatMap((tm) => {
        const s = scorePair(d, tm, index, options)
        return s.eligible ? [{ demandId: d.id, teamId: tm.id, score: s.score, capacityLeft: s.capacityLeft }] : []
      }),
    )
    t.same(got, want, `seed ${seed}: ${want.length} pairs, the same scores to the last bit`)
  }
})

t.test('dispatch pairs written into a reused room are the same pairs', async (t) => {
  const scratch = new PairScratch()
  t.equal(scratch.take(), undefined, 'nothing kept yet')
  for (let seed = 100; seed < 140; seed++) {
    const { teams, index, demands, options } = instance(seed)
    const plain = eligiblePairColumns(demands, teams, index, options)
    t.equal(plain.room, undefined, 'no room asked for: none handed back')
    // Alternately a kept room (often too small: it grows) and a fresh one.
    const room = seed % 2 === 0 ? scratch.take() : undefined
    if (seed > 101 && seed % 2 === 0) t.ok(room, `seed ${seed}: the room given back is taken again`)
    if (seed % 2 === 0) t.equal(scratch.take(), undefined, 'a taken room is not lent twice')
    const got = eligiblePairColumns(demands, teams, index, options, room ?? null)
    t.same([...got.start], [...plain.start], `seed ${seed}: the pairs of each demand`)
    t.same([...got.team], [...plain.team], `seed ${seed}: teams`)
    t.same([...got.score], [...plain.score], `seed ${seed}: scores to the last bit`)
    t.ok(got.room && got.scratch && got.room.team.buffer === got.team.buffer && got.room.score.buffer === got.score.buffer, 'the arrays behind the columns, marked as the solver\'s scratch')
    if (room) t.equal(got.room!.solver, room.solver, `seed ${seed}: the room's solver scratch goes along with it`)
    if (room && room.team.length >= plain.team.length) t.equal(got.room!.team, room.team, `seed ${seed}: a big enough room is written into, not replaced`)
    scratch.giveBack(got.room)
  }
})

t.test('a teams array ranked again after its teams were replaced is read afresh', async (t) => {
  const { teams, index, demands, options } = instance(7)
  const d = demands.find((x) => teams.some((tm) => scorePair(x, tm, index, options).eligible))!
  const first = rankTeamsWithSummary({ demand: d, index, teams, options })
  const top = first.matches[0]!
  // The same array, its best team swapped in place for one that is inactive.
  const at = teams.findIndex((tm) => tm.id === top.teamId)
  teams[at] = { ...teams[at]!, active: false }
  const again = rankTeamsWithSummary({ demand: d, index, teams, options })
  t.equal(again.matches.find((m) => m.teamId === top.teamId)?.eligible, false, 'the replaced team is ranked as it is now')
  t.equal(again.summary.eligible, first.summary.eligible - 1)
})
