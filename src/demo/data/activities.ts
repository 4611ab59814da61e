// 活动: what the teams' trainings, exchange meetings and on-site visits are called, and
// the kind of problems they fix on the spot (each entry of onSiteProblemsSolved counts as
// one 解决技术问题).
import type { Industry } from '../../domain/codes/codes.js'

/** Training courses per industry; the key '' is for teams that serve every industry. */
export const TRAINING_COURSES: Partial<Record<Industry | '', readonly string[]>> = {
  toys_creative: ['玩具注塑工艺技能培训班', '玩具安全标准（EN 71 / GB 6675）专题培训', '玩具喷油移印实操培训', '玩具装配线精益管理培训'],
  plastics: ['注塑成型工艺与模具维护培训', '塑料挤出吹塑操作技能培训'],
  textile_apparel: ['针织内衣调机技能培训班', '印染对色与色牢度控制培训', '服装车工技能提升培训', '服装 CAD 制版培训班'],
  new_energy: ['海上风电运维安全培训', '光伏电站运维技能培训', '锂电车间安全生产培训'],
  utilities: ['企业电工安全技能培训', '配电运维与电气安全培训'],
  new_materials: ['改性塑料检测技能培训', '薄膜生产工艺培训班', '复合材料成型操作培训'],
  chemicals: ['危化品安全操作培训', '反应釜安全操作与应急处置培训'],
  electronic_information: ['SMT 工艺与 IPC-A-610 标准培训', '电子产品检测维修技能培训', '嵌入式开发入门培训'],
  software_services: ['中小企业数字化转型培训', '企业信息安全意识培训'],
  health: ['GMP 质量管理培训班', '医疗器械生产质量管理培训'],
  pharmaceuticals: ['药品生产 GMP 实务培训'],
  food: ['食品安全与 HACCP 培训班', '潮汕特色食品加工工艺培训'],
  agriculture: ['海水养殖病害防控培训'],
  marine: ['渔船轮机维护保养培训', '水产品加工冷链技能培训'],
  printing_packaging: ['印刷色彩管理培训班', '包装印刷机长技能提升培训'],
  equipment_manufacturing: ['数控编程与操作培训班', '焊工技能提升培训', '设备点检与预防性维护培训'],
  auto_parts: ['汽配零件数控加工培训'],
  hardware: ['五金表面处理工艺培训'],
  crafts: ['汕头抽纱技艺传承培训班', '潮汕木雕技艺培训班'],
  logistics: ['叉车及起重设备安全操作培训'],
  commerce: ['电商运营与直播带货培训班'],
  '': ['班组长精益管理培训班', '安全生产与隐患排查培训', 'QC 小组活动与质量工具培训'],
}

/** Exchange meetings: {industry} is the industry's Chinese label, {district} the district's name. */
export const EXCHANGE_MEETINGS: readonly string[] = [
  '{industry}企业技术交流会',
  '劳模工匠进企业技术交流座谈会（{district}）',
  '{industry}新工艺现场观摩交流会',
  '“劳模工匠助企行”{district}专场供需对接会',
  '{industry}产业链技术协作交流会',
]

/** On-site visits: {brand} is the (first) host enterprise, {skill} a skill of the team; the 等 forms are for visits to several. */
export const ON_SITE_VISITS: readonly string[] = [
  '赴{brand}开展{skill}现场技术帮扶',
  '走进{brand}现场解决{skill}难题',
  '{district}{industry}企业上门技术服务（{brand}等）',
  '“劳模工匠助企行”进{brand}现场服务',
  '{district}{industry}企业巡回技术帮扶（{brand}等）',
]

/** Visits that prepare a demand's work and report no figures of their own ({brand}: the enterprise, {title}: the demand's). */
export const DIAGNOSIS_VISITS: readonly string[] = ['赴{brand}现场诊断：{title}', '{brand}现场勘查与方案研讨：{title}', '上门摸底调研（{brand}）：{title}']

/** Training sessions run for one order still in progress. */
export const ORDER_TRAININGS: readonly string[] = ['{brand}配套培训（第一期）：{title}', '{brand}现场带教：{title}', '{brand}操作人员专项培训：{title}']

/** Short descriptions of problems fixed on the spot, per industry ('' for any industry). */
export const ON_SITE_PROBLEMS: Partial<Record<Industry | '', readonly string[]>> = {
  toys_creative: ['注塑件飞边', '喷油件附着力不足', '移印重影', '模具冷却水路堵塞', '装配卡扣断裂', '超声波焊接不牢', '电池仓接触不良', '搪胶件壁厚不均'],
  plastics: ['挤出管材壁厚不均', '吹塑瓶口飞边', '注塑机料筒温度波动', '色母分散不均', '注塑件顶白'],
  textile_apparel: ['染色色花', '圆机织物横条', '缝纫机跳针', '定型机门幅不稳', '绣花机断线频繁', '面料缩水率超标', '无缝内衣机密度不匀'],
  new_energy: ['风机偏航异响', '逆变器绝缘阻抗告警', '储能柜温控失效', '光伏组串电流不平衡', '变桨电池充电故障'],
  utilities: ['配电柜接头过热', '电容补偿柜投切故障', '接地电阻超标'],
  new_materials: ['薄膜厚度偏差大', '改性料熔指波动', '复合材料固化不完全', '涂层刮擦发白'],
  chemicals: ['反应釜温度超调', '管道法兰渗漏', '废气处理塔喷淋不均', '投料计量偏差'],
  electronic_information: ['贴片机抛料率高', '回流焊立碑', '功放啸叫', '测试治具探针接触不良', '按键失灵', '波峰焊连锡'],
  software_services: ['车间网络交换机环路', '生产数据重复录入', '服务器备份失败'],
  health: ['洁净区压差不稳', '灭菌记录不完整', '灌装量偏差', '膏体分层'],
  pharmaceuticals: ['压片机片重差异大', '包衣色差'],
  food: ['封口不严漏气', '杀菌釜温度不均', '金属检测机误报', '速冻隧道结霜', '灌装机滴漏'],
  agriculture: ['养殖池溶氧不足', '育苗池水温波动'],
  marine: ['渔船发电机电压不稳', '网箱锚泊松动', '冷藏舱温度偏高'],
  printing_packaging: ['印刷套色偏移', '模切刀线爆线', '糊盒开胶', '复合膜起皱', '印刷糊版'],
  equipment_manufacturing: ['液压站漏油', '数控车床尺寸漂移', '焊缝气孔', '空压机频繁启停', 'PLC 程序报警', '减速机异响'],
  auto_parts: ['冲压件毛刺超差', '刹车片异响'],
  hardware: ['电镀件起泡', '抛光件橘皮', '冲压模具崩刃'],
  crafts: ['抽纱图样走样', '木雕件干裂'],
  logistics: ['叉车制动失灵', '货架超载变形', '冷库门密封老化'],
  commerce: ['直播间灯光布置不当', '商品主图违规被限流'],
  '': ['消防通道堵塞', '安全警示标识缺失', '配电箱未接地', '能耗计量缺失', '空压机管网泄漏'],
}
