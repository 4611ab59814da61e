// 需求点单: orders as an enterprise's engineer or boss would write them, per industry.
// `{name}` slots are filled from `vars` so that two enterprises with the same kind of
// problem do not post word-for-word the same order. `solved` and `unsolved` are the
// team's completion summaries for the two outcomes.
import type { Industry, ServiceKind, Urgency } from '../../domain/codes/codes.js'

export interface DemandTemplate {
  industries: Industry[]
  title: string
  description: string
  serviceKinds: ServiceKind[]
  skills: string[]
  vars?: Record<string, readonly string[]>
  urgency?: Urgency
  /** Workers the enterprise would like trained (人次), as a range; absent = not asked. */
  trainees?: readonly [number, number]
  /** The enterprise's own estimate of the benefit in yuan (never counted), as a range. */
  hope?: readonly [number, number]
  solved: string
  unsolved: string
}

export const DEMAND_TEMPLATES: readonly DemandTemplate[] = [
  // ---- 玩具创意 ----
  {
    industries: ['toys_creative', 'plastics'],
    title: '{part}注塑缩痕、翘曲问题攻关',
    description:
      '我司{part}采用 ABS 注塑，近期表面缩痕明显，部分件翘曲超差，装配时卡扣对不上，良品率只有八成左右。已试过加长保压时间，效果有限，怀疑模具冷却水路设计不合理，希望劳模师傅到厂帮忙分析模具和工艺参数。',
    serviceKinds: ['tackling'],
    skills: ['注塑', '模具', '模流分析'],
    vars: { part: ['遥控车外壳', '积木底板', '公仔头部件', '玩具枪枪身', '早教机面壳', '拼装模型支架'] },
    urgency: 'high',
    trainees: [4, 12],
    hope: [50_000, 200_000],
    solved: '到厂检查发现动模侧冷却水路堵塞且浇口偏小，清理水路、扩大浇口并重新设定保压曲线后，缩痕基本消除，翘曲控制在公差内，良品率提升到 96% 左右，现场带教注塑工 {n} 人次。',
    unsolved: '分析认为需对模具进行较大改动（重开动模镶件），企业暂无改模预算，已给出改模方案和过渡期工艺参数，问题暂未彻底解决。',
  },
  {
    industries: ['toys_creative'],
    title: '喷油件色差和掉漆问题',
    description:
      '我们的{product}喷油后同一批次颜色深浅不一，客户验货时用胶纸一粘就掉漆，已经被退了两批货。调漆都是老师傅凭经验，没有标准，想请专家帮忙规范调漆和喷涂工艺，同时给喷油工上上课。',
    serviceKinds: ['assistance', 'training'],
    skills: ['喷油', '调色', '附着力'],
    vars: { product: ['搪胶公仔', '合金车模', '塑胶恐龙', '过家家厨具'] },
    urgency: 'high',
    trainees: [10, 30],
    hope: [30_000, 120_000],
    solved: '指导企业建立调漆配比记录和标准色板，调整底材除油和烘干温度，附着力测试全部通过；为喷油、移印工开展实操培训 {n} 人次。',
    unsolved: '掉漆主要源于客户指定的新型环保油漆与底材不匹配，需油漆供应商调整配方，已协助企业与供应商对接，问题暂未解决。',
  },
  {
    industries: ['toys_creative'],
    title: '出口欧盟玩具 EN71 检测不通过',
    description:
      '我司一款{product}送检 EN71 第三部分可迁移元素超标，第一部分小零件测试也有一项没过，欧洲客户要求一个月内整改。我们缺少懂标准的人，想请服务队帮忙查找原因并培训品管人员。',
    serviceKinds: ['tackling', 'training'],
    skills: ['玩具安全', 'EN71', '出口检测'],
    vars: { product: ['婴儿摇铃', '木制拼图', '儿童手工套装', '毛绒挂件'] },
    urgency: 'critical',
    trainees: [5, 15],
    hope: [80_000, 300_000],
    solved: '逐项排查原材料，确认超标来自一款外购色母，更换供应商并调整小零件结构后复检通过；为品管部门讲解 EN71、GB 6675 要点 {n} 人次。',
    unsolved: '复检仍有一项指标临界，需等待新批次原料到厂后再验证，企业决定暂缓该款出口订单，需求按未解决结案。',
  },
  {
    industries: ['toys_creative', 'electronic_information'],
    title: '遥控玩具续航短、遥控距离不够',
    description:
      '公司新开发的{product}用 2.4G 遥控，实测遥控距离只有 15 米左右，电池续航不到 20 分钟，比竞品差很多。研发部人少，电路是外包方案商做的，想找懂电控的师傅一起优化电路和程序。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['遥控', '电路设计', '低功耗', '单片机'],
    vars: { product: ['越野遥控车', '遥控飞机', '水上遥控船', '编程机器人'] },
    urgency: 'normal',
    trainees: [2, 6],
    hope: [100_000, 400_000],
    solved: '协同企业研发重新设计天线匹配电路并优化电机驱动 PWM 与休眠策略，遥控距离提升至 50 米以上，续航延长到 35 分钟，相关方案已导入量产。',
    unsolved: '受限于现有主控芯片性能，需更换方案平台，企业评估成本后决定下一代产品再改，本次未能解决。',
  },
  {
    industries: ['toys_creative'],
    title: '手工装配线效率低、漏装多',
    description:
      '我们{product}装配线 30 多个工人，每天产量上不去，客户投诉漏装配件、说明书放错的情况时有发生。想请师傅帮忙重新排一下工序，做些简单的防错工装。',
    serviceKinds: ['assistance'],
    skills: ['精益生产', '装配', '线平衡', '防错'],
    vars: { product: ['积木套装', '过家家玩具', '毛绒玩具', '益智拼图'] },
    urgency: 'normal',
    trainees: [15, 40],
    hope: [40_000, 150_000],
    solved: '做了工时测定和线平衡，把 14 道工序合并为 10 道，增加称重防漏装和颜色防错工装，人均产量提升约 20%，漏装投诉基本消除；班组长和骨干参与改善 {n} 人次。',
    unsolved: '企业旺季订单紧，无法停线改造，仅完成了现场诊断和改善方案，待淡季实施。',
  },
  {
    industries: ['toys_creative'],
    title: '新品结构设计与手板打样',
    description:
      '我们是小微玩具企业，只有一个设计员，想开发一款{product}，外观稿已经有了，但结构拆件和开模前验证没有把握，怕开模后改来改去。希望服务队能协作完成结构设计和手板验证。',
    serviceKinds: ['collaboration'],
    skills: ['结构设计', '3D建模', '手板', '打样'],
    vars: { product: ['变形机器人', '儿童收纳玩具', '创意盲盒公仔', '桌面弹射游戏'] },
    urgency: 'low',
    trainees: [1, 4],
    hope: [60_000, 250_000],
    solved: '协作完成三维结构设计和拆件，两轮手板验证解决了卡扣过紧、转轴强度不足等问题，开模一次成功，缩短开发周期约一个月。',
    unsolved: '客户中途调整了产品定位，项目暂停，已完成的结构方案移交企业存档。',
  },
  {
    industries: ['plastics'],
    title: '吹塑瓶壁厚不均、跌落破裂',
    description:
      '我司生产{product}，吹塑成型后瓶底和瓶肩壁厚差别大，跌落测试破裂率偏高。设备是国产单站吹塑机，想请懂吹塑工艺的师傅来调一调型坯控制。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['吹塑', '塑料成型', '壁厚控制'],
    vars: { product: ['洗涤剂瓶', '日化 PE 瓶', '机油壶', '儿童水壶'] },
    urgency: 'high',
    trainees: [3, 8],
    hope: [30_000, 100_000],
    solved: '调整型坯壁厚控制曲线和吹气延时，修正模具排气，壁厚偏差明显缩小，跌落破裂率由 6% 降到 1% 以下。',
    unsolved: '型坯控制器老化，部分参数无法精确设定，建议企业更换控制系统后再调，本次未解决。',
  },

  // ---- 纺织服装 ----
  {
    industries: ['textile_apparel'],
    title: '{fabric}染色批次色差大',
    description:
      '我厂{fabric}用活性染料染色，同一色号不同缸次色差经常超过客户要求的 4 级，回修率接近一成，染化料和水电浪费很大。想请印染方面的劳模工匠帮忙看看升温曲线和对色流程。',
    serviceKinds: ['tackling'],
    skills: ['印染', '染色', '对色'],
    vars: { fabric: ['棉氨纶针织布', '莫代尔内衣面料', '涤棉家居服面料', '全棉汗布'] },
    urgency: 'high',
    trainees: [5, 15],
    hope: [100_000, 400_000],
    solved: '统一前处理工艺、修正升温和保温曲线，建立小样—中样—大货对色制度，缸差控制在 4–5 级，回修率下降到 3% 以内；为染色工和化验员开展培训 {n} 人次。',
    unsolved: '色差主要由老旧染缸温控不准造成，需更换温控系统，企业已列入技改计划，本次未能解决。',
  },
  {
    industries: ['textile_apparel'],
    title: '无缝内衣机织物横条、破洞',
    description:
      '我们有 40 台无缝内衣机，最近织出的{product}老是有横条和小破洞，修机师傅调了很久还是反复出现，次品率明显上升。想请服务队的调机师傅来现场指导，顺便带带我们的年轻修机工。',
    serviceKinds: ['assistance', 'training'],
    skills: ['无缝内衣', '针织', '调机'],
    vars: { product: ['塑身衣', '运动文胸', '无痕内裤', '打底背心'] },
    urgency: 'high',
    trainees: [8, 20],
    hope: [50_000, 200_000],
    solved: '逐台检查送纱张力和织针磨损，更换问题织针并统一纱线张力设置，横条和破洞基本消除，次品率下降约 60%；带教修机工 {n} 人次。',
    unsolved: '问题与一批氨纶包覆纱质量有关，需换纱后再验证，企业暂未采购新纱，按未解决结案。',
  },
  {
    industries: ['textile_apparel'],
    title: '车缝返修率高，想培训一批车工',
    description:
      '今年新招了不少车工，{product}的缝制返修率一直在 8% 左右，线迹不匀、跳针、拼缝不齐比较多。希望劳模师傅来厂里给新员工上实操课，帮我们把关键工序的作业标准定下来。',
    serviceKinds: ['training'],
    skills: ['缝制', '车工', '作业标准'],
    vars: { product: ['家居服', '内衣', '童装', '运动服'] },
    urgency: 'normal',
    trainees: [20, 50],
    hope: [20_000, 80_000],
    solved: '编写关键工序作业指导书，分三期开展车工实操培训 {n} 人次，返修率降至 3% 左右。',
    unsolved: '新员工流动太快，培训后一个月内离职近半，返修率未明显改善，建议企业先稳定用工。',
  },
  {
    industries: ['textile_apparel', 'chemicals'],
    title: '印染废水色度、COD 超标',
    description:
      '我司污水处理站出水色度和 COD 近期多次超标，环保部门已经约谈。现有工艺是调节池加生化处理，想请专家诊断原因并提出改造方案，最好能考虑中水回用降低成本。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['废水处理', '中水回用', '环保'],
    urgency: 'critical',
    trainees: [3, 8],
    hope: [150_000, 500_000],
    solved: '诊断为调节池停留时间不足、生化段污泥老化，调整运行参数并增加混凝脱色段后出水稳定达标，配套的中水回用方案已落地，每天回用约 300 吨。',
    unsolved: '达标需新建深度处理单元，投资较大，企业需向园区申请统一处理，已提供改造方案，本次未解决。',
  },
  {
    industries: ['textile_apparel'],
    title: '想从手工打版转数字化制版',
    description:
      '我们版房一直是老师傅手工打版，推码慢还容易出错，{product}款式多，打版跟不上接单速度。想请服务队培训服装 CAD 制版和推码，帮我们把常用版型录入系统。',
    serviceKinds: ['training', 'exchange'],
    skills: ['服装CAD', '制版', '推码'],
    vars: { product: ['女装', '内衣', '家居服', '童装'] },
    urgency: 'low',
    trainees: [4, 10],
    hope: [20_000, 60_000],
    solved: '开展服装 CAD 制版和推码培训 {n} 人次，协助录入 60 多个基础版型，打版周期由三天缩短到一天。',
    unsolved: '企业采购的 CAD 软件版本与培训所用不一致，需等软件升级后再培训。',
  },
  {
    industries: ['textile_apparel'],
    title: '定型机能耗高，想做节能改造',
    description:
      '我厂三台定型机天然气用量很大，排风温度高，车间也很热。听说可以做余热回收，想请懂节能的师傅来评估一下能不能改、改了能省多少。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['节能', '定型机', '余热回收'],
    urgency: 'normal',
    hope: [100_000, 350_000],
    solved: '测算排风余热后设计了热交换回收方案，协助企业完成改造，天然气单耗下降约 12%，车间温度也明显下降。',
    unsolved: '评估后认为现有厂房空间不足以加装换热设备，建议结合厂房改造统一实施，本次未解决。',
  },

  // ---- 新能源 ----
  {
    industries: ['new_energy'],
    title: '风机变桨系统频繁报故障',
    description:
      '我们负责运维的几台海上风机，变桨系统近期频繁报“桨叶角度偏差”故障停机，厂家技术支持响应慢，每次停机损失发电量不小。希望有经验的运维专家来帮忙排查并培训我们的运维人员。',
    serviceKinds: ['tackling', 'training'],
    skills: ['风电运维', '变桨系统', '故障排查'],
    urgency: 'critical',
    trainees: [6, 15],
    hope: [200_000, 600_000],
    solved: '排查出变桨编码器接插件受盐雾腐蚀接触不良，更换并做防腐密封处理后故障不再出现；为运维班组开展故障诊断培训 {n} 人次。',
    unsolved: '部分故障与变桨控制器软件有关，需整机厂升级程序，已协助整理故障记录提交厂家，本次未解决。',
  },
  {
    industries: ['new_energy', 'utilities'],
    title: '厂房屋顶光伏逆变器发电量偏低',
    description:
      '我司屋顶光伏装了两年，最近几个月发电量比去年同期少了近两成，逆变器偶尔报绝缘阻抗低。安装商已经不在了，想请专家来检测一下问题出在哪里。',
    serviceKinds: ['assistance'],
    skills: ['光伏', '逆变器', '电气调试'],
    urgency: 'normal',
    trainees: [2, 5],
    hope: [30_000, 100_000],
    solved: '检测发现两路组串接头进水导致绝缘下降、部分组件积灰严重，更换接头并制定清洗周期后发电量恢复正常。',
    unsolved: '部分组件功率衰减超出预期，需厂家质保更换，已协助企业整理测试数据向厂家索赔。',
  },
  {
    industries: ['new_energy'],
    title: '电芯涂布面密度波动大',
    description:
      '我们的锂电池电芯涂布工序面密度波动超过 ±2%，导致容量一致性差，分容后的不良品偏多。想请锂电工艺方面的师傅来看看浆料和涂布参数，同时给操作工做一次安全培训。',
    serviceKinds: ['tackling', 'training'],
    skills: ['锂电池', '涂布', '电池安全'],
    urgency: 'high',
    trainees: [10, 25],
    hope: [100_000, 400_000],
    solved: '调整浆料搅拌工艺和粘度控制，优化涂布间隙与速度匹配，面密度波动降到 ±1% 以内；开展锂电车间安全培训 {n} 人次。',
    unsolved: '涂布机背辊精度不足是主因，需设备厂家返修，本次未能解决。',
  },

  // ---- 新材料 / 化工 ----
  {
    industries: ['new_materials', 'plastics'],
    title: 'BOPP 薄膜晶点多、破膜频繁',
    description:
      '我司 BOPP 生产线近期晶点明显增多，横拉段破膜一天好几次，每次停机重新穿膜损失很大。怀疑和原料批次或者挤出温度有关，希望专家帮忙系统分析。',
    serviceKinds: ['tackling'],
    skills: ['薄膜', '双向拉伸', '挤出'],
    urgency: 'critical',
    trainees: [4, 10],
    hope: [150_000, 500_000],
    solved: '排查确认过滤网更换周期过长和回收料比例偏高是主因，调整过滤和回料工艺并优化横拉温区后破膜次数下降八成，晶点明显减少。',
    unsolved: '原料供应商更换导致的熔指波动无法在工艺上完全消除，建议企业更换原料，本次未解决。',
  },
  {
    industries: ['new_materials', 'plastics', 'chemicals'],
    title: '阻燃改性料阻燃等级不稳定',
    description:
      '我们给家电厂供应阻燃 PP 改性料，客户抽检偶尔达不到 V-0，同一配方不同批次差别大。想请懂改性配方的专家帮忙看看配方和混料工艺，并培训质检人员做燃烧测试。',
    serviceKinds: ['collaboration', 'training'],
    skills: ['改性塑料', '阻燃', '配方', '材料检测'],
    urgency: 'high',
    trainees: [3, 8],
    hope: [80_000, 300_000],
    solved: '发现阻燃剂分散不均与双螺杆组合有关，调整螺杆组合和喂料顺序后连续十批次达到 V-0；培训质检人员燃烧测试操作 {n} 人次。',
    unsolved: '需引入新型协效阻燃剂重新做配方验证，周期较长，企业决定另立项目推进。',
  },
  {
    industries: ['new_materials', 'chemicals'],
    title: '水性涂料储存后分层、增稠',
    description:
      '我司水性工业漆放置一个月左右就出现分层和增稠，客户反映施工困难。我们想从溶剂型转水性，但技术积累不够，希望专家帮忙诊断配方稳定性问题。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['涂料', '水性化', '配方'],
    urgency: 'normal',
    trainees: [2, 6],
    hope: [50_000, 200_000],
    solved: '调整分散剂和增稠剂体系、控制研磨细度后，加速储存试验三个月无分层，配方已定型投产。',
    unsolved: '问题与一种填料的表面处理有关，需供应商配合改进，暂未解决。',
  },
  {
    industries: ['new_materials'],
    title: '碳纤维制品气泡和分层',
    description:
      '我们用真空导入工艺做{product}，脱模后经常发现内部气泡和局部分层，报废率高。希望有复合材料经验的师傅来现场指导铺层和导流设计。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['复合材料', '碳纤维', '真空导入'],
    vars: { product: ['无人机机臂', '船用舱盖', '风电叶片配件', '运动器材'] },
    urgency: 'high',
    trainees: [3, 8],
    hope: [60_000, 200_000],
    solved: '重新设计导流网和抽气口布置，规范铺层压实和真空保压检查，气泡和分层问题基本解决，报废率由 15% 降到 3%。',
    unsolved: '树脂体系凝胶时间与产品尺寸不匹配，需更换树脂，企业暂未决定，本次未解决。',
  },
  {
    industries: ['chemicals'],
    title: '反应釜操作规程和安全培训',
    description:
      '我司有 6 台反应釜，操作工多是新人，投料顺序和升温控制全靠班长口头交代，前段时间还出过一次冲料。希望专家帮我们梳理操作规程，开展安全操作和应急处置培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['危化品', '反应釜', '安全生产'],
    urgency: 'high',
    trainees: [15, 35],
    hope: [20_000, 80_000],
    solved: '梳理编写 6 台反应釜的标准操作规程和升温控制卡，开展安全操作与泄漏应急演练 {n} 人次。',
    unsolved: '企业计划搬迁入园，现有装置将停用，培训方案移交企业待新装置投用时实施。',
  },

  // ---- 新一代电子信息 ----
  {
    industries: ['electronic_information'],
    title: 'SMT 回流焊虚焊、连锡较多',
    description:
      '我们的{product}主板 SMT 后虚焊、连锡问题比较多，QFN 器件尤其明显，返修工作量大。想请服务队来优化钢网和炉温曲线，顺便培训一下我们的 SMT 技术员。',
    serviceKinds: ['tackling', 'training'],
    skills: ['SMT', '回流焊', '炉温曲线', '焊接'],
    vars: { product: ['蓝牙音箱', '智能插座', '电动牙刷', '小家电控制板'] },
    urgency: 'high',
    trainees: [4, 12],
    hope: [50_000, 200_000],
    solved: '修改 QFN 钢网开口为网格式，重新测定并设置炉温曲线，虚焊和连锡不良率由 1.8% 降至 0.3%；为 SMT 技术员开展工艺培训 {n} 人次。',
    unsolved: '部分不良与 PCB 焊盘设计有关，需改板，企业下一版再改，本次未解决。',
  },
  {
    industries: ['electronic_information'],
    title: '产品 EMC 辐射测试超标',
    description:
      '我司一款{product}做 CE 认证时辐射骚扰在 150MHz 附近超标 6dB，已经改了两次板都没过，客户催货。想请有 EMC 整改经验的专家协作分析。',
    serviceKinds: ['collaboration', 'tackling'],
    skills: ['EMC', 'PCB设计', '认证测试'],
    vars: { product: ['LED 驱动电源', '电动玩具控制器', '智能门锁', '充电器'] },
    urgency: 'critical',
    hope: [100_000, 400_000],
    solved: '定位到开关电源环路面积过大和线缆共模辐射，调整布局并增加共模滤波后复测余量 4dB，顺利取得认证。',
    unsolved: '需要较大改板，企业决定改用成熟电源模块，项目方向调整，本次按未解决结案。',
  },
  {
    industries: ['electronic_information'],
    title: '功能测试靠人工，想做测试治具',
    description:
      '我们产线成品功能测试全靠人工一项项点，效率低还漏测。想请师傅帮忙设计一套 FCT 测试治具，并带出能自己维护治具的技术员。',
    serviceKinds: ['assistance', 'training'],
    skills: ['测试治具', 'FCT', '自动化测试'],
    urgency: 'normal',
    trainees: [2, 6],
    hope: [40_000, 150_000],
    solved: '协助设计针床式 FCT 治具和测试程序，单件测试时间由 90 秒缩短到 20 秒，漏测基本杜绝；带教技术员 {n} 人次。',
    unsolved: '产品型号更换频繁，通用治具方案成本过高，企业暂缓实施。',
  },
  {
    industries: ['electronic_information'],
    title: '音箱异音、底噪问题',
    description:
      '我司新款{product}在大音量时有异音，小音量时能听到明显底噪，客户退货较多。研发和品质一直没找到原因，希望电声方面的专家帮忙分析。',
    serviceKinds: ['tackling'],
    skills: ['电声', '调音', '声学测试'],
    vars: { product: ['便携蓝牙音箱', 'K 歌音响', '车载低音炮', '广场舞音箱'] },
    urgency: 'high',
    trainees: [2, 5],
    hope: [50_000, 180_000],
    solved: '异音源于箱体内导线碰振膜和倒相管气流噪声，底噪来自功放地线回路，调整走线、倒相管尺寸和接地后问题解决。',
    unsolved: '底噪与所用低价功放芯片本身性能有关，企业评估成本后暂不更换，本次未解决。',
  },
  {
    industries: ['electronic_information', 'software_services'],
    title: '物联网设备频繁掉线',
    description:
      '我们做的{product}联网后隔几天就会掉线，要断电重启才能恢复，售后压力很大。固件是自己写的，怀疑是看门狗和网络重连逻辑有问题，想找嵌入式方面的专家一起排查。',
    serviceKinds: ['collaboration'],
    skills: ['嵌入式', '物联网', '固件'],
    vars: { product: ['智能电表采集器', '冷库温控器', '水产养殖监测仪', '工业网关'] },
    urgency: 'high',
    hope: [60_000, 200_000],
    solved: '协作排查出内存泄漏和重连状态机缺陷，重写网络重连逻辑并完善看门狗，连续运行 30 天无掉线，已远程升级到全部在网设备。',
    unsolved: '问题部分来自通信模组固件，需模组厂升级，已提交复现步骤，本次未解决。',
  },

  // ---- 大健康 / 医药 ----
  {
    industries: ['health', 'pharmaceuticals'],
    title: 'GMP 迎检前模拟审计',
    description:
      '我司计划下半年迎接 GMP 符合性检查，洁净区管理和批记录方面心里没底。希望有经验的专家来做一次模拟审计，指出问题并培训质量部门人员。',
    serviceKinds: ['training', 'assistance'],
    skills: ['GMP', '洁净区', '批记录'],
    urgency: 'normal',
    trainees: [10, 25],
    hope: [20_000, 100_000],
    solved: '开展模拟审计，指出 32 项问题并指导整改，企业顺利通过检查；为质量部门和车间主管培训 {n} 人次。',
    unsolved: '检查时间推迟到明年，整改方案已交企业，后续跟进。',
  },
  {
    industries: ['health'],
    title: '一次性输液器组装不良率高',
    description:
      '我们一次性输液器的组装工序粘接不牢、漏液的不良率偏高，老的粘接工艺靠人工涂胶。想请服务队帮忙改进粘接工艺，考虑做半自动涂胶。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['医疗器械', '粘接', '自动化'],
    urgency: 'high',
    trainees: [6, 15],
    hope: [80_000, 250_000],
    solved: '更换为定量点胶并优化 UV 固化参数，设计半自动点胶工装，漏液不良率由 1.2% 降至 0.2%；培训组装工 {n} 人次。',
    unsolved: '更换粘接剂需要重新做生物相容性验证，周期长，企业暂缓，本次未解决。',
  },
  {
    industries: ['health', 'pharmaceuticals'],
    title: '提取浓缩得率低、颗粒吸潮结块',
    description:
      '我司生产{product}，提取浓缩后得率比理论值低不少，制成颗粒后在南方雨季容易吸潮结块。希望专家帮忙看看提取和干燥工艺参数。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['中药提取', '浓缩干燥', '制剂'],
    vars: { product: ['凉茶颗粒', '保健固体饮料', '中药配方颗粒', '益生菌冲剂'] },
    urgency: 'normal',
    trainees: [3, 8],
    hope: [60_000, 200_000],
    solved: '优化提取温度和浓缩真空度，改进制粒辅料和包装防潮，得率提高约 8%，雨季结块问题解决。',
    unsolved: '得率问题与药材产地批次差异关系较大，需从采购端控制，工艺上暂无法解决。',
  },
  {
    industries: ['health', 'chemicals'],
    title: '膏霜产品放置后分层变色',
    description:
      '我们的{product}放置两三个月后出现分层，部分还有变色，客户投诉不少。怀疑乳化工艺或防腐体系有问题，想请日化方面的专家诊断。',
    serviceKinds: ['assistance'],
    skills: ['日化', '配方', '乳化'],
    vars: { product: ['护手霜', '面霜', '润肤乳', '洗发膏'] },
    urgency: 'normal',
    trainees: [3, 8],
    hope: [40_000, 150_000],
    solved: '调整乳化温度和均质时间，更换抗氧化剂，加速稳定性试验通过；培训车间人员微生物控制 {n} 人次。',
    unsolved: '需重新做配方备案，企业决定下一批新品再调整。',
  },

  // ---- 食品 ----
  {
    industries: ['food'],
    title: '{product}保质期短、易胀袋',
    description:
      '我司{product}真空包装后常温保质期只有一周左右，夏天还会出现胀袋，经销商不敢多进货。想请食品工艺方面的专家帮忙改进杀菌和配方，争取延长保质期。',
    serviceKinds: ['tackling', 'collaboration'],
    skills: ['食品工艺', '杀菌', '保质期'],
    vars: { product: ['牛肉丸', '卤鹅', '粿品', '橄榄菜', '鱼丸'] },
    urgency: 'high',
    trainees: [4, 12],
    hope: [80_000, 300_000],
    solved: '调整配料中的水分活度和杀菌温度时间组合，改进包装前冷却工序，常温保质期延长到 30 天以上，胀袋基本杜绝。',
    unsolved: '延长保质期需要增加二次杀菌设备，企业资金有限暂未购置，本次未解决。',
  },
  {
    industries: ['food'],
    title: '建立 HACCP 体系，培训车间员工',
    description:
      '我们是一家小型食品厂，准备申请出口备案，客户要求有 HACCP 体系。厂里没人懂，希望服务队帮忙梳理关键控制点，并给车间员工做食品安全培训。',
    serviceKinds: ['training', 'assistance'],
    skills: ['HACCP', '食品安全', '卫生管理'],
    urgency: 'normal',
    trainees: [15, 40],
    hope: [20_000, 80_000],
    solved: '协助完成危害分析，确定 4 个关键控制点并建立监控记录，开展食品安全与卫生培训 {n} 人次，企业顺利通过第三方审核。',
    unsolved: '企业出口计划推迟，体系文件已完成初稿，暂停推进。',
  },
  {
    industries: ['food', 'marine'],
    title: '速冻水产品解冻后汁液流失多',
    description:
      '我司速冻{product}解冻后汁液流失多，口感发柴，客户反映不如别家。想请专家看看速冻和冷库储存环节的问题。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['水产加工', '速冻', '冷链'],
    vars: { product: ['虾仁', '鱿鱼', '鲍鱼', '鱼片'] },
    urgency: 'normal',
    trainees: [4, 10],
    hope: [50_000, 180_000],
    solved: '将速冻工艺调整为低温快速通过冰晶生成带，规范冷库温度波动和镀冰衣工艺，汁液流失率下降约一半。',
    unsolved: '速冻设备制冷量不足是主因，需要设备改造，企业暂未投入。',
  },

  // ---- 海洋 / 农业 ----
  {
    industries: ['marine', 'agriculture'],
    title: '鲍鱼养殖夏季死亡率高',
    description:
      '我们在南澳海域养鲍鱼，每年夏季高温期死亡率都很高，去年损失了三成多。想请养殖方面的专家来指导病害防控和养殖密度管理。',
    serviceKinds: ['assistance', 'training'],
    skills: ['海水养殖', '病害防控'],
    urgency: 'high',
    trainees: [8, 20],
    hope: [100_000, 300_000],
    solved: '指导企业在高温期降低养殖密度、调整投喂和吊养深度，建立水温水质监测，当年夏季死亡率降至一成左右；培训养殖户和工人 {n} 人次。',
    unsolved: '受台风影响部分养殖设施受损，试验未能完成，按未解决结案，来年继续跟进。',
  },
  {
    industries: ['marine', 'equipment_manufacturing'],
    title: '渔船主机冒黑烟、油耗高',
    description:
      '我们合作社有十几条渔船，其中几条主机冒黑烟、油耗明显偏高，出海作业成本压力大。想请船舶机电方面的师傅来检修，并教教船上的轮机人员。',
    serviceKinds: ['assistance', 'training'],
    skills: ['船舶维修', '主机维修', '柴油机'],
    urgency: 'normal',
    trainees: [6, 15],
    hope: [40_000, 120_000],
    solved: '检修喷油器和增压器、调整供油提前角，冒黑烟问题消除，油耗下降约 10%；为轮机人员开展维护保养培训 {n} 人次。',
    unsolved: '两条船主机缸套磨损严重，需进坞大修，本次仅做了临时处理。',
  },

  // ---- 印刷包装 ----
  {
    industries: ['printing_packaging'],
    title: '胶印套印不准、色差大',
    description:
      '我司四色胶印机印{product}时套印经常不准，同一批次前后色差明显，客户要求按 G7 标准交货。希望印刷方面的劳模师傅来现场调机，并培训机长。',
    serviceKinds: ['tackling', 'training'],
    skills: ['胶印', '套印', '色彩管理'],
    vars: { product: ['玩具彩盒', '食品包装盒', '画册', '药品说明书'] },
    urgency: 'high',
    trainees: [4, 10],
    hope: [50_000, 200_000],
    solved: '校正输纸和前规侧规、更换磨损橡皮布，建立印刷色彩数据化管理，套印误差控制在 0.1mm 内，色差达到客户要求；培训机长 {n} 人次。',
    unsolved: '印刷机齿轮磨损较重，需要大修，本次只能临时改善。',
  },
  {
    industries: ['printing_packaging'],
    title: '瓦楞纸箱抗压不够、爆线',
    description:
      '我们给玩具厂做的外箱最近抗压强度不够，堆码时压塌，折叠时还爆线。纸张供应商说纸没问题，想请专家帮忙查查是工艺问题还是原纸问题。',
    serviceKinds: ['assistance'],
    skills: ['瓦楞纸箱', '抗压', '压线'],
    urgency: 'normal',
    trainees: [3, 8],
    hope: [30_000, 100_000],
    solved: '检测发现原纸含水率偏高、压线轮深度不当，调整烘干和压线参数后抗压强度提升约 20%，爆线消除。',
    unsolved: '原纸质量波动是主因，需更换供应商，企业正在洽谈，本次未解决。',
  },
  {
    industries: ['printing_packaging', 'plastics'],
    title: '复合膜剥离强度不够、有气泡',
    description:
      '我司做{product}用的复合膜，近期剥离强度达不到客户要求，复合后还有小气泡和隧道。想请软包装方面的专家来诊断一下胶水和熟化工艺。',
    serviceKinds: ['tackling'],
    skills: ['软包装', '复合', '熟化'],
    vars: { product: ['零食包装袋', '洗衣液补充袋', '茶叶袋', '冷冻食品袋'] },
    urgency: 'high',
    trainees: [3, 6],
    hope: [50_000, 150_000],
    solved: '调整上胶量和烘道温度、延长熟化时间并控制车间湿度，剥离强度达标，气泡和隧道问题解决。',
    unsolved: '基膜电晕处理值偏低，需供应商改善，本次未能解决。',
  },

  // ---- 装备制造 / 五金 / 汽配 ----
  {
    industries: ['equipment_manufacturing', 'auto_parts', 'hardware'],
    title: '数控加工精度不稳定',
    description:
      '我们加工{product}，数控车床加工尺寸经常漂移，一批活前后差几个丝，全靠人工抽检补偿。想请数控方面的专家来看看刀具、夹具和程序，并培训操作工。',
    serviceKinds: ['training', 'assistance'],
    skills: ['数控', '编程', '夹具', '刀具'],
    vars: { product: ['包装机传动轴', '汽车刹车零件', '阀门阀芯', '模具零件'] },
    urgency: 'normal',
    trainees: [6, 15],
    hope: [40_000, 150_000],
    solved: '更换刀具材质并优化切削参数，改进夹具定位，增加刀补管理，尺寸稳定在公差中值附近；培训数控操作工 {n} 人次。',
    unsolved: '机床丝杠间隙过大，需设备大修，本次未解决。',
  },
  {
    industries: ['equipment_manufacturing', 'plastics', 'toys_creative'],
    title: '注塑机液压系统油温高、动作慢',
    description:
      '我司几台注塑机夏天液压油温经常到 60 度以上，动作变慢、压力不稳，影响产品质量。维修工只会换油换滤芯，想请设备维修方面的师傅来诊断并建立点检制度。',
    serviceKinds: ['assistance', 'tackling'],
    skills: ['设备维修', '液压', '点检'],
    urgency: 'high',
    trainees: [3, 8],
    hope: [30_000, 120_000],
    solved: '清洗冷却器、更换内泄严重的比例阀，油温稳定在 45 度左右；帮助企业建立设备点检表和预防性维护计划。',
    unsolved: '液压泵磨损严重，需要更换，企业等待配件，本次未解决。',
  },
  {
    industries: ['equipment_manufacturing', 'hardware', 'marine'],
    title: '不锈钢焊接变形和气孔',
    description:
      '我们做{product}，不锈钢薄板焊接变形大，焊缝还有气孔，返修费时费料。想请焊接方面的劳模工匠来现场指导焊接工艺，顺便培训几个年轻焊工。',
    serviceKinds: ['training', 'tackling'],
    skills: ['焊接', '不锈钢', '焊接工艺'],
    vars: { product: ['食品机械', '厨具设备', '船用栏杆', '医疗推车'] },
    urgency: 'normal',
    trainees: [5, 12],
    hope: [30_000, 100_000],
    solved: '改用脉冲氩弧焊并优化焊接顺序和工装夹紧方式，变形明显减小，气孔消除；培训焊工 {n} 人次，其中 3 人取得焊工证。',
    unsolved: '企业焊机老旧不支持脉冲焊，计划采购新设备后再实施。',
  },
  {
    industries: ['equipment_manufacturing', 'toys_creative', 'textile_apparel', 'printing_packaging'],
    title: '人工密集工序想做自动化改造',
    description:
      '我们{process}工序目前全靠人工，招工难、成本高，想做一些自动化改造，但不知道从哪里入手、投入多少合适。希望专家帮忙评估并协作设计方案。',
    serviceKinds: ['collaboration'],
    skills: ['自动化', 'PLC', '机械手', '视觉检测'],
    vars: { process: ['上下料', '外观检测', '贴标包装', '分拣装箱'] },
    urgency: 'low',
    hope: [100_000, 500_000],
    solved: '协作设计机械手上下料和视觉检测方案并指导实施，该工序用工由 8 人减少到 2 人，投资回收期约一年。',
    unsolved: '方案投资超出企业预算，企业决定分步实施，第一阶段暂未启动。',
  },
  {
    industries: ['hardware', 'auto_parts'],
    title: '电镀件起泡、发花',
    description:
      '我司五金件电镀后经常起泡、表面发花，客户盐雾测试也不稳定。想请表面处理方面的专家看看前处理和镀液管理。',
    serviceKinds: ['tackling', 'assistance'],
    skills: ['电镀', '表面处理', '前处理'],
    urgency: 'high',
    trainees: [3, 8],
    hope: [40_000, 150_000],
    solved: '强化除油和活化工序、调整镀液成分和电流密度，起泡发花基本消除，盐雾测试稳定通过。',
    unsolved: '电镀线需按环保要求整体改造，企业准备入园，本次未解决。',
  },

  // ---- 工艺美术 ----
  {
    industries: ['crafts', 'textile_apparel'],
    title: '抽纱产品新品开发与技工培训',
    description:
      '我们是做汕头抽纱的老厂，熟练技工越来越少，年轻人不愿意学，产品款式也比较老。想请工艺美术方面的大师来带徒培训，并一起开发几款适合现代家居的新品。',
    serviceKinds: ['training', 'collaboration'],
    skills: ['抽纱', '刺绣', '手工艺'],
    urgency: 'low',
    trainees: [10, 30],
    hope: [30_000, 120_000],
    solved: '开展抽纱技法培训 {n} 人次，协作开发桌旗、靠垫等 6 款新品，在广交会上获得订单。',
    unsolved: '学员多为兼职，培训出勤率低，新品开发延后，按未解决结案。',
  },
  {
    industries: ['crafts', 'food'],
    title: '木雕工艺品批量生产工艺',
    description:
      '我们做潮汕木雕工艺品，订单多了之后全靠手工雕跟不上，想请老师傅指导哪些工序可以用机器粗雕，哪些必须手工精修，并培训一批学徒。',
    serviceKinds: ['training', 'exchange'],
    skills: ['木雕', '工艺品', '雕刻机'],
    urgency: 'low',
    trainees: [6, 15],
    hope: [30_000, 100_000],
    solved: '梳理出数控粗雕加手工精修的工艺路线，产量提高一倍；培训学徒 {n} 人次。',
    unsolved: '企业暂未购买数控雕刻机，工艺路线待设备到位后实施。',
  },

  // ---- 港航物流 ----
  {
    industries: ['logistics'],
    title: '叉车和起重设备安全操作培训',
    description:
      '我司仓库和堆场有叉车 12 台、正面吊 2 台，司机多数是新人，前段时间发生过一起轻微碰撞。想请服务队来做一次安全操作培训，并检查设备维保情况。',
    serviceKinds: ['training', 'assistance'],
    skills: ['叉车', '起重设备', '安全作业'],
    urgency: 'normal',
    trainees: [10, 25],
    hope: [10_000, 50_000],
    solved: '检查设备并指出 9 项维保问题，开展叉车和起重设备安全操作培训 {n} 人次，制定了场内交通规则。',
    unsolved: '企业当月业务高峰，培训延期，按未解决结案，下季度再安排。',
  },
  {
    industries: ['logistics', 'food'],
    title: '冷库温度波动大、电费高',
    description:
      '我们的冷库库温波动经常超过 ±3 度，货物品质受影响，电费也一直降不下来。想请专家诊断制冷系统和库门管理，给出节能改造建议。',
    serviceKinds: ['assistance', 'collaboration'],
    skills: ['冷链', '制冷', '节能'],
    urgency: 'normal',
    trainees: [2, 6],
    hope: [40_000, 150_000],
    solved: '调整蒸发器化霜周期、加装快速门和风幕，规范出入库作业，库温波动控制在 ±1 度，电费下降约 15%。',
    unsolved: '压缩机组能效偏低，需整体更换，企业暂缓投资。',
  },

  // ---- 软件 / 电商 / 电力 ----
  {
    industries: ['software_services', 'electronic_information', 'equipment_manufacturing', 'printing_packaging'],
    title: '车间数字化改造从哪里做起',
    description:
      '老板想上 MES 系统，但我们连设备数据都还没采集，生产报表全靠手工统计。希望专家来做一次数字化诊断，帮我们理清先做什么后做什么，避免花冤枉钱。',
    serviceKinds: ['collaboration', 'exchange'],
    skills: ['数字化转型', 'MES', '数据看板'],
    urgency: 'low',
    hope: [50_000, 300_000],
    solved: '完成车间数字化诊断，协助企业先实施设备联网和电子报工，生产数据看板上线，报表统计人工减少 2 人，MES 分步实施方案已定。',
    unsolved: '企业内部对投入方案意见不一，暂缓实施，诊断报告已提交。',
  },
  {
    industries: ['commerce', 'toys_creative', 'textile_apparel'],
    title: '工厂转型做电商，想培训直播团队',
    description:
      '我们工厂以前只做外贸订单，今年想自己做电商和直播卖{product}，招了几个年轻人但都没经验。希望服务队来培训店铺运营、产品拍摄和直播技巧。',
    serviceKinds: ['training'],
    skills: ['电商运营', '直播', '产品拍摄'],
    vars: { product: ['玩具', '内衣', '家居服', '文创产品'] },
    urgency: 'normal',
    trainees: [6, 20],
    hope: [50_000, 200_000],
    solved: '开展店铺运营、产品拍摄和直播带货培训 {n} 人次，指导搭建直播间，首月线上销售额突破 20 万元。',
    unsolved: '企业电商团队组建未完成，培训只进行了一期，按未解决结案。',
  },
  {
    industries: ['utilities', 'new_energy', 'equipment_manufacturing'],
    title: '配电房隐患排查和电工培训',
    description:
      '我司配电房是十几年前建的，变压器和电缆接头有发热现象，功率因数也经常被供电局考核。想请电力方面的专家来做一次电气安全体检，并培训厂里的电工。',
    serviceKinds: ['assistance', 'training'],
    skills: ['配电', '电气安全', '电工'],
    urgency: 'high',
    trainees: [3, 10],
    hope: [30_000, 120_000],
    solved: '红外测温发现 3 处接头过热并处理，调整无功补偿装置，功率因数提升到 0.95 以上，每月减少力调电费数千元；培训电工 {n} 人次。',
    unsolved: '变压器老化需要增容更换，需报供电部门审批，本次未解决。',
  },
]
