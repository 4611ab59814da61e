import t from 'tap'
import { buildDemandCorpus, findSimilarDemands, type PastDemand } from '../../../src/domain/matching/similar.js'
import { sharedTokenizer } from '../../../src/domain/text/tokenizer.js'

const tk = sharedTokenizer()

function past(id: string, enterpriseId: string, status: string, title: string, description: string, skills: string[], solved?: boolean): PastDemand {
  return {
    id,
    enterpriseId,
    status,
    title,
    description,
    skills,
    outcome: solved === undefined ? null : { solved, teamId: 'd-chaonan-dyeing', teamName: '潮南区纺织印染技术服务队' },
  }
}

const candidates: PastDemand[] = [
  // the same enterprise posting the same problem again, in other words
  past('dup', 'ent-1', 'open', '针织布染深色水洗掉色', '藏青色针织布水洗掉色，皂洗牢度不达标，想调整固色工艺', ['固色', '染色']),
  // the same enterprise, a different problem
  past('other-open', 'ent-1', 'open', '污水站COD超标', '污水站出水COD偏高，生化池效果差', ['污水处理']),
  // another enterprise's open demand on the same problem: not a duplicate, not past
  past('foreign-open', 'ent-2', 'open', '针织布深色掉色', '黑色针织布水洗掉色严重，皂洗牢度低', ['固色']),
  // past demands
  past('solved-similar', 'ent-3', 'completed', '全棉针织布色牢度差', '活性染料染黑色后皂洗、摩擦色牢度只有2级，客户退货', ['色牢度', '固色'], true),
  past('unsolved-similar', 'ent-4', 'completed', '针织布染色掉色', '深色针织布掉色，固色剂效果不好', ['固色'], false),
  past('solved-unrelated', 'ent-5', 'completed', '注塑件缩印', '玩具外壳注塑后表面缩印，想调整模具冷却', ['注塑'], true),
  past('cancelled', 'ent-6', 'cancelled', '针织布掉色', '针织布掉色', ['固色']),
]

const demand = {
  id: 'new',
  enterpriseId: 'ent-1',
  title: '棉针织布染深色掉色严重',
  description: '客户投诉我们染的藏青、黑色针织布水洗后掉色，皂洗只有2-3级，想请专家帮忙调整固色工艺和皂洗流程。',
  skills: ['染色', '固色'],
}

t.test('similar past solved demands and possible duplicates', async (t) => {
  const r = findSimilarDemands(demand, candidates, tk)
  t.same(r.possibleDuplicates.map((s) => s.id), ['dup'], 'only the same enterprise’s open demand on the same problem')
  t.ok(r.possibleDuplicates[0]!.similarity >= 0.6)
  t.same(r.similar.map((s) => s.id), ['solved-similar'], 'past solved demands only, unrelated ones dropped')
  t.ok(r.similar[0]!.sharedTerms.includes('色牢度'), `shared terms: ${r.similar[0]!.sharedTerms.join('、')}`)
  t.equal(r.similar[0]!.demand.outcome?.teamId, 'd-chaonan-dyeing', 'carries the team and outcome')

  const all = findSimilarDemands(demand, candidates, tk, { solvedOnly: false })
  t.same(all.similar.map((s) => s.id).sort(), ['solved-similar', 'unsolved-similar'])
  for (const s of all.similar) t.ok(s.similarity > 0 && s.similarity <= 1)
  t.ok(
    all.similar.every((s, i, a) => i === 0 || a[i - 1]!.similarity >= s.similarity),
    'ordered by similarity',
  )
})

t.test('the demand itself is excluded; a prebuilt corpus gives the same answer', async (t) => {
  const self = past('new', 'ent-1', 'open', demand.title, demand.description, demand.skills)
  const corpus = buildDemandCorpus([...candidates, self], tk)
  const r = findSimilarDemands(demand, corpus, tk)
  t.notOk(r.possibleDuplicates.some((s) => s.id === 'new'))
  t.same(r.possibleDuplicates.map((s) => s.id), ['dup'])
  t.same(findSimilarDemands({ ...demand, title: '', description: '', skills: [] }, candidates, tk), { similar: [], possibleDuplicates: [] })
})
