"""Sample industry chains (`generate_demo_data --chains`), so that `make run` draws a chain per industry.

The report names the industries but no chain links, so the seed has none; everything here is invented
and says so: ``is_demo=True``, names starting with 示例 / "Sample", target briefs that call themselves
sample data. Each industry gets a small chain (upstream, midstream, downstream and supporting-services
links, one or two with a sub-link) and one or two investment targets. An industry whose chain staff
have already typed (any link that is not a sample) is left alone.

Presence is never typed: it follows the records on a link. So the only other thing done here is to
place sample enterprises and projects (``is_demo=True``, same industry, not yet on a link) on some
links that are not "fill" targets; real records are never touched. When there are no sample
enterprises or projects (as on `make run`), the chain shows no presence, which is the truth.
"""

from django.db import transaction

from enterprises.models import Enterprise
from industries.models import ChainNode, Industry
from projects.models import Project

DEMO_PREFIX = "示例"
DEMO_PREFIX_EN = "Sample"
UP, MID, DOWN, SERVICES = (
    ChainNode.Stage.UPSTREAM,
    ChainNode.Stage.MIDSTREAM,
    ChainNode.Stage.DOWNSTREAM,
    ChainNode.Stage.SERVICES,
)
FILL, STRENGTHEN, EXTEND = ChainNode.TargetKind.FILL, ChainNode.TargetKind.STRENGTHEN, ChainNode.TargetKind.EXTEND
# How many sample records at most one link gets.
ENTERPRISES_PER_LINK = 3
PROJECTS_PER_LINK = 2

# A link: (stage, name, name_en, sub-links as (name, name_en), target or None).
# A target: (kind, what is sought, what is sought in English).
CHAINS = {
    "smart-manufacturing": [
        (UP, "工业软件", "industrial software", [], None),
        (
            UP,
            "核心零部件",
            "core components",
            [("精密减速器", "precision reducers")],
            (FILL, "精密减速器等核心零部件制造企业", "makers of core components such as precision reducers"),
        ),
        (MID, "智能装备整机", "complete smart equipment", [], None),
        (MID, "系统集成", "system integration", [], None),
        (DOWN, "智能工厂应用", "smart factory applications", [], None),
        (
            SERVICES,
            "工业互联网平台",
            "industrial internet platforms",
            [],
            (
                STRENGTHEN,
                "面向园区企业的工业互联网平台服务商",
                "industrial internet platform providers serving the zone's firms",
            ),
        ),
    ],
    "new-materials": [
        (UP, "基础化工原料", "basic chemical feedstock", [], None),
        (
            UP,
            "碳纤维原丝",
            "carbon fibre precursor",
            [],
            (FILL, "碳纤维原丝生产企业", "carbon fibre precursor producers"),
        ),
        (MID, "复合材料制品", "composite products", [("预浸料", "prepregs")], None),
        (DOWN, "轨道交通与航空部件", "rail and aviation parts", [], None),
        (SERVICES, "材料检测认证", "materials testing and certification", [], None),
    ],
    "new-equipment": [
        (UP, "铸锻件", "castings and forgings", [], None),
        (UP, "电机与电控", "motors and controls", [], None),
        (
            MID,
            "泵阀与流体装备",
            "pumps, valves and fluid equipment",
            [],
            (STRENGTHEN, "高端泵阀整机及关键部件企业", "makers of high-end pumps and valves and their key parts"),
        ),
        (MID, "电气装备", "electrical equipment", [], None),
        (
            DOWN,
            "装备运维服务",
            "equipment maintenance",
            [],
            (EXTEND, "装备远程运维与再制造企业", "remote maintenance and remanufacturing firms"),
        ),
        (SERVICES, "检验检测", "inspection and testing", [], None),
    ],
    "new-energy": [
        (UP, "正负极材料", "cathode and anode materials", [], None),
        (
            MID,
            "动力电池",
            "power batteries",
            [("电池管理系统", "battery management systems")],
            (STRENGTHEN, "动力电池及电池管理系统企业", "power battery and battery management system makers"),
        ),
        (MID, "储能系统", "energy storage systems", [], None),
        (DOWN, "新能源整车", "new energy vehicles", [], None),
        (
            DOWN,
            "电池回收利用",
            "battery recycling",
            [],
            (EXTEND, "退役电池梯次利用与回收企业", "firms reusing and recycling retired batteries"),
        ),
        (SERVICES, "充换电运营", "charging and battery swap operations", [], None),
    ],
    "electronics-ic": [
        (UP, "芯片设计", "chip design", [], (FILL, "功率半导体芯片设计企业", "power semiconductor design houses")),
        (UP, "半导体材料", "semiconductor materials", [], None),
        (MID, "晶圆制造", "wafer fabrication", [], None),
        (MID, "封装测试", "packaging and testing", [("先进封装", "advanced packaging")], None),
        (DOWN, "电子整机", "electronic devices", [], None),
        (SERVICES, "集成电路公共服务平台", "IC shared service platform", [], None),
    ],
    "smart-manufacturing-chain": [
        (UP, "传感器", "sensors", [], (FILL, "工业传感器研发制造企业", "industrial sensor developers and makers")),
        (UP, "控制器", "controllers", [], None),
        (MID, "工业机器人", "industrial robots", [("协作机器人", "collaborative robots")], None),
        (MID, "数控机床", "CNC machine tools", [], None),
        (DOWN, "汽车零部件制造", "auto parts manufacturing", [], None),
        (SERVICES, "智能制造咨询", "smart manufacturing consulting", [], None),
    ],
    "life-health": [
        (UP, "医用原材料", "medical raw materials", [], None),
        (UP, "研发外包", "contract research", [], None),
        (
            MID,
            "医疗器械",
            "medical devices",
            [("心血管器械", "cardiovascular devices")],
            (STRENGTHEN, "心血管介入器械生产企业", "cardiovascular intervention device makers"),
        ),
        (MID, "生物药品", "biologics", [], None),
        (DOWN, "医疗服务", "healthcare services", [], None),
        (
            SERVICES,
            "临床试验服务",
            "clinical trial services",
            [],
            (FILL, "临床试验与注册申报服务机构", "clinical trial and registration service providers"),
        ),
    ],
    "next-gen-it": [
        (UP, "服务器与网络设备", "servers and network equipment", [], None),
        (MID, "云计算", "cloud computing", [], None),
        (MID, "数据中心", "data centres", [], None),
        (
            DOWN,
            "行业数字化应用",
            "industry digital applications",
            [("智慧物流", "smart logistics")],
            (EXTEND, "面向制造业的行业软件企业", "software firms serving manufacturing"),
        ),
        (SERVICES, "网络安全", "cyber security", [], None),
    ],
    "carbon-neutrality": [
        (UP, "光伏组件", "solar modules", [], None),
        (
            MID,
            "节能装备",
            "energy-saving equipment",
            [],
            (STRENGTHEN, "高效节能装备制造企业", "makers of high-efficiency energy-saving equipment"),
        ),
        (MID, "氢能装备", "hydrogen equipment", [], None),
        (DOWN, "园区综合能源", "integrated energy for parks", [], None),
        (
            SERVICES,
            "碳核算与咨询",
            "carbon accounting and consulting",
            [],
            (FILL, "碳核算与碳资产管理服务机构", "carbon accounting and carbon asset management firms"),
        ),
    ],
    "producer-services": [
        (UP, "研发设计", "R&D and design", [], None),
        (MID, "现代物流", "modern logistics", [("冷链物流", "cold-chain logistics")], None),
        (
            MID,
            "科技金融",
            "technology finance",
            [],
            (FILL, "服务科技企业的股权投资机构", "equity investors serving technology firms"),
        ),
        (DOWN, "供应链管理", "supply chain management", [], None),
        (SERVICES, "知识产权服务", "intellectual property services", [], None),
    ],
}

# For an industry staff added beyond the report's ten: a plain chain, so it is drawn too.
GENERIC = [
    (UP, "原材料与零部件", "materials and components", [], None),
    (
        MID,
        "核心产品制造",
        "core product manufacturing",
        [("关键工艺", "key processes")],
        (FILL, "核心产品制造企业", "makers of the core product"),
    ),
    (DOWN, "下游应用", "downstream applications", [], None),
    (SERVICES, "配套服务", "supporting services", [], None),
]


def _brief(kind: str, sought: str, sought_en: str) -> tuple[str, str]:
    verb, verb_en = {
        FILL: ("补齐园区缺少的这一环节", "fill a link the zone lacks"),
        STRENGTHEN: ("做强园区已有的这一环节", "strengthen a link the zone already has"),
        EXTEND: ("把产业链向后延伸", "extend the chain further"),
    }[kind]
    return (
        f"本条为示例数据，不是园区发布的招商目标。示例：欢迎{sought}来区落户，{verb}；可选用园区的示例标准厂房。",
        f"Sample data, not a target the zone has published. Sample: {sought_en} are welcome to settle here "
        f"and {verb_en}; the zone's sample standard factory space would suit.",
    )


def demo_chain_count() -> int:
    return ChainNode.objects.filter(is_demo=True).count()


def _node(industry: Industry, *, stage, name, name_en, order, parent=None, target=None) -> tuple[ChainNode, bool]:
    """The sample link of that name (made when missing), with its target when it has one."""
    fields = {"stage": stage, "name_en": f"{DEMO_PREFIX_EN}: {name_en}", "order": order, "is_demo": True}
    if target:
        kind, sought, sought_en = target
        brief, brief_en = _brief(kind, sought, sought_en)
        fields.update(is_target=True, target_kind=kind, target_brief=brief, target_brief_en=brief_en)
    node = ChainNode.objects.filter(industry=industry, parent=parent, name=f"{DEMO_PREFIX}{name}").first()
    if node is not None:
        return node, False
    node = ChainNode(industry=industry, parent=parent, name=f"{DEMO_PREFIX}{name}", **fields)
    node.full_clean()
    node.save()
    return node, True


def _place(model, industry: Industry, node: ChainNode, limit: int) -> int:
    """Put up to `limit` sample records of the industry that are on no link yet on `node`."""
    ids = list(
        model.objects.filter(is_demo=True, industry=industry, chain_node=None)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return 0
    return model.objects.filter(pk__in=ids, is_demo=True).update(chain_node=node)


@transaction.atomic
def demo_chains_generate() -> dict[str, int]:
    """Adds the sample chains (once per link) and places sample records; returns what it made and placed."""
    from core.cache import content_changed

    made = {"links": 0, "targets": 0, "enterprises": 0, "projects": 0}
    for industry in Industry.objects.all():
        if ChainNode.objects.filter(industry=industry, is_demo=False).exists():
            continue  # staff have typed this chain: no sample links beside it
        order = 0
        for index, (stage, name, name_en, subs, target) in enumerate(CHAINS.get(industry.slug, GENERIC)):
            order += 10
            node, created = _node(industry, stage=stage, name=name, name_en=name_en, order=order, target=target)
            made["links"] += created
            made["targets"] += created and node.is_target
            children = []
            for sub_order, (sub_name, sub_name_en) in enumerate(subs, start=1):
                child, created = _node(
                    industry, stage=stage, name=sub_name, name_en=sub_name_en, order=order + sub_order, parent=node
                )
                made["links"] += created
                children.append(child)
            # A link the zone wants filled stays without records; every other second link gets some.
            if (target and target[0] == FILL) or index % 2:
                continue
            for placed in [node, *children]:
                made["enterprises"] += _place(Enterprise, industry, placed, ENTERPRISES_PER_LINK)
                made["projects"] += _place(Project, industry, placed, PROJECTS_PER_LINK)
    transaction.on_commit(content_changed)
    return made


@transaction.atomic
def demo_chains_remove() -> int:
    """Deletes every sample link (sub-links first: a parent is protected) and nothing else.

    Records on a sample link (real or sample) keep existing and lose the link (SET_NULL). A sample
    link that staff have given a real sub-link stays, with its sample parents: deleting it would
    take the real link's place in the chain away.
    """
    from core.cache import content_changed

    removed = 0
    while True:
        leaves = list(ChainNode.objects.filter(is_demo=True, children=None).values_list("pk", flat=True))
        if not leaves:
            break
        _total, by_model = ChainNode.objects.filter(pk__in=leaves).delete()
        removed += by_model.get(ChainNode._meta.label, 0)
    ChainNode.history.filter(is_demo=True).exclude(id__in=ChainNode.objects.values("pk")).delete()
    transaction.on_commit(content_changed)
    return removed
