"""The match function is pure: plain records in, judged criteria out (spaces/matching.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from inquiries.matching import need_of
from spaces.matching import MET, MISMATCH, SHORT, UNKNOWN, Need, SpaceFacts, has_needs, match, rank

D = Decimal


@pytest.fixture(autouse=True)
def _english():
    """The reasons are translated; these tests read the English ones (the Chinese are in the catalogue)."""
    with translation.override("en"):
        yield


def facts(code="ZT-2026-001", **fields):
    defaults = {"kind": "factory", "status": "available", "zone_id": 1, "area_m2": D("5000")}
    return SpaceFacts(code=code, **{**defaults, **fields})


def outcome(result, name):
    return next(c for c in result.criteria if c.name == name)


def test_power_short_by_how_much():
    result = match(Need(power_kva=D("2000")), facts(power_kva=D("1250")))
    power = outcome(result, "power")
    assert power.outcome == SHORT
    assert "1,250 kVA < 2,000 kVA" in power.reason and "750" in power.reason
    assert power.shortfall == pytest.approx(0.375)


def test_power_met():
    power = outcome(match(Need(power_kva=D("2000")), facts(power_kva=D("2500"))), "power")
    assert power.outcome == MET and "2,500 kVA ≥ 2,000 kVA" in power.reason


def test_undisclosed_figure_is_unknown_never_guessed():
    result = match(Need(power_kva=D("2000"), clear_height_m=D("8")), facts())
    assert outcome(result, "power").outcome == UNKNOWN
    assert outcome(result, "height").outcome == UNKNOWN
    assert outcome(match(Need(min_area_m2=D("100")), facts(area_m2=None)), "area").outcome == UNKNOWN


@pytest.mark.parametrize(
    "area,expected",
    [(D("3000"), SHORT), (D("5000"), MET), (D("8000"), MET), (D("12000"), SHORT)],
)
def test_area_range(area, expected):
    need = Need(min_area_m2=D("5000"), max_area_m2=D("8000"))
    assert outcome(match(need, facts(area_m2=area)), "area").outcome == expected


def test_area_over_the_maximum_says_by_how_much():
    reason = outcome(match(Need(max_area_m2=D("8000")), facts(area_m2=D("12000"))), "area").reason
    assert "over by 4,000 m²" in reason


def test_categories_mismatch():
    need = Need(kind="office", zone_id=2, tenure="sale", industry_id=7)
    result = match(need, facts(tenures=frozenset({"lease"}), industry_ids=frozenset({8})))
    assert [c.outcome for c in result.criteria] == [MISMATCH] * 4
    assert result.fails == 4


def test_space_open_to_every_industry_meets_any():
    assert outcome(match(Need(industry_id=7), facts()), "industry").outcome == MET


def test_terms_not_given_are_unknown():
    assert outcome(match(Need(tenure="lease"), facts()), "tenure").outcome == UNKNOWN


def test_wanted_by_date():
    need = Need(by=datetime.date(2027, 1, 1))
    assert outcome(match(need, facts()), "by").outcome == MET  # available now
    assert outcome(match(need, facts(status="talks")), "by").outcome == UNKNOWN
    late = outcome(match(need, facts(available_from=datetime.date(2027, 3, 2))), "by")
    assert late.outcome == SHORT and "60 days" in late.reason


def test_criteria_the_investor_left_empty_are_not_judged():
    assert match(Need(), facts()).criteria == []
    assert not has_needs(Need())
    assert has_needs(Need(power_kva=D("1")))


def test_ranking_fewest_shortfalls_then_most_met_then_fewest_unknowns():
    need = Need(kind="factory", power_kva=D("2000"), clear_height_m=D("8"))
    full = facts("A", power_kva=D("2500"), clear_height_m=D("9"))
    one_unknown = facts("B", power_kva=D("2500"))
    slightly_short = facts("C", power_kva=D("1900"), clear_height_m=D("9"))
    far_short = facts("D", power_kva=D("500"), clear_height_m=D("9"))
    wrong_kind = facts("E", kind="office", power_kva=D("2500"), clear_height_m=D("9"))
    ranked = rank(need, [far_short, wrong_kind, one_unknown, slightly_short, full])
    assert [m.space.code for m in ranked] == ["A", "B", "C", "D", "E"]
    assert ranked[0].is_full_match and not ranked[1].is_full_match


def test_ranking_is_stable_by_code_on_ties():
    ranked = rank(Need(kind="factory"), [facts("Z"), facts("M"), facts("A")])
    assert [m.space.code for m in ranked] == ["A", "M", "Z"]


def test_rank_carries_the_callers_objects():
    class Row:
        def __init__(self, code):
            self.code = code

    rows = [Row("B"), Row("A")]
    ranked = rank(Need(kind="factory"), rows, facts=lambda r: facts(r.code))
    assert [m.space for m in ranked] == [rows[1], rows[0]]


def test_need_of_falls_back_to_the_land_asked_for():
    class Inquiry:
        need_kind = ""
        zone_id = None
        need_min_area_m2 = need_max_area_m2 = None
        need_power_kva = need_clear_height_m = need_floor_load_kn = None
        need_tenure = ""
        need_by = None
        industry_id = None
        floor_area_m2 = None
        land_mu = D("30")
        investment_amount = expected_annual_tax = expected_annual_value_added = None

    assert need_of(Inquiry()).min_area_m2 == D("20000.10")


# --- The entry bar (亩均论英雄): projections per mu of the space's land against its thresholds ----------


def parcel(code="ZT-2026-010", **fields):
    """A 20-mu parcel asking 300 万元/亩 investment, 30 万元/亩 tax and 150 万元/亩 value added a year."""
    bar = {
        "kind": "land",
        "area_mu": D("20"),
        "min_investment_intensity": D("300"),
        "min_tax_per_mu": D("30"),
        "min_value_added_per_mu": D("150"),
    }
    return facts(code, **{**bar, **fields})


def test_entry_bar_met_says_the_figure_per_mu_and_how_it_was_worked_out():
    need = Need(investment_wan=D("8000"), annual_tax_wan=D("700"), annual_value_added_wan=D("3000"))
    result = match(need, parcel())
    intensity, tax, value_added = (outcome(result, name) for name in ("intensity", "tax", "value_added"))
    assert [intensity.outcome, tax.outcome, value_added.outcome] == [MET, MET, MET]
    # 8,000 万元 over 20 mu = 400 万元 per mu against 300 required.
    assert "400 × 10,000 yuan per mu projected (8,000 × 10,000 yuan over 20 mu)" in intensity.reason
    assert "≥ 300 × 10,000 yuan per mu required" in intensity.reason
    assert "35 × 10,000 yuan per mu a year projected" in tax.reason  # 700 / 20
    assert "150 × 10,000 yuan per mu a year projected" in value_added.reason  # exactly the bar meets it
    assert result.is_full_match


def test_entry_bar_short_says_by_how_much_per_mu():
    need = Need(investment_wan=D("5000"), annual_tax_wan=D("500"), annual_value_added_wan=D("2000"))
    result = match(need, parcel())
    intensity, tax, value_added = (outcome(result, name) for name in ("intensity", "tax", "value_added"))
    assert [intensity.outcome, tax.outcome, value_added.outcome] == [SHORT, SHORT, SHORT]
    # 5,000 / 20 = 250 against 300: short by 50, a sixth.
    assert "250 × 10,000 yuan per mu projected" in intensity.reason
    assert "< 300 × 10,000 yuan per mu required (short by 50 × 10,000 yuan per mu)" in intensity.reason
    assert intensity.shortfall == pytest.approx(1 / 6)
    assert "(short by 5 × 10,000 yuan per mu a year)" in tax.reason  # 25 against 30
    assert "(short by 50 × 10,000 yuan per mu a year)" in value_added.reason  # 100 against 150
    assert result.fails == 3


def test_entry_bar_figure_per_mu_is_rounded_to_the_cent_before_it_is_compared():
    # 1,000 万元 over 3 mu = 333.33… against a bar of 333.33: met, never "short by 0".
    intensity = outcome(
        match(Need(investment_wan=D("1000")), parcel(area_mu=D("3"), min_investment_intensity=D("333.33"))),
        "intensity",
    )
    assert intensity.outcome == MET and "333.33 × 10,000 yuan per mu projected" in intensity.reason


def test_entry_bar_is_unknown_without_a_land_area_in_mu():
    building = facts(min_investment_intensity=D("300"), min_tax_per_mu=D("30"))  # a factory in m² only
    result = match(Need(investment_wan=D("8000"), annual_tax_wan=D("700")), building)
    for name in ("intensity", "tax"):
        criterion = outcome(result, name)
        assert criterion.outcome == UNKNOWN
        assert "no land area in mu" in criterion.reason
    assert "(threshold 300 × 10,000 yuan per mu)" in outcome(result, "intensity").reason
    # A land area of 0 gives no figure per mu either (and no division by zero).
    assert outcome(match(Need(investment_wan=D("1")), parcel(area_mu=D("0"))), "intensity").outcome == UNKNOWN


def test_entry_bar_is_unknown_where_the_space_sets_no_threshold():
    result = match(Need(annual_value_added_wan=D("3000")), parcel(min_value_added_per_mu=None))
    value_added = outcome(result, "value_added")
    assert value_added.outcome == UNKNOWN and "sets no threshold" in value_added.reason


def test_entry_bar_is_not_judged_when_the_investor_gave_no_projection():
    assert match(Need(), parcel()).criteria == []
    result = match(Need(annual_tax_wan=D("700")), parcel())
    assert [c.name for c in result.criteria] == ["tax"]  # investment and value added were not given
    assert has_needs(Need(annual_tax_wan=D("0")))  # a projection of 0 is one, and falls short
    assert outcome(match(Need(annual_tax_wan=D("0")), parcel()), "tax").outcome == SHORT


def test_ranking_puts_a_space_whose_bar_the_investor_reaches_first():
    need = Need(investment_wan=D("6000"), annual_tax_wan=D("500"))
    reached = parcel("B", area_mu=D("15"))  # 400 and 33.33 per mu
    short = parcel("A", area_mu=D("25"))  # 240 and 20 per mu
    no_bar = parcel("C", min_investment_intensity=None, min_tax_per_mu=None)
    assert [m.space.code for m in rank(need, [short, no_bar, reached])] == ["B", "C", "A"]


def test_the_reasons_read_in_chinese():
    with translation.override("zh-hans"):
        tax = outcome(match(Need(annual_tax_wan=D("500")), parcel()), "tax")
    assert tax.reason == "亩均税收：预计 25 万元/亩·年（500 万元/年 ÷ 20 亩）< 门槛 30 万元/亩·年（差 5 万元/亩·年）"


def test_need_of_holds_the_investment_in_wan_converted_once_from_yi():
    class Inquiry:
        need_kind = need_tenure = ""
        zone_id = industry_id = need_by = None
        need_min_area_m2 = need_max_area_m2 = None
        need_power_kva = need_clear_height_m = need_floor_load_kn = None
        floor_area_m2 = land_mu = None
        investment_amount = D("2.5")  # 亿元
        expected_annual_tax = D("800")  # 万元
        expected_annual_value_added = D("5000")  # 万元

    need = need_of(Inquiry())
    assert need.investment_wan == D("25000")  # 2.5 亿元 = 25,000 万元
    assert need.annual_tax_wan == D("800") and need.annual_value_added_wan == D("5000")
    # Over 50 mu: 500 万元 per mu of investment, 16 of tax, 100 of value added.
    result = match(need, parcel(area_mu=D("50")))
    assert "500 × 10,000 yuan per mu projected" in outcome(result, "intensity").reason
    assert [c.outcome for c in result.criteria] == [MET, SHORT, SHORT]


def test_space_requests_give_no_projections_so_the_bar_is_not_judged():
    from service.matching import need_of_request

    class Request:
        need_kind = need_tenure = ""
        zone_id = need_by = None
        need_min_area_m2 = need_max_area_m2 = None
        need_power_kva = D("500")
        need_clear_height_m = need_floor_load_kn = None
        enterprise_id = None

    need = need_of_request(Request())
    assert need.investment_wan is need.annual_tax_wan is need.annual_value_added_wan is None
    assert [c.name for c in match(need, parcel(power_kva=D("800"))).criteria] == ["power"]
