"""What the open-data API and the downloads publish: an explicit allow-list of fields per model.

Only what the public pages show is listed here. Internal notes, status reasons, personal data,
staff accounts (grid officers, who recorded a stage change), search columns and demo markers other
than ``is_demo`` never appear; tests/api/test_private_fields.py holds every serializer's field list
against its own allow-list (``ALLOWED``), so a field added to a model is private until it is added to
a serializer here and to that list.

Conventions (docs in the schema):
- Chinese and English side by side: ``name`` and ``name_en`` (empty when no English is kept, or when it
  is out of date: the Chinese changed after it, and ``english_out_of_date`` lists it, core.i18n).
- A choice is its code plus its label in both languages (``stage``, ``stage_name``, ``stage_name_en``).
- An amount is an object ``{"value": "12.50", "unit": "亿元", "unit_en": "100 million yuan"}`` with the
  value a decimal string; the investment adds ``disclosed`` and its value is null when undisclosed.
- Dates are ISO 8601 as precise as the source: ``2021``, ``2021-06`` or ``2021-06-01``, with the
  ``*_precision`` field beside them (``year``, ``month``, ``day``) where the model keeps one (a project's
  signing, construction and production dates; a space's status changes); other dates are full dates, and
  a year-only fact (founded, opened) is an integer year.
"""

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import iso
from enterprises.models import Enterprise, Recognition
from industries.models import Industry
from policies.models import Measure, Policy, Theme
from portal.models import Indicator
from projects.models import Project
from spaces.models import Space, SpaceStatusLog
from zones.models import Platform, ServiceGrid, Zone

YUAN_100M = ("亿元", "100 million yuan")
MU = ("亩", "mu")
SQUARE_METRES = ("平方米", "m²")
SQUARE_KM = ("平方千米", "km²")
YUAN_10K = ("万元", "10,000 yuan")
PER_CENT = ("%", "%")
METRES = ("米", "m")
KN_PER_M2 = ("千牛/平方米", "kN/m²")
KVA = ("千伏安", "kVA")
YUAN_PER_M2_MONTH = ("元/平方米·月", "yuan per m² and month")
YUAN_PER_M2 = ("元/平方米", "yuan per m²")
YUAN_10K_PER_MU = ("万元/亩", "10,000 yuan per mu")
YUAN_10K_PER_MU_YEAR = ("万元/亩·年", "10,000 yuan per mu and year")


# label object's id -> (the label, Chinese, English): switching the language twice per label and
# row was a fifth of a list's CPU. Holding the label keeps its id from being reused.
_TRANSLATED_LABELS: dict[int, tuple] = {}


def labels(choices, value) -> tuple[str, str]:
    """The label of `value` in Chinese and in English."""
    label = dict(choices).get(value, "")
    found = _TRANSLATED_LABELS.get(id(label))
    if found is None or found[0] is not label:
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            en = str(label)
        found = _TRANSLATED_LABELS[id(label)] = (label, zh, en)
    return found[1], found[2]


def priced(value, disclosed, unit) -> dict:
    """A price with its `disclosed` flag; the value is null unless disclosed."""
    shown = bool(disclosed) and value is not None
    return {"value": format(value, "f") if shown else None, "unit": unit[0], "unit_en": unit[1], "disclosed": shown}


def amount(value, unit) -> dict | None:
    if value is None:
        return None
    return {"value": format(value, "f"), "unit": unit[0], "unit_en": unit[1]}


class CurrentEnglishMixin:
    """An English field that is out of date (core.i18n: its Chinese changed since) is served empty, as
    one never written: a client falls back to the Chinese, as the site's English pages do."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in getattr(instance, "english_out_of_date", None) or ():
            if name in data:
                data[name] = ""
        return data


def english_out_of_date_field():
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The English fields (e.g. summary_en) served empty because the Chinese changed after the "
        "English was last edited; they return once an editor updates or confirms the English.",
    )


class AmountSerializer(serializers.Serializer):
    value = serializers.CharField(help_text='A decimal number as a string, e.g. "12.50".')
    unit = serializers.CharField(help_text="The unit in Chinese")
    unit_en = serializers.CharField(help_text="The unit in English")


class InvestmentSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="A decimal string; null when not disclosed.")
    unit = serializers.CharField()
    unit_en = serializers.CharField()
    disclosed = serializers.BooleanField()


class ZoneRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["slug", "name", "name_en"]


class IndustryRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["slug", "name", "name_en"]


class GridRefSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    class Meta:
        model = ServiceGrid
        fields = ["number", "name", "name_en"]


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


class ZoneSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    area = serializers.SerializerMethodField()
    boundary = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = [
            "slug",
            "name",
            "name_en",
            "full_name",
            "full_name_en",
            "positioning",
            "positioning_en",
            "description",
            "description_en",
            "area",
            "english_out_of_date",
            "boundary",
        ]

    @extend_schema_field(AmountSerializer(allow_null=True))
    def get_area(self, zone):
        return amount(zone.area_km2, SQUARE_KM)

    @extend_schema_field(BOUNDARY_SCHEMA)
    def get_boundary(self, zone):
        return zone.boundary


class IndustrySerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    category_name = serializers.SerializerMethodField()
    category_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Industry
        fields = [
            "slug",
            "name",
            "name_en",
            "category",
            "category_name",
            "category_name_en",
            "description",
            "description_en",
            "english_out_of_date",
        ]

    def get_category_name(self, industry) -> str:
        return labels(Industry.Category.choices, industry.category)[0]

    def get_category_name_en(self, industry) -> str:
        return labels(Industry.Category.choices, industry.category)[1]


class IndicatorSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    value = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
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
            "english_out_of_date",
        ]

    def get_value(self, indicator) -> str:
        """A decimal string without trailing zeros (752, 1.5)."""
        return indicator.display_value


class PlatformSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    zone = ZoneRefSerializer(allow_null=True)
    kind_name = serializers.SerializerMethodField()
    kind_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = [
            "slug",
            "name",
            "name_en",
            "kind",
            "kind_name",
            "kind_name_en",
            "zone",
            "opened_year",
            "recognition",
            "recognition_en",
            "summary",
            "summary_en",
            "english_out_of_date",
        ]

    def get_kind_name(self, platform) -> str:
        return labels(Platform.Kind.choices, platform.kind)[0]

    def get_kind_name_en(self, platform) -> str:
        return labels(Platform.Kind.choices, platform.kind)[1]


PRECISE_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "ISO 8601 as precise as the source: 2021, 2021-06 or 2021-06-01 (the `*_precision` "
    "field beside it says which); null when not published.",
}


@extend_schema_field(PRECISE_DATE_SCHEMA)
class PreciseDateField(serializers.Field):
    """A date at the precision its `<name>_precision` column gives (core.dates): "2021-06", never "2021-06-01"."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return iso(getattr(instance, self.field_name), getattr(instance, f"{self.field_name}_precision")) or None


class ProjectSerializer(CurrentEnglishMixin, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    url = serializers.SerializerMethodField()
    zone = ZoneRefSerializer()
    industry = IndustryRefSerializer()
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
        fields = [
            "code",
            "slug",
            "url",
            "name",
            "name_en",
            "investor",
            "investor_en",
            "zone",
            "industry",
            "investment",
            "signed_on",
            "signed_on_precision",
            "stage",
            "stage_name",
            "stage_name_en",
            "status",
            "status_name",
            "status_name_en",
            "started_on",
            "started_on_precision",
            "production_on",
            "production_on_precision",
            "land",
            "floor_area",
            "summary",
            "summary_en",
            "last_verified_on",
            "is_demo",
            "english_out_of_date",
        ]

    def get_url(self, project) -> str:
        return project.get_absolute_url()

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
    url = serializers.SerializerMethodField()
    zone = ZoneRefSerializer()
    industry = IndustryRefSerializer()
    grid = GridRefSerializer(allow_null=True)
    recognitions = RecognitionSerializer(many=True)
    listing_status_name = serializers.SerializerMethodField()
    listing_status_name_en = serializers.SerializerMethodField()
    exchange_name = serializers.SerializerMethodField()
    exchange_name_en = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "slug",
            "url",
            "name",
            "name_en",
            "short_name",
            "credit_code",
            "zone",
            "industry",
            "grid",
            "founded_year",
            "website",
            "listing_status",
            "listing_status_name",
            "listing_status_name_en",
            "exchange",
            "exchange_name",
            "exchange_name_en",
            "listed_on",
            "recognitions",
            "summary",
            "summary_en",
            "last_verified_on",
            "is_demo",
            "english_out_of_date",
        ]

    def get_url(self, enterprise) -> str:
        return enterprise.get_absolute_url()

    def get_listing_status_name(self, enterprise) -> str:
        return labels(Enterprise.ListingStatus.choices, enterprise.listing_status)[0]

    def get_listing_status_name_en(self, enterprise) -> str:
        return labels(Enterprise.ListingStatus.choices, enterprise.listing_status)[1]

    def get_exchange_name(self, enterprise) -> str:
        return labels(Enterprise.Exchange.choices, enterprise.exchange)[0]

    def get_exchange_name_en(self, enterprise) -> str:
        return labels(Enterprise.Exchange.choices, enterprise.exchange)[1]


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
    url = serializers.SerializerMethodField()
    themes = ThemeRefSerializer(many=True)
    industries = IndustryRefSerializer(many=True)
    level_name = serializers.SerializerMethodField()
    level_name_en = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True)

    class Meta:
        model = Policy
        fields = [
            "slug",
            "url",
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
            "themes",
            "industries",
            "summary",
            "summary_en",
            "source_url",
            "measures",
            "last_verified_on",
            "is_demo",
            "english_out_of_date",
        ]

    def get_url(self, policy) -> str:
        return policy.get_absolute_url()

    def get_level_name(self, policy) -> str:
        return labels(Policy.Level.choices, policy.level)[0]

    def get_level_name_en(self, policy) -> str:
        return labels(Policy.Level.choices, policy.level)[1]

    def get_status(self, policy) -> str:
        """`in_force`, `expiring`, `expired` or `not_yet`, on today's date."""
        return str(policy.status)


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
    url = serializers.SerializerMethodField()
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
    status_log = SpaceStatusChangeSerializer(many=True)

    class Meta:
        model = Space
        fields = [
            "code", "slug", "url", "name", "name_en", "kind", "kind_name", "kind_name_en", "zone", "address",
            "address_en", "status", "status_name", "status_name_en", "available_from", "area", "land_area",
            "floor_area", "clear_height", "floor_load", "power", "offers_lease", "offers_sale", "offers_transfer",
            "rent", "sale_price", "land_price", "target_industries", "min_investment_intensity", "min_tax_per_mu",
            "operator", "operator_en", "summary", "summary_en", "latitude", "longitude", "status_log",
            "last_verified_on", "is_demo",
            "english_out_of_date",
        ]  # fmt: skip

    def get_url(self, space) -> str:
        return space.get_absolute_url()

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
