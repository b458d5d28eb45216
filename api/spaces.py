"""Space on offer: /api/v1/spaces/, /data/spaces.csv|json|geojson, from one allow-list (api/common.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    KN_PER_M2,
    KVA,
    METRES,
    MU,
    SQUARE_METRES,
    URL,
    YUAN_10K_PER_MU,
    YUAN_10K_PER_MU_YEAR,
    YUAN_PER_M2,
    YUAN_PER_M2_MONTH,
    AllowList,
    AmountSerializer,
    CurrentEnglishMixin,
    Dataset,
    Entry,
    IndustryRefSerializer,
    InvestmentSerializer,
    Openness,
    PageURLField,
    ZoneRefSerializer,
    amount,
    api_only,
    english_out_of_date_field,
    labels,
    latest,
    priced,
)
from api.views import COMMON_RESPONSES, LIST_RESPONSES, DetailAPIView, DirectoryListAPIView
from spaces.filters import SpaceFilter
from spaces.models import Space, SpaceStatusLog

SPACE_FIELDS = AllowList(
    "code",
    "slug",
    URL,
    "name",
    "name_en",
    "kind",
    "kind_name",
    "kind_name_en",
    ("zone", "slug", "name", "name_en"),
    "address",
    "address_en",
    "status",
    "status_name",
    "status_name_en",
    "available_from",
    ("area", "value"),
    ("land_area", "value"),
    ("floor_area", "value"),
    ("clear_height", "value"),
    ("floor_load", "value"),
    ("power", "value"),
    "offers_lease",
    "offers_sale",
    "offers_transfer",
    ("rent", "value", "unit", "unit_en"),
    ("sale_price", "value", "unit", "unit_en"),
    ("land_price", "value", "unit", "unit_en"),
    Entry("target_industries", ("target_industries", "target_industries.name_en")),  # "name; …" (api.datasets.cell)
    ("min_investment_intensity", "value"),
    ("min_tax_per_mu", "value"),
    ("min_value_added_per_mu", "value"),
    "bar_years",
    "operator",
    "operator_en",
    "summary",
    "summary_en",
    "latitude",
    "longitude",
    api_only("status_log"),
    "last_verified_on",
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)
# Withdrawn spaces are off the register (as on /spaces/<slug>/).
SPACES = (
    Space.objects.public()
    .exclude(status=Space.Status.WITHDRAWN)
    .select_related("zone")
    .prefetch_related("target_industries", "status_log")
)


class SpaceStatusChangeSerializer(serializers.ModelSerializer):
    changed_on = serializers.SerializerMethodField()

    class Meta:
        model = SpaceStatusLog
        fields = ["to_status", "changed_on", "date_precision"]

    @extend_schema_field(
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "description": "ISO 8601 at `date_precision`"}
    )
    def get_changed_on(self, entry):
        """2021, 2021-06 or 2021-06-01, as precise as the source (`date_precision`)."""
        text = entry.changed_on.isoformat()
        return {SpaceStatusLog.Precision.YEAR: text[:4], SpaceStatusLog.Precision.MONTH: text[:7]}.get(
            entry.date_precision, text
        )


class SpaceSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    url = PageURLField()
    zone = ZoneRefSerializer()
    target_industries = IndustryRefSerializer(many=True)
    kind_name = serializers.SerializerMethodField()
    kind_name_en = serializers.SerializerMethodField()
    status_name = serializers.SerializerMethodField()
    status_name_en = serializers.SerializerMethodField()
    area = serializers.SerializerMethodField()
    land_area = serializers.SerializerMethodField()
    floor_area = serializers.SerializerMethodField()
    rent = serializers.SerializerMethodField()
    sale_price = serializers.SerializerMethodField()
    land_price = serializers.SerializerMethodField()
    clear_height = serializers.SerializerMethodField()
    floor_load = serializers.SerializerMethodField()
    power = serializers.SerializerMethodField()
    min_investment_intensity = serializers.SerializerMethodField()
    min_tax_per_mu = serializers.SerializerMethodField()
    min_value_added_per_mu = serializers.SerializerMethodField()
    status_log = SpaceStatusChangeSerializer(many=True)

    class Meta:
        model = Space
        fields = SPACE_FIELDS.fields

    def get_kind_name(self, space) -> str:
        return labels(Space.Kind.choices, space.kind)[0]

    def get_kind_name_en(self, space) -> str:
        return labels(Space.Kind.choices, space.kind)[1]

    def get_status_name(self, space) -> str:
        return labels(Space.Status.choices, space.status)[0]

    def get_status_name_en(self, space) -> str:
        return labels(Space.Status.choices, space.status)[1]

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_area(self, space):
        return amount(space.area_m2, SQUARE_METRES)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_land_area(self, space):
        return amount(space.area_mu, MU)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_floor_area(self, space):
        return amount(space.floor_area_m2, SQUARE_METRES)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_clear_height(self, space):
        return amount(space.clear_height_m, METRES)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_floor_load(self, space):
        return amount(space.floor_load_kn, KN_PER_M2)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_power(self, space):
        return amount(space.power_kva, KVA)

    @extend_schema_field(InvestmentSerializer)
    def get_rent(self, space):
        return priced(space.rent, space.rent_disclosed, YUAN_PER_M2_MONTH)

    @extend_schema_field(InvestmentSerializer)
    def get_sale_price(self, space):
        return priced(space.sale_price, space.sale_price_disclosed, YUAN_PER_M2)

    @extend_schema_field(InvestmentSerializer)
    def get_land_price(self, space):
        return priced(space.land_price, space.land_price_disclosed, YUAN_10K_PER_MU)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_min_investment_intensity(self, space):
        return amount(space.min_investment_intensity, YUAN_10K_PER_MU)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_min_tax_per_mu(self, space):
        return amount(space.min_tax_per_mu, YUAN_10K_PER_MU_YEAR)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_min_value_added_per_mu(self, space):
        return amount(space.min_value_added_per_mu, YUAN_10K_PER_MU_YEAR)


@extend_schema_view(get=extend_schema(responses={200: SpaceSerializer(many=True), **LIST_RESPONSES}))
class SpaceList(DirectoryListAPIView):
    """Space on offer, filtered and sorted as /spaces/ (available and in talks by default)."""

    serializer_class = SpaceSerializer
    filterset_class = SpaceFilter
    queryset = SPACES


@extend_schema_view(get=extend_schema(responses={200: SpaceSerializer, **COMMON_RESPONSES}))
class SpaceDetail(DetailAPIView):
    serializer_class = SpaceSerializer
    queryset = SPACES


SPACE_DATASET = Dataset(
    name="spaces",
    openness=Openness.UNCONDITIONAL,
    title=_("Space on offer"),
    description=_(
        "Land, factories, offices, incubator space and renewal sites: status, area, specifications, terms, "
        "disclosed prices and admission thresholds; available and in talks by default, like the list."
    ),
    queryset=SPACES,
    serializer=SpaceSerializer,
    allow_list=SPACE_FIELDS,
    filterset_class=SpaceFilter,
    api_list="api:space-list",
    html_list="spaces:list",
    modified=latest(Space.objects.public(), "updated_at"),
    keywords=(_("industrial land"), _("standard factories"), _("space for rent or sale")),
    themes=("ECON", "REGI"),
    frequency="UPDATE_CONT",
    industries="target_industries",
    zoned=True,
    amounts={
        "area": ("area_m2", SQUARE_METRES),
        "land_area": ("area_mu", MU),
        "floor_area": ("floor_area_m2", SQUARE_METRES),
        "clear_height": ("clear_height_m", METRES),
        "floor_load": ("floor_load_kn", KN_PER_M2),
        "power": ("power_kva", KVA),
        "rent": ("rent", YUAN_PER_M2_MONTH),
        "sale_price": ("sale_price", YUAN_PER_M2),
        "land_price": ("land_price", YUAN_10K_PER_MU),
        "min_investment_intensity": ("min_investment_intensity", YUAN_10K_PER_MU),
        "min_tax_per_mu": ("min_tax_per_mu", YUAN_10K_PER_MU_YEAR),
        "min_value_added_per_mu": ("min_value_added_per_mu", YUAN_10K_PER_MU_YEAR),
    },
    geojson=True,
    geojson_note=_(
        "GeoJSON: the spaces whose position is known, as points (WGS 84 longitude/latitude), with the list's filters."
    ),
)
