"""Due dates in working days, shared by inquiries (first response) and service requests (acknowledge, resolve).

Due dates follow the calendar of core.workdays (China's public holidays skipped, make-up working
days counted, staff overrides). The service figures' "working days to resolve"
(`working_days_between`) still count Monday to Friday only.
"""

import datetime

from django.utils import timezone

from core.workdays import add_working_days


def working_days_after(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` working days after `start` (local time), at the same time of day; with 0 days, `start` or
    the next working day."""
    return add_working_days(timezone.localtime(start), days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days from the day after `start` up to and including `end` (0 for the same day or earlier)."""
    if end <= start:
        return 0
    total = (end - start).days
    weeks, rest = divmod(total, 7)
    days = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            days += 1
    return days
