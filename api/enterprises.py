"""Enterprises in the zone: /api/v1/enterprises/, /data/enterprises.csv|json, from one allow-list (api/common.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    URL,
    AllowList,
    CurrentEnglishMixin,
    Dataset,
    Entry,
    GridRefSerializer,
    IndustryRefSerializer,
    Openness,
    PageURLField,
    ZoneRefSerializer,
    api_only,
    english_out_of_date_field,
    labels,
    latest,
)
from api.views import COMMON_RESPONSES, LIST_RESPONSES, DetailAPIView, DirectoryListAPIView
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise, Recognition

ENTERPRISE_FIELDS = AllowList(
    "slug",
    URL,
    "name",
    "name_en",
    "short_name",
    "credit_code",
    ("zone", "slug", "name", "name_en"),
    ("industry", "slug", "name", "name_en"),
    "chain_node",
    "lead_of",
    ("grid", "number"),
    "founded_year",
    "website",
    "listing_status",
    "listing_status_name",
    "listing_status_name_en",
    "exchange",
    api_only("exchange_name"),
    api_only("exchange_name_en"),
    "listed_on",
    Entry(
        "recognitions", ("recognitions", "recognitions.name_en")
    ),  # one cell each: "name year; …" (api.datasets.cell)
    "summary",
    "summary_en",
    "last_verified_on",
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)
ENTERPRISES = (
    Enterprise.objects.public()
    .select_related("zone", "industry", "grid", "lead_of")
    .prefetch_related("recognitions__kind")
)


class RecognitionSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="kind.slug")
    name = serializers.CharField(source="kind.name")
    name_en = serializers.CharField(source="kind.name_en")
    level_name = serializers.SerializerMethodField()
    level_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Recognition
        fields = ["slug", "name", "name_en", "level", "level_name", "level_name_en", "year"]

    def to_representation(self, recognition):
        data = super().to_representation(recognition)
        if "name_en" in (recognition.kind.english_out_of_date or ()):  # the type's English, out of date
            data["name_en"] = ""
        return data

    def get_level_name(self, recognition) -> str:
        return labels(Recognition.Level.choices, recognition.level)[0]

    def get_level_name_en(self, recognition) -> str:
        return labels(Recognition.Level.choices, recognition.level)[1]


class EnterpriseSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    url = PageURLField()
    zone = ZoneRefSerializer()
    industry = IndustryRefSerializer()
    chain_node = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The id of the link of its industry's chain it works on (the industry's `chain_nodes` in "
        "/api/v1/industries/); null when not known.",
    )
    lead_of = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the industry whose chain the zone names this enterprise the lead firm (链主) of; "
        "null when none.",
    )
    grid = GridRefSerializer(allow_null=True)
    recognitions = RecognitionSerializer(many=True)
    listing_status_name = serializers.SerializerMethodField()
    listing_status_name_en = serializers.SerializerMethodField()
    exchange_name = serializers.SerializerMethodField()
    exchange_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS.fields

    def get_listing_status_name(self, enterprise) -> str:
        return labels(Enterprise.ListingStatus.choices, enterprise.listing_status)[0]

    def get_listing_status_name_en(self, enterprise) -> str:
        return labels(Enterprise.ListingStatus.choices, enterprise.listing_status)[1]

    def get_exchange_name(self, enterprise) -> str:
        return labels(Enterprise.Exchange.choices, enterprise.exchange)[0]

    def get_exchange_name_en(self, enterprise) -> str:
        return labels(Enterprise.Exchange.choices, enterprise.exchange)[1]


@extend_schema_view(get=extend_schema(responses={200: EnterpriseSerializer(many=True), **LIST_RESPONSES}))
class EnterpriseList(DirectoryListAPIView):
    """Enterprises in the zone, filtered and sorted as /enterprises/."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    queryset = ENTERPRISES


@extend_schema_view(get=extend_schema(responses={200: EnterpriseSerializer, **COMMON_RESPONSES}))
class EnterpriseDetail(DetailAPIView):
    serializer_class = EnterpriseSerializer
    queryset = ENTERPRISES


ENTERPRISE_DATASET = Dataset(
    name="enterprises",
    openness=Openness.UNCONDITIONAL,
    title=_("Enterprises"),
    description=_(
        "Companies located in the zone: name and short name, unified social credit code, industry and chain "
        "link, zone, service grid, year founded, website, listing status with exchange and date, recognitions "
        "such as high-tech enterprise or future factory, and a public summary."
    ),
    keywords=(_("enterprises"), _("companies in the zone"), _("industry chains")),
    themes=("ECON",),
    frequency="UPDATE_CONT",
    industries="industry",
    zoned=True,
    queryset=ENTERPRISES,
    serializer=EnterpriseSerializer,
    allow_list=ENTERPRISE_FIELDS,
    filterset_class=EnterpriseFilter,
    api_list="api:enterprise-list",
    html_list="enterprises:list",
    modified=latest(Enterprise.objects.public(), "updated_at"),
)
