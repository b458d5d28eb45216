"""Policies with their measures: /api/v1/policies/, /data/policies.csv|json, from one allow-list (api/common.py)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    PER_CENT,
    URL,
    YUAN_10K,
    AllowList,
    AmountSerializer,
    CurrentEnglishMixin,
    Dataset,
    Entry,
    IndustryRefSerializer,
    Openness,
    PageURLField,
    amount,
    english_out_of_date_field,
    labels,
    latest,
    span,
)
from api.dictionary import Note
from api.views import COMMON_RESPONSES, LIST_RESPONSES, DetailAPIView, DirectoryListAPIView
from policies.filters import PolicyFilter
from policies.models import Measure, Policy, Theme

POLICY_FIELDS = AllowList(
    "slug",
    URL,
    "title",
    "title_en",
    "document_number",
    "issuer",
    "issuer_en",
    "level",
    "level_name",
    "level_name_en",
    "published_on",
    "in_force_from",
    "in_force_until",
    "status",
    Entry("themes", ("themes", "themes.name_en")),  # lists: one cell each, "name; …" (api.datasets.cell)
    Entry("industries", ("industries", "industries.name_en")),
    "summary",
    "summary_en",
    "source_url",
    Entry("measures", ("measures", "measures.title_en")),  # their titles
    "last_verified_on",
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)
POLICIES = Policy.objects.public().prefetch_related(
    "themes", "industries", Prefetch("measures", queryset=Measure.objects.order_by("order", "id"))
)


class ThemeRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en"]


class MeasureSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    benefit_amount = serializers.SerializerMethodField()
    benefit_cap = serializers.SerializerMethodField()
    benefit_ratio = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "title",
            "title_en",
            "benefit",
            "benefit_en",
            "benefit_amount",
            "benefit_ratio",
            "benefit_cap",
            "no_application",
            "how_to_apply",
            "how_to_apply_en",
            "deadline",
            "department",
            "department_en",
            "contact",
            "english_out_of_date",
        ]

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_benefit_amount(self, measure):
        return amount(measure.benefit_amount, YUAN_10K)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_benefit_cap(self, measure):
        return amount(measure.benefit_cap, YUAN_10K)

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_benefit_ratio(self, measure):
        return amount(measure.benefit_ratio, PER_CENT)


class PolicySerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    url = PageURLField()
    themes = ThemeRefSerializer(many=True)
    industries = IndustryRefSerializer(many=True)
    level_name = serializers.SerializerMethodField()
    level_name_en = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True)

    class Meta:
        model = Policy
        fields = POLICY_FIELDS.fields

    def get_level_name(self, policy) -> str:
        return labels(Policy.Level.choices, policy.level)[0]

    def get_level_name_en(self, policy) -> str:
        return labels(Policy.Level.choices, policy.level)[1]

    def get_status(self, policy) -> str:
        """`in_force`, `expiring`, `expired` or `not_yet`, on today's date."""
        return str(policy.status)


@extend_schema_view(get=extend_schema(responses={200: PolicySerializer(many=True), **LIST_RESPONSES}))
class PolicyList(DirectoryListAPIView):
    """Policies with their measures, filtered and sorted as /policies/ (in force by default)."""

    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    queryset = POLICIES


@extend_schema_view(get=extend_schema(responses={200: PolicySerializer, **COMMON_RESPONSES}))
class PolicyDetail(DetailAPIView):
    serializer_class = PolicySerializer
    queryset = POLICIES


POLICY_DATASET = Dataset(
    name="policies",
    openness=Openness.UNCONDITIONAL,
    title=_("Policies"),
    description=_(
        "Policy documents that apply in the zone (document number, issuer, level, dates in force, themes, "
        "industries) with their measures; in force by default, like the list."
    ),
    queryset=POLICIES,
    serializer=PolicySerializer,
    allow_list=POLICY_FIELDS,
    filterset_class=PolicyFilter,
    api_list="api:policy-list",
    html_list="policies:list",
    modified=latest(Policy.objects.public(), "updated_at"),
    keywords=(_("policies"), _("support measures"), _("eligibility")),
    dictionary={
        "status": Note(
            label=_("status on the day of the download"),
            type="code",
            empty="",
        )
    },
    themes=("GOVE", "ECON"),
    temporal=span(Policy.objects.public(), "published_on"),
    industries="industries",
)
