// 资源菜单: what the demo teams offer. Each team picks 2–4 of these dishes (teams.ts);
// several teams may cook the same dish, as on the real menu.
import type { Industry, ServiceKind } from '../../domain/codes/codes.js'

export interface MenuDish {
  title: string
  description: string
  serviceKinds: ServiceKind[]
  skills: string[]
  /** Empty: any of the team's industries. */
  industries: Industry[]
  /** The training course a team runs from this dish (dishes that offer training). Not part of the menu item. */
  course?: string
}

export const MENU_DISHES = {
  // ---- 玩具创意 / 塑料 ----
  toy_mold: {
    title: '注塑模具设计与修模',
    description: '针对玩具外壳、积木件常见的缩痕、飞边、翘曲、顶白等缺陷，从浇口位置、排气和冷却水路入手修模改模，并在现场调校注塑温度、保压和冷却时间。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['注塑', '模具', '修模', '模流分析'],
    industries: ['toys_creative', 'plastics'],
  },
  toy_spray: {
    title: '玩具喷油与移印工艺优化',
    description: '解决喷油件色差、流挂、附着力差以及移印重影、漏印等问题，规范调漆配比、治具设计和烘干条件，带教喷油、移印工。',
    serviceKinds: ['assistance', 'training'],
    skills: ['喷油', '移印', '调色', '治具'],
    industries: ['toys_creative'],
    course: '玩具喷油移印实操培训',
  },
  toy_safety: {
    title: '玩具安全标准与出口检测辅导',
    description: '讲解 GB 6675、EN 71、ASTM F963 等标准要求，指导企业对小零件、锐利边缘、可迁移元素和增塑剂等项目自检，帮助产品一次通过出口检测。',
    serviceKinds: ['training', 'exchange'],
    skills: ['玩具安全', 'EN71', '出口检测', '标准'],
    industries: ['toys_creative'],
    course: '玩具安全标准（EN 71 / GB 6675）专题培训',
  },
  toy_smart: {
    title: '智能玩具电控方案协作',
    description: '为遥控车、早教机、电动积木等产品提供电机驱动、蓝牙和 2.4G 遥控、低功耗方案选型，协助打样调试，解决续航短、遥控距离不足等问题。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['电路设计', '单片机', '遥控', '低功耗'],
    industries: ['toys_creative', 'electronic_information'],
  },
  toy_assembly: {
    title: '玩具装配线精益改善',
    description: '用工时分析、线平衡和防错设计改造手工装配线，减少漏装、错装，帮助班组长掌握日常改善方法。',
    serviceKinds: ['assistance', 'training'],
    skills: ['精益生产', '装配', '线平衡', '防错'],
    industries: ['toys_creative'],
    course: '玩具装配线精益管理培训',
  },
  toy_design: {
    title: '创意玩具结构设计与手板打样',
    description: '从手绘稿到三维建模、结构拆件和手板打样，帮助中小玩具企业缩短新品开发周期，避免开模后再改结构。',
    serviceKinds: ['collaboration', 'training'],
    skills: ['结构设计', '3D建模', '手板', '打样'],
    industries: ['toys_creative'],
    course: '玩具结构设计与三维建模培训',
  },
  plastic_blow: {
    title: '吹塑与挤出成型工艺帮扶',
    description: '解决吹塑瓶壁厚不均、挤出管材和型材尺寸波动等问题，优化螺杆各温区、型坯控制和牵引速度。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['吹塑', '挤出', '塑料成型'],
    industries: ['plastics'],
  },

  // ---- 纺织服装 ----
  tex_dyeing: {
    title: '印染色差与色牢度攻关',
    description: '针对批次色差、色花以及皂洗、摩擦牢度不达标，优化前处理、染色升温曲线和固色工艺，建立小样与大货对色标准。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['印染', '染色', '色牢度', '对色'],
    industries: ['textile_apparel'],
  },
  tex_knit: {
    title: '针织内衣织造与设备调试',
    description: '无缝内衣机、圆机织物出现横条、破洞、密度不匀时现场调机，讲解纱线选配与工艺单编制，带出本厂的调机师傅。',
    serviceKinds: ['assistance', 'training'],
    skills: ['针织', '无缝内衣', '圆机', '调机'],
    industries: ['textile_apparel'],
    course: '针织内衣调机技能培训班',
  },
  tex_sewing: {
    title: '服装缝制工艺与质量提升',
    description: '从裁剪排料、缝制工序编排到整烫包装，帮助企业降低返修率、提高人均产量，开展车工技能培训和比武。',
    serviceKinds: ['training', 'assistance'],
    skills: ['缝制', '裁剪', '排料', '车工'],
    industries: ['textile_apparel'],
    course: '服装车工技能提升培训',
  },
  tex_wastewater: {
    title: '印染废水处理与节能降耗',
    description: '诊断印染废水 COD、色度超标原因，提出中水回用方案；对定型机余热回收和蒸汽管网做节能改造。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['废水处理', '节能', '中水回用', '定型机'],
    industries: ['textile_apparel', 'chemicals'],
  },
  tex_pattern: {
    title: '服装制版与数字化打版',
    description: '服装 CAD 制版、推码放码培训，修正样衣试穿问题，帮助企业从手工打版转向数字化打版。',
    serviceKinds: ['training', 'exchange'],
    skills: ['制版', '服装CAD', '推码'],
    industries: ['textile_apparel'],
    course: '服装 CAD 制版培训班',
  },
  tex_embroidery: {
    title: '潮绣与电脑绣花工艺',
    description: '处理电脑绣花机断线、跳针、起皱，传授花样制版技巧，把潮绣针法用到现代服饰产品上。',
    serviceKinds: ['training', 'assistance'],
    skills: ['绣花', '潮绣', '花样制版'],
    industries: ['textile_apparel', 'crafts'],
    course: '电脑绣花与潮绣技艺培训',
  },

  // ---- 新能源 / 电力 ----
  ne_wind: {
    title: '海上风电运维技术服务',
    description: '风机齿轮箱、变桨和偏航系统故障排查，叶片巡检与防腐维护，运维人员登高和海上安全作业培训。',
    serviceKinds: ['tackling', 'training'],
    skills: ['风电运维', '齿轮箱', '变桨系统', '安全作业'],
    industries: ['new_energy'],
    course: '海上风电运维安全培训',
  },
  ne_pv: {
    title: '分布式光伏与储能系统调试',
    description: '评估厂房屋顶光伏方案，诊断逆变器故障，优化储能系统充放电策略，帮助企业降低用电成本。',
    serviceKinds: ['assistance', 'collaboration'],
    skills: ['光伏', '逆变器', '储能', '电气调试'],
    industries: ['new_energy'],
  },
  ne_battery: {
    title: '锂电池生产工艺与安全',
    description: '提升电芯涂布、卷绕和化成工序良率，规范电池包焊接与检测，开展锂电车间防火防爆培训。',
    serviceKinds: ['tackling', 'training'],
    skills: ['锂电池', '涂布', '化成', '电池安全'],
    industries: ['new_energy'],
    course: '锂电车间安全生产培训',
  },
  ne_power: {
    title: '企业配电与电气安全体检',
    description: '配电房巡检，变压器和电缆接头红外测温，功率因数补偿与谐波治理，开展电工实操培训。',
    serviceKinds: ['assistance', 'training'],
    skills: ['配电', '电气安全', '谐波治理', '电工'],
    industries: ['utilities', 'new_energy'],
    course: '企业电工安全技能培训',
  },

  // ---- 新材料 / 化工 ----
  nm_film: {
    title: '功能薄膜生产工艺攻关',
    description: '分析 BOPP、BOPET 等薄膜的厚度不均、晶点、破膜问题，调整拉伸工艺和配方，提高成品率。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['薄膜', '双向拉伸', '配方'],
    industries: ['new_materials', 'plastics'],
  },
  nm_modify: {
    title: '改性塑料配方与检测',
    description: '阻燃、增韧、填充改性配方优化，熔指、冲击强度和阻燃等级检测方法培训，帮企业建好来料检验。',
    serviceKinds: ['collaboration', 'training'],
    skills: ['改性塑料', '配方', '材料检测'],
    industries: ['new_materials', 'plastics'],
    course: '改性塑料检测技能培训',
  },
  nm_composite: {
    title: '复合材料成型技术',
    description: '玻璃钢、碳纤维制品的铺层设计、真空导入和固化工艺，解决气泡、白斑和分层缺陷。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['复合材料', '碳纤维', '真空导入'],
    industries: ['new_materials'],
  },
  nm_coating: {
    title: '涂料与胶粘剂工艺帮扶',
    description: '诊断水性涂料、胶粘剂的分散性、储存稳定性和施工性能问题，配合企业推进 VOCs 减排工艺改进。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['涂料', '胶粘剂', '水性化', 'VOCs'],
    industries: ['new_materials', 'chemicals'],
  },
  chem_safety: {
    title: '危化品安全生产与工艺操作',
    description: '梳理反应釜操作规程、投料与温控要点，开展危化品储存和泄漏应急处置演练培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['危化品', '安全生产', '反应釜'],
    industries: ['chemicals', 'new_materials'],
    course: '危化品安全操作与应急处置培训',
  },

  // ---- 新一代电子信息 ----
  el_smt: {
    title: 'SMT 贴片与焊接质量提升',
    description: '分析贴片机抛料、回流焊虚焊、连锡、立碑等问题，优化钢网开口与炉温曲线，开展 IPC-A-610 标准培训。',
    serviceKinds: ['tackling', 'training'],
    skills: ['SMT', '回流焊', '焊接', '炉温曲线'],
    industries: ['electronic_information'],
    course: 'SMT 工艺与 IPC-A-610 标准培训',
  },
  el_pcb: {
    title: '电路板设计与可制造性评审',
    description: 'PCB 布局布线、EMC 整改、可制造性（DFM）评审，帮助企业减少改板次数、顺利通过认证测试。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['PCB设计', 'EMC', 'DFM'],
    industries: ['electronic_information'],
  },
  el_test: {
    title: '电子产品测试与故障分析',
    description: '设计 ICT/FCT 测试治具，分析不良品失效原因，编写维修手册，培养企业自己的检测维修骨干。',
    serviceKinds: ['assistance', 'training'],
    skills: ['测试治具', '失效分析', '电子维修'],
    industries: ['electronic_information'],
    course: '电子产品检测维修技能培训',
  },
  el_audio: {
    title: '音响与电声产品调音',
    description: '扬声器、功放、蓝牙音箱的声学测试与调音，排查异音、啸叫、底噪问题。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['电声', '声学测试', '调音'],
    industries: ['electronic_information'],
  },
  el_embedded: {
    title: '嵌入式软件与物联网开发',
    description: '单片机程序优化、物联网模组接入与远程升级方案，排查产品固件死机、复位等稳定性问题。',
    serviceKinds: ['collaboration', 'training'],
    skills: ['嵌入式', '单片机', '物联网'],
    industries: ['electronic_information', 'software_services'],
    course: '嵌入式开发入门培训',
  },

  // ---- 大健康 / 医药 ----
  hl_gmp: {
    title: '药品与保健食品 GMP 合规',
    description: '洁净区管理、工艺验证和批记录规范，迎检前开展模拟审计，培训质量管理人员。',
    serviceKinds: ['training', 'assistance'],
    skills: ['GMP', '洁净区', '工艺验证'],
    industries: ['health', 'pharmaceuticals'],
    course: 'GMP 质量管理培训班',
  },
  hl_device: {
    title: '医疗器械生产工艺改进',
    description: '一次性医用耗材的注塑、组装和灭菌工艺改进，辅导注册检验项目准备和洁净车间管理。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['医疗器械', '灭菌', '注塑'],
    industries: ['health'],
  },
  hl_tcm: {
    title: '中药与保健品提取工艺',
    description: '优化提取、浓缩、干燥工序参数，提高得率，解决颗粒吸潮、结块问题。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['中药提取', '浓缩干燥', '制剂'],
    industries: ['health', 'pharmaceuticals'],
  },
  hl_cosmetic: {
    title: '日化与化妆品配方工艺',
    description: '分析膏霜乳液分层、变色、变味的原因，开展微生物控制与车间卫生管理培训。',
    serviceKinds: ['assistance', 'training'],
    skills: ['日化', '配方', '微生物控制'],
    industries: ['health', 'chemicals'],
    course: '日化生产微生物控制培训',
  },

  // ---- 食品 / 海洋 ----
  fd_safety: {
    title: '食品生产安全与 HACCP 体系',
    description: '帮助企业建立 HACCP 体系、监控关键控制点，开展车间卫生、异物防控和留样管理培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['食品安全', 'HACCP', '卫生管理'],
    industries: ['food'],
    course: '食品安全与 HACCP 培训班',
  },
  fd_process: {
    title: '潮汕特色食品工艺改进',
    description: '围绕牛肉丸、粿品、腐乳、橄榄菜、卤鹅等潮汕特色食品，稳定配方、延长保质期，推进机械化生产。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['食品工艺', '保质期', '杀菌'],
    industries: ['food'],
  },
  fd_seafood: {
    title: '水产品加工与冷链',
    description: '优化水产品速冻、解冻和冷链储运工艺，减少汁液流失和品质下降。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['水产加工', '速冻', '冷链'],
    industries: ['food', 'marine'],
  },
  ag_aqua: {
    title: '海水养殖技术帮扶',
    description: '鲍鱼、紫菜、牡蛎等养殖病害防控，改进网箱与筏式养殖设施，培训养殖技术员。',
    serviceKinds: ['assistance', 'training'],
    skills: ['海水养殖', '病害防控', '网箱养殖'],
    industries: ['marine', 'agriculture'],
    course: '海水养殖病害防控培训',
  },

  // ---- 印刷包装 ----
  pp_print: {
    title: '胶印与凹印质量控制',
    description: '现场调机解决套印不准、色差、糊版问题，开展标准化色彩管理培训。',
    serviceKinds: ['tackling', 'training'],
    skills: ['胶印', '凹印', '色彩管理', '套印'],
    industries: ['printing_packaging'],
    course: '印刷色彩管理培训班',
  },
  pp_box: {
    title: '纸箱彩盒生产工艺',
    description: '诊断瓦楞纸箱爆线、开胶、抗压不足和彩盒模切不准等问题，提升整线效率。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['瓦楞纸箱', '模切', '糊盒'],
    industries: ['printing_packaging'],
  },
  pp_flexible: {
    title: '软包装复合与制袋',
    description: '分析复合膜剥离强度不足、气泡、隧道问题，控制溶剂残留，调试制袋机。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['软包装', '复合', '制袋'],
    industries: ['printing_packaging', 'plastics'],
  },

  // ---- 装备制造 / 汽车零部件 / 五金 ----
  eq_cnc: {
    title: '数控加工与编程',
    description: '优化数控车铣编程、刀具选配和夹具设计，提高加工精度和效率，开展数控操作工培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['数控', '编程', '夹具', '刀具'],
    industries: ['equipment_manufacturing', 'auto_parts', 'hardware'],
    course: '数控编程与操作培训班',
  },
  eq_maint: {
    title: '设备维修与预防性维护',
    description: '排查注塑机、空压机、包装机等设备的液压和电气故障，帮企业建立点检和预防性维护制度。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['设备维修', '液压', '电气故障', '点检'],
    industries: [],
  },
  eq_weld: {
    title: '焊接工艺与焊工培训',
    description: '碳钢、不锈钢、铝合金焊接工艺评定，解决焊接变形和气孔问题，开展焊工取证培训。',
    serviceKinds: ['training', 'tackling'],
    skills: ['焊接', '焊接工艺', '焊工'],
    industries: ['equipment_manufacturing', 'hardware', 'marine'],
    course: '焊工技能提升培训',
  },
  eq_automation: {
    title: '自动化改造与机器人应用',
    description: '为人工密集工序设计自动化工装，协作完成机械手、视觉检测和 PLC 改造方案。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['自动化', 'PLC', '机械手', '视觉检测'],
    industries: [],
  },
  hw_surface: {
    title: '五金表面处理与电镀',
    description: '解决电镀、喷涂和抛光工序的起泡、发花、附着力差问题，介绍环保替代工艺。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['表面处理', '电镀', '抛光'],
    industries: ['hardware', 'auto_parts'],
  },

  // ---- 软件与数字化 ----
  sw_mes: {
    title: '中小企业数字化转型诊断',
    description: '开展车间数字化诊断，辅导 ERP、MES 选型与实施，搭建设备联网和生产数据看板。',
    serviceKinds: ['collaboration', 'exchange'],
    skills: ['数字化转型', 'MES', 'ERP', '数据看板'],
    industries: [],
  },
  sw_ecommerce: {
    title: '电商运营与直播带货技能',
    description: '跨境与国内电商店铺运营、产品拍摄和直播带货技能培训，帮助工厂开拓线上渠道。',
    serviceKinds: ['training', 'exchange'],
    skills: ['电商运营', '直播', '产品拍摄'],
    industries: ['commerce', 'toys_creative', 'textile_apparel'],
    course: '电商运营与直播带货培训班',
  },
  sw_it: {
    title: '企业网络与信息安全',
    description: '企业网络规划、数据备份和勒索病毒防护，开展职工信息安全意识培训。',
    serviceKinds: ['assistance', 'training'],
    skills: ['网络安全', '数据备份'],
    industries: ['software_services'],
    course: '企业信息安全意识培训',
  },

  // ---- 工艺美术 ----
  cr_woodcarve: {
    title: '潮汕木雕与嵌瓷技艺',
    description: '传授潮汕木雕、嵌瓷等传统技法，指导工艺品开发和小批量生产工艺。',
    serviceKinds: ['training', 'exchange'],
    skills: ['木雕', '嵌瓷', '工艺品'],
    industries: ['crafts'],
    course: '潮汕木雕技艺培训班',
  },
  cr_drawnwork: {
    title: '汕头抽纱与手工刺绣',
    description: '汕头抽纱、手工刺绣技法传承培训，协助企业开发新品、制定手工产品质量标准。',
    serviceKinds: ['training', 'collaboration'],
    skills: ['抽纱', '刺绣', '手工艺'],
    industries: ['crafts', 'textile_apparel'],
    course: '汕头抽纱技艺传承培训班',
  },

  // ---- 港航物流 / 海洋 ----
  lg_port: {
    title: '港口装卸与起重设备安全',
    description: '门机、叉车、正面吊等起重设备的维保与安全操作培训，优化装卸工艺。',
    serviceKinds: ['training', 'assistance'],
    skills: ['起重设备', '叉车', '港口装卸'],
    industries: ['logistics'],
    course: '叉车及起重设备安全操作培训',
  },
  lg_warehouse: {
    title: '仓储物流规划与冷库管理',
    description: '优化仓库布局、库存管理和拣货流程，改进冷库温控与能耗管理。',
    serviceKinds: ['assistance', 'collaboration'],
    skills: ['仓储管理', '冷链', '物流规划'],
    industries: ['logistics', 'food'],
  },
  mr_ship: {
    title: '船舶修造与渔船机电维修',
    description: '排除渔船主机、发电机组故障，开展船体焊接和防腐维护培训。',
    serviceKinds: ['assistance', 'training'],
    skills: ['船舶维修', '主机维修', '船体防腐'],
    industries: ['marine', 'equipment_manufacturing'],
    course: '渔船轮机维护保养培训',
  },

  // ---- 通用 ----
  gen_lean: {
    title: '精益生产与现场管理',
    description: '5S 现场管理、标准作业和浪费识别，帮助班组长掌握精益改善工具。',
    serviceKinds: ['training', 'exchange'],
    skills: ['精益生产', '5S', '班组管理'],
    industries: [],
    course: '班组长精益管理培训班',
  },
  gen_safety: {
    title: '安全生产与职业健康',
    description: '安全风险辨识、隐患排查治理，特种作业安全和职业病防护培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['安全生产', '隐患排查', '职业健康'],
    industries: [],
    course: '安全生产与隐患排查培训',
  },
  gen_quality: {
    title: '质量管理与 QC 小组活动',
    description: '质量管理体系运行、统计过程控制（SPC）和 QC 小组课题辅导，提升一次合格率。',
    serviceKinds: ['training', 'exchange'],
    skills: ['质量管理', 'SPC', 'QC小组'],
    industries: [],
    course: 'QC 小组活动与质量工具培训',
  },
  gen_energy: {
    title: '工业节能诊断',
    description: '空压机、锅炉、电机系统能效诊断，提出余热回收与节能改造方案。',
    serviceKinds: ['assistance', 'collaboration'],
    skills: ['节能诊断', '空压机', '余热回收'],
    industries: [],
  },
} satisfies Record<string, MenuDish>

export type DishKey = keyof typeof MENU_DISHES
