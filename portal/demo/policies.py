"""Sample policies with measures and conditions, so a newcomer sees the directory and the checker work.

The article quotes no policy, so the seed adds none; these rows are ``is_demo=True``, their titles
start with 示例 / "Sample", and their document numbers are visibly fictitious (示例〔2026〕1号).
Policies are few (tens, not thousands), so they go through the ordinary ORM.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from industries.models import Industry
from policies.models import Condition, Measure, Policy, Recognition, Theme

DEMO_PREFIX = "示例"
DEMO_PREFIX_EN = "Sample"

TOPICS = [
    ("支持先进制造业高质量发展的若干政策", "policies supporting high-quality advanced manufacturing", "investment"),
    ("促进人才集聚的实施办法", "measures to attract talent", "talent"),
    ("鼓励企业研发投入的实施细则", "rules encouraging R&D spending", "innovation"),
    ("推进数字化改造的扶持办法", "support for digital upgrading", "digital"),
    ("支持企业上市的若干意见", "opinions supporting listings", "listing"),
    ("亩均效益提升专项政策", "measures raising output per mu", "land"),
    ("总部经济发展扶持办法", "support for headquarters", "investment"),
    ("科技金融支持政策", "technology finance support", "finance"),
]
ISSUERS = [
    ("钱江经济开发区管委会（示例）", "Qianjiang EDZ Administrative Committee (sample)", Policy.Level.ZONE),
    ("临平区人民政府（示例）", "Linping District Government (sample)", Policy.Level.DISTRICT),
    ("杭州市人民政府（示例）", "Hangzhou Municipal Government (sample)", Policy.Level.MUNICIPAL),
    ("浙江省经济和信息化厅（示例）", "Zhejiang Department of Economy and IT (sample)", Policy.Level.PROVINCIAL),
]
MEASURES = [
    ("固定资产投资补助", "Fixed-asset investment subsidy", Condition.Kind.INVESTMENT, (Decimal("1"), None)),
    ("研发费用补助", "R&D spending subsidy", Condition.Kind.RD_SHARE, (Decimal("3"), None)),
    ("新设企业落户奖励", "Award for newly founded firms", Condition.Kind.YEARS_FOUNDED, (None, Decimal("3"))),
    ("规模以上企业奖励", "Award for firms above designated size", Condition.Kind.REVENUE, (Decimal("2000"), None)),
    ("稳岗就业补贴", "Job stabilisation subsidy", Condition.Kind.EMPLOYEES, (Decimal("50"), None)),
]
RECOGNITIONS = [Recognition.HIGH_TECH, Recognition.SPECIALISED, Recognition.LITTLE_GIANT, Recognition.PRE_IPO]


def demo_policy_count() -> int:
    return Policy.objects.filter(is_demo=True).count()


@transaction.atomic
def demo_policies_generate(*, count: int, seed: int = 2022, today: datetime.date | None = None) -> dict:
    """Adds `count` sample policies, each with two or three measures; about one in six has expired."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    today = today or datetime.date.today()
    industries = list(Industry.objects.all())
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    start = Policy.objects.filter(is_demo=True).count() + 1
    created = {"policies": 0, "measures": 0, "conditions": 0}
    for number in range(start, start + count):
        title, title_en, theme = TOPICS[number % len(TOPICS)]
        issuer, issuer_en, level = ISSUERS[number % len(ISSUERS)]
        published = today - datetime.timedelta(days=rng.randint(30, 900))
        if number % 6 == 0:
            until = today - datetime.timedelta(days=rng.randint(1, 200))  # expired
        elif number % 6 == 1:
            until = today + datetime.timedelta(days=rng.randint(10, 80))  # expiring soon
        elif number % 6 == 2:
            until = None  # no end date
        else:
            until = today + datetime.timedelta(days=rng.randint(200, 1000))
        policy = Policy(
            title=f"{DEMO_PREFIX}：{title}（第{number}号）",
            title_en=f"{DEMO_PREFIX_EN}: {title_en} (no. {number})",
            slug=f"sample-policy-{number}",
            document_number=f"示例〔{published.year}〕{number}号",
            issuer=issuer,
            issuer_en=issuer_en,
            level=level,
            published_on=published,
            in_force_from=min(published + datetime.timedelta(days=30), today),
            in_force_until=until,
            summary=f"本条为示例数据，不是真实政策。{title}，用于演示政策库和政策匹配。",
            summary_en=f"Sample data, not a real policy: {title_en}, to demonstrate the library and the checker.",
            full_text="本文为示例，不具有任何效力。",
            source_url=f"https://www.example.gov.cn/policies/sample-{number}.html",
            last_verified_on=today - datetime.timedelta(days=rng.randint(0, 300)),
            is_demo=True,
        )
        policy.full_clean()
        policy.save()
        if theme in themes:
            policy.themes.add(themes[theme])
        chosen = rng.sample(industries, k=min(len(industries), rng.randint(1, 3))) if industries else []
        policy.industries.add(*chosen)
        created["policies"] += 1
        for order, (m_title, m_title_en, kind, (low, high)) in enumerate(rng.sample(MEASURES, rng.randint(2, 3))):
            measure = Measure.objects.create(
                policy=policy,
                title=f"{DEMO_PREFIX}：{m_title}",
                title_en=f"{DEMO_PREFIX_EN}: {m_title_en}",
                benefit_ratio=Decimal(rng.choice([10, 20, 30])),
                benefit_cap=Decimal(rng.choice([50, 100, 200, 500])),
                benefit="按核定金额的一定比例给予补助（示例）。",
                benefit_en="A share of the approved amount, up to the cap (sample).",
                how_to_apply="通过示例平台在线申报，提交营业执照和相关证明材料。",
                how_to_apply_en="Apply online through the sample platform with the business licence and evidence.",
                deadline=(today + datetime.timedelta(days=rng.randint(30, 300))) if rng.random() < 0.5 else None,
                department="示例经济发展局",
                department_en="Sample Economic Development Bureau",
                contact="0571-0000 0000（示例）",
                no_application=rng.random() < 0.2,
                order=order,
            )
            created["measures"] += 1
            rules = [Condition(measure=measure, kind=Condition.Kind.IN_ZONE, order=0)]
            rules.append(Condition(measure=measure, kind=kind, minimum=low, maximum=high, order=1))
            if rng.random() < 0.4:
                rules.append(
                    Condition(
                        measure=measure, kind=Condition.Kind.RECOGNITION, recognition=rng.choice(RECOGNITIONS), order=2
                    )
                )
            for rule in rules:
                rule.full_clean(exclude=["measure"])
                rule.save()
            created["conditions"] += len(rules)
            if chosen and rng.random() < 0.5:
                rule = Condition.objects.create(measure=measure, kind=Condition.Kind.INDUSTRY, order=3)
                rule.industries.add(*chosen)
                created["conditions"] += 1
    return created


@transaction.atomic
def demo_policies_remove() -> int:
    """Deletes every sample policy (their measures, conditions and attachments go with them)."""
    _total, by_model = Policy.objects.filter(is_demo=True).delete()
    return by_model.get(Policy._meta.label, 0)
