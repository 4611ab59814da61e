/**
 * Agreement between the matcher and a dispatcher's judgement on a hand-annotated
 * Shantou set (test/fixtures/matching/shantou-eval.ts). The annotations were written
 * before the scoring was tuned; the thresholds are the acceptance bar, and the
 * printed figures are the honest result.
 */
import t from 'tap'
import { buildMatchIndex, rankTeams } from '../../../src/domain/matching/index.js'
import { sharedTokenizer } from '../../../src/domain/text/tokenizer.js'
import { shantouCases, shantouTeams } from '../../fixtures/matching/shantou-eval.js'

const index = buildMatchIndex(shantouTeams, sharedTokenizer())

let top1 = 0
let top1Acceptable = 0
let top3 = 0
const misses: string[] = []

for (const c of shantouCases) {
  const ranked = rankTeams({ demand: c.demand, index, teams: shantouTeams }).filter((m) => m.eligible)
  const pos = ranked.findIndex((m) => m.teamId === c.expectedTop)
  const first = ranked[0]
  if (pos === 0) top1++
  else misses.push(`${c.demand.id} ${c.demand.title}: expected ${c.expectedTop} (rank ${pos + 1}), got ${first?.teamId} — ${c.why}`)
  if (first && c.acceptable.includes(first.teamId)) top1Acceptable++
  if (pos >= 0 && pos < 3) top3++

  t.test(`${c.demand.id} ${c.demand.title}`, async (t) => {
    t.ok(c.acceptable.includes(c.expectedTop), 'fixture: acceptable includes expectedTop')
    t.ok(pos >= 0, `${c.expectedTop} is eligible`)
    t.ok(pos >= 0 && pos < 3, `${c.expectedTop} in top 3 (rank ${pos + 1})`)
    t.notOk(ranked.some((m) => m.teamId === 'd-chaoyang-inactive'), 'the inactive team is never eligible')
    t.ok(
      ranked.every((m) => m.teamId.startsWith('c-') || shantouTeams.find((x) => x.id === m.teamId)?.districtCode === c.demand.districtCode),
      'district teams only serve their own district',
    )
  })
}

const n = shantouCases.length
const pct = (k: number): string => `${((100 * k) / n).toFixed(1)}%`
t.comment(`ranking eval on ${n} demands, ${shantouTeams.length} teams`)
t.comment(`top-1 = dispatcher's pick: ${top1}/${n} (${pct(top1)})`)
t.comment(`top-1 within the acceptable set: ${top1Acceptable}/${n} (${pct(top1Acceptable)})`)
t.comment(`dispatcher's pick in top 3: ${top3}/${n} (${pct(top3)})`)
for (const m of misses) t.comment(`miss: ${m}`)

t.ok(n >= 20, 'at least 20 annotated demands')
t.ok(top1 / n >= 0.9, `top-1 agreement ≥ 90% (${pct(top1)})`)
t.equal(top3, n, 'the dispatcher’s pick is in the top 3 for every demand')
