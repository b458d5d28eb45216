"""The reference tables: zones, the industry system, the report card's indicators, innovation platforms.

Small tables served whole (``ReferenceList``: every row, in its order, unpaginated); each with its
serializer, views and dataset, published from one allow-list (api/common.py).
"""

import datetime

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    SQUARE_KM,
    AllowList,
    AmountSerializer,
    CurrentEnglishMixin,
    Dataset,
    Entry,
    IndustryRefSerializer,
    Openness,
    Series,
    ZoneRefSerializer,
    amount,
    api_only,
    english_out_of_date_field,
    labels,
    latest,
)
from api.dictionary import Note
from api.views import COMMON_RESPONSES, DetailAPIView, ReferenceList
from core.dates import DatePrecision
from core.directory import lookup_for
from industries.models import ChainNode, Industry
from portal.models import Indicator, period_years
from zones.models import Platform, Zone

# --- Zones ----------------------------------------------------------------------------------------

# A zone's boundary (core/geojson.py): an RFC 7946 Polygon or MultiPolygon, WGS 84 [longitude, latitude].
_POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3}
_POLYGON = {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 4, "items": _POSITION}}
BOUNDARY_SCHEMA = {
    "nullable": True,
    "description": (
        "The zone's boundary as an RFC 7946 geometry, a Polygon or a MultiPolygon in WGS 84 "
        "[longitude, latitude]: closed rings, outer rings counter-clockwise, holes clockwise. "
        "null while staff have drawn none."
    ),
    "oneOf": [
        {
            "type": "object",
            "title": "Polygon",
            "properties": {"type": {"type": "string", "enum": ["Polygon"]}, "coordinates": _POLYGON},
            "required": ["type", "coordinates"],
        },
        {
            "type": "object",
            "title": "MultiPolygon",
            "properties": {
                "type": {"type": "string", "enum": ["MultiPolygon"]},
                "coordinates": {"type": "array", "minItems": 1, "items": _POLYGON},
            },
            "required": ["type", "coordinates"],
        },
    ],
}

ZONE_FIELDS = AllowList(
    "slug",
    "name",
    "name_en",
    "full_name",
    "full_name_en",
    "positioning",
    "positioning_en",
    api_only("description"),
    api_only("description_en"),
    ("area", "value", "unit", "unit_en"),
    ENGLISH_OUT_OF_DATE,
    api_only("boundary"),  # the zones' own GeoJSON (api/geo.py) carries it
)
ZONES = Zone.objects.ordered()


class ZoneSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    area = serializers.SerializerMethodField()
    boundary = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ZONE_FIELDS.fields

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_area(self, zone):
        return amount(zone.area_km2, SQUARE_KM)

    @extend_schema_field(BOUNDARY_SCHEMA)
    def get_boundary(self, zone):
        return zone.boundary


@extend_schema_view(get=extend_schema(responses={200: ZoneSerializer(many=True), **COMMON_RESPONSES}))
class ZoneList(ReferenceList):
    """The three zones of 北智中居南创."""

    serializer_class = ZoneSerializer
    queryset = ZONES


@extend_schema_view(get=extend_schema(responses={200: ZoneSerializer, **COMMON_RESPONSES}))
class ZoneDetail(DetailAPIView):
    serializer_class = ZoneSerializer
    queryset = ZONES

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["key"])


ZONE_DATASET = Dataset(
    name="zones",
    openness=Openness.UNCONDITIONAL,
    title=_("Zones"),
    description=_(
        "The three zones of the development zone, north, central and south (北智中居南创): their names in "
        "both languages, positioning, description, area in square kilometres and, where staff have drawn "
        "one, their boundary as GeoJSON."
    ),
    keywords=(_("zones"), _("spatial planning"), _("development zone")),
    themes=("REGI",),
    zoned=True,
    amounts={"area": ("area_km2", SQUARE_KM)},
    dictionary={"boundary": Note(type="object", empty=_("no boundary drawn yet"))},
    queryset=ZONES,
    serializer=ZoneSerializer,
    allow_list=ZONE_FIELDS,
    api_list="api:zone-list",
    html_list="zones:list",
    geojson_view="data-zones-geojson",
    geojson_note=_(
        "GeoJSON: only the zones whose boundary staff have drawn, as polygons (WGS 84 longitude/latitude); "
        "a zone without one is left out."
    ),
)

# --- Industries and their chains -------------------------------------------------------------------

# A chain's link: the industry's own list of links, in order; `parent` is the id of the link it is part
# of. Whether a link is present in the zone is derived on the pages (from the published enterprises and
# projects on it) and not published here.
CHAIN_NODE_FIELDS = [
    "id",
    "stage",
    "stage_name",
    "stage_name_en",
    "name",
    "name_en",
    "parent",
    "order",
    "is_target",
    "target_kind",
    "target_brief",
    "target_brief_en",
    "is_demo",
    "english_out_of_date",
]


class StageNamesMixin:
    """A chain link's stage as its code and its label in both languages."""

    def get_stage_name(self, node) -> str:
        return labels(ChainNode.Stage.choices, node.stage)[0]

    def get_stage_name_en(self, node) -> str:
        return labels(ChainNode.Stage.choices, node.stage)[1]


class ChainNodeSerializer(StageNamesMixin, CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    stage_name = serializers.SerializerMethodField()
    stage_name_en = serializers.SerializerMethodField()
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the link this sub-link is part of; null for a top link."
    )

    class Meta:
        model = ChainNode
        fields = CHAIN_NODE_FIELDS


INDUSTRY_FIELDS = AllowList(
    "slug",
    "name",
    "name_en",
    "category",
    "category_name",
    "category_name_en",
    api_only("description"),
    api_only("description_en"),
    api_only("chain_nodes"),  # the targets have their own dataset, with a CSV
    ENGLISH_OUT_OF_DATE,
)
INDUSTRIES = Industry.objects.order_by("order", "id").prefetch_related(
    Prefetch("chain_nodes", queryset=ChainNode.objects.order_by("order", "id"))
)


class IndustrySerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    category_name = serializers.SerializerMethodField()
    category_name_en = serializers.SerializerMethodField()
    chain_nodes = ChainNodeSerializer(many=True, read_only=True)

    class Meta:
        model = Industry
        fields = INDUSTRY_FIELDS.fields

    def get_category_name(self, industry) -> str:
        return labels(Industry.Category.choices, industry.category)[0]

    def get_category_name_en(self, industry) -> str:
        return labels(Industry.Category.choices, industry.category)[1]


@extend_schema_view(get=extend_schema(responses={200: IndustrySerializer(many=True), **COMMON_RESPONSES}))
class IndustryList(ReferenceList):
    """The industry system 一智三新五链, each industry with the links of its chain (产业链环节)."""

    serializer_class = IndustrySerializer
    queryset = INDUSTRIES


INDUSTRY_DATASET = Dataset(
    name="industries",
    openness=Openness.UNCONDITIONAL,
    title=_("Industry system"),
    description=_(
        "The zone's industry system 一智三新五链: intelligent manufacturing at its core, three new industries, "
        "five industry chains and producer services, each with its category, its description and the "
        "upstream, midstream and downstream links of its chain."
    ),
    keywords=(_("industry system"), _("industry chains"), _("intelligent manufacturing")),
    themes=("ECON", "TECH"),
    industries="pk",
    queryset=INDUSTRIES,
    serializer=IndustrySerializer,
    allow_list=INDUSTRY_FIELDS,
    api_list="api:industry-list",
    html_list="industries:list",
)

# --- Investment targets ----------------------------------------------------------------------------

TARGET_FIELDS = AllowList(
    "id",
    ("industry", "slug", "name", "name_en"),
    "stage",
    "stage_name",
    "stage_name_en",
    "name",
    "name_en",
    "parent",
    "target_kind",
    "target_kind_name",
    "target_kind_name_en",
    "target_brief",
    "target_brief_en",
    "is_demo",
    Entry("inquiry_url", ("inquiry_url",), last=True),
    ENGLISH_OUT_OF_DATE,
)
TARGETS = (
    ChainNode.objects.filter(is_target=True)
    .select_related("industry")
    .order_by("industry__order", "industry_id", "order", "id")
)


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "description": "The inquiry form pre-filled with this target's industry and link (“tell us you can fill "
        "this”), as an absolute URL on the scheme and host the request was made to.",
    }
)
class InquiryURLField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, node):
        query = urlencode({"industry": node.industry.slug, "node": node.pk})
        return self.context["request"].build_absolute_uri(f"{reverse('inquiries:form')}?{query}")


class TargetSerializer(StageNamesMixin, CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    industry = IndustryRefSerializer()
    stage_name = serializers.SerializerMethodField()
    stage_name_en = serializers.SerializerMethodField()
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the link this sub-link is part of; null for a top link."
    )
    target_kind_name = serializers.SerializerMethodField()
    target_kind_name_en = serializers.SerializerMethodField()
    inquiry_url = InquiryURLField()

    class Meta:
        model = ChainNode
        fields = TARGET_FIELDS.fields

    def get_target_kind_name(self, node) -> str:
        return labels(ChainNode.TargetKind.choices, node.target_kind)[0]

    def get_target_kind_name_en(self, node) -> str:
        return labels(ChainNode.TargetKind.choices, node.target_kind)[1]


@extend_schema_view(get=extend_schema(responses={200: TargetSerializer(many=True), **COMMON_RESPONSES}))
class TargetList(ReferenceList):
    """The zone's investment targets (招商目标) across all chains: links it seeks firms to fill, strengthen
    or extend, each with its brief and the pre-filled inquiry form."""

    serializer_class = TargetSerializer
    queryset = TARGETS


@extend_schema_view(get=extend_schema(responses={200: TargetSerializer, **COMMON_RESPONSES}))
class TargetDetail(DetailAPIView):
    """One investment target, by its id (the chain link's id)."""

    serializer_class = TargetSerializer
    queryset = TARGETS

    def get_object(self):
        lookup = lookup_for(self.kwargs["key"])
        if "pk" not in lookup:  # a target has no slug
            raise Http404
        return get_object_or_404(self.get_queryset(), **lookup)


TARGET_DATASET = Dataset(
    name="targets",
    openness=Openness.UNCONDITIONAL,
    title=_("Investment targets"),
    description=_(
        "The links of the industry chains the zone is looking for firms to fill, strengthen or extend "
        "(招商目标), with what kind of firm is sought and the address of the pre-filled inquiry form."
    ),
    queryset=TARGETS,
    serializer=TargetSerializer,
    allow_list=TARGET_FIELDS,
    api_list="api:target-list",
    html_list="industries:targets",
    modified=latest(ChainNode.objects.filter(is_target=True), "updated_at"),
    keywords=(_("investment targets"), _("industry chains"), _("investment promotion")),
    dictionary={"inquiry_url": Note(label=_("inquiry form address"), type="uri", empty="")},
    themes=("ECON",),
    industries="industry",
)

# --- Indicators -----------------------------------------------------------------------------------

INDICATOR_FIELDS = AllowList(
    api_only("id"),
    "label",
    "label_en",
    "value",
    "is_lower_bound",
    "unit",
    "unit_en",
    "period",
    "period_en",
    "source",
    "source_en",
    ENGLISH_OUT_OF_DATE,
)
INDICATORS = Indicator.objects.public().order_by("order", "id")


def indicator_periods() -> list[tuple[int, int]]:
    """Each year of the report card, oldest first, with the first year its figures cover
    (portal.models.period_years)."""
    first_by_year: dict[int, int] = {}
    for period in Indicator.objects.public().values_list("period", flat=True):
        years = period_years(period)
        if years:
            first_by_year[years[1]] = min(years[0], first_by_year.get(years[1], years[0]))
    return sorted((year, first) for year, first in first_by_year.items())


def indicator_span():
    """The report card's temporal coverage: from the first year any period names to the last, as years."""
    periods = indicator_periods()
    if not periods:
        return None
    return (datetime.date(min(first for _year, first in periods), 1, 1), DatePrecision.YEAR), (
        datetime.date(periods[-1][0], 1, 1),
        DatePrecision.YEAR,
    )


class IndicatorFilter(django_filters.FilterSet):
    """The figures of one year's report card (the dataset series' members: /data/indicators.csv?year=2022)."""

    year = django_filters.NumberFilter(
        method="reported_in",
        label=_("year"),
        min_value=1900,
        max_value=2100,
        help_text=_("The year of the report card: the figures whose period ends in it."),
    )

    class Meta:
        model = Indicator
        fields = []

    def reported_in(self, queryset, name, value):
        return queryset.reported_in(int(value))


class IndicatorSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    value = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS.fields

    def get_value(self, indicator) -> str:
        """A decimal string without trailing zeros (752, 1.5)."""
        return indicator.display_value


@extend_schema_view(get=extend_schema(responses={200: IndicatorSerializer(many=True), **COMMON_RESPONSES}))
class IndicatorList(ReferenceList):
    """The report card's published figures, with unit, period and source."""

    serializer_class = IndicatorSerializer
    queryset = INDICATORS


INDICATOR_DATASET = Dataset(
    name="indicators",
    openness=Openness.UNCONDITIONAL,
    title=_("Report-card indicators"),
    description=_(
        "The figures of the zone's report card (成绩单), such as projects signed, total investment signed, "
        "robots and digital renovations, each with its value, unit, the period it covers and its source; "
        "also published year by year as a series."
    ),
    keywords=(_("report card"), _("indicators"), _("statistics")),
    dictionary={"value": Note(unit=("见 unit 列", "given in the unit column"))},
    themes=("ECON", "GOVE"),
    frequency="ANNUAL",
    temporal=indicator_span,
    filterset_class=IndicatorFilter,
    series=Series(
        title=_("Report-card indicators by year"),
        description=_(
            "The zone's report card year by year: each year's dataset holds the figures reported for that "
            "year (their period ends in it), each with its value, unit, the period it covers and its source."
        ),
        periods=indicator_periods,
    ),
    queryset=INDICATORS,
    serializer=IndicatorSerializer,
    allow_list=INDICATOR_FIELDS,
    api_list="api:indicator-list",
    modified=latest(Indicator.history.all(), "history_date"),
)

# --- Platforms ------------------------------------------------------------------------------------

PLATFORM_FIELDS = AllowList(
    "slug",
    "name",
    "name_en",
    "kind",
    "kind_name",
    "kind_name_en",
    ("zone", "slug"),
    "opened_year",
    "recognition",
    "recognition_en",
    "summary",
    "summary_en",
    ENGLISH_OUT_OF_DATE,
)
PLATFORMS = Platform.objects.public().select_related("zone").order_by("order", "id")


class PlatformSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    zone = ZoneRefSerializer(allow_null=True)
    kind_name = serializers.SerializerMethodField()
    kind_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = PLATFORM_FIELDS.fields

    def get_kind_name(self, platform) -> str:
        return labels(Platform.Kind.choices, platform.kind)[0]

    def get_kind_name_en(self, platform) -> str:
        return labels(Platform.Kind.choices, platform.kind)[1]


@extend_schema_view(get=extend_schema(responses={200: PlatformSerializer(many=True), **COMMON_RESPONSES}))
class PlatformList(ReferenceList):
    """Published innovation platforms."""

    serializer_class = PlatformSerializer
    queryset = PLATFORMS


PLATFORM_DATASET = Dataset(
    name="platforms",
    openness=Openness.UNCONDITIONAL,
    title=_("Innovation platforms"),
    description=_(
        "Innovation platforms in the zone, such as R&D centres, new-type research institutions, incubators "
        "and accelerators: name, kind, zone, the year it opened, its recognition (a provincial title, for "
        "example) and a public summary."
    ),
    keywords=(_("innovation platforms"), _("research and development"), _("incubators")),
    themes=("TECH",),
    zoned=True,
    queryset=PLATFORMS,
    serializer=PlatformSerializer,
    allow_list=PLATFORM_FIELDS,
    api_list="api:platform-list",
)
