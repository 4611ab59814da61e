// The impact figures as the programme reports them (the seed's table), for a terminal.

export interface ImpactTotals {
  teams: number
  activities: number
  problemsSolved: number
  workersTrained: number
  enterprisesServed: number
  enterpriseVisits?: number
  benefitYuan: { actual: number; expected: number; total: number }
}

// Terminals draw CJK characters two columns wide.
const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0)
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)))
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s
const num = (n: number) => n.toLocaleString('en-US')
const wan = (yuan: number) => `${(yuan / 10_000).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`

export function formatImpactTable(totals: ImpactTotals, heading = '汕头市“劳模工匠助企行”成效 · GET /v1/metrics/impact（不限时段）'): string {
  const rows: [string, string, string, string?][] = [
    ['服务队（支）', 'teams', num(totals.teams)],
    ['活动（次）', 'activities', num(totals.activities)],
    ['解决技术问题（个）', 'problemsSolved', num(totals.problemsSolved)],
    ['帮助职工提升技能（人次）', 'workersTrained', num(totals.workersTrained)],
    ['服务企业（家）', 'enterprisesServed', num(totals.enterprisesServed)],
    ['经济效益或预期经济效益（元）', 'benefitYuan.total', num(totals.benefitYuan.total), wan(totals.benefitYuan.total)],
    ['  其中 经济效益', 'benefitYuan.actual', num(totals.benefitYuan.actual), wan(totals.benefitYuan.actual)],
    ['  其中 预期经济效益', 'benefitYuan.expected', num(totals.benefitYuan.expected), wan(totals.benefitYuan.expected)],
  ]
  if (totals.enterpriseVisits !== undefined) rows.push(['服务企业（家次，不去重）', 'enterpriseVisits', num(totals.enterpriseVisits)])
  const w0 = Math.max(...rows.map((r) => width(r[0])))
  const w1 = Math.max(...rows.map((r) => width(r[1])))
  const w2 = Math.max(...rows.map((r) => width(r[2])))
  const lines = rows.map(([zh, en, v, note]) => `  ${padEnd(zh, w0)}  ${padEnd(en, w1)}  ${padStart(v, w2)}${note ? `  (${note})` : ''}`)
  return [heading, ...lines].join('\n')
}
