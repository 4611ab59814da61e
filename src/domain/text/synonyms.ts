/**
 * Domain vocabulary for Shantou's industries (三新两特一大 plus machinery, plastics,
 * printing/packaging and food): the words jieba must keep whole, the synonyms that
 * share no characters (so search-mode sub-words cannot connect them), and the words
 * that carry no meaning for matching.
 *
 * All entries are written lower-case; the tokenizer lower-cases Latin before lookup.
 */

/**
 * Equivalences: each variant is rewritten to its canonical term, so an enterprise
 * that writes 啤机 and a menu that says 注塑机 meet on one token. The canonical is
 * itself a word the tokenizer produces.
 */
export const EQUIVALENTS: Readonly<Record<string, readonly string[]>> = {
  // machinery / automation
  plc: ['可编程控制器', '可编程逻辑控制器'],
  cnc: ['数控', '数控加工'],
  伺服: ['servo'],
  变频器: ['变频', 'vfd'],
  机器人: ['机械手', '机械臂'],
  机器视觉: ['视觉检测', '工业相机', 'ccd检测'],
  维修: ['检修', '维护', '保养', '维保'],
  故障诊断: ['排故', '排障', '故障排查'],
  刀补: ['刀具补偿', '刀尖补偿'],
  // plastics and moulds (Cantonese shop-floor words: 啤 = 注塑, 披锋 = 飞边)
  注塑: ['注射成型', '啤塑', '注塑成型'],
  注塑机: ['啤机'],
  飞边: ['披锋', '毛边'],
  // not 缩水: in textiles it means fabric shrinkage, a different problem
  缩痕: ['缩印'],
  熔接痕: ['熔接线', '夹水纹'],
  模流分析: ['moldflow'],
  改性塑料: ['塑料改性', '改性料', '改性粒料', 'pp改性'],
  // textiles, dyeing, apparel
  印染: ['染整'],
  色牢度: ['掉色', '褪色', '沾色'],
  废水: ['污水'],
  针织: ['毛织', '横机'],
  车缝: ['车位', '缝纫', '缝制'],
  制版: ['打版', '打板', '纸样'],
  推码: ['放码'],
  面料: ['布料', '坯布'],
  // printing and packaging
  凹版印刷: ['凹印'],
  柔版印刷: ['柔印'],
  套准: ['套色', '套印'],
  // electronics
  pcb: ['线路板', '电路板', '印制电路板'],
  smt: ['贴片', '表面贴装'],
  单片机: ['mcu'],
  emc: ['电磁兼容'],
  物联网: ['iot'],
  mes: ['生产执行系统', '制造执行系统', '生产管理系统'],
  // new energy, new materials
  锂电池: ['锂电', '锂离子电池'],
  bms: ['电池管理系统'],
  光伏: ['太阳能'],
  风机: ['风电机组', '风力发电机'],
  '3d打印': ['增材制造'],
  // health, food
  杀菌: ['灭菌', '消毒'],
  保质期: ['货架期'],
  // quality
  质检: ['质量检测', '质量检验', '品检', 'qc'],
  品控: ['质量控制', '品质控制', '品管'],
}

/**
 * Implications: a specific term that should also match the broader terms it implies,
 * while keeping its own (more specific) token. 模流分析 is done for 注塑模具, so a
 * 模流分析 demand should reach a 注塑模具 menu, and an exact 模流分析 match still
 * scores higher.
 */
export const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  模流分析: ['注塑', '模具'],
  注塑机: ['注塑'],
  飞边: ['成型缺陷'],
  缩痕: ['成型缺陷'],
  熔接痕: ['成型缺陷'],
  伺服: ['电机'],
  氩弧焊: ['焊接'],
  回流焊: ['焊接'],
  无缝: ['针织'],
  文胸: ['内衣'],
  胸罩: ['内衣'],
  盲盒: ['潮玩', '玩具'],
  haccp: ['食品安全'],
  风机: ['风电'],
  升压站: ['电气运维'],
  扫码报工: ['mes'],
}

/**
 * Words jieba should keep whole (added to its dictionary with a high frequency), so
 * that e.g. 模流分析 is one token and not 模流 + 分析. Synonym variants and canonicals
 * are added automatically; these are the rest.
 */
export const DOMAIN_WORDS: readonly string[] = [
  // plastics, moulds, toys
  '注塑模具', '模具设计', '试模', '成型缺陷', '熔接痕', '浇口', '冷却水路', '吹塑', '吸塑',
  '毛绒玩具', '塑料玩具', '智能玩具', '遥控玩具', '潮玩', '盲盒', '早教机', '玩具安全', '小零件',
  // textiles
  '活性染料', '分散染料', '固色', '皂洗', '色差', '对色', '定型机', '印花', '数码印花',
  '无缝内衣', '圆机', '大圆机', '氨纶', '断纱', '破洞', '家居服', '服装cad', '自动裁床', '工序平衡', '计件',
  '中水回用', '生化池',
  // printing and packaging
  '软包装', '复合膜', '干式复合', '溶剂残留', '剥离强度', '彩盒', '色彩管理', '换版',
  // electronics
  '回流焊', '波峰焊', '虚焊', '连锡', '立碑', '钢网', '锡膏', '炉温曲线', '嵌入式', '蓝牙模块',
  // machinery
  '伺服电机', '自动化改造', '包装机', '枕式包装机', '灌装机', '配电柜', '工业机器人', '加工中心',
  '宏程序', '法兰', '机加', '精益生产', '班组长', '班组管理', '现场管理',
  // new energy, materials
  '储能', '电芯', '极片', '面密度', '辊压', '涂布机', '动力电池', '风电场', '升压站', '预防性试验',
  '齿轮箱', '振动分析', '状态监测', '热管理', '石墨烯', '增韧', '增韧剂', '阻燃', '冲击强度',
  // health, food
  '保健食品', '中药饮片', '提取工艺', '洁净车间', '洁净区', '菌落总数', '水产加工', '紫菜', '回潮',
  '食品安全', 'sc认证',
]

/**
 * Words that carry no matching signal: function words, and the filler of an
 * enterprise's complaint (我们公司希望解决…问题) and of a menu's advert (提供…服务).
 * Left in, they would dominate the unmatched part of every query.
 */
export const STOP_WORDS: readonly string[] = [
  // function words
  '的', '了', '和', '及', '与', '等', '或', '在', '是', '有', '对', '把', '被', '将', '从', '向', '给',
  '让', '使', '用', '为', '以', '于', '之', '其', '这', '那', '这个', '那个', '这些', '那些', '一个',
  '一些', '一下', '一次', '一批', '一套', '一直', '一起', '以及', '并且', '而且', '或者', '还是', '如果',
  '但是', '因为', '所以', '由于', '对于', '关于', '通过', '进行', '还有', '另外', '顺便', '以上', '以下',
  '可以', '能够', '不能', '没有', '不是', '已经', '正在', '目前', '现在', '现有', '最近', '经常', '总是',
  '比较', '非常', '特别', '很多', '较多', '大量', '稍远', '只有', '只是', '还要', '也是', '都是', '怎么', '怎样', '如何', '什么',
  '为什么', '是否', '能否', '不知道', '之后', '之前', '以后', '以前', '时候', '后来', '然后', '再',
  // people and organisations
  '我们', '我司', '我厂', '本厂', '本司', '公司', '企业', '工厂', '厂里', '厂家', '单位', '他们', '你们',
  '客户', '专家', '师傅', '老师傅', '老师', '技术能手', '人员', '有人', '懂行',
  // request filler
  '问题', '需要', '希望', '想', '想请', '请', '帮忙', '帮助', '协助', '指导', '解决', '要求', '情况',
  '出现', '存在', '发生', '影响', '导致', '造成', '严重', '明显', '不够', '不行', '还是', '看看', '看',
  '来', '去', '到', '做', '搞', '弄', '找', '请人', '现场', '车间', '方面', '相关', '方案', '工作',
  // words every manufacturing demand and menu uses: they match everything, so nothing
  '生产', '产品', '提升', '提高', '降低', '优化', '改进', '改善', '准备', '能力', '安排', '计划',
  '今年', '明年', '年底', '年初', '一线', '员工', '工人', '职工',
  // advert filler
  '提供', '服务', '技术', '开展', '针对', '帮助企业', '适用', '适用于', '各行业', '包括',
]

/**
 * Single CJK characters that mean something on their own in these industries. Every
 * other single character is dropped: in search-mode output the content words are
 * nearly always two or more characters, and lone characters are particles, measure
 * words or verb fragments.
 */
export const SINGLE_CHAR_TERMS: readonly string[] = [
  '膜', '胶', '漆', '釉', '布', '纱', '丝', '线', '模', '泵', '阀', '锂', '钢', '铝', '铜', '铁', '锡',
  '碳', '硅', '瓷', '纸', '墨', '药', '茶', '酒', '醋', '酱', '糖', '奶', '油', '电', '光', '热', '焊',
  '磨', '车', '铣', '刨', '钻', '漂', '染',
]

/** English filler (menus and demands are mostly Chinese, but tags may be English). */
export const ENGLISH_STOP_WORDS: readonly string[] = [
  'a', 'an', 'and', 'or', 'of', 'the', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'is', 'are', 'be',
  'we', 'our', 'us', 'it', 'its', 'this', 'that', 'need', 'needs', 'help', 'please', 'problem', 'issue',
]
