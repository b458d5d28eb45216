"""Due dates in working days, shared by inquiries (first response) and service requests (acknowledge, resolve).

Working days are Monday to Friday. Public holidays are not known to the portal; officers move a due
date by hand around them.
"""

import datetime

from django.utils import timezone


def working_days_after(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` working days after `start` (local time), at the same time of day; a weekend start with
    0 days gives the next Monday."""
    due = timezone.localtime(start)
    while days > 0:
        due += datetime.timedelta(days=1)
        if due.weekday() < 5:
            days -= 1
    while due.weekday() >= 5:
        due += datetime.timedelta(days=1)
    return due


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
