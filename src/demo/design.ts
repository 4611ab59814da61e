// The seed's table and how the demo programme is built to reproduce it exactly.
//
// Source: the Shantou federation's 2024 special (seed paragraph 5): 50 支服务队、98 次活动、
// 解决技术问题 215 个、帮助 3175 人次职工提升技能、服务企业 468 家、创造经济效益或预期经济效益
// 300 万元. Every figure below is decided first; the records are then drawn around these
// numbers (random sizes that sum exactly), and the plan recounts them before anything is
// written (plan.ts, `countFigures`).

export const SEED_TABLE = {
  teams: 50,
  activities: 98,
  problemsSolved: 215,
  workersTrained: 3175,
  enterprisesServed: 468,
  benefitYuan: 3_000_000,
} as const

export const DESIGN = {
  /** Final state of the demands (需求点单). Completed ones count, solved or not. */
  demands: {
    solved: 140,
    unsolved: 18,
    /** In progress, with a training session recorded for the order (an activity linked to it). */
    inProgressTrained: 8,
    inProgress: 4,
    accepted: 8,
    assigned: 10,
    open: 14,
    cancelled: 6,
  },
  /** The 158 completed demands come from 140 enterprises (18 ordered twice). */
  completedOwners: 140,
  /** Enterprises whose only orders are still pending: registered, not (yet) served. */
  pendingOnlyOwners: 30,
  /** Pending orders posted by enterprises already served once. */
  pendingFromServedOwners: 12,

  activities: {
    /** On-site diagnosis before a completed demand's work: linked, reporting no figures (the completion reports). */
    diagnosis: 12,
    /** Training for an in-progress demand: linked, reporting its trainees. */
    orderTraining: 8,
    training: 34,
    exchange: 14,
    onSite: 30,
  },
  /** Entries of onSiteProblemsSolved, all on unlinked on-site visits. */
  onSiteProblems: 75,

  /** 人次 by source. */
  trainees: { completions: 985, training: 1720, exchange: 230, onSite: 160, orderTraining: 80 },

  /** Benefit in thousands of yuan, by source and kind, and how many records carry each. */
  benefitThousands: { completionActual: 1320, completionExpected: 1050, activityActual: 380, activityExpected: 250 },
  benefitRecords: { completionActual: 70, completionExpected: 45, activityActual: 13, activityExpected: 9 },

  /** Completions and activities are dated in this span (the programme's first year). */
  from: '2023-06-01',
  to: '2024-05-31',
} as const

const sumOf = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0)

/** The design's arithmetic, checked once: each line is one figure of the seed's table. */
export function checkDesign(): void {
  const d = DESIGN
  const problems = d.demands.solved + d.onSiteProblems
  const trainees = sumOf(d.trainees)
  const benefit = sumOf(d.benefitThousands) * 1000
  const activities = sumOf(d.activities)
  const bad: string[] = []
  if (activities !== SEED_TABLE.activities) bad.push(`activities ${activities}`)
  if (problems !== SEED_TABLE.problemsSolved) bad.push(`problemsSolved ${problems}`)
  if (trainees !== SEED_TABLE.workersTrained) bad.push(`workersTrained ${trainees}`)
  if (benefit !== SEED_TABLE.benefitYuan) bad.push(`benefitYuan ${benefit}`)
  if (d.benefitRecords.completionActual + d.benefitRecords.completionExpected > d.demands.solved) bad.push('more benefit records than solved demands')
  if (d.benefitRecords.activityActual + d.benefitRecords.activityExpected > d.activities.onSite) bad.push('more benefit records than on-site visits')
  if (bad.length) throw new Error(`demo design does not add up to the seed table: ${bad.join(', ')}`)
}
