// Names and phone numbers for enterprise contacts. 潮汕 surnames, weighted roughly as
// they are common in Shantou; given names from characters typical of the region.
import type { Rng } from '../random.js'

export const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 14], ['林', 10], ['黄', 8], ['李', 6], ['吴', 6], ['郑', 6], ['蔡', 5], ['许', 5],
  ['杨', 4], ['张', 4], ['王', 3], ['谢', 3], ['刘', 3], ['翁', 2], ['庄', 2], ['方', 2],
  ['纪', 2], ['肖', 2], ['马', 2], ['卢', 2], ['洪', 2], ['余', 1], ['周', 1], ['姚', 2],
  ['郭', 2], ['詹', 1], ['柯', 1], ['佘', 1], ['辜', 1], ['魏', 1], ['钟', 1], ['沈', 1],
]

const GIVEN_FIRST = ['建', '伟', '俊', '少', '锦', '泽', '国', '振', '志', '晓', '佳', '秀', '丽', '淑', '楚', '炳', '培', '汉', '钦', '嘉', '梓', '思', '雅', '宏', '瑞', '德', '家', '海', '文', '树']
const GIVEN_SECOND = ['华', '明', '强', '鹏', '辉', '雄', '平', '生', '伟', '涛', '彬', '杰', '坤', '鸿', '敏', '玲', '纯', '婷', '芬', '珊', '燕', '娟', '琪', '欣', '荣', '光', '波', '军', '锋', '煌']

export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES)
  // About one in six is a single-character given name (陈宏, 林涛).
  if (rng.chance(0.16)) return surname + rng.pick(GIVEN_SECOND)
  return surname + rng.pick(GIVEN_FIRST) + rng.pick(GIVEN_SECOND)
}

const MOBILE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '186', '188', '189', '133', '180', '131', '132', '155', '156', '177', '183', '199']

/** An 11-digit mainland mobile number (fictitious: random digits). */
export function mobile(rng: Rng): string {
  let n = rng.pick(MOBILE_PREFIXES)
  for (let i = 0; i < 8; i++) n += String(rng.int(0, 9))
  return n
}

/** A Shantou landline (区号 0754, 8 digits). */
export function landline(rng: Rng): string {
  let n = `0754-8${rng.int(2, 9)}`
  for (let i = 0; i < 6; i++) n += String(rng.int(0, 9))
  return n
}
