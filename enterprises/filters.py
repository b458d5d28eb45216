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
"""

import django_filters
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, Recognition, RecognitionType
from projects.filters import Q_MAX_LENGTH, FilterForm, cached_choices, chain_choices, name_sort_key, zone_choices
from zones.models import ServiceGrid

LISTING_TAGS = {"listed": Enterprise.ListingStatus.LISTED, "pre_ipo": Enterprise.ListingStatus.PRE_IPO}


def tag_choices():
    def build():
        listing = [(value, Enterprise.ListingStatus(status).label) for value, status in LISTING_TAGS.items()]
        return listing + [(t.slug, t.name_i18n) for t in RecognitionType.objects.order_by("order", "id")]

    return cached_choices("tags", build)


def grid_choices():
    return cached_choices("grids", lambda: [(g.number, g.name_i18n) for g in ServiceGrid.objects.order_by("order")])


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"), method="search", max_length=Q_MAX_LENGTH, help_text=_("Name or summary")
    )
    zone = django_filters.ChoiceFilter(
        label=_("Zone"), field_name="zone__slug", choices=zone_choices, empty_label=_("All zones")
    )
    chain = django_filters.ChoiceFilter(
        label=_("Industry"), field_name="industry__slug", choices=chain_choices, empty_label=_("All industries")
    )
    tag = django_filters.ChoiceFilter(
        label=_("Recognition or listing"), method="filter_tag", choices=tag_choices, empty_label=_("Any")
    )
    grid = django_filters.ChoiceFilter(
        label=_("Service grid"), field_name="grid__number", choices=grid_choices, empty_label=_("All grids")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        choices=[("name", _("Name")), ("newest", _("Newest founded first"))],
        empty_label=None,
    )

    class Meta:
        model = Enterprise
        fields = ["q", "zone", "chain", "tag", "grid", "sort"]
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["sort"].required = False

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_tag(self, queryset, name, value):
        if value in LISTING_TAGS:
            return queryset.filter(listing_status=LISTING_TAGS[value])
        holds = Recognition.objects.filter(enterprise=OuterRef("pk"), kind__slug=value)
        return queryset.filter(Exists(holds))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("sort") == "newest":
            return queryset.order_by(F("founded_year").desc(nulls_last=True), "id")
        return queryset.annotate(sort_name=name_sort_key()).order_by("sort_name", "id")
