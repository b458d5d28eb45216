"""Filters of the space register, /spaces/ (the query parameters are a public contract, PORTAL.md).

- `q`: text, at most 200 characters; keyword over code, name, address, operator and summary, matched literally.
- `kind`: `land`, `factory`, `office`, `incubator`, `renewal`.
- `zone`: a Zone slug (`north`, `central`, `south`).
- `status`: `available`, `talks`, `fitting`, `occupied`, or `all`; absent means available and in talks.
  Withdrawn spaces are never listed.
- `chain`: an Industry slug; spaces meant for that industry, or open to every industry.
- `min_area`, `max_area`: m², ≥ 0. Land (stored in 亩) is converted at 1 亩 = 666.67 m²; an
  undisclosed area never matches.
- `min_power_kva` (kVA), `min_height_m` (clear height, m), `min_load_kn` (floor load, kN/m²): ≥ 0,
  "at least"; an undisclosed figure never matches.
- `tenure`: `lease`, `sale`, `transfer` (land 出让); offered on these terms.
- `sort`: `newest` (default), `area` (smallest first), `area_desc`, `price` (cheapest disclosed
  first). `price` only with `kind` and `tenure`, since 万元/亩, 元/m²·月 and 元/m² do not compare;
  otherwise it is refused with a message.
- `page`: 1, 2, …; a page past the end is a 404.

A bad value shows its message next to the field; the other filters keep their values. A minimum
above its maximum says so. The rules every directory shares are in core/directory.py.
"""

from decimal import Decimal

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.directory import DirectoryFilterForm, DirectoryFilterSet, SortFilter
from industries.filters import industry_filter
from spaces.models import Space, SpaceQuerySet
from zones.filters import zone_filter

ALL = "all"
PUBLIC_STATUSES = [s for s in Space.Status.choices if s[0] != Space.Status.WITHDRAWN]
# (kind is land?, tenure) → the price field that sort=price orders by.
PRICE_FIELDS = {
    (True, Space.Tenure.TRANSFER): "land_price",
    (True, Space.Tenure.LEASE): "land_price",
    (False, Space.Tenure.LEASE): "rent",
    (False, Space.Tenure.SALE): "sale_price",
}


def listed_statuses(status: str) -> tuple[str, ...]:
    """The statuses a `status` value lists: absent, those on offer; `all`, every one but withdrawn."""
    if status == ALL:
        return tuple(value for value, _label in PUBLIC_STATUSES)
    if status:
        return (status,)
    return tuple(Space.OFFERED_STATUSES)


def price_field(kind: str, tenure: str) -> str | None:
    if not kind or not tenure:
        return None
    return PRICE_FIELDS.get((kind == Space.Kind.LAND, tenure))


def _number(label, help_text=None, places=2, digits=12):
    return django_filters.NumberFilter(
        label=label,
        method="filter_number",
        min_value=Decimal("0"),
        max_digits=digits,
        decimal_places=places,
        help_text=help_text,
    )


class SpaceFilterForm(DirectoryFilterForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_area"), cleaned.get("max_area")
        if low is not None and high is not None and low > high:
            self.add_error("max_area", _("The maximum must not be smaller than the minimum."))
        if cleaned.get("sort") == "price" and "kind" not in self.errors and "tenure" not in self.errors:
            kind, tenure = cleaned.get("kind"), cleaned.get("tenure")
            if not kind or not tenure:
                self.add_error(
                    "sort",
                    _(
                        "To sort by price, choose a kind of space and a tenure first: prices per mu, "
                        "per m² and month and per m² do not compare."
                    ),
                )
            elif not price_field(kind, tenure):
                self.add_error("sort", _("There is no price for this kind of space on these terms."))
        return cleaned


class SpaceFilter(DirectoryFilterSet):
    search_help = _("Name, address, operator or summary")
    # field each numeric parameter compares, with >= or <=
    NUMBERS = {
        "min_area": ("area_m2", "gte"),
        "max_area": ("area_m2", "lte"),
        "min_power_kva": ("power_kva", "gte"),
        "min_height_m": ("clear_height_m", "gte"),
        "min_load_kn": ("floor_load_kn", "gte"),
    }
    PRICE_LABEL = _("Lowest price (with kind and terms)")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Space.Kind.choices, empty_label=_("All kinds"))
    zone = zone_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[*PUBLIC_STATUSES, (ALL, _("All statuses"))],
        empty_label=_("Available or in talks"),
    )
    chain = industry_filter()
    chain.method = "filter_chain"  # spaces point to industries through target_industries, see filter_chain
    min_area = _number(_("Area from (m²)"), help_text=_("Land converted: 1 mu = 666.67 m²"))
    max_area = _number(_("Area up to (m²)"))
    min_power_kva = _number(_("Power at least (kVA)"), places=0, digits=10)
    min_height_m = _number(_("Clear height at least (m)"), places=1, digits=5)
    min_load_kn = _number(_("Floor load at least (kN/m²)"), places=1, digits=6)
    tenure = django_filters.ChoiceFilter(
        label=_("Terms"), method="filter_tenure", choices=Space.Tenure.choices, empty_label=_("Any terms")
    )
    sort = SortFilter(
        {
            "newest": (_("Newest on the register"), SpaceQuerySet.newest_first),
            "area": (_("Smallest area"), (F("area_m2").asc(nulls_last=True), "id")),
            "area_desc": (_("Largest area"), (F("area_m2").desc(nulls_last=True), "-id")),
            "price": (PRICE_LABEL, None),  # set per request in __init__: it depends on kind and tenure
        }
    )

    class Meta:
        model = Space
        fields = [
            "q",
            "kind",
            "zone",
            "status",
            "chain",
            "min_area",
            "max_area",
            "min_power_kva",
            "min_height_m",
            "min_load_kn",
            "tenure",
            "sort",
        ]
        form = SpaceFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        sort = self.filters["sort"]
        sort.sorts = {**sort.sorts, "price": (self.PRICE_LABEL, self.order_by_price)}
        for name in self.NUMBERS:
            self.form.fields[name].widget.attrs.update({"min": "0", "inputmode": "decimal"})

    def filter_number(self, queryset, name, value):
        field, lookup = self.NUMBERS[name]
        return queryset.filter(**{f"{field}__{lookup}": value})

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset(), since an absent status filters too

    def filter_chain(self, queryset, name, value):
        """Spaces meant for the industry, and those open to every industry (no target given)."""
        through = Space.target_industries.through.objects.filter(space=OuterRef("pk"))
        return queryset.filter(Q(Exists(through.filter(industry__slug=value))) | ~Exists(through))

    def filter_tenure(self, queryset, name, value):
        return queryset.offering(value)

    def filter_queryset(self, queryset):
        queryset = queryset.filter(status__in=listed_statuses(self.form.cleaned_data.get("status")))
        return super().filter_queryset(queryset)

    def order_by_price(self, queryset):
        cleaned = self.form.cleaned_data
        field = price_field(cleaned.get("kind"), cleaned.get("tenure"))
        # Undisclosed prices sort last whatever they hold, so the order reveals nothing.
        return queryset.order_by(f"-{field}_disclosed", F(field).asc(nulls_last=True), "id")
