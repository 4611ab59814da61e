/**
 * Chinese-aware tokenizer for matching demands (需求点单) to menus (资源菜单).
 *
 * jieba in search mode (cutForSearch) emits a long word together with the dictionary
 * words inside it, so 印染废水处理 yields 印染, 废水, 处理, 废水处理 and still meets
 * 印染废水治理 on 印染 and 废水. A domain dictionary keeps industry terms whole; a
 * synonym table joins terms that share no characters (啤机 → 注塑机, 掉色 → 色牢度);
 * stop words and lone characters are dropped; Latin is NFKC-folded and lower-cased.
 *
 * Loading jieba's dictionary costs ~200 ms, so it happens in the factory (never at
 * import time) and the default instance is shared through `sharedTokenizer()`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Jieba } from '@node-rs/jieba'
import {
  DOMAIN_WORDS,
  ENGLISH_STOP_WORDS,
  EQUIVALENTS,
  IMPLIES,
  SINGLE_CHAR_TERMS,
  STOP_WORDS,
} from './synonyms.js'

export interface Tokenizer {
  /** Tokens of `text` in order, with repeats (they are term frequencies). */
  tokens(text: string): string[]
}

export interface TokenizerOptions {
  /** Extra words for jieba's dictionary (besides DOMAIN_WORDS and the synonym terms). */
  readonly extraWords?: readonly string[]
  /** canonical → variants; replaces EQUIVALENTS */
  readonly equivalents?: Readonly<Record<string, readonly string[]>>
  /** term → broader terms it also matches; replaces IMPLIES */
  readonly implies?: Readonly<Record<string, readonly string[]>>
  /** replaces STOP_WORDS + ENGLISH_STOP_WORDS */
  readonly stopWords?: readonly string[]
}

/**
 * Frequency given to user-dictionary words. jieba prefers the segmentation with the
 * highest product of word probabilities; at this frequency a domain word beats its
 * split into two common words (e.g. 模流分析 over 模流 + 分析) without swallowing its
 * neighbours.
 */
const USER_WORD_FREQ = 20000

type JiebaModule = typeof import('@node-rs/jieba')

let defaultJieba: Jieba | undefined
let shared: Tokenizer | undefined

/** The default tokenizer, created on first call and reused (one jieba dictionary per process). */
export function sharedTokenizer(): Tokenizer {
  shared ??= createTokenizer()
  return shared
}

export function createTokenizer(options: TokenizerOptions = {}): Tokenizer {
  const equivalents = options.equivalents ?? EQUIVALENTS
  const implies = options.implies ?? IMPLIES
  const stop = new Set((options.stopWords ?? [...STOP_WORDS, ...ENGLISH_STOP_WORDS]).map(fold))
  const singleOk = new Set(SINGLE_CHAR_TERMS)

  const canonicalOf = new Map<string, string>()
  for (const [canonical, variants] of Object.entries(equivalents)) {
    for (const v of variants) canonicalOf.set(fold(v), fold(canonical))
  }
  const impliedBy = new Map<string, readonly string[]>()
  for (const [term, broader] of Object.entries(implies)) impliedBy.set(fold(term), broader.map(fold))

  const userWords = new Set<string>()
  const addWord = (w: string): void => {
    const f = fold(w)
    // Latin words are split on script boundaries by jieba anyway; only CJK needs the dictionary.
    if (/\p{Script=Han}/u.test(f) && [...f].length > 1) userWords.add(f)
  }
  for (const w of DOMAIN_WORDS) addWord(w)
  for (const w of options.extraWords ?? []) addWord(w)
  for (const [canonical, variants] of Object.entries(equivalents)) {
    addWord(canonical)
    for (const v of variants) addWord(v)
  }
  for (const [term, broader] of Object.entries(implies)) {
    addWord(term)
    for (const b of broader) addWord(b)
  }

  // The default vocabulary is the common case (tests, the service): share its jieba.
  const isDefault =
    options.extraWords === undefined && options.equivalents === undefined && options.implies === undefined
  const jieba = isDefault ? (defaultJieba ??= loadJieba(userWords)) : loadJieba(userWords)

  return {
    tokens(text: string): string[] {
      const out: string[] = []
      if (!text) return out
      for (const raw of jieba.cutForSearch(fold(text), true)) {
        const t = raw.trim()
        if (!keep(t, stop, singleOk)) continue
        const canonical = canonicalOf.get(t) ?? t
        out.push(canonical)
        const broader = impliedBy.get(canonical) ?? (canonical === t ? undefined : impliedBy.get(t))
        if (broader) for (const b of broader) out.push(b)
      }
      return out
    },
  }
}

/** NFKC turns full-width Ｌａｔｉｎ and digits into ASCII; then lower-case. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase()
}

function keep(t: string, stop: ReadonlySet<string>, singleOk: ReadonlySet<string>): boolean {
  if (t.length === 0) return false
  // punctuation, symbols, whitespace
  if (!/[\p{L}\p{N}]/u.test(t)) return false
  if (stop.has(t)) return false
  // Short numbers are quantities (3 台, 2-3 级); 4+ digits are usually codes (GB 6675, 0402).
  if (/^[\p{N}.%-]+$/u.test(t)) return t.length >= 4
  // Chinese numerals and counters (二十多名, 三台, 几次): quantities, not content
  if (/^[零一二三四五六七八九十百千万两几多余名个次台件批位]+$/u.test(t)) return false
  const chars = [...t]
  if (chars.length === 1) {
    if (/\p{Script=Han}/u.test(t)) return singleOk.has(t)
    // a lone Latin letter is an initial or a fragment
    return false
  }
  return true
}

function loadJieba(userWords: ReadonlySet<string>): Jieba {
  // Required lazily: both the native addon and dict.js read files when loaded.
  const require = createRequire(import.meta.url)
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as JiebaModule
  // `new Jieba()` has an empty dictionary; the bundled one must be passed in. Read here
  // rather than through the package's dict.js, which also reads the 6 MB IDF table (not
  // used) and keeps both buffers for the life of the process.
  const jieba = JiebaClass.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')))
  if (userWords.size > 0) {
    const lines = [...userWords].map((w) => `${w} ${USER_WORD_FREQ} n`).join('\n')
    jieba.loadDict(Buffer.from(lines + '\n', 'utf8'))
  }
  return jieba
}
