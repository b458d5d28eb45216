"""The pure statistics of the public figures (core.figures, core.workdays, core.dates), against numbers worked
out by hand: percentiles of small samples, the minimum sample, working days across 国庆 and 调休, periods."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from core.dates import add_months, quarter_first, quarter_last, quarter_of, quarter_shift
from core.figures import percentile, quarter_group, rounded, share, summarise
from core.models import WorkingDayOverride
from core.workdays import WorkingCalendar, local_day

D = datetime.date


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([4], 4, 4),  # one value: itself, whatever the fraction
        ([3, 1], 2, Fraction(28, 10)),  # 1 + 0.9 × (3 − 1)
        ([7, 1, 3, 5, 2], 3, Fraction(62, 10)),  # h = 4 × 0.9 = 3.6: 5 + 0.6 × (7 − 5)
        ([1, 1, 2, 3], Fraction(3, 2), Fraction(27, 10)),  # even n: the middle two's mean; h = 2.7
        ([10, 10, 10, 10, 10, 10], 10, 10),
    ],
)
def test_percentiles_interpolate_linearly_between_the_closest_ranks(values, median, p90):
    assert percentile(values, Fraction(1, 2)) == median
    assert percentile(values, Fraction(9, 10)) == p90


def test_percentile_of_nothing_is_none_and_the_fraction_is_checked():
    assert percentile([], Fraction(1, 2)) is None
    with pytest.raises(ValueError):
        percentile([1, 2], 2)


def test_percentile_reads_decimals_exactly_and_rounds_half_up_at_the_end():
    assert percentile([Decimal("20.10"), Decimal("30.15")], Fraction(1, 2)) == Fraction(50250, 2000)
    assert rounded(Fraction(50250, 2000), 2) == Decimal("25.13")  # 25.125 → 25.13, not banker's 25.12
    assert rounded(Fraction(5, 2), 0) == Decimal("3")
    assert rounded(None) is None


@pytest.mark.parametrize(
    ("values", "shown"),
    [([], False), ([5], False), ([5, 6], False), ([1, 2, 3, 4], False), ([1, 2, 3, 4, 5], True)],
)
def test_a_spread_below_the_minimum_sample_is_hidden_but_counted(values, shown):
    spread = summarise(values)
    assert spread.n == len(values)
    assert (spread.median is not None) == shown
    assert spread.hidden == (bool(values) and not shown)
    if not shown:
        assert spread.p90 is None


def test_small_samples_with_the_minimum_lowered_by_the_setting(settings):
    settings.FIGURES_MIN_SAMPLE = 1
    assert summarise([4]).median == Decimal("4.0")
    one, two, five = summarise([4]), summarise([1, 3]), summarise([1, 2, 3, 5, 7])
    assert (one.median, one.p90) == (Decimal("4.0"), Decimal("4.0"))
    assert (two.median, two.p90) == (Decimal("2.0"), Decimal("2.8"))
    assert (five.median, five.p90, five.hidden) == (Decimal("3.0"), Decimal("6.2"), False)


def test_the_setting_raises_the_minimum_too(settings):
    settings.FIGURES_MIN_SAMPLE = 10
    spread = summarise(range(9))
    assert spread.hidden and spread.median is None


def test_share_needs_the_minimum_sample_and_a_whole():
    assert share(1, 4, count=5) == Decimal("25.0")
    assert share(1, 3, count=5) == Decimal("33.3")
    assert share(1, 4, count=4) is None
    assert share(0, 0, count=9) is None


# --- Working days (the holiday calendar the site has: chinesecalendar, and the staff's overrides) ---------------


@pytest.mark.django_db
def test_working_days_across_national_day_count_the_make_up_sunday():
    # 2024: 1–7 October off; Sunday 29 September and Saturday 12 October are make-up working days (调休).
    calendar = WorkingCalendar(D(2024, 9, 1), D(2024, 10, 31))
    assert calendar.between(D(2024, 9, 27), D(2024, 9, 29)) == 1  # Saturday off, Sunday worked
    assert calendar.between(D(2024, 9, 27), D(2024, 10, 8)) == 3  # 29 Sep, 30 Sep, 8 Oct
    assert calendar.between(D(2024, 9, 30), D(2024, 10, 7)) == 0  # the whole holiday
    assert calendar.between(D(2024, 10, 11), D(2024, 10, 14)) == 2  # Saturday 12 Oct worked, Sunday not
    assert calendar.between(D(2024, 10, 8), D(2024, 10, 8)) == 0
    assert calendar.between(D(2024, 10, 9), D(2024, 10, 8)) == 0


@pytest.mark.django_db
def test_working_days_follow_the_days_staff_set(django_assert_num_queries):
    WorkingDayOverride.objects.create(date=D(2024, 10, 8), is_working_day=False)  # a late change
    with django_assert_num_queries(1):
        calendar = WorkingCalendar.covering([D(2024, 10, 8), D(2024, 9, 27), D(2024, 10, 1)])
    assert (calendar.first, calendar.last) == (D(2024, 9, 27), D(2024, 10, 8))
    assert calendar.between(D(2024, 9, 27), D(2024, 10, 8)) == 2
    assert WorkingCalendar.covering([]) is None


def test_a_moment_counts_by_its_local_day():
    # 23:30 UTC on 30 September is already 1 October in Hangzhou.
    moment = datetime.datetime(2024, 9, 30, 23, 30, tzinfo=datetime.UTC)
    assert local_day(moment) == D(2024, 10, 1)
    assert local_day(D(2024, 10, 1)) == D(2024, 10, 1)
    assert local_day(timezone.make_aware(datetime.datetime(2024, 10, 1, 0, 5))) == D(2024, 10, 1)


# --- Months and quarters -----------------------------------------------------------------------------------------


def test_months_and_quarters():
    assert add_months(D(2024, 10, 31), 1 - 12) == D(2023, 11, 1)
    assert add_months(D(2024, 1, 15), -1) == D(2023, 12, 1)
    assert quarter_of(D(2024, 10, 31)) == (2024, 4)
    assert quarter_shift((2024, 4), 1) == (2025, 1)
    assert quarter_shift((2024, 1), -1) == (2023, 4)
    assert (quarter_first((2024, 2)), quarter_last((2024, 2))) == (D(2024, 4, 1), D(2024, 6, 30))
    assert quarter_last((2024, 4)) == D(2024, 12, 31)


def test_a_quarter_is_named_in_both_languages():
    group = quarter_group((2025, 3), to_date=True)
    assert (group.key, group.name, group.name_en) == ("2025-Q3", "2025年第3季度（至今）", "2025 Q3 (to date)")
