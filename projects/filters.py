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

The rules every directory shares (bound form, bad values shown, cached choices…) are in core/directory.py.
"""

import datetime
from decimal import Decimal

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.directory import DirectoryFilterForm, DirectoryFilterSet, SortFilter, by_display_name
from industries.filters import industry_filter
from projects.models import Project, ProjectQuerySet
from zones.filters import zone_filter

# The parameters stay in 亿元 in both languages; English readers get the conversion beside the input.
INVESTMENT_HELP = _("In 亿元: 1 = RMB 100 million, 0.5 = RMB 50 million, 10 = RMB 1 billion.")


class ProjectFilterForm(DirectoryFilterForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_investment"), cleaned.get("max_investment")
        if low is not None and high is not None and low > high:
            self.add_error("max_investment", _("The maximum must not be smaller than the minimum."))
        return cleaned


class ProjectFilter(DirectoryFilterSet):
    search_help = _("Name, investor or summary")

    zone = zone_filter()
    chain = industry_filter()
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Project.Stage.choices, empty_label=_("All stages"))
    year = django_filters.NumberFilter(
        label=_("Year signed"), method="filter_year", min_value=1949, max_value=2100, decimal_places=0
    )
    min_investment = django_filters.NumberFilter(
        label=_("Investment from (in units of RMB 100 million)"),
        help_text=INVESTMENT_HELP,
        method="filter_min_investment",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    max_investment = django_filters.NumberFilter(
        label=_("Investment up to (in units of RMB 100 million)"),
        help_text=INVESTMENT_HELP,
        method="filter_max_investment",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    sort = SortFilter(
        {
            "newest": (_("Newest first"), ProjectQuerySet.newest_first),
            # Undisclosed amounts sort last whatever they hold, so the order reveals nothing.
            "investment": (
                _("Largest investment"),
                ("-investment_disclosed", F("investment").desc(nulls_last=True), "-id"),
            ),
            "name": (_("Name"), by_display_name),
        }
    )

    class Meta:
        model = Project
        fields = ["q", "zone", "chain", "stage", "year", "min_investment", "max_investment", "sort"]
        form = ProjectFilterForm

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(signed_on__gte=datetime.date(year, 1, 1), signed_on__lt=datetime.date(year + 1, 1, 1))

    def filter_min_investment(self, queryset, name, value):
        return queryset.disclosed().filter(investment__gte=value)

    def filter_max_investment(self, queryset, name, value):
        return queryset.disclosed().filter(investment__lte=value)
