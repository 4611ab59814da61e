// An independent optimum for the dispatch objective, by linear programming (HiGHS):
// maximise Σ (K + s) x over eligible pairs, one team per demand, capacity per team.
// Bipartite b-matching LPs have integral optima, so the LP value is the true optimum.
import highsLoader from 'highs'

export async function lpOptimum(input: { demandIds: readonly string[]; teams: readonly { capacityLeft: number }[]; edges: readonly { demand: number; team: number; score: number }[] }) {
  const highs = await (highsLoader as unknown as (o?: object) => Promise<{ solve(lp: string): { Status: string; Columns: Record<string, { Primal: number }> } }>)()
  const best = new Map<string, number>()
  for (const e of input.edges) {
    if ((input.teams[e.team]?.capacityLeft ?? 0) <= 0) continue
    const k = `${e.demand}_${e.team}`
    best.set(k, Math.max(best.get(k) ?? 0, Math.round(e.score * 1e6)))
  }
  let K = 1
  const perDemand = new Map<number, number>()
  for (const [k, s] of best) {
    const d = Number(k.split('_')[0])
    perDemand.set(d, Math.max(perDemand.get(d) ?? 0, s))
  }
  for (const s of perDemand.values()) K += s
  const vars = [...best.entries()]
  const lines = ['Maximize', ' obj: ' + vars.map(([k, s]) => `${K + s} x${k}`).join(' + '), 'Subject To']
  const byDemand = new Map<number, string[]>()
  const byTeam = new Map<number, string[]>()
  for (const [k] of vars) {
    const [d, t] = k.split('_').map(Number) as [number, number]
    byDemand.set(d, [...(byDemand.get(d) ?? []), `x${k}`])
    byTeam.set(t, [...(byTeam.get(t) ?? []), `x${k}`])
  }
  for (const [d, xs] of byDemand) lines.push(` d${d}: ${xs.join(' + ')} <= 1`) // one team per demand
  for (const [t, xs] of byTeam) lines.push(` t${t}: ${xs.join(' + ')} <= ${input.teams[t]!.capacityLeft}`)
  lines.push('Bounds')
  for (const [k] of vars) lines.push(` 0 <= x${k} <= 1`)
  lines.push('End')
  const res = highs.solve(lines.join('\n'))
  let served = 0
  let totalScaled = 0
  for (const [k, s] of vars) {
    const x = res.Columns[`x${k}`]?.Primal ?? 0
    if (x > 0.5) {
      served++
      totalScaled += s
    }
  }
  return { served, totalScaled }
}
