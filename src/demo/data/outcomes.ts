// Words said along the way: why a team declines, why an assignment or an order is
// cancelled, and what enterprises write when they rate the service.
import type { DeclineReason } from '../../domain/codes/codes.js'

export const DECLINE_NOTES: Readonly<Record<DeclineReason, readonly string[]>> = {
  wrong_skills: ['该问题主要涉及设备电控系统，本队擅长的是工艺方面，建议派给电气方向的服务队', '需求偏向配方研发，本队成员以设备维修为主，难以胜任'],
  no_capacity: ['本月队员集中支援省级技能竞赛集训，人手不足', '当前在手项目较多，无法保证服务质量'],
  too_far: ['企业在海岛上，队员往返一次需要大半天，建议由本地服务队承接', '路程较远，且需多次上门，建议就近派单'],
  other: ['队员与该企业存在亲属关系，按规定回避', '企业要求的服务时间与队员上班时间冲突，暂无法安排'],
}

/** Admin cancels an assignment (the demand returns to the queue and is assigned again). */
export const ASSIGNMENT_CANCEL_REASONS: readonly string[] = [
  '企业联系人变更，需重新确认需求后再派单',
  '服务队负责人临时出差一个月，改派其他服务队',
  '调度核实后发现更合适的服务队，改派',
]

/** The enterprise withdraws its order. */
export const DEMAND_CANCEL_REASONS_BY_ENTERPRISE: readonly string[] = [
  '问题已由设备厂家上门解决，暂不需要服务',
  '客户订单取消，该产品暂停生产',
  '公司技术部已自行解决',
  '产线调整，该项目暂停',
]

/** The union cancels an order already being worked on. */
export const DEMAND_CANCEL_REASONS_BY_ADMIN: readonly string[] = ['企业停产整顿，服务中止', '企业搬迁，需求撤回后待新厂投产再申请']

export const FEEDBACK_COMMENTS: Readonly<Record<1 | 2 | 3 | 4 | 5, readonly string[]>> = {
  5: [
    '师傅们很专业，问题解决得很彻底，感谢工会搭桥！',
    '服务及时，现场带教特别实用，工人们都说学到了真本事。',
    '困扰我们半年的难题终于解决了，效益很明显。',
    '劳模师傅不讲价钱、不怕辛苦，连续几个晚上在车间守着调试，非常感动。',
    '方案落地性强，后续还主动回访，点赞！',
  ],
  4: ['问题基本解决，希望后续再跟进一次。', '服务很好，就是第一次上门时间比约定晚了几天。', '效果不错，希望以后多组织这样的培训。'],
  3: ['问题有改善但还没完全解决，希望继续帮扶。', '师傅很认真，但我们自身条件有限，效果一般。'],
  2: ['问题没有解决，不过师傅们很尽力，也给了改造建议。'],
  1: ['沟通不太顺畅，问题没有得到解决。'],
}

export const OUTCOME_NOT_CONFIRMED_COMMENTS: readonly string[] = ['效益数据还需财务核算后再确认。', '效果还要再观察一个生产周期。']
