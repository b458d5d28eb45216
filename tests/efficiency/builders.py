"""Rules and firms for the efficiency tests: the engine's plain values, and the saved rows behind them."""

from decimal import Decimal

from core.validators import credit_code_check_char
from efficiency import engine
from efficiency.models import ClassCutoff, Exemption, FirmYear, Indicator, Measure, RuleGroup, RuleSet

D = Decimal
LARGE = "industry-above"
D1 = Decimal(1)
# 规上工业, the six indicators and weights of issue 29 (30/20/20/10/10/10).
SIX = (
    (Measure.TAX_PER_MU, 30),
    (Measure.VALUE_ADDED_PER_MU, 20),
    (Measure.VALUE_ADDED_PER_ENERGY, 20),
    (Measure.VALUE_ADDED_PER_EMISSION, 10),
    (Measure.LABOUR_PRODUCTIVITY, 10),
    (Measure.RD_RATIO, 10),
)
# A the top 20 %, B 20–70 %, C 70–95 %, D the bottom 5 %, by rank share.
RANK_BANDS = (("A", 0, 20), ("B", 20, 70), ("C", 70, 95), ("D", 95, None))


def code(number: int) -> str:
    """A valid unified social credit code; codes sort by number."""
    first17 = f"91330113TQ{number:07d}"
    return first17 + credit_code_check_char(first17)


def bands(spec=RANK_BANDS) -> tuple[engine.Band, ...]:
    return tuple(engine.Band(c, D(lower), None if upper is None else D(upper)) for c, lower, upper in spec)


def group(
    code_=LARGE,
    indicators=SIX,
    *,
    benchmark=Indicator.Benchmark.MEAN,
    value=D1,
    cap=None,
    basis=RuleGroup.CutoffBasis.RANK,
    spec=RANK_BANDS,
) -> engine.GroupRule:
    """A group whose indicators share a benchmark kind, multiple (or fixed value) and cap."""
    return engine.GroupRule(
        code=code_,
        name=code_,
        basis=basis,
        indicators=tuple(
            engine.IndicatorRule(measure=m, weight=D(w), benchmark=benchmark, benchmark_value=value, cap=cap)
            for m, w in indicators
        ),
        bands=bands(spec),
    )


def rules(*groups, year=2024, exemptions=(), parcel_rule=RuleSet.ParcelRule.COMBINE) -> engine.Rules:
    return engine.Rules(
        year=year,
        groups=groups or (group(),),
        exemptions=tuple(engine.ExemptionRule(kind, years) for kind, years in exemptions),
        parcel_rule=parcel_rule,
    )


def tax_firm(number: int, tax, *, land=10, group_code=LARGE, **kwargs) -> engine.Firm:
    """A firm judged on 亩均税收 alone (the other figures given too, so any group can score it)."""
    return engine.Firm(
        credit_code=code(number),
        name=f"firm {number}",
        group_code=group_code,
        land_mu=None if land is None else D(land),
        tax=None if tax is None else D(tax),
        **kwargs,
    )


TAX_ONLY = ((Measure.TAX_PER_MU, 100),)


# --- Saved rows ---------------------------------------------------------------------------------


def make_rule_set(*, year=2024, groups=((LARGE, SIX),), cap=None, exemptions=(), is_demo=False, **kwargs) -> RuleSet:
    rule_set = RuleSet.objects.create(name=f"rules {year}", year=year, is_demo=is_demo, **kwargs)
    for order, (group_code, indicators) in enumerate(groups):
        row = RuleGroup.objects.create(rule_set=rule_set, code=group_code, name=group_code, order=order)
        for position, (measure, weight) in enumerate(indicators):
            Indicator.objects.create(group=row, measure=measure, weight=D(weight), cap=cap, order=position)
        for firm_class, lower, upper in RANK_BANDS:
            ClassCutoff.objects.create(
                group=row, firm_class=firm_class, lower=D(lower), upper=None if upper is None else D(upper)
            )
    for kind, years in exemptions:
        Exemption.objects.create(rule_set=rule_set, kind=kind, years=years)
    return rule_set


def make_firm_year(number: int, *, year=2024, tax=100, land=10, group_code=LARGE, **kwargs) -> FirmYear:
    return FirmYear.objects.create(
        year=year,
        credit_code=code(number),
        name=f"firm {number}",
        group_code=group_code,
        land_own_mu=None if land is None else D(land),
        tax=None if tax is None else D(tax),
        **kwargs,
    )
