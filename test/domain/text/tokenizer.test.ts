import { createRequire } from 'node:module'
import t from 'tap'
import { createTokenizer, sharedTokenizer } from '../../../src/domain/text/tokenizer.js'

// Importing the tokenizer must not load jieba or read its dictionary: that is the factory's job.
const loaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@node-rs/jieba'))
t.notOk(loaded(), 'no jieba work at import time')
const tk = sharedTokenizer()
t.ok(loaded(), 'jieba loaded by the factory')
const has = (text: string, ...terms: string[]): void => {
  const toks = tk.tokens(text)
  for (const term of terms) t.ok(toks.includes(term), `${text} → has ${term} (got ${toks.join('|')})`)
}
const lacks = (text: string, ...terms: string[]): void => {
  const toks = tk.tokens(text)
  for (const term of terms) t.notOk(toks.includes(term), `${text} → no ${term} (got ${toks.join('|')})`)
}

t.test('search mode: 印染废水处理 and 印染废水治理 share 印染 and 废水', async (t) => {
  const a = tk.tokens('印染废水处理')
  const b = tk.tokens('印染废水治理')
  for (const term of ['印染', '废水']) {
    t.ok(a.includes(term), `处理 has ${term}`)
    t.ok(b.includes(term), `治理 has ${term}`)
  }
  // search mode keeps the long word as well as the words inside it
  has('毛绒玩具检测', '毛绒玩具', '玩具')
})

t.test('domain dictionary keeps industry terms whole', async () => {
  has('想做一次模流分析', '模流分析')
  has('锂电池极片涂布不均', '锂电池', '极片', '涂布')
  has('注塑模具的结构', '注塑模具', '注塑', '模具')
})

t.test('synonyms join terms that share no characters', async (t) => {
  has('客户投诉布料掉色', '色牢度', '面料')
  has('新招啤机操作工', '注塑机', '注塑')
  has('可编程控制器改造', 'plc')
  t.same(tk.tokens('数控').filter((x) => x === 'cnc'), ['cnc'], '数控 → cnc')
  has('CNC车床', 'cnc')
  has('锂电', '锂电池')
  has('染整厂', '印染')
  has('污水站COD超标', '废水', 'cod')
  has('凹印机套色不准', '凹版印刷', '套准')
  // an implication keeps the specific term and adds the broader ones
  has('模流分析', '模流分析', '注塑', '模具')
  // 缩水 is deliberately not rewritten: in textiles it is fabric shrinkage
  lacks('面料缩水', '缩痕', '成型缺陷')
})

t.test('stop words, punctuation and quantities are dropped', async (t) => {
  const toks = tk.tokens('我们公司需要解决毛绒玩具的质检问题，希望尽快！')
  for (const w of ['我们', '公司', '需要', '解决', '的', '问题', '希望', '，', '！']) {
    t.notOk(toks.includes(w), `drops ${w}`)
  }
  t.ok(toks.includes('毛绒玩具'))
  t.ok(toks.includes('质检'))
  lacks('新招了二十多名工人和3台设备', '二十多名', '多名', '3', '了', '和')
  // lone characters are dropped unless they are domain terms
  lacks('把这个弄好', '把', '弄', '好')
  has('这层膜太薄', '膜')
  lacks('这层膜太薄', '层', '太', '薄')
})

t.test('Latin is lower-cased and full-width folded', async (t) => {
  has('PLC编程', 'plc', '编程')
  has('ＰＬＣ调试', 'plc')
  has('SMT贴片线', 'smt')
  has('EN71检测', 'en71')
  t.notOk(tk.tokens('PLC').includes('PLC'), 'no upper-case token')
  // 4+ digit codes are kept (standards, part sizes); short numbers are quantities
  has('GB 6675标准', 'gb', '6675')
})

t.test('tokens are deterministic and empty text gives none', async (t) => {
  t.same(tk.tokens(''), [])
  t.same(tk.tokens('，。！'), [])
  t.same(tk.tokens('注塑件飞边披锋'), tk.tokens('注塑件飞边披锋'))
  t.equal(sharedTokenizer(), tk, 'the shared tokenizer is created once')
})

t.test('custom vocabulary through the factory', async (t) => {
  const custom = createTokenizer({ equivalents: { 注塑: ['打针'] }, implies: {}, extraWords: ['打针'] })
  t.ok(custom.tokens('打针机调试').includes('注塑'))
  t.notOk(custom.tokens('模流分析').includes('注塑'), 'replaced implications no longer apply')
})
