"""Working days in mainland China: weekends and public holidays off, make-up working days (调休) on.

The calendar comes from `chinesecalendar` (the State Council's notices, year by year), overridden
by the days staff set in `WorkingDayOverride` (a year the library has no data for yet, a late
change). Without either, Monday to Friday are working days. Every due date (an inquiry's first
response, a service request's acknowledgement and resolution) counts with `working_days_after`;
spans of working days (the service figures' "working days to resolve") with `WorkingCalendar`,
which reads the overrides of its whole range in one query.
"""

import datetime

import chinese_calendar
from django.utils import timezone


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    from core.models import WorkingDayOverride

    return dict(WorkingDayOverride.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_working_day"))


def _library_says(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library has no data for: weekdays, unless overridden
        return day.weekday() < 5


def working_days_after(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` working days after `start` (local time), at the same time of day; with 0 days, `start` or
    the next working day."""
    start = timezone.localtime(start)
    # One query for the overrides: `days` working days never span more than this many calendar days.
    horizon = start.date() + datetime.timedelta(days=days * 3 + 60)
    overrides = _overrides(start.date(), horizon)

    def working(day: datetime.date) -> bool:
        return overrides[day] if day in overrides else _library_says(day)

    due = start
    while days > 0:
        due += datetime.timedelta(days=1)
        if working(due.date()):
            days -= 1
    while not working(due.date()):
        due += datetime.timedelta(days=1)
    return due


class WorkingCalendar:
    """The working days of a date range, read once: its overrides in one query, then a running count, so
    `between` costs no query and no loop however many spans are measured."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, max(first, last)
        overrides = _overrides(self.first, self.last)
        self._counts = [0]  # working days from `first` (excluded) up to and including each day of the range
        day = self.first
        while day < self.last:
            day += datetime.timedelta(days=1)
            working = overrides[day] if day in overrides else _library_says(day)
            self._counts.append(self._counts[-1] + working)

    @classmethod
    def covering(cls, days) -> "WorkingCalendar | None":
        """One calendar from the earliest to the latest of `days` (dates), or None when there are none."""
        days = list(days)
        return cls(min(days), max(days)) if days else None

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from the day after `start` up to and including `end` (0 for the same day or earlier)."""
        if end <= start:
            return 0
        if start < self.first or end > self.last:
            raise ValueError(f"{start}–{end} is outside this calendar's range {self.first}–{self.last}")
        return self._counts[(end - self.first).days] - self._counts[(start - self.first).days]


def local_day(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The site's local date of a moment (a date stays as it is): spans of working days count whole days,
    so a case answered on the day it came in took 0 working days, whatever the hours."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days from the day after `start` up to and including `end`, by the calendar of due dates."""
    if end <= start:
        return 0
    return WorkingCalendar(start, end).between(start, end)
