"""Seed content drawn from the 2022 newspaper report on the zone (facts only, our own words).

Every figure here is one the report gives. What it does not give stays empty: investment amounts
are undisclosed, unknown signing dates are empty, and every record is left unverified
(last_verified_on empty) so that staff check it before relying on it.
"""

import datetime
from decimal import Decimal

SOURCE = "《杭州钱开区:交出高质量发展成绩单》，2022年报道"
SOURCE_EN = "“Qianjiang EDZ presents its report card”, news report, 2022"
PERIOD = "2019—2022年"
PERIOD_EN = "2019–2022"

ZONES = [
    {
        "slug": "north",
        "name": "北智",
        "name_en": "North: Smart Manufacturing",
        "full_name": "北部智能制造片区",
        "full_name_en": "Northern Intelligent Manufacturing Zone",
        "positioning": "智能制造核心产业集聚区",
        "positioning_en": "The cluster of the zone's core industry, intelligent manufacturing",
        "description": (
            "管委会大楼所在的北部片区是钱开区智能制造的主阵地。比亚迪、菜鸟网络、阿里云数据中心、"
            "大地海洋、南方泵业等企业和园区已在这里落地，三年建设后片区用地已基本排满。"
        ),
        "description_en": (
            "The northern area, home to the administrative committee, is where the zone's intelligent "
            "manufacturing is concentrated. BYD, Cainiao, an Alibaba Cloud data centre, Dadi Haiyang and "
            "Nanfang Pump have settled here, and after three years of building the area is essentially full."
        ),
        "order": 1,
    },
    {
        "slug": "central",
        "name": "中居",
        "name_en": "Centre: Living",
        "full_name": "中部宜居片区",
        "full_name_en": "Central Living Zone",
        "positioning": "产城融合的生活配套区",
        "positioning_en": "Where industry and city meet: homes, schools, hospitals and parks",
        "description": (
            "中部片区承担居住与生活服务功能，住房、学校、医院、公园和绿道等配套齐全，让在钱开区工作的人也能在这里安家。"
        ),
        "description_en": (
            "The central area provides housing and daily services: homes, schools, hospitals, parks and "
            "greenways, so that the people who work in the zone can also live here."
        ),
        "order": 2,
    },
    {
        "slug": "south",
        "name": "南创",
        "name_en": "South: Innovation",
        "full_name": "南部创新创业片区",
        "full_name_en": "Southern Innovation and Start-up Zone",
        "positioning": "创新创业与存量空间更新区",
        "positioning_en": "Innovation, start-ups and the renewal of under-used land",
        "description": (
            "南部片区空白地很少，开发以“双管齐下”推进：一方面腾出土地创建新空间，"
            "另一方面通过政府回租回购、企业自主改造等“腾笼换鸟”方式盘活低效闲置厂房，"
            "再引入专业运营团队提供会计、法律等服务，打造孵化、加速和研发基地。"
        ),
        "description_en": (
            "Little empty land is left in the south, so development runs on two tracks: freeing land for new "
            "space, and reviving idle, low-yield factories through government lease-back and buy-back or "
            "owner-led renovation, with professional operators then providing accounting, legal and other "
            "services to incubation, acceleration and R&D bases."
        ),
        "order": 3,
    },
]

INDUSTRIES = [
    # slug, category, name, name_en
    ("smart-manufacturing", "core", "智能制造", "Intelligent manufacturing"),
    ("new-materials", "new", "新材料", "New materials"),
    ("new-equipment", "new", "新装备", "New equipment"),
    ("new-energy", "new", "新能源", "New energy"),
    ("electronics-ic", "chain", "电子产品与集成电路", "Electronics and integrated circuits"),
    ("smart-manufacturing-chain", "chain", "智能制造", "Intelligent manufacturing"),
    ("life-health", "chain", "生命健康", "Life and health"),
    ("next-gen-it", "chain", "新一代信息技术", "Next-generation information technology"),
    ("carbon-neutrality", "chain", "碳中和", "Carbon neutrality"),
    ("producer-services", "service", "生产性服务业", "Producer services"),
]

GRIDS = [
    (n, f"第{cn}服务网格", f"Service grid {n}") for n, cn in [(1, "一"), (2, "二"), (3, "三"), (4, "四"), (5, "五")]
]

RECOGNITION_TYPES = [
    ("high-tech", "国家高新技术企业", "National high-tech enterprise"),
    ("single-champion", "单项冠军", "Single-product champion"),
    ("hidden-champion", "隐形冠军", "Hidden champion"),
    ("specialised", "专精特新", "Specialised and innovative SME"),
    ("future-factory", "未来工厂", "Future factory"),
    ("smart-factory", "智能工厂/数字化车间", "Smart factory / digital workshop"),
]

ENTERPRISES = [
    {
        "slug": "xihu-byd",
        "name": "西湖比亚迪",
        "name_en": "Xihu BYD",
        "short_name": "比亚迪",
        "zone": "north",
        "industry": "new-energy",
        "summary": "北部智能制造片区的骨干企业之一，已在钱开区推进工厂物联网建设。",
        "summary_en": "One of the anchor firms of the northern manufacturing area; it is building a factory "
        "Internet of Things in the zone.",
    },
    {
        "slug": "cainiao",
        "name": "菜鸟网络",
        "name_en": "Cainiao Network",
        "short_name": "菜鸟",
        "zone": "north",
        "industry": "producer-services",
        "summary": "物流科技企业，落户北部片区。",
        "summary_en": "A logistics technology company located in the northern area.",
    },
    {
        "slug": "alibaba-cloud-data-centre",
        "name": "阿里云数据中心",
        "name_en": "Alibaba Cloud data centre",
        "short_name": "阿里云",
        "zone": "north",
        "industry": "next-gen-it",
        "summary": "阿里云在北部片区建设的数据中心。",
        "summary_en": "A data centre of Alibaba Cloud in the northern area.",
    },
    {
        "slug": "dadi-haiyang",
        "name": "大地海洋",
        "name_en": "Dadi Haiyang",
        "zone": "north",
        "industry": "carbon-neutrality",
        "summary": "北部片区骨干企业，已推进工厂物联网建设。",
        "summary_en": "An anchor firm of the northern area that is building a factory Internet of Things.",
    },
    {
        "slug": "nanfang-pump",
        "name": "南方泵业",
        "name_en": "Nanfang Pump",
        "zone": "north",
        "industry": "new-equipment",
        "summary": "装备制造企业，北部智能制造片区的主力军之一。",
        "summary_en": "An equipment manufacturer, one of the mainstays of the northern manufacturing area.",
    },
    {
        "slug": "mige-motor",
        "name": "米格电机",
        "name_en": "Mige Motor",
        "zone": "north",
        "industry": "smart-manufacturing-chain",
        "summary": "电机制造骨干企业，已推进工厂物联网建设。",
        "summary_en": "An anchor motor manufacturer that is building a factory Internet of Things.",
    },
    {
        "slug": "kashen-composites",
        "name": "卡深复合材料科技有限公司",
        "name_en": "Kashen Composite Materials Technology",
        "short_name": "卡深科技",
        "zone": "south",
        "industry": "new-materials",
        "summary": (
            "初创型新材料企业。2021年急需扩产时，钱开区盘活一处上万平方米的闲置厂房解决其用地之需，"
            "并指导其按智能制造“数字化车间”标准建设新厂房。"
        ),
        "summary_en": (
            "A young new-materials company. When it urgently needed room to expand in 2021, the zone revived "
            "an idle factory of over 10,000 m² for it and advised it to build the new plant to the standard "
            "of a digital workshop."
        ),
    },
    {
        "slug": "huibo-yuntong",
        "name": "慧博云通",
        "name_en": "Huibo Yuntong",
        "zone": "south",
        "industry": "next-gen-it",
        "listing_status": "pre_ipo",
        "summary": "原在北京成立的国家高新技术企业，经钱开区服务对接后将总部整体落户钱开区，正筹备上市。",
        "summary_en": (
            "A national high-tech enterprise founded in Beijing that moved its entire headquarters to the "
            "zone after working with its service team; it is preparing for an IPO."
        ),
        "recognitions": [("high-tech", "national", 2022, "据2022年报道")],
    },
    {
        "slug": "heshun-technology",
        "name": "杭州和顺科技股份有限公司",
        "name_en": "Hangzhou Heshun Technology",
        "short_name": "和顺科技",
        "zone": "north",
        "industry": "new-materials",
        "listing_status": "listed",
        "exchange": "chinext",
        "summary": "2022年3月在深圳证券交易所创业板上市。",
        "summary_en": "Listed on the ChiNext board of the Shenzhen Stock Exchange in March 2022.",
    },
]

PROJECTS = [
    {
        "code": "QK-2022-001",
        "slug": "morgan-stanley-lekun-renhe-park",
        "name": "摩根士丹利乐坤杭州仁和国际产业园",
        "name_en": "Morgan Stanley Lekun Hangzhou Renhe International Industrial Park",
        "investor": "摩根士丹利乐坤",
        "investor_en": "Morgan Stanley Lekun",
        "industry": "producer-services",
        "zone": "north",
        "summary": "钱开区近三年引进的重点产业项目之一。",
        "summary_en": "One of the key industrial projects the zone has brought in over the past three years.",
    },
    {
        "code": "QK-2022-002",
        "slug": "hangzhou-cardiovascular-innovation-hq",
        "name": "杭州心血管医疗科技全球创新中心总部基地",
        "name_en": "Hangzhou Cardiovascular Medical Technology Global Innovation Centre HQ",
        "investor": "杭州心血管医疗科技",
        "investor_en": "Hangzhou Cardiovascular Medical Technology",
        "industry": "life-health",
        "zone": "south",
        "summary": "生命健康赛道的重点项目，建设全球创新中心总部基地。",
        "summary_en": "A key life-and-health project: the headquarters base of a global innovation centre.",
    },
    {
        "code": "QK-2022-003",
        "slug": "qiangxin-technology",
        "name": "强新科技项目",
        "name_en": "Qiangxin Technology project",
        "investor": "强新科技",
        "investor_en": "Qiangxin Technology",
        "industry": "smart-manufacturing-chain",
        "zone": "north",
        "summary": "钱开区近三年引进的重点产业项目之一。",
        "summary_en": "One of the key industrial projects the zone has brought in over the past three years.",
    },
    {
        "code": "QK-2022-004",
        "slug": "shenwei-technology",
        "name": "申威科技项目",
        "name_en": "Shenwei Technology project",
        "investor": "申威科技",
        "investor_en": "Shenwei Technology",
        "industry": "smart-manufacturing-chain",
        "zone": "north",
        "summary": "钱开区近三年引进的重点产业项目之一。",
        "summary_en": "One of the key industrial projects the zone has brought in over the past three years.",
    },
    {
        "code": "QK-2022-005",
        "slug": "baixing-microelectronics",
        "name": "百星微电子项目",
        "name_en": "Baixing Microelectronics project",
        "investor": "百星微电子",
        "investor_en": "Baixing Microelectronics",
        "industry": "electronics-ic",
        "zone": "north",
        "summary": "电子产品与集成电路赛道的重点项目。",
        "summary_en": "A key project on the electronics and integrated-circuit track.",
    },
    {
        "code": "QK-2021-001",
        "slug": "hzii-innovation-base-83-mu",
        "name": "83亩存量空间创新创业基地",
        "name_en": "Innovation base on 83 mu of existing space",
        "investor": "杭州市实业投资集团有限公司",
        "investor_en": "Hangzhou Industrial Investment Group",
        "industry": "producer-services",
        "zone": "south",
        "signed_on": datetime.date(2021, 6, 1),
        "signed_on_precision": "month",
        "land_mu": Decimal("83"),
        "summary": (
            "2021年6月与杭州市实业投资集团有限公司签约，将83亩存量空间改造为创新创业基地、产业加速基地和产品研发基地。"
        ),
        "summary_en": (
            "Signed in June 2021 with Hangzhou Industrial Investment Group to turn 83 mu of existing space "
            "into bases for start-ups, industrial acceleration and product R&D."
        ),
        "internal_notes": "报道只给出签约月份（2021年6月），日期精度记为“月”，待核实。",
    },
]

PLATFORMS = [
    {
        "slug": "zju-advanced-electrical-equipment",
        "name": "浙江大学先进电气装备创新中心",
        "name_en": "Zhejiang University Advanced Electrical Equipment Innovation Centre",
        "kind": "rd_centre",
        "opened_year": 2021,
        "recognition": "省级新型研发机构",
        "recognition_en": "Provincial new-type R&D institution",
        "summary": "2021年正式开园，补上了钱开区公共研发平台的短板，推动产学研深度融合。",
        "summary_en": (
            "Opened in 2021, it gives the zone the public research platform it lacked and ties research, "
            "teaching and industry closer together."
        ),
    },
]

INDICATORS = [
    # label, label_en, value, at least, unit, unit_en, order
    ("签约项目", "Projects signed", Decimal("124"), False, "个", "projects", 1),
    ("签约项目总投资", "Total investment signed", Decimal("752"), False, "亿元", "× 100 million yuan", 2),
    ("机器换人项目", "Robot-replacement projects", Decimal("40"), True, "个", "projects", 3),
    ("工业机器人应用", "Industrial robots in use", Decimal("100"), True, "台", "robots", 4),
    ("制造业数字化示范改造项目", "Digital demonstration renovations", Decimal("15"), False, "个", "projects", 5),
    ("省级“未来工厂”培育项目", "Provincial future-factory candidates", Decimal("4"), False, "个", "projects", 6),
    (
        "省级智能工厂（数字化车间）培育项目",
        "Provincial smart-factory (digital workshop) candidates",
        Decimal("2"),
        False,
        "个",
        "projects",
        7,
    ),
]

ABOUT_BLOCKS = [
    {
        "key": "location",
        "title": "区位与交通",
        "title_en": "Location and transport",
        "body": (
            "钱开区位于杭州北部。十年前这里还是遍布废弃石矿、没有一条像样道路的地方，"
            "如今“三纵三横”骨干路网和支干道路让区内四通八达。\n\n"
            "上塘高架连通长深高速，从钱开区到杭州主城区只需约30分钟。"
        ),
        "body_en": (
            "The zone lies in the north of Hangzhou. Ten years ago it was a landscape of abandoned quarries "
            "without a proper road; today a grid of three north–south and three east–west trunk roads, with "
            "their branches, reaches every corner.\n\n"
            "The Shangtang Elevated Road connects to the Changshen Expressway and brings central Hangzhou "
            "within about 30 minutes."
        ),
        "order": 1,
    },
    {
        "key": "structure",
        "title": "空间结构：一轴两带双心，北智中居南创",
        "title_en": "Spatial structure: one axis, two belts, two cores",
        "body": (
            "钱开区按照“一轴两带双心”的空间结构建设：北部集聚智能制造，中部承载居住生活，"
            "南部发展创新创业。\n\n"
            "开发区的目标定位是长三角智能制造产业示范区、长三角创新发展总部基地引领区，"
            "以及杭州产城人文融合发展样板区。"
        ),
        "body_en": (
            "The zone is built along one axis, two belts and two cores: intelligent manufacturing in the north, "
            "living in the centre, innovation and start-ups in the south.\n\n"
            "It aims to be a model of intelligent manufacturing in the Yangtze River Delta, a leading base for "
            "innovative headquarters, and Hangzhou's showcase of industry, city and culture growing together."
        ),
        "order": 2,
    },
    {
        "key": "living",
        "title": "宜居生活",
        "title_en": "Living here",
        "body": "紧邻长三角核心城市，医院、学校、公园绿道等生活配套一应俱全，中部片区让人才安居。",
        "body_en": (
            "Close to the core cities of the Yangtze River Delta, with hospitals, schools, parks and greenways "
            "at hand; the central area gives talent a place to settle."
        ),
        "order": 3,
    },
    {
        "key": "service",
        "title": "“钱小二”点对点服务",
        "title_en": "The “Qian Xiao’er” point-to-point service",
        "body": (
            "“钱小二”服务贯穿项目从签约、落地到成长的全过程。钱开区按“组团连片”的思路，"
            "把近千家企业划入5个服务网格，由驻企专员点对点服务，不断深化“三服务”。\n\n"
            "从盘活闲置厂房到指导数字化改造、陪伴企业上市，服务团队在关键节点给出引导。"
        ),
        "body_en": (
            "The Qian Xiao’er service stays with a project from signing through settling in to growth. "
            "Nearly 1,000 enterprises are grouped into five service grids, each served point to point by "
            "resident officers.\n\n"
            "From reviving idle factories to guiding digital upgrades and accompanying companies to their "
            "IPO, the team steps in at the moments that matter."
        ),
        "order": 4,
    },
    {
        "key": "investment-focus",
        "title": "招商方向",
        "title_en": "What we look for",
        "body": (
            "钱开区坚持“亩均论英雄”，瞄准价值链和产业链高端：拟上市公司总部及基地、"
            "上市公司募投项目、细分行业的“单项冠军”和“隐形冠军”，以及处于初创期但前景可期的企业。"
        ),
        "body_en": (
            "The zone judges land use by output per mu and targets the high end of value chains: headquarters "
            "and bases of companies preparing to list, projects funded by listed companies' offerings, "
            "single-product and hidden champions, and promising young companies."
        ),
        "order": 5,
    },
]

# The two spaces the report describes. Their codes are ours; everything the report does not give
# (prices, specs, exact dates, operator) stays empty, and both are left unverified.
SPACES = [
    {
        "code": "ZT-2021-001",
        "slug": "south-83-mu-stock-space",
        "name": "南创83亩存量空间",
        "name_en": "83 mu of existing space in the south",
        "kind": "renewal",
        "zone": "south",
        "status": "fitting",
        "area_mu": Decimal("83"),
        "summary": (
            "2021年6月，钱开区与杭州市实业投资集团有限公司正式签约，拟将这83亩存量空间打造成为"
            "新的创新创业基地、产业加速基地及产品研发基地。价格、规格等报道未公开。"
        ),
        "summary_en": (
            "In June 2021 the zone signed an agreement with Hangzhou Industrial Investment Group to turn these "
            "83 mu of existing space into new bases for start-ups, industrial acceleration and product R&D. "
            "The report gives no prices or specifications."
        ),
        "internal_notes": "报道只给出签约月份（2021年6月）；状态“改造中”依据2022年报道，待核实。",
        "status_log": {
            "changed_on": datetime.date(2021, 6, 1),
            "date_precision": "month",
            "note": "与杭州市实业投资集团有限公司签约改造（据2022年报道）",
            "note_en": "Renewal agreed with Hangzhou Industrial Investment Group (as reported in 2022)",
        },
    },
    {
        "code": "ZT-2021-002",
        "slug": "revived-factory-kashen",
        "name": "盘活闲置厂房（卡深科技）",
        "name_en": "Revived idle factory (Kashen Technology)",
        "kind": "factory",
        "zone": "south",
        "status": "occupied",
        "floor_area_m2": Decimal("10000"),
        "area_is_lower_bound": True,
        "summary": (
            "2021年卡深复合材料科技有限公司急需厂房拓展生产线，钱开区助企服务随即跟进，"
            "盘活这处上万平方米的闲置厂房，解了企业的燃眉之急。现已入驻。"
        ),
        "summary_en": (
            "In 2021 Kashen Composite Materials Technology urgently needed a factory for a new production line; "
            "the zone's business service revived this idle factory of over 10,000 m² for it. It is now occupied."
        ),
        "internal_notes": "报道只给出年份（2021年）和“上万平方米”；所在片区按卡深科技的片区记录，待核实。",
        "status_log": {
            "changed_on": datetime.date(2021, 1, 1),
            "date_precision": "year",
            "note": "盘活后由卡深科技入驻（据2022年报道）",
            "note_en": "Revived and taken by Kashen Technology (as reported in 2022)",
        },
    },
]

# The report itself, as the first item of 新闻动态. The title is the report's heading, character for
# character (its quotation marks and its half-width colon included); the summary and the digest are
# ours, with only the figures the report gives. The report names neither its newspaper nor its day:
# the source is "a newspaper report" of 2022, dated to the year.
NEWS = [
    {
        "slug": "qianjiang-edz-report-card-2022",
        "kind": "news",
        "title": "双引擎蓄力“石头城”变身未来产业经济增长地 杭州钱开区:交出高质量发展成绩单",
        "title_en": (
            "Two engines turn a “city of stone” into a growth ground for future industries: "
            "Hangzhou's Qianjiang EDZ presents its report card"
        ),
        "summary": (
            "2022年的一篇报纸报道回顾了钱开区从废弃石矿到路网通达的产业区的变化：智能制造成为主攻方向，"
            "三年来签约项目124个、总投资752亿元，企业服务和数字化改造同步推进。"
        ),
        "summary_en": (
            "A 2022 newspaper report traces the zone's change from abandoned quarries to a well-connected "
            "industrial area: intelligent manufacturing became its main line, 124 projects worth 75.2 billion "
            "yuan were signed in three years, and business services and digital upgrading went hand in hand."
        ),
        "body": (
            "据2022年的报纸报道（作者应陶），钱开区近年的发展可以归纳为三点：\n\n"
            "## 空间\n\n"
            "- 十年前遍布废弃石矿，如今“三纵三横”骨干路网通达区内；上塘高架连通长深高速，"
            "到杭州主城区约30分钟。\n"
            "- 按“一轴两带双心，北智中居南创”的空间结构建设；北部智能制造片区已基本填满。\n"
            "- 2021年6月，与杭州市实业投资集团有限公司签约，把83亩存量空间改造为创新创业、"
            "产业加速和产品研发基地。\n\n"
            "## 产业\n\n"
            "- 2019年起以智能制造为主攻方向，发展新材料、新装备、新能源，打造“一智三新五链”产业体系。\n"
            "- 三年来签约项目124个，总投资752亿元。\n\n"
            "## 服务与创新\n\n"
            "- 近千家企业划入5个服务网格，“钱小二”点对点驻企服务。\n"
            "- 实施机器换人项目40余个、工业机器人应用100余台、制造业数字化示范改造项目15个；"
            "省级“未来工厂”培育项目4个、省级智能工厂（数字化车间）培育项目2个。\n"
            "- 2021年开园的浙江大学先进电气装备创新中心补上了公共研发平台的短板。\n\n"
            "以上为本站对报道内容的摘要。"
        ),
        "body_en": (
            "A 2022 newspaper report (by Ying Tao) describes the zone's recent growth in three parts:\n\n"
            "## Space\n\n"
            "- Ten years ago a landscape of abandoned quarries; today a grid of three north–south and three "
            "east–west trunk roads reaches every corner, and the Shangtang Elevated Road to the Changshen "
            "Expressway brings central Hangzhou within about 30 minutes.\n"
            "- The zone is built along one axis, two belts and two cores: intelligent manufacturing in the "
            "north, living in the centre, innovation in the south; the northern area is nearly full.\n"
            "- In June 2021 an agreement with Hangzhou Industrial Investment Group set out to turn 83 mu of "
            "existing space into bases for start-ups, industrial acceleration and product R&D.\n\n"
            "## Industry\n\n"
            "- Since 2019 intelligent manufacturing has been the main line, with new materials, new equipment "
            "and new energy.\n"
            "- In three years 124 projects were signed, with a total investment of 75.2 billion yuan.\n\n"
            "## Service and innovation\n\n"
            "- Nearly 1,000 enterprises are grouped into five service grids, served point to point by the "
            "Qian Xiao’er officers.\n"
            "- More than 40 robot-replacement projects, more than 100 industrial robots in use, 15 digital "
            "demonstration renovations; 4 provincial future-factory candidates and 2 provincial smart-factory "
            "(digital workshop) candidates.\n"
            "- The Zhejiang University Advanced Electrical Equipment Innovation Centre, opened in 2021, gives "
            "the zone the public research platform it lacked.\n\n"
            "This is the site's digest of the report."
        ),
        "source_publisher": "报纸报道",
        "source_publisher_en": "Newspaper report",
        "source_author": "应陶",
        "source_date": datetime.date(2022, 1, 1),
        "source_date_precision": "year",
    },
]
