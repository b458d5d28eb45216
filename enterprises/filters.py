"""Filters of the enterprise directory, /enterprises/ (the query parameters are a public contract).

| parameter | value | meaning |
| --- | --- | --- |
| `q` | text, at most 200 characters | keyword over name, short name and summary, matched literally |
| `zone` | a Zone slug | enterprises in that zone |
| `chain` | an Industry slug | enterprises of that industry |
| `tag` | a RecognitionType slug (`high-tech`, …), or `listed` / `pre_ipo` | holds it, or has that listing status |
| `grid` | a ServiceGrid number (1–5) | looked after by that service grid |
| `sort` | `name` (default, A–Z), `newest` (most recently founded first, unknown last) | order |
| `page` | 1, 2, … | a page past the end is a 404 |

The rules every directory shares (bound form, bad values shown, cached choices…) are in core/directory.py.
"""

import django_filters
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from core.directory import DirectoryFilterSet, SortFilter, by_display_name, database_choices
from enterprises.models import Enterprise, Recognition, RecognitionType
from industries.filters import industry_filter
from zones.filters import grid_filter, zone_filter

LISTING_TAGS = {"listed": Enterprise.ListingStatus.LISTED, "pre_ipo": Enterprise.ListingStatus.PRE_IPO}


def tag_choices():
    def build():
        listing = [(value, Enterprise.ListingStatus(status).label) for value, status in LISTING_TAGS.items()]
        return listing + [(t.slug, t.name_i18n) for t in RecognitionType.objects.order_by("order", "id")]

    return database_choices("tags", build)


class EnterpriseFilter(DirectoryFilterSet):
    search_help = _("Name or summary")

    zone = zone_filter()
    chain = industry_filter()
    tag = django_filters.ChoiceFilter(
        label=_("Recognition or listing"), method="filter_tag", choices=tag_choices, empty_label=_("Any")
    )
    grid = grid_filter()
    sort = SortFilter(
        {
            "name": (_("Name"), by_display_name),
            "newest": (_("Newest founded first"), (F("founded_year").desc(nulls_last=True), "id")),
        }
    )

    class Meta:
        model = Enterprise
        fields = ["q", "zone", "chain", "tag", "grid", "sort"]

    def filter_tag(self, queryset, name, value):
        if value in LISTING_TAGS:
            return queryset.filter(listing_status=LISTING_TAGS[value])
        holds = Recognition.objects.filter(enterprise=OuterRef("pk"), kind__slug=value)
        return queryset.filter(Exists(holds))
