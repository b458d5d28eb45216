"""Due dates in working days, shared by inquiries (first response) and service requests (acknowledge, resolve).

Due dates and the service figures' "working days to resolve" (`working_days_between`, or a
`WorkingCalendar` for many spans at once) follow the same calendar, core.workdays: China's public
holidays skipped, make-up working days (调休) counted, staff overrides (WorkingDayOverride) first.
"""

import datetime

from django.utils import timezone

from core.workdays import WorkingCalendar, add_working_days
from core.workdays import working_days_between as core_working_days_between

__all__ = ["WorkingCalendar", "working_days_after", "working_days_between"]


def working_days_after(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` working days after `start` (local time), at the same time of day; with 0 days, `start` or
    the next working day."""
    return add_working_days(timezone.localtime(start), days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days from the day after `start` up to and including `end` (0 for the same day or earlier)."""
    return core_working_days_between(start, end)
