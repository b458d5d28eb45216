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
