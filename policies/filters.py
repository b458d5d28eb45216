"""Filters of the policy library, /policies/ (the query parameters are a public contract).

| parameter | value | meaning |
| --- | --- | --- |
| `q` | text, at most 200 characters | keyword over title, document number (文号), issuer and summary |
| `level` | `national`, `provincial`, `municipal`, `district`, `zone` | issuing level |
| `theme` | a Theme slug (`talent`, …) | policies filed under that theme |
| `chain` | an Industry slug (`life-health`, …) | policies naming that industry |
| `status` | `in_force` (default, expiring ones included), `expiring`, `expired`, `all` | status on today's date |
| `sort` | `newest` (default: latest published first), `expiring` (soonest end first) | order |
| `page` | 1, 2, … | a page past the end is a 404 |

The rules every directory shares (bound form, bad values shown, cached choices…) are in core/directory.py.
"""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.directory import DirectoryFilterSet, SortFilter, database_choices
from industries.filters import industry_filter
from policies.models import Policy, Status, Theme


def theme_choices():
    return database_choices("policy-themes", lambda: [(t.slug, t.name_i18n) for t in Theme.objects.all()])


class StatusFilter(django_filters.ChoiceFilter):
    """`status` on today's date; absent means `in_force` (those expiring soon included)."""

    DEFAULT = "in_force"
    QUERIES = {
        "in_force": lambda queryset: queryset.in_force(),
        Status.EXPIRING.value: lambda queryset: queryset.expiring(),
        Status.EXPIRED.value: lambda queryset: queryset.expired(),
        "all": lambda queryset: queryset,
    }

    def __init__(self, **kwargs):
        choices = [
            ("in_force", _("In force")),
            ("expiring", _("Expiring within 90 days")),
            ("expired", _("Expired")),
            ("all", _("All")),
        ]
        super().__init__(label=_("Status"), choices=choices, empty_label=None, required=False, **kwargs)

    def filter(self, queryset, value):
        return self.QUERIES[value or self.DEFAULT](queryset)


class PolicyFilter(DirectoryFilterSet):
    search_help = _("Title, document number or issuer")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Policy.Level.choices, empty_label=_("All levels"))
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), field_name="themes__slug", choices=theme_choices, empty_label=_("All themes")
    )
    chain = industry_filter("industries__slug")
    status = StatusFilter()
    sort = SortFilter(
        {
            "newest": (pgettext_lazy("policy sort", "Newest first"), (F("published_on").desc(nulls_last=True), "-id")),
            "expiring": (_("Ending soonest"), (F("in_force_until").asc(nulls_last=True), "id")),
        }
    )

    class Meta:
        model = Policy
        fields = ["q", "level", "theme", "chain", "status", "sort"]
