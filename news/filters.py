"""Filters of the news columns, /news/ and /events/ (the query parameters are a public contract).

/news/:

| parameter | value | meaning |
| --- | --- | --- |
| `q` | text, at most 200 characters | keyword over title, summary, place and source |
| `kind` | `news`, `notice`, `event`, `interpretation` | one column |
| `year` | 1949–2100 | published in that calendar year (Asia/Shanghai) |
| `page` | 1, 2, … | a page past the end is a 404 |

/events/: `q`, `year` (the year the event starts) and `page`.

The order is fixed, not a parameter: on /news/ pinned items first, then the newest
(`NewsQuerySet.newest_first`); on /events/ the events still to come, soonest first, then those that
have ended, latest first (`EventFilter.order`).

A column with nothing published is not offered: the `kind` choices and the column links list only
the columns that hold a published item (`published_kinds`, cached under the content version). A
column that is not offered is still a valid value: `?kind=notice` answers with an empty list that
says nothing has been published there yet, never a form error, so a bookmark does not turn into an
error page the day a column empties. An unknown value (`?kind=blog`) is a form error and an empty
list, like every directory's bad value (core/directory.py).
"""

import datetime

import django_filters
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.fields import ChoiceField

from core.directory import DirectoryFilterForm, DirectoryFilterSet, database_choices
from news.models import Kind, NewsItem

YEAR_BOUNDS = (1949, 2100)


def published_kinds() -> list[tuple[str, str]]:
    """The columns that hold at least one published item, in the columns' order, labelled in the active language."""

    def build():
        present = set(NewsItem.objects.public().order_by().values_list("kind", flat=True).distinct())
        return [(value, label) for value, label in Kind.choices if value in present]

    return database_choices("news-kinds", build)


class ColumnField(ChoiceField):
    """Offers the columns with something published; accepts every column (see the module docstring)."""

    def valid_value(self, value):
        return value in Kind.values


class ColumnFilter(django_filters.ChoiceFilter):
    field_class = ColumnField


def year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The calendar year in the site's time zone, as [start, end)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _year_filter(label):
    return django_filters.NumberFilter(
        label=label,
        method="filter_year",
        min_value=YEAR_BOUNDS[0],
        max_value=YEAR_BOUNDS[1],
        decimal_places=0,
    )


class NewsFilterForm(DirectoryFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("kind")
        value = self.data.get("kind") if self.data else None
        # A valid column that is not offered still shows as chosen (its list says it is empty).
        if field is not None and value in Kind.values and value not in dict(field.choices):
            field.choices = [*field.choices, (value, Kind(value).label)]


class OrderedFilterSet(DirectoryFilterSet):
    """A directory whose order is fixed (`order`), without a `sort` parameter."""

    def filter_queryset(self, queryset):
        queryset = django_filters.FilterSet.filter_queryset(self, queryset)
        return self.order(queryset)

    def order(self, queryset):
        raise NotImplementedError


class NewsFilter(OrderedFilterSet):
    search_help = _("Title, summary, place or source")

    kind = ColumnFilter(
        label=pgettext_lazy("news filter", "Column"), choices=published_kinds, empty_label=_("All columns")
    )
    year = _year_filter(_("Year published"))

    class Meta:
        model = NewsItem
        fields = ["q", "kind", "year"]
        form = NewsFilterForm

    def filter_year(self, queryset, name, value):
        start, end = year_range(int(value))
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    def order(self, queryset):
        return queryset.newest_first()


def upcoming_condition(now: datetime.datetime) -> Q:
    """An event still to come or under way at `now` (NewsQuerySet.upcoming's rule)."""
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)


class EventFilter(OrderedFilterSet):
    search_help = _("Title, summary or place")

    year = _year_filter(_("Year held"))

    class Meta:
        model = NewsItem
        fields = ["q", "year"]
        form = DirectoryFilterForm

    def filter_year(self, queryset, name, value):
        start, end = year_range(int(value))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    def order(self, queryset, now: datetime.datetime | None = None):
        """Upcoming first, soonest first; then past events, latest first: one list, so one count and one page query.

        `is_past` (0 or 1) is on each row, so the page shows where the past begins.
        """
        now = now or timezone.now()
        is_past = Case(When(upcoming_condition(now), then=Value(0)), default=Value(1), output_field=IntegerField())
        return queryset.annotate(is_past=is_past).order_by(
            "is_past",
            Case(When(is_past=0, then=F("starts_at"))).asc(),
            Case(When(is_past=0, then=F("id"))).asc(),
            Case(When(is_past=1, then=F("starts_at"))).desc(),
            "-id",
        )
