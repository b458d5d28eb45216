"""The officer's views of a result set: spread, histogram, movers between years, firms near a line."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from efficiency.analysis import Bucket, class_distribution, movers, near_cutoff, previous_final, score_histogram
from efficiency.models import Exemption, FirmYear, Measure
from efficiency.services import resultset_finalise, resultset_run, resultset_start_notice
from tests.efficiency.builders import code, make_firm_year, make_rule_set

pytestmark = pytest.mark.django_db
D = Decimal
TAX_ONLY = ((Measure.TAX_PER_MU, 100),)
GROUPS = (("industry-above", TAX_ONLY), ("industry-below", TAX_ONLY))


def _run(year, taxes, *, final=False, exempt=(), extra=()):
    """A result set for `year`: firm n pays taxes[n - 1] on 10 亩 (亩均税收 tax / 10) in the large group."""
    rule_set = make_rule_set(year=year, groups=GROUPS, exemptions=[(Exemption.Kind.UNDER_CONSTRUCTION, None)])
    for number, tax in enumerate(taxes, start=1):
        make_firm_year(number, year=year, tax=tax, under_construction=number in exempt)
    for number, group_code in extra:
        make_firm_year(number, year=year, tax=100, group_code=group_code)
    result_set = resultset_run(rule_set=rule_set, user=None)
    if final:
        start = datetime.date(year + 1, 6, 1)
        result_set = resultset_start_notice(
            result_set=result_set, starts_on=start, ends_on=start, show_classes=False, user=None
        )
        result_set = resultset_finalise(result_set=result_set, user=None, today=start + datetime.timedelta(days=1))
    return result_set


def test_class_distribution_per_group_in_the_rules_order():
    # Ten large firms: A 2, B 5, C 3 (no D with ten), one exempt; a small firm; one in no group.
    result_set = _run(2024, [100 * n for n in range(10, 0, -1)] + [50], exempt={11}, extra=[(20, "industry-below")])
    make_firm_year(21, tax=1, group_code="mystery")
    result_set = resultset_run(rule_set=result_set.rule_set, user=None)
    spread = class_distribution(result_set)
    assert [g.group_code for g in spread] == ["industry-above", "industry-below", "mystery"]
    assert spread[0].classes == {"A": 2, "B": 5, "C": 3, "D": 0} and spread[0].exempt == 1 and spread[0].scored == 10
    assert spread[1].classes == {"A": 1, "B": 0, "C": 0, "D": 0}
    assert (spread[2].name, spread[2].scored, spread[2].exempt) == ("mystery", 0, 1)


def test_score_histogram_buckets():
    # 亩均税收 10, 20, 30, 60 → mean 30 → scores 33.33, 66.67, 100, 200.
    result_set = _run(2024, [100, 200, 300, 600])
    histogram = score_histogram(result_set, width=D(50))
    assert histogram["industry-above"] == [
        Bucket(D(0), D(50), 1),
        Bucket(D(50), D(100), 1),
        Bucket(D(100), D(150), 1),
        Bucket(D(150), D(200), 0),
        Bucket(D(200), D(250), 1),
    ]


def test_movers_against_the_previous_years_final_set():
    # 2023: firm 1 leads (A), firms 2–10 follow. 2024: firm 10 leads, firm 1 drops to the bottom;
    # firm 11 is new, firm 9 has no figures for 2024.
    earlier = _run(2023, [100 * n for n in range(10, 0, -1)], final=True)
    taxes = [100 * n for n in range(10, 0, -1)]
    taxes[0], taxes[9] = 1, 5000
    taxes[8] = None
    later_rules = make_rule_set(year=2024, groups=GROUPS)
    for number, tax in enumerate(taxes, start=1):
        if tax is not None:
            make_firm_year(number, year=2024, tax=tax)
    make_firm_year(11, year=2024, tax=450)
    later = resultset_run(rule_set=later_rules, user=None)
    assert previous_final(later) == earlier
    moved = {m.credit_code: m for m in movers(later)}
    assert (moved[code(1)].before, moved[code(1)].after, moved[code(1)].steps) == ("A", "C", -2)
    assert (moved[code(10)].before, moved[code(10)].after, moved[code(10)].steps) == ("C", "A", 2)
    assert (moved[code(9)].before, moved[code(9)].after) == ("C", None)
    assert (moved[code(11)].before, moved[code(11)].after, moved[code(11)].steps) == (None, "B", None)
    assert all(m.before != m.after for m in moved.values())


def test_no_movers_without_a_final_set_the_year_before():
    assert movers(_run(2024, [100, 200])) == []


def test_samples_are_compared_with_samples_only():
    _run(2023, [100, 200], final=True)
    sample_rules = make_rule_set(year=2024, groups=GROUPS, is_demo=True)
    FirmYear.objects.create(
        year=2024,
        credit_code=code(1),
        name="示例",
        group_code="industry-above",
        land_own_mu=D(10),
        tax=D(1),
        is_demo=True,
    )
    assert previous_final(resultset_run(rule_set=sample_rules, user=None)) is None


def test_firms_near_a_cut_off_by_rank_share():
    # Twenty firms: shares 0, 5, 10 … 95. Within 5 points of the A/B line at 20 %: 15 % (A), 20 % and
    # 25 % (B); of B/C at 70 %: 65, 70, 75; of C/D at 95 %: 90 and 95.
    result_set = _run(2024, [100 * n for n in range(20, 0, -1)])
    near = near_cutoff(result_set, share_margin=D(5))
    found = {(n.credit_code, n.edge): (n.firm_class, n.other_class, n.distance) for n in near}
    assert found[(code(4), D(20))] == ("A", "B", D("5.00"))
    assert found[(code(5), D(20))] == ("B", "A", D("0.00"))
    assert found[(code(20), D(95))] == ("D", "C", D("0.00"))
    assert len(near) == 8
    assert near[0].distance == D(0)  # nearest first
    assert near_cutoff(result_set, share_margin=D(0)) == [n for n in near if n.distance == 0]


def test_analysis_reads_a_fixed_number_of_queries():
    _run(2022, [100, 200, 300], final=True)
    small = _run(2023, [100 * n for n in range(5, 0, -1)], final=True)
    large = _run(2024, [100 * n for n in range(40, 0, -1)])
    counts = []
    for result_set in (small, large):
        with CaptureQueriesContext(connection) as context:
            assert class_distribution(result_set) and score_histogram(result_set)
            assert movers(result_set) and near_cutoff(result_set)
        counts.append(len(context))
    assert counts[0] == counts[1] <= 10
