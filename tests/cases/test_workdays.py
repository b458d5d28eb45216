"""Issue 13: the service figures' "working days to resolve" count on the calendar of due dates (holidays off,
调休 make-up days on, staff overrides first), not Monday to Friday."""

import datetime

import pytest

from core.models import WorkingDayOverride
from core.workdays import WorkingCalendar, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


def test_national_day_2026_is_not_counted_and_the_make_up_sunday_is():
    # Friday 18 September to Monday 12 October 2026: Sunday 20 September is a 调休 working day, 25 September
    # (中秋) and 1–7 October (国庆) are off, Saturday 10 October works. Monday to Friday would give 16.
    assert working_days_between(D(2026, 9, 18), D(2026, 10, 12)) == 12
    assert working_days_between(D(2026, 9, 19), D(2026, 9, 20)) == 1  # Saturday → the working Sunday
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0  # the whole holiday
    assert working_days_between(D(2026, 10, 12), D(2026, 10, 12)) == 0
    assert working_days_between(D(2026, 10, 12), D(2026, 10, 1)) == 0


def test_staff_overrides_count_as_they_do_for_due_dates():
    WorkingDayOverride.objects.create(date=D(2026, 10, 5), is_working_day=True)
    WorkingDayOverride.objects.create(date=D(2026, 10, 9), is_working_day=False)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 9)) == 2  # 5 and 8 October


def test_a_calendar_measures_many_spans_with_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingCalendar(D(2026, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(0):
        spans = [calendar.between(D(2026, 9, 18), D(2026, 10, 12)), calendar.between(D(2026, 2, 13), D(2026, 2, 24))]
    assert spans == [12, working_days_between(D(2026, 2, 13), D(2026, 2, 24))]
    with pytest.raises(ValueError):
        calendar.between(D(2025, 12, 1), D(2026, 1, 5))
