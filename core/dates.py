"""Dates as precise as their source: a day, a month or only a year.

A report that says "signed in June 2021" gives a month, not 1 June. Such a date is stored as the
first day of its period (2021-06-01) with a precision beside it (`<field>_precision`), and is shown
and exported at that precision: "2021年6月" / "June 2021", never "2021-06-01".
"""

import datetime

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def precision_field(verbose_name):
    """The `<field>_precision` column that goes beside a date field."""
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How precisely the source gives the date; a month or a year is stored as its first day."),
    )


def truncate(date: datetime.date | None, precision: str) -> datetime.date | None:
    """The first day of the period `date` falls in."""
    if date is None:
        return None
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def iso(date: datetime.date | None, precision: str) -> str:
    """ISO 8601 at the date's precision: 2021-06-01, 2021-06 or 2021 (for <time datetime> and sheets)."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def display(date: datetime.date | None, precision: str, language: str | None = None) -> str:
    """The date for a reader: 2021-06-01; 2021年6月 / June 2021; 2021年 / 2021."""
    if date is None:
        return ""
    english = (language or get_language() or "").startswith("en")
    if precision == DatePrecision.YEAR:
        return str(date.year) if english else f"{date.year}年"
    if precision == DatePrecision.MONTH:
        return f"{MONTHS_EN[date.month - 1]} {date.year}" if english else f"{date.year}年{date.month}月"
    return date.isoformat()


# --- Months and quarters (the periods of the public figures, core.figures) -----------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or, negative, before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """(year, quarter 1–4) of `day`."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_shift(quarter: tuple[int, int], by: int) -> tuple[int, int]:
    """The quarter `by` quarters after (or, negative, before) `quarter`."""
    index = quarter[0] * 4 + quarter[1] - 1 + by
    return index // 4, index % 4 + 1


def quarter_first(quarter: tuple[int, int]) -> datetime.date:
    return datetime.date(quarter[0], 3 * quarter[1] - 2, 1)


def quarter_last(quarter: tuple[int, int]) -> datetime.date:
    return add_months(quarter_first(quarter), 3) - datetime.timedelta(days=1)
