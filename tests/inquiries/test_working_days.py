"""Issue 13: due dates count working days in China — public holidays off, 调休 make-up days on,
staff overrides over the calendar library."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from core.models import WorkingDayOverride
from inquiries.services import first_response_due
from tests.inquiries.test_services import submit

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_national_day_is_skipped_and_the_make_up_saturday_counts():
    # 2026: 1–7 October off; Saturday 10 October is a make-up working day (调休).
    assert first_response_due(at(2026, 9, 30, 10, 0), 1) == at(2026, 10, 8, 10, 0)
    assert first_response_due(at(2026, 9, 30, 10, 0), 3) == at(2026, 10, 10, 10, 0)


def test_submitted_on_a_holiday_with_no_days_is_due_the_next_working_day():
    assert first_response_due(at(2026, 10, 2, 9, 0), 0) == at(2026, 10, 8, 9, 0)


def test_staff_overrides_win_over_the_library_and_cover_years_it_does_not_know():
    # 2027 is beyond the library's data: Monday to Friday, unless staff say otherwise.
    assert first_response_due(at(2026, 12, 31, 10, 0), 1) == at(2027, 1, 1, 10, 0)
    WorkingDayOverride.objects.create(date=datetime.date(2027, 1, 1), is_working_day=False, note="元旦")
    assert first_response_due(at(2026, 12, 31, 10, 0), 1) == at(2027, 1, 4, 10, 0)
    WorkingDayOverride.objects.create(date=datetime.date(2026, 10, 3), is_working_day=True)
    assert first_response_due(at(2026, 9, 30, 10, 0), 1) == at(2026, 10, 3, 10, 0)


def test_a_submitted_inquiry_gets_the_holiday_aware_due_date(settings, monkeypatch):
    settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS = 1
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 9, 30, 10, 0))
    assert submit().due_at == at(2026, 10, 8, 10, 0)
