"""Filters of the signed-project directory, /projects/ (the query parameters are a public contract).

| parameter | value | meaning |
| --- | --- | --- |
| `q` | text, at most 200 characters | keyword over name, investor and summary, matched literally |
| `zone` | a Zone slug (`north`, `central`, `south`) | projects in that zone |
| `chain` | an Industry slug (`life-health`, …) | projects of that industry |
| `stage` | `signed`, `construction`, `production` | current stage |
| `year` | 1949–2100 | signed in that calendar year |
| `min_investment`, `max_investment` | 亿元, ≥ 0 | disclosed amount within bounds; undisclosed never match |
| `sort` | `newest` (default: latest signing first), `investment` (largest disclosed first), `name` (A–Z) | order |
| `page` | 1, 2, … | a page past the end is a 404 |

Choices of `zone` and `chain` come from the database through a short-lived cache, so a filter form
costs no query on a warm cache and a renamed zone shows up within a minute.
"""

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import content_version
from industries.labels import industry_labels
from industries.models import Industry
from projects.models import Project
from zones.models import Zone

CHOICES_TTL = 60  # seconds
Q_MAX_LENGTH = 200


def cached_choices(name: str, build):
    """(value, label) pairs from the database, cached per language for CHOICES_TTL seconds."""
    # Keyed by the content version too, so that a renamed zone shows at once (core/cache.py).
    key = f"choices:{name}:{get_language() or ''}:{content_version()}"
    choices = cache.get(key)
    if choices is None:
        choices = [(str(value), str(label)) for value, label in build()]
        cache.set(key, choices, CHOICES_TTL)
    return choices


def zone_choices():
    return cached_choices("zones", lambda: [(z.slug, z.name_i18n) for z in Zone.objects.ordered()])


def chain_choices():
    def build():
        industries = list(Industry.objects.order_by("order", "id"))
        labels = industry_labels(industries)  # 智能制造（一智） apart from 智能制造（五链）
        return [(i.slug, labels[i.pk]) for i in industries]

    return cached_choices("industries", build)


def name_sort_key():
    """The displayed name: English when it is active and filled in, else Chinese."""
    if (get_language() or "").startswith("en"):
        return Coalesce(NullIf("name_en", Value("")), "name")
    return F("name")


class FilterForm(forms.Form):
    """The directories' filter form: labels without a trailing colon (they sit above their fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProjectFilterForm(FilterForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_investment"), cleaned.get("max_investment")
        if low is not None and high is not None and low > high:
            self.add_error("max_investment", _("The maximum must not be smaller than the minimum."))
        return cleaned


class ProjectFilter(django_filters.FilterSet):
    SORTS = {
        "newest": (F("signed_on").desc(nulls_last=True), "-id"),
        # Undisclosed amounts sort last whatever they hold, so the order reveals nothing.
        "investment": ("-investment_disclosed", F("investment").desc(nulls_last=True), "-id"),
        "name": None,  # by the displayed name, see sort()
    }

    q = django_filters.CharFilter(
        label=_("Keyword"), method="search", max_length=Q_MAX_LENGTH, help_text=_("Name, investor or summary")
    )
    zone = django_filters.ChoiceFilter(
        label=_("Zone"), field_name="zone__slug", choices=zone_choices, empty_label=_("All zones")
    )
    chain = django_filters.ChoiceFilter(
        label=_("Industry"), field_name="industry__slug", choices=chain_choices, empty_label=_("All industries")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Project.Stage.choices, empty_label=_("All stages"))
    year = django_filters.NumberFilter(
        label=_("Year signed"), method="filter_year", min_value=1949, max_value=2100, decimal_places=0
    )
    min_investment = django_filters.NumberFilter(
        label=_("Investment from (100 million yuan)"),
        method="filter_min_investment",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    max_investment = django_filters.NumberFilter(
        label=_("Investment up to (100 million yuan)"),
        method="filter_max_investment",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        choices=[("newest", _("Newest first")), ("investment", _("Largest investment")), ("name", _("Name"))],
        empty_label=None,
    )

    class Meta:
        model = Project
        fields = ["q", "zone", "chain", "stage", "year", "min_investment", "max_investment", "sort"]
        form = ProjectFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Without an explicit sort the default order applies, see filter_queryset().
        self.form.fields["sort"].required = False

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(signed_on__gte=datetime.date(year, 1, 1), signed_on__lt=datetime.date(year + 1, 1, 1))

    def filter_min_investment(self, queryset, name, value):
        return queryset.disclosed().filter(investment__gte=value)

    def filter_max_investment(self, queryset, name, value):
        return queryset.disclosed().filter(investment__lte=value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.sort_queryset(queryset, self.form.cleaned_data.get("sort") or "newest")

    def sort_queryset(self, queryset, value):
        if value == "name":
            return queryset.annotate(sort_name=name_sort_key()).order_by("sort_name", "id")
        return queryset.order_by(*self.SORTS[value])
