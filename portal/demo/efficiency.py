"""Sample 亩均 evaluation (`generate_demo_data --efficiency N`), so `make run` shows the pages and the engine.

The article gives no firm-level figures, so the seed adds none. These rows are samples, flagged
``is_demo=True`` and named 示例: a sample rule set per year (名称 “示例：钱开区工业企业亩均效益综合评价办法
（示例）”, 文号 示例〔year〕1号) with the county-style weights of issue 29 — 规上工业: 亩均税收 30,
亩均增加值 20, 单位能耗增加值 20, 单位排放增加值 10, 全员劳动生产率 10, R&D 经费占营业收入比重 10;
规下工业: 亩均税收 50, 单位电耗税收 50; 规上服务业: 亩均税收 50, 亩均营业收入 50 — benchmarks at the
group's mean, each term capped at 3 times its weight, classes by rank (A the top 20 %, B 20–70 %,
C 70–95 %, D the bottom 5 %), exemptions for firms founded within 2 years, land supplied within
3 years and land under construction; and N sample firms with figures for the last two years.

The engine runs through efficiency.services, the same path as the zone's own runs: the earlier
year's set is made final, the later year's is put on public notice with its class list shown, so
the public pages have both kinds to show. Sample rules only ever evaluate sample firm-years.
A few sample firms are matched to sample enterprises (never to a real one) by giving that
enterprise the firm's sample credit code. `demo_efficiency_remove` deletes exactly these rows.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.cache import content_changed
from core.validators import credit_code_check_char
from efficiency.models import (
    ClassCutoff,
    Exemption,
    FirmYear,
    Indicator,
    Measure,
    Objection,
    Result,
    ResultSet,
    RuleGroup,
    RuleSet,
)
from efficiency.services import resultset_finalise, resultset_run, resultset_start_notice
from enterprises.models import Enterprise
from portal.demo.projects import BRANDS, COMPANY_KINDS, FIELDS

DEMO_PREFIX = "示例"
RULE_SET_NAME = "示例：钱开区工业企业亩均效益综合评价办法（示例）"
RULE_SET_NAME_EN = "Sample: Qianjiang EDZ rules for the per-mu efficiency evaluation of firms (sample)"
# 91 (an enterprise) 330113 (临平区) and an organisation code no real firm has: XQ + a serial number.
CREDIT_CODE_PREFIX = "91330113XQ"
CAP = Decimal("3")

GROUPS = [
    (
        "industry-above",
        "规上工业",
        "Industrial firms above designated size",
        [
            (Measure.TAX_PER_MU, 30),
            (Measure.VALUE_ADDED_PER_MU, 20),
            (Measure.VALUE_ADDED_PER_ENERGY, 20),
            (Measure.VALUE_ADDED_PER_EMISSION, 10),
            (Measure.LABOUR_PRODUCTIVITY, 10),
            (Measure.RD_RATIO, 10),
        ],
    ),
    (
        "industry-below",
        "规下工业",
        "Industrial firms below designated size",
        [(Measure.TAX_PER_MU, 50), (Measure.TAX_PER_KWH, 50)],
    ),
    (
        "services-above",
        "规上服务业",
        "Service firms above designated size",
        [(Measure.TAX_PER_MU, 50), (Measure.REVENUE_PER_MU, 50)],
    ),
]
BANDS = [("A", 0, 20), ("B", 20, 70), ("C", 70, 95), ("D", 95, None)]
EXEMPTIONS = [
    (Exemption.Kind.FOUNDED_WITHIN, 2),
    (Exemption.Kind.LAND_SUPPLIED_WITHIN, 3),
    (Exemption.Kind.UNDER_CONSTRUCTION, None),
]


class DemoEfficiencyError(Exception):
    pass


def sample_credit_code(number: int) -> str:
    first17 = f"{CREDIT_CODE_PREFIX}{number:07d}"
    return first17 + credit_code_check_char(first17)


def demo_efficiency_count() -> int:
    return RuleSet.objects.filter(is_demo=True).count()


def sample_rule_set(year: int) -> RuleSet:
    """The sample rule set for `year`, made with its groups, indicators, cut-offs and exemptions if missing."""
    existing = RuleSet.objects.filter(is_demo=True, year=year).first()
    if existing is not None:
        return existing
    rule_set = RuleSet(
        name=RULE_SET_NAME,
        name_en=RULE_SET_NAME_EN,
        number=f"示例〔{year + 1}〕1号",
        year=year,
        total_weight=Decimal(100),
        parcel_rule=RuleSet.ParcelRule.COMBINE,
        notes="示例规则，用于演示评价流程，并非本区实际执行的办法。权重参照县级亩均效益综合评价办法的常见设置。",
        is_demo=True,
    )
    rule_set.full_clean()
    rule_set.save()
    for order, (code, name, name_en, indicators) in enumerate(GROUPS):
        group = RuleGroup(
            rule_set=rule_set, code=code, name=name, name_en=name_en, cutoff_basis=RuleGroup.CutoffBasis.RANK
        )
        group.order = order
        group.full_clean()
        group.save()
        for position, (measure, weight) in enumerate(indicators):
            indicator = Indicator(
                group=group,
                measure=measure,
                weight=Decimal(weight),
                benchmark=Indicator.Benchmark.MEAN,
                benchmark_value=Decimal(1),
                cap=CAP,
                order=position,
            )
            indicator.full_clean()
            indicator.save()
        for firm_class, lower, upper in BANDS:
            cutoff = ClassCutoff(
                group=group,
                firm_class=firm_class,
                lower=Decimal(lower),
                upper=None if upper is None else Decimal(upper),
            )
            cutoff.full_clean()
            cutoff.save()
    for kind, years in EXEMPTIONS:
        exemption = Exemption(rule_set=rule_set, kind=kind, years=years)
        exemption.full_clean()
        exemption.save()
    return rule_set


def _d(value: float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def _figures(rng: random.Random, group: str) -> dict:
    """One plausible year of figures for a firm of `group` (money in 万元)."""
    if group == "industry-above":
        land = rng.uniform(15, 200)
        value_added = land * rng.lognormvariate(4.9, 0.5)  # about 135 万元 per 亩, skewed
        revenue = value_added * rng.uniform(3, 6)
        return {
            "land_own_mu": _d(land, 4),
            "tax": _d(land * rng.lognormvariate(3.0, 0.6), 2),  # about 20 万元 per 亩
            "value_added": _d(value_added, 2),
            "revenue": _d(revenue, 2),
            "energy_tce": _d(value_added / rng.uniform(1, 5), 3),
            "emission_t": _d(value_added / rng.uniform(800, 8000), 4),
            "electricity_kwh": _d(value_added * rng.uniform(300, 1500), 0),
            "headcount": max(20, int(value_added / rng.uniform(10, 40))),
            "rd_spending": _d(revenue * rng.uniform(0.005, 0.05), 2),
        }
    if group == "industry-below":
        land = rng.uniform(3, 30)
        tax = land * rng.lognormvariate(2.0, 0.6)  # about 7 万元 per 亩
        return {
            "land_own_mu": _d(land, 4),
            "tax": _d(tax, 2),
            "revenue": _d(tax * rng.uniform(15, 40), 2),
            "electricity_kwh": _d(tax / rng.uniform(0.1, 0.5) * 10000, 0),
            "headcount": rng.randint(8, 60),
        }
    land = rng.uniform(5, 50)
    return {
        "land_own_mu": _d(land, 4),
        "tax": _d(land * rng.lognormvariate(3.4, 0.6), 2),
        "revenue": _d(land * rng.lognormvariate(6.0, 0.5), 2),
        "headcount": rng.randint(30, 400),
    }


def _grown(rng: random.Random, figures: dict) -> dict:
    """The same firm a year later: each figure up or down a little."""
    grown = {}
    for name, value in figures.items():
        if name.startswith("land_"):
            grown[name] = value
        elif name == "headcount":
            grown[name] = max(1, int(value * rng.uniform(0.9, 1.15)))
        else:
            places = -value.as_tuple().exponent
            grown[name] = _d(float(value) * rng.uniform(0.8, 1.25), places)
    return grown


def _bring_to(result_set: ResultSet, *, final: bool, today: datetime.date) -> None:
    """Put a freshly run sample set on notice, and (final) finalise it as of the day after its notice."""
    if final:
        starts = datetime.date(result_set.rule_set.year + 1, 6, 10)
        ends = starts + datetime.timedelta(days=6)
    else:
        starts, ends = today - datetime.timedelta(days=2), today + datetime.timedelta(days=5)
    if result_set.status == ResultSet.Status.DRAFT:
        result_set = resultset_start_notice(
            result_set=result_set, starts_on=starts, ends_on=ends, show_classes=True, user=None
        )
    if final and result_set.status == ResultSet.Status.NOTICE:
        resultset_finalise(
            result_set=result_set, user=None, today=max(today, result_set.notice_ends_on + datetime.timedelta(days=1))
        )


@transaction.atomic
def demo_efficiency_generate(*, count: int, seed: int = 2022, today: datetime.date | None = None) -> dict:
    """Adds `count` sample firms with figures for the last two years, the sample rule sets for those
    years, and runs them: the earlier year's set final, the later one's on public notice."""
    if count < 1:
        raise DemoEfficiencyError("--efficiency needs at least 1 firm.")
    today = today or timezone.localdate()
    data_year = today.year - 1  # the figures of last year are evaluated this year
    years = (data_year - 1, data_year)
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    start = FirmYear.objects.filter(is_demo=True).values("credit_code").distinct().count() + 1
    # A few sample enterprises without a credit code take a sample firm's code (never a real enterprise).
    enterprises = list(
        Enterprise.objects.filter(is_demo=True, credit_code="").order_by("pk")[: max(0, min(3, count // 10))]
    )
    firm_years, matched = [], 0
    previous_parcel = ""
    for number in range(start, start + count):
        code = sample_credit_code(number)
        slot = number % 20  # of every 20 firms, 12 large industrial, 5 small industrial, 3 large service firms
        group = "industry-above" if slot < 12 else "industry-below" if slot < 17 else "services-above"
        brand, _brand_en = rng.choice(BRANDS)
        field, _field_en = rng.choice(FIELDS)
        kind, _kind_en = rng.choice(COMPANY_KINDS)
        name = f"{DEMO_PREFIX}{brand}{field}{kind}有限公司（{number}）"
        enterprise = None
        if enterprises and rng.random() < 0.5:
            enterprise = enterprises.pop()
            enterprise.credit_code = code
            enterprise.save(update_fields=["credit_code"])
            name, matched = enterprise.name, matched + 1
        figures = _figures(rng, group)
        # About one firm in eight is a tenant on the parcel of the firm before it, on leased land.
        tenant = bool(previous_parcel) and rng.random() < 0.125
        parcel = previous_parcel if tenant else f"示例地块-{number:04d}"
        if tenant:
            figures["land_leased_mu"] = (figures.pop("land_own_mu") / 4).quantize(Decimal("0.0001"))
        previous_parcel = parcel
        founded = rng.randint(1995, data_year - 4)
        land_supplied = rng.randint(founded, data_year - 3)
        special = rng.random()
        if special < 0.05:
            founded = land_supplied = data_year  # new: exempt in the later year
        elif special < 0.09:
            land_supplied = data_year - 1  # land newly supplied: exempt in both years
        under_construction = 0.09 <= special < 0.12
        for year in years:
            if year != years[0]:
                figures = _grown(rng, figures)
            if founded > year:
                continue  # not yet founded
            firm_years.append(
                FirmYear(
                    year=year,
                    credit_code=code,
                    name=name,
                    enterprise=enterprise,
                    group_code=group,
                    parcel=parcel,
                    founded_year=founded,
                    land_supplied_year=land_supplied,
                    under_construction=under_construction,
                    contact_name="示例联系人",
                    is_demo=True,
                    **figures,
                )
            )
    for firm_year in firm_years:
        firm_year.full_clean(exclude=["enterprise"], validate_unique=False, validate_constraints=False)
    FirmYear.objects.bulk_create(firm_years, batch_size=500)
    sets = {}
    for year in years:
        rule_set = sample_rule_set(year)
        result_set = resultset_run(rule_set=rule_set, user=None)
        _bring_to(result_set, final=year == years[0], today=today)
        sets[year] = result_set.pk
    if matched:
        content_changed()
    return {"firms": count, "firm_years": len(firm_years), "matched": matched, "result_sets": len(sets)}


@transaction.atomic
def demo_efficiency_remove() -> dict:
    """Deletes the sample rule sets, their result sets (with any objection filed on them), the sample
    firm-years, and the sample credit codes given to sample enterprises."""
    sets = ResultSet.objects.filter(rule_set__is_demo=True)
    objections = Objection.objects.filter(result_set__in=sets) | Objection.objects.filter(firm_year__is_demo=True)
    objections.delete()
    Result.objects.filter(result_set__in=sets).delete()
    Result.objects.filter(firm_year__is_demo=True).delete()
    result_sets = sets.count()
    sets.delete()
    rule_sets = RuleSet.objects.filter(is_demo=True)
    removed = {"rule_sets": rule_sets.count(), "result_sets": result_sets}
    rule_sets.delete()
    firm_years = FirmYear.objects.filter(is_demo=True)
    removed["firm_years"] = firm_years.count()
    firm_years.delete()
    cleared = Enterprise.objects.filter(is_demo=True, credit_code__startswith=CREDIT_CODE_PREFIX).update(credit_code="")
    if cleared:
        content_changed()
    return removed
