"""Figures the public site shows: which rows they count, how a spread is summed up, and how an amount reads.

One rule for every figure (issue 13): a figure counts real records. Only when no real record exists
but synthetic samples (`is_demo`) do is it computed over the samples, and then it carries a visible
示例/Sample label. Nothing disclosed reads "not disclosed", never 0.

Small samples (issue 30): a median, a percentile, a share or an average over fewer than
``settings.FIGURES_MIN_SAMPLE`` records (5 unless set) is not shown, and the page says so; the count
itself is. `summarise` applies it, so a hidden value never leaves the server (page, CSV or API).

Percentiles (`percentile`) are computed here in Python, never in SQL, so SQLite and PostgreSQL give
the same figure: linear interpolation between the closest ranks — Hyndman & Fan's type 7, the
default of numpy and R and Excel's PERCENTILE.INC. For sorted values x₁…xₙ and a fraction p the
position is h = (n − 1)·p; the result is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋) (0-based). With p = ½ it is
the usual median (the mean of the two middle values when n is even); with one value, that value.
Exact arithmetic (fractions), rounded half up only at the end.

Amounts are stored in 亿元 (100 million yuan). Chinese pages keep 亿元; English pages say
"RMB 18.6 billion", which a foreign reader understands without arithmetic.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, display
from core.i18n import english_active


def real_or_sample_totals(queryset, **aggregates) -> dict:
    """`aggregates` over the real rows of `queryset`, or over its samples when it has no real row.

    One query (grouped by `is_demo`). The result has `is_sample`, true when the figures come from
    samples; with no row at all, the aggregates' empty values (0 for a count, None for a sum).
    """
    groups = {row.pop("is_demo"): row for row in queryset.order_by().values("is_demo").annotate(**aggregates)}
    for is_sample in (False, True):
        if is_sample in groups:
            return {**groups[is_sample], "is_sample": is_sample}
    return {**queryset.none().aggregate(**aggregates), "is_sample": False}


def min_sample() -> int:
    """The fewest records a median, percentile, share or average is shown for (FIGURES_MIN_SAMPLE)."""
    return settings.FIGURES_MIN_SAMPLE


def percentile(values: Iterable, fraction) -> Fraction | None:
    """The `fraction` (0–1) percentile of `values` by linear interpolation (type 7, the module's docstring),
    exactly; None for no values. Values may be ints, Decimals or Fractions."""
    ordered = sorted(Fraction(value) for value in values)
    if not ordered:
        return None
    fraction = Fraction(fraction)
    if not 0 <= fraction <= 1:
        raise ValueError(f"a percentile's fraction lies between 0 and 1, not {fraction}")
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    if low == len(ordered) - 1:
        return ordered[low]
    return ordered[low] + (position - low) * (ordered[low + 1] - ordered[low])


def rounded(value, places: int = 1) -> Decimal | None:
    """`value` (a Fraction, int or Decimal) as a Decimal rounded half up to `places` decimals; None stays None."""
    if value is None:
        return None
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Spread:
    """How a set of durations (or prices) spreads: its size, median and 90th percentile, rounded.

    `hidden` when there are some values but fewer than the minimum sample: then `median` and `p90` are
    None, as with no values at all, and a page says why.
    """

    n: int
    median: Decimal | None
    p90: Decimal | None
    hidden: bool = False


def summarise(values: Iterable, *, places: int = 1, minimum: int | None = None) -> Spread:
    """The `Spread` of `values`: median and 90th percentile by `percentile`, rounded to `places`
    decimals; both None below `minimum` values (default `min_sample()`)."""
    values = list(values)
    minimum = min_sample() if minimum is None else minimum
    if not values or len(values) < minimum:
        return Spread(n=len(values), median=None, p90=None, hidden=bool(values))
    return Spread(
        n=len(values),
        median=rounded(percentile(values, Fraction(1, 2)), places),
        p90=rounded(percentile(values, Fraction(9, 10)), places),
    )


def as_text(value) -> str | None:
    """A figure as a CSV and the API give it: a decimal's digits ("2.5", "1200"), None for none."""
    return None if value is None else str(value)


def share(part, whole, *, count: int, places: int = 1, minimum: int | None = None) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded; None when `whole` is 0 or `count` records are fewer than
    the minimum sample."""
    minimum = min_sample() if minimum is None else minimum
    if not whole or count < minimum:
        return None
    return rounded(Fraction(part) * 100 / Fraction(whole), places)


# --- Tables of figures: rows in both languages, links to the records ------------------------------


def both_languages(text) -> tuple[str, str]:
    """A translatable text as the Chinese and the English pages show it."""
    with translation.override("zh-hans"):
        chinese = str(text)
    with translation.override("en"):
        return chinese, str(text)


def both_names(obj) -> tuple[str, str]:
    """A zone's, industry's or grid's name (`name`, `name_i18n`) as the Chinese and the English pages show it."""
    with translation.override("en"):
        return obj.name, obj.name_i18n


@dataclass(frozen=True)
class Link:
    """A public list (its URL name) and the query that selects a figure's records, reversed when read in
    the language then active, so that figures remembered once serve both languages."""

    name: str
    query: str = ""

    @property
    def url(self) -> str:
        return reverse(self.name) + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Group:
    """A row or column of a table of figures (the whole, a period, a zone, a kind…), named in both languages."""

    key: str
    name: str
    name_en: str
    link: Link | None = None

    @property
    def name_i18n(self) -> str:
        return self.name_en if english_active() and self.name_en else self.name


def named_groups(objects, key=lambda obj: obj.slug) -> dict[str, Group]:
    """Table rows for reference objects (zones, industries, grids: `name`, `name_i18n`), keyed by `key(obj)`
    (a string), in the objects' order."""
    return {str(key(obj)): Group(str(key(obj)), *both_names(obj)) for obj in objects}


def month_group(first: datetime.date) -> Group:
    """The month of `first`: key 2025-03, 2025年3月 / March 2025."""
    return Group(
        f"{first.year:04d}-{first.month:02d}",
        display(first, DatePrecision.MONTH, "zh-hans"),
        display(first, DatePrecision.MONTH, "en"),
    )


def year_group(year: int) -> Group:
    first = datetime.date(year, 1, 1)
    return Group(str(year), display(first, DatePrecision.YEAR, "zh-hans"), display(first, DatePrecision.YEAR, "en"))


def quarter_group(quarter: tuple[int, int], *, to_date: bool = False) -> Group:
    """A quarter (year, 1–4): key 2025-Q3, 2025年第3季度 / 2025 Q3; `to_date` for the current one."""
    year, number = quarter
    label = _("%(year)s Q%(quarter)s")
    names = [text % {"year": year, "quarter": number} for text in both_languages(label)]
    if to_date:
        to_date_label = both_languages(_("%(period)s (to date)"))
        names = [text % {"period": name} for text, name in zip(to_date_label, names, strict=True)]
    return Group(f"{year}-Q{number}", *names)


def _trimmed(number: Decimal, places: int) -> str:
    """`number` rounded to `places` decimals, trailing zeros dropped, thousands grouped: 1,234.5."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


WAN_PER_YI = Decimal("10000")  # 1 亿元 (100 million yuan) = 10,000 万元 (10,000 yuan each)


def yi_to_wan(value: Decimal | None) -> Decimal | None:
    """An amount in 亿元 in 万元, the unit the per-mu (亩均) figures are stated in: 2.5 → 25000."""
    return None if value is None else Decimal(value) * WAN_PER_YI


def amount_in_yi(value, language: str | None = None) -> str:
    """An amount in 亿元 for a reader: "186.08 亿元" / "RMB 18.6 billion" (or "RMB 350 million")."""
    number = Decimal(value)
    if (language or get_language() or "").startswith("en"):
        if number >= 10:  # 10 亿元 = 1 billion yuan
            return f"RMB {_trimmed(number / 10, 1)} billion"
        return f"RMB {_trimmed(number * 100, 1)} million"
    return gettext("%(amount)s × 100 million yuan") % {"amount": _trimmed(number, 2)}
