// "Each demand's outcome counts once" (API.md, impact metrics): a demand's trainees,
// benefit and solved problem are reported EITHER by its completion OR by the activities
// linked to it, never by both — otherwise the impact figures, which simply add up
// completions and activities, would count them twice.
//
// The rule, precisely (one function, called by both write paths under a row lock on the
// demand, so whichever write comes second is refused with 409 outcome.already_reported):
// - A record "reports an outcome" when it carries any of: traineeCount > 0, a benefit
//   amount > 0, a solved problem (a completion with solved = true; an activity with at
//   least one onSiteProblemsSolved entry). A completion with solved = false, no trainees
//   and no benefit reports nothing, and neither does an activity without those figures:
//   they never conflict (they still count as an activity / a visited enterprise).
// - Any figure against any figure, not the same figure only: an activity linked to several
//   demands reports its trainees, benefit and problems for the whole activity, so they
//   cannot be split by demand, and a follow-up training reported on an activity after the
//   completion already reported trainees would be counted twice just the same.
// - Only a completion against a linked activity conflicts. Several activities linked to
//   one demand may all report (several training sessions for one order are several
//   sessions); a demand has at most one completion anyway.
// Pure: no I/O.

export type OutcomeFigure = 'trainees' | 'benefit' | 'problemsSolved'

export type OutcomeSource = { kind: 'completion'; assignmentId: string } | { kind: 'activity'; activityId: string }

/** What one record says about a demand's outcome. */
export interface OutcomeReport {
  source: OutcomeSource
  traineeCount: number
  benefitYuan: number | null
  /** Solved problems: 1 for a solved completion, the number of on-site entries for an activity. */
  problemsSolved: number
}

export interface OutcomeConflict {
  demandId: string
  /** What the refused write would report. */
  figures: OutcomeFigure[]
  /** The record of the other kind that already reported this demand's outcome, and what it reported. */
  reportedBy: OutcomeSource
  reportedFigures: OutcomeFigure[]
}

/** The outcome figures a record reports (empty: it reports none). */
export function reportedFigures(r: Omit<OutcomeReport, 'source'>): OutcomeFigure[] {
  const out: OutcomeFigure[] = []
  if (r.traineeCount > 0) out.push('trainees')
  if (r.benefitYuan !== null && r.benefitYuan > 0) out.push('benefit')
  if (r.problemsSolved > 0) out.push('problemsSolved')
  return out
}

/**
 * Whether writing `incoming` for `demandId` would report the demand's outcome a second
 * time, given what is already stored for that demand (`existing`: its completion and its
 * linked activities; the incoming record's own stored version is ignored, so a correction
 * never conflicts with itself). Returns the first conflicting record, or null.
 */
export function findOutcomeConflict(demandId: string, incoming: OutcomeReport, existing: readonly OutcomeReport[]): OutcomeConflict | null {
  const figures = reportedFigures(incoming)
  if (figures.length === 0) return null
  for (const other of existing) {
    if (other.source.kind === incoming.source.kind) continue
    const reported = reportedFigures(other)
    if (reported.length > 0) return { demandId, figures, reportedBy: other.source, reportedFigures: reported }
  }
  return null
}

export const OUTCOME_FIGURE_LABELS: Readonly<Record<OutcomeFigure, { zh: string; en: string }>> = {
  trainees: { zh: '培训人次', en: 'trainees' },
  benefit: { zh: '经济效益', en: 'benefit' },
  problemsSolved: { zh: '解决的技术问题', en: 'solved problems' },
}
