"""The rule engine: each condition kind met / short / unknown, the grouping, and errors kept to one measure."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies.eligibility import Group, Presence, Profile, Verdict, evaluate, evaluate_condition, grouped, rule_text
from policies.models import Condition, Measure, Recognition
from tests.factories import IndustryFactory
from tests.policies.factories import ConditionFactory, MeasureFactory

DAY = datetime.date(2026, 6, 15)
Kind = Condition.Kind

NUMERIC_CASES = [
    # kind, minimum, maximum, profile that meets, profile that falls short, expected gap words
    (
        Kind.INVESTMENT,
        "2",
        None,
        Profile(investment=Decimal("2")),
        Profile(investment=Decimal("1.5")),
        "short by RMB 50 million",
    ),
    (Kind.EMPLOYEES, "50", None, Profile(employees=50), Profile(employees=20), "short by 30"),
    (
        Kind.REVENUE,
        "2000",
        None,
        Profile(revenue=Decimal("2500")),
        Profile(revenue=Decimal("1999")),
        "short by RMB 10,000",
    ),
    (
        Kind.RD_SHARE,
        "3",
        None,
        Profile(rd_share=Decimal("3")),
        Profile(rd_share=Decimal("2.25")),
        "short by 0.75 percentage points",
    ),
    # years since founding ≤ 3: founded 2023 is 3 years on DAY (2026), 2020 is 6
    (Kind.YEARS_FOUNDED, None, "3", Profile(founded_year=2023), Profile(founded_year=2020), "over by 3 years"),
    (Kind.YEARS_FOUNDED, "5", None, Profile(founded_year=2021), Profile(founded_year=2024), "short by 3 years"),
]


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    translation.activate("en")


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "low", "high", "meets", "short", "gap"), NUMERIC_CASES)
def test_numeric_condition_met_short_unknown(kind, low, high, meets, short, gap):
    condition = ConditionFactory(kind=kind, minimum=low, maximum=high)
    assert evaluate_condition(condition, meets, DAY).verdict == Verdict.MET
    result = evaluate_condition(condition, short, DAY)
    assert result.verdict == Verdict.NOT_MET
    assert result.gap == gap
    assert evaluate_condition(condition, Profile(), DAY).verdict == Verdict.UNKNOWN


@pytest.mark.django_db
def test_range_condition_refuses_both_sides():
    condition = ConditionFactory(kind=Kind.EMPLOYEES, minimum=10, maximum=100)
    assert evaluate_condition(condition, Profile(employees=9), DAY).gap == "short by 1"
    assert evaluate_condition(condition, Profile(employees=101), DAY).gap == "over by 1"
    assert evaluate_condition(condition, Profile(employees=100), DAY).verdict == Verdict.MET
    assert rule_text(condition) == "Employees: from 10 to 100"


@pytest.mark.django_db
def test_industry_condition():
    chips, bio = IndustryFactory(), IndustryFactory()
    condition = ConditionFactory(kind=Kind.INDUSTRY)
    condition.industries.add(chips)
    assert evaluate_condition(condition, Profile(industry_id=chips.pk), DAY).verdict == Verdict.MET
    assert evaluate_condition(condition, Profile(industry_id=bio.pk), DAY).verdict == Verdict.NOT_MET
    assert evaluate_condition(condition, Profile(), DAY).verdict == Verdict.UNKNOWN


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "field"), [(Kind.IN_ZONE, "in_zone"), (Kind.HQ_RELOCATION, "hq_relocation")])
def test_yes_no_conditions(kind, field):
    condition = ConditionFactory(kind=kind)
    assert evaluate_condition(condition, Profile(**{field: True}), DAY).verdict == Verdict.MET
    assert evaluate_condition(condition, Profile(**{field: False}), DAY).verdict == Verdict.NOT_MET
    assert evaluate_condition(condition, Profile(), DAY).verdict == Verdict.UNKNOWN


@pytest.mark.django_db
def test_location_condition_is_met_on_arrival_for_an_investor_planning_to_come():
    condition = ConditionFactory(kind=Kind.IN_ZONE)
    assert evaluate_condition(condition, Profile(in_zone=Presence.HERE), DAY).verdict == Verdict.MET
    assert evaluate_condition(condition, Profile(in_zone=Presence.PLANNING), DAY).verdict == Verdict.ON_ARRIVAL
    assert evaluate_condition(condition, Profile(in_zone=Presence.NEITHER), DAY).verdict == Verdict.NOT_MET
    assert evaluate_condition(condition, Profile(), DAY).verdict == Verdict.UNKNOWN


@pytest.mark.django_db
def test_planning_investor_groups_and_reasons():
    zone_only = _measure((Kind.IN_ZONE, {}))
    staff = _measure((Kind.IN_ZONE, {}), (Kind.EMPLOYEES, {"minimum": 50}))
    revenue = _measure((Kind.IN_ZONE, {}), (Kind.REVENUE, {"minimum": 2000}))
    invest = _measure((Kind.IN_ZONE, {}), (Kind.INVESTMENT, {"minimum": 5}))
    profile = Profile(in_zone=Presence.PLANNING, employees=80, investment=Decimal("2.5"))
    by_pk = {r.measure.pk: r for r in evaluate(_loaded(zone_only, staff, revenue, invest), profile, DAY)}
    assert by_pk[zone_only.pk].group == Group.LIKELY
    assert by_pk[zone_only.pk].reason == "The location condition is met once you register in the zone."
    assert by_pk[staff.pk].group == Group.LIKELY
    assert by_pk[staff.pk].reason == (
        "Every other condition is met; the location condition is met once you register in the zone."
    )
    assert by_pk[revenue.pk].group == Group.CHECK
    assert by_pk[revenue.pk].reason.endswith("not answered yet: Annual revenue.")
    assert by_pk[invest.pk].group == Group.NOT_ELIGIBLE
    assert by_pk[invest.pk].reason == (
        "Not met: Planned or fixed-asset investment: at least RMB 500 million (short by RMB 250 million)."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "low", "english", "chinese"),
    [
        (Kind.INVESTMENT, "1", "Planned or fixed-asset investment: at least RMB 100 million", "不低于 1 亿元"),
        (Kind.INVESTMENT, "15", "Planned or fixed-asset investment: at least RMB 1.5 billion", "不低于 15 亿元"),
        (Kind.REVENUE, "2000", "Annual revenue: at least RMB 20 million", "年营业收入：不低于 2000 万元"),
        (Kind.REVENUE, "200000", "Annual revenue: at least RMB 2 billion", "不低于 200000 万元"),
        (Kind.RD_SHARE, "3", "R&D spending as a share of revenue: at least 3%", "研发投入占营业收入比例：不低于 3%"),
    ],
)
def test_amounts_read_in_the_readers_units(kind, low, english, chinese):
    from django.utils import translation

    condition = ConditionFactory(kind=kind, minimum=low)
    assert rule_text(condition) == english
    assert "yuan" not in rule_text(condition)
    with translation.override("zh-hans"):
        assert chinese in rule_text(condition)


@pytest.mark.django_db
def test_recognition_condition():
    condition = ConditionFactory(kind=Kind.RECOGNITION, recognition=Recognition.HIGH_TECH)
    held = Profile(recognitions=frozenset({Recognition.HIGH_TECH, Recognition.LISTED}))
    assert evaluate_condition(condition, held, DAY).verdict == Verdict.MET
    assert evaluate_condition(condition, Profile(recognitions=frozenset()), DAY).verdict == Verdict.NOT_MET
    assert evaluate_condition(condition, Profile(), DAY).verdict == Verdict.UNKNOWN  # question skipped


def _measure(*rules):
    measure = MeasureFactory()
    for kind, options in rules:
        ConditionFactory(measure=measure, kind=kind, **options)
    return measure


def _loaded(*measures):
    return list(Measure.objects.filter(pk__in=[m.pk for m in measures]).prefetch_related("conditions__industries"))


@pytest.mark.django_db
def test_grouping_likely_check_not_eligible():
    likely = _measure((Kind.IN_ZONE, {}), (Kind.EMPLOYEES, {"minimum": 10}))
    check = _measure((Kind.IN_ZONE, {}), (Kind.REVENUE, {"minimum": 100}))
    not_eligible = _measure((Kind.EMPLOYEES, {"minimum": 500}), (Kind.REVENUE, {"minimum": 100}))
    no_rules = _measure()
    groups = grouped(evaluate(_loaded(likely, check, not_eligible, no_rules), Profile(in_zone=True, employees=20), DAY))
    assert [r.measure.pk for r in groups[Group.LIKELY]] == [likely.pk, no_rules.pk]
    assert [r.measure.pk for r in groups[Group.CHECK]] == [check.pk]
    assert [r.measure.pk for r in groups[Group.NOT_ELIGIBLE]] == [not_eligible.pk]


@pytest.mark.django_db
def test_broken_rule_hides_no_other_measure(caplog):
    broken = _measure((Kind.INDUSTRY, {}))  # an industry rule naming no industry: cannot be evaluated
    fine = _measure((Kind.IN_ZONE, {}))
    results = evaluate(_loaded(broken, fine), Profile(in_zone=True), DAY)
    by_pk = {r.measure.pk: r for r in results}
    assert by_pk[broken.pk].error and by_pk[broken.pk].group == Group.CHECK
    assert by_pk[fine.pk].group == Group.LIKELY and not by_pk[fine.pk].error
    assert "could not be evaluated" in caplog.text


decimals = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
profiles = st.builds(
    Profile,
    industry_id=st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
    in_zone=st.one_of(st.none(), st.sampled_from(list(Presence))),
    founded_year=st.one_of(st.none(), st.integers(min_value=1800, max_value=DAY.year)),
    investment=decimals,
    employees=st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
    revenue=decimals,
    rd_share=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
    recognitions=st.one_of(st.none(), st.frozensets(st.sampled_from(Recognition.values))),
    hq_relocation=st.one_of(st.none(), st.booleans()),
)


@pytest.mark.django_db
def test_random_profiles_never_raise():
    industry = IndustryFactory()
    measures = [
        _measure((Kind.IN_ZONE, {}), (Kind.YEARS_FOUNDED, {"maximum": 3})),
        _measure((Kind.INVESTMENT, {"minimum": "0.5", "maximum": "100"}), (Kind.RD_SHARE, {"minimum": 3})),
        _measure((Kind.RECOGNITION, {"recognition": Recognition.SPECIALISED}), (Kind.HQ_RELOCATION, {})),
        _measure((Kind.EMPLOYEES, {"minimum": 50}), (Kind.REVENUE, {"maximum": 5000})),
    ]
    ConditionFactory(measure=measures[0], kind=Kind.INDUSTRY).industries.add(industry)
    loaded = _loaded(*measures)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(profiles)
    def check(profile):
        results = evaluate(loaded, profile, DAY)
        assert len(results) == len(loaded)
        for result in results:
            assert not result.error
            assert result.group in Group
            verdicts = {c.verdict for c in result.conditions}
            if Verdict.NOT_MET in verdicts:
                assert result.group == Group.NOT_ELIGIBLE
            elif verdicts <= {Verdict.MET, Verdict.ON_ARRIVAL}:
                assert result.group == Group.LIKELY
            for condition in result.conditions:
                assert rule_text(condition.condition)
            assert result.reason

    check()
