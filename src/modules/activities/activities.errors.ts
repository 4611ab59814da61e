// Error factories of the activities module, each with a stable `code`.
import { OUTCOME_FIGURE_LABELS, type OutcomeConflict, type OutcomeFigure } from '../../domain/outcome.js'
import { errors, type FieldProblem } from '../../lib/errors.js'

const list = (figures: OutcomeFigure[], lang: 'zh' | 'en') => figures.map((f) => OUTCOME_FIGURE_LABELS[f][lang]).join(lang === 'zh' ? '、' : ', ')

export const activityErrors = {
  notFound: () => errors.notFound('activity', '活动'),

  otherTeam: () => errors.forbidden({ zh: '服务队只能登记本队的活动', en: 'A team records only its own activities' }),

  /** 400 naming each offending field (e.g. `enterpriseIds.2`). */
  invalidFields: (fields: FieldProblem[]) =>
    errors.badRequest(
      'validation.failed',
      { zh: `有 ${fields.length} 处参数不正确：${fields.map((f) => f.path).join('、')}`, en: `${fields.length} invalid field(s): ${fields.map((f) => f.path).join(', ')}` },
      { errors: fields },
    ),

  /** 409: the demand's outcome was already reported by the other kind of record (domain/outcome.ts). */
  outcomeAlreadyReported: (c: OutcomeConflict, demandTitle: string) => {
    const by =
      c.reportedBy.kind === 'completion'
        ? { zh: `该需求的完成结果（派单 ${c.reportedBy.assignmentId}）`, en: `the completion of the demand (assignment ${c.reportedBy.assignmentId})` }
        : { zh: `关联该需求的活动（${c.reportedBy.activityId}）`, en: `an activity linked to the demand (${c.reportedBy.activityId})` }
    return errors.conflict(
      'outcome.already_reported',
      { zh: '该需求的成效已登记', en: 'Outcome already reported' },
      {
        zh: `需求「${demandTitle}」的成效已由${by.zh}登记（${list(c.reportedFigures, 'zh')}），同一需求的培训人次、经济效益和解决的问题只能登记一次；本次登记了${list(c.figures, 'zh')}`,
        en: `The outcome of demand "${demandTitle}" was already reported by ${by.en} (${list(c.reportedFigures, 'en')}); a demand's trainees, benefit and solved problem count once. This write reports ${list(c.figures, 'en')}`,
      },
      { demandId: c.demandId, figures: c.figures, reportedBy: c.reportedBy, reportedFigures: c.reportedFigures },
    )
  },
}
