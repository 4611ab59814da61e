// Where Shantou's enterprises are and what they make: per district, its towns and
// industrial parks and the weight of each industry (澄海 toys, 潮南/潮阳 textiles, 龙湖/金平
// electronics, printing and health, 濠江/南澳 wind power and the sea), plus the words
// enterprise names are made of. Names are generated: any likeness to a real firm is chance.
import type { EnterpriseSize, Industry } from '../../domain/codes/codes.js'

export interface DistrictProfile {
  code: string
  name: string
  /** How many demo enterprises are registered here. */
  enterprises: number
  /** Towns / 街道 and the parks or roads in them. */
  places: readonly { town: string; sites: readonly string[] }[]
  industries: readonly (readonly [Industry, number])[]
}

export const DISTRICT_PROFILES: readonly DistrictProfile[] = [
  {
    code: '440515',
    name: '澄海区',
    enterprises: 112,
    places: [
      { town: '莲下镇', sites: ['工业区', '槐东工业区', '程洋冈工业区', '南湾工业区'] },
      { town: '凤翔街道', sites: ['玩具城', '凤翔工业区', '岭亭工业区'] },
      { town: '广益街道', sites: ['广益工业区', '中山北路'] },
      { town: '澄华街道', sites: ['澄华工业区', '华富工业区', '外埔工业区'] },
      { town: '东里镇', sites: ['东里工业区', '樟林工业区'] },
      { town: '溪南镇', sites: ['溪南工业区', '仙市工业区'] },
      { town: '莲上镇', sites: ['莲上工业区', '兰苑工业区'] },
      { town: '隆都镇', sites: ['隆都工业区'] },
    ],
    industries: [
      ['toys_creative', 58], ['plastics', 12], ['electronic_information', 7], ['printing_packaging', 6],
      ['food', 5], ['crafts', 4], ['textile_apparel', 3], ['commerce', 3], ['equipment_manufacturing', 2],
    ],
  },
  {
    code: '440514',
    name: '潮南区',
    enterprises: 86,
    places: [
      { town: '峡山街道', sites: ['峡山工业区', '东山工业区', '义英工业区'] },
      { town: '两英镇', sites: ['两英工业区', '古溪工业区'] },
      { town: '陈店镇', sites: ['陈店工业区', '溪口工业区'] },
      { town: '司马浦镇', sites: ['司马浦工业区', '大布工业区'] },
      { town: '仙城镇', sites: ['仙城工业区'] },
      { town: '胪岗镇', sites: ['胪岗工业区', '泗黄工业区'] },
      { town: '井都镇', sites: ['井都工业区'] },
      { town: '陇田镇', sites: ['纺织印染环保综合处理中心', '陇田工业区'] },
    ],
    industries: [
      ['textile_apparel', 55], ['new_materials', 8], ['chemicals', 7], ['electronic_information', 7],
      ['health', 6], ['food', 6], ['plastics', 4], ['hardware', 3], ['construction', 2], ['other', 2],
    ],
  },
  {
    code: '440513',
    name: '潮阳区',
    enterprises: 86,
    places: [
      { town: '谷饶镇', sites: ['谷饶工业区', '赤产工业区'] },
      { town: '和平镇', sites: ['和平工业区', '中寨工业区'] },
      { town: '铜盂镇', sites: ['铜盂工业区'] },
      { town: '贵屿镇', sites: ['循环经济产业园'] },
      { town: '金灶镇', sites: ['金灶工业区'] },
      { town: '西胪镇', sites: ['西胪工业区'] },
      { town: '海门镇', sites: ['海门工业区'] },
      { town: '棉北街道', sites: ['棉城工业区', '平北工业区'] },
      { town: '城南街道', sites: ['城南工业区'] },
    ],
    industries: [
      ['textile_apparel', 42], ['electronic_information', 11], ['hardware', 9], ['food', 9],
      ['new_materials', 7], ['printing_packaging', 6], ['health', 5], ['commerce', 4], ['construction', 3], ['other', 2],
    ],
  },
  {
    code: '440507',
    name: '龙湖区',
    enterprises: 92,
    places: [
      { town: '珠津街道', sites: ['珠津工业区', '珠津二街'] },
      { town: '新溪街道', sites: ['新溪工业区', '龙新工业区'] },
      { town: '外砂街道', sites: ['外砂工业区', '蓬中工业区'] },
      { town: '鸥汀街道', sites: ['鸥汀工业区', '大衙工业区'] },
      { town: '龙华街道', sites: ['高新区科技东路', '高新区科技西路'] },
      { town: '金霞街道', sites: ['万吉工业区', '泰山路'] },
    ],
    industries: [
      ['electronic_information', 24], ['new_materials', 12], ['equipment_manufacturing', 12], ['health', 10],
      ['printing_packaging', 8], ['software_services', 7], ['auto_parts', 5], ['new_energy', 5], ['plastics', 4],
      ['pharmaceuticals', 3], ['commerce', 3], ['logistics', 3], ['construction', 2],
    ],
  },
  {
    code: '440511',
    name: '金平区',
    enterprises: 86,
    places: [
      { town: '岐山街道', sites: ['金园工业区', '岐山工业区'] },
      { town: '月浦街道', sites: ['月浦工业区', '潮汕路'] },
      { town: '鮀江街道', sites: ['鮀江工业区'] },
      { town: '鮀莲街道', sites: ['浮西工业区', '鮀莲工业区'] },
      { town: '石炮台街道', sites: ['大学路', '金砂路'] },
      { town: '广厦街道', sites: ['金园工业城'] },
    ],
    industries: [
      ['printing_packaging', 17], ['equipment_manufacturing', 14], ['electronic_information', 12], ['food', 10],
      ['health', 9], ['pharmaceuticals', 8], ['new_materials', 8], ['chemicals', 6], ['textile_apparel', 6],
      ['crafts', 5], ['hardware', 3], ['software_services', 2],
    ],
  },
  {
    code: '440512',
    name: '濠江区',
    enterprises: 46,
    places: [
      { town: '广澳街道', sites: ['广澳港区', '南山湾产业园'] },
      { town: '达濠街道', sites: ['青篮工业区', '达濠工业区'] },
      { town: '马滘街道', sites: ['马滘工业区'] },
      { town: '礐石街道', sites: ['礐石工业区'] },
      { town: '滨海街道', sites: ['滨海工业区'] },
    ],
    industries: [
      ['new_energy', 24], ['new_materials', 15], ['logistics', 14], ['marine', 14], ['chemicals', 11],
      ['equipment_manufacturing', 10], ['utilities', 5], ['construction', 3],
    ],
  },
  {
    code: '440523',
    name: '南澳县',
    enterprises: 32,
    places: [
      { town: '后宅镇', sites: ['后宅工业区', '隆澳路'] },
      { town: '深澳镇', sites: ['深澳工业区'] },
      { town: '云澳镇', sites: ['云澳渔港'] },
      { town: '青澳', sites: ['青澳湾'] },
    ],
    industries: [
      ['marine', 32], ['new_energy', 25], ['food', 15], ['agriculture', 14], ['health', 6], ['logistics', 5], ['commerce', 3],
    ],
  },
]

/** Words that say what an enterprise makes, per industry. */
export const INDUSTRY_WORDS: Readonly<Record<Industry, readonly string[]>> = {
  toys_creative: ['玩具', '玩具实业', '智能玩具', '文化创意', '模型玩具', '益智玩具', '动漫玩具', '婴童用品'],
  plastics: ['塑料制品', '塑胶', '塑业', '塑料模具', '塑胶五金'],
  textile_apparel: ['针织', '内衣', '服饰', '织造', '印染', '制衣', '纺织', '家居服', '织染'],
  new_energy: ['新能源', '光伏科技', '储能科技', '风电设备', '电池科技', '能源科技'],
  new_materials: ['新材料', '高分子材料', '薄膜科技', '复合材料', '新型材料'],
  electronic_information: ['电子', '电子科技', '电器', '智能科技', '音响', '光电', '电子元件'],
  health: ['健康科技', '医疗器械', '生物科技', '保健品', '日化'],
  pharmaceuticals: ['制药', '药业', '医药'],
  food: ['食品', '食品工业', '粮油', '果蔬加工', '饮料', '调味品'],
  printing_packaging: ['印刷', '包装', '彩印', '纸品', '包装材料', '印务'],
  chemicals: ['化工', '精细化工', '涂料', '树脂'],
  equipment_manufacturing: ['机械', '机械设备', '智能装备', '自动化设备', '轻工机械'],
  auto_parts: ['汽车配件', '汽配'],
  hardware: ['五金', '五金制品', '金属制品'],
  crafts: ['工艺品', '抽纱', '工艺'],
  software_services: ['信息技术', '软件', '网络科技'],
  logistics: ['物流', '货运', '仓储'],
  marine: ['水产', '海洋科技', '渔业', '海产品'],
  agriculture: ['农业科技', '生态农业'],
  utilities: ['电力工程', '水务'],
  commerce: ['贸易', '电子商务', '进出口'],
  construction: ['建筑工程', '建材'],
  other: ['实业', '发展'],
}

/** Trade names are two characters, one from each list (宏达, 金源, 华兴 …). */
export const BRAND_FIRST = ['宏', '金', '华', '永', '恒', '瑞', '嘉', '联', '丰', '俊', '鑫', '锦', '创', '乐', '兴', '泰', '德', '信', '东', '盛', '粤', '潮', '汇', '佳', '新', '万', '益', '荣', '明', '腾', '铭', '奇', '博', '海', '天', '骏']
export const BRAND_SECOND = ['达', '源', '兴', '盛', '丰', '祥', '诚', '鸿', '翔', '信', '泰', '辉', '艺', '隆', '发', '利', '昌', '宇', '邦', '威', '进', '光', '润', '峰', '通', '晟', '美', '华', '创', '成', '远', '航']

/** Sizes by weight: the programme targets small, micro and 专精特新 enterprises. */
export const SIZE_WEIGHTS: readonly (readonly [EnterpriseSize, number])[] = [
  ['micro', 30],
  ['small', 46],
  ['medium', 19],
  ['large', 5],
]
