"""Signed projects: /api/v1/projects/, /data/projects.csv|json, from one allow-list (api/common.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    MU,
    SQUARE_METRES,
    URL,
    YUAN_100M,
    AllowList,
    AmountSerializer,
    CurrentEnglishMixin,
    Dataset,
    IndustryRefSerializer,
    InvestmentSerializer,
    Openness,
    PageURLField,
    PreciseDateField,
    ZoneRefSerializer,
    amount,
    api_only,
    english_out_of_date_field,
    labels,
    latest,
    span,
)
from api.views import COMMON_RESPONSES, LIST_RESPONSES, DetailAPIView, DirectoryListAPIView
from projects.filters import ProjectFilter
from projects.models import Project

PROJECT_FIELDS = AllowList(
    "code",
    "slug",
    URL,
    "name",
    "name_en",
    "investor",
    "investor_en",
    ("zone", "slug", "name", "name_en"),
    ("industry", "slug", "name", "name_en"),
    "chain_node",
    ("investment", "value", "unit", "unit_en", "disclosed"),
    "signed_on",
    api_only("signed_on_precision"),
    "stage",
    "stage_name",
    "stage_name_en",
    "status",
    api_only("status_name"),
    api_only("status_name_en"),
    "started_on",
    api_only("started_on_precision"),
    "production_on",
    api_only("production_on_precision"),
    ("land", "value", "unit", "unit_en"),
    ("floor_area", "value", "unit", "unit_en"),
    "summary",
    "summary_en",
    "last_verified_on",
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)
PROJECTS = Project.objects.public().select_related("zone", "industry")


class ProjectSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
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
    investment = serializers.SerializerMethodField()
    signed_on = PreciseDateField()
    started_on = PreciseDateField()
    production_on = PreciseDateField()
    land = serializers.SerializerMethodField()
    floor_area = serializers.SerializerMethodField()
    stage_name = serializers.SerializerMethodField()
    stage_name_en = serializers.SerializerMethodField()
    status_name = serializers.SerializerMethodField()
    status_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = PROJECT_FIELDS.fields

    @extend_schema_field(InvestmentSerializer)
    def get_investment(self, project):
        disclosed = project.investment_disclosed and project.investment is not None
        value = format(project.investment, "f") if disclosed else None
        return {"value": value, "unit": YUAN_100M[0], "unit_en": YUAN_100M[1], "disclosed": disclosed}

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_land(self, project):
        return amount(project.land_mu, MU)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_floor_area(self, project):
        return amount(project.floor_area_m2, SQUARE_METRES)

    def get_stage_name(self, project) -> str:
        return labels(Project.Stage.choices, project.stage)[0]

    def get_stage_name_en(self, project) -> str:
        return labels(Project.Stage.choices, project.stage)[1]

    def get_status_name(self, project) -> str:
        return labels(Project.Status.choices, project.status)[0]

    def get_status_name_en(self, project) -> str:
        return labels(Project.Status.choices, project.status)[1]


@extend_schema_view(get=extend_schema(responses={200: ProjectSerializer(many=True), **LIST_RESPONSES}))
class ProjectList(DirectoryListAPIView):
    """Signed projects, filtered and sorted as /projects/."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    queryset = PROJECTS


@extend_schema_view(get=extend_schema(responses={200: ProjectSerializer, **COMMON_RESPONSES}))
class ProjectDetail(DetailAPIView):
    serializer_class = ProjectSerializer
    queryset = PROJECTS


PROJECT_DATASET = Dataset(
    name="projects",
    openness=Openness.UNCONDITIONAL,
    title=_("Signed projects"),
    description=_(
        "Investment projects the zone has signed: name, investor, industry and chain link, zone, total "
        "investment (empty when it has not been disclosed), the dates of signing, construction start and "
        "production start as precisely as the source gives them, stage, land and floor area."
    ),
    keywords=(_("investment"), _("signed projects"), _("investment promotion")),
    themes=("ECON",),
    frequency="UPDATE_CONT",
    temporal=span(Project.objects.public(), "signed_on", "signed_on_precision"),
    industries="industry",
    zoned=True,
    amounts={
        "investment": ("investment", YUAN_100M),
        "land": ("land_mu", MU),
        "floor_area": ("floor_area_m2", SQUARE_METRES),
    },
    queryset=PROJECTS,
    serializer=ProjectSerializer,
    allow_list=PROJECT_FIELDS,
    filterset_class=ProjectFilter,
    api_list="api:project-list",
    html_list="projects:list",
    modified=latest(Project.objects.public(), "updated_at"),
)
