"""The published datasets: what /data/ lists, what /data/<name>.csv|json streams, what the API serves.

Each dataset names its public queryset, its serializer (api/serializers.py: the allow-list of
fields), the FilterSet of its HTML list when it has one, and its CSV columns as paths into the
serialized row. A download is the filtered list, in the list's order, streamed row by row
(``iterator``), at most ``DOWNLOAD_MAX_ROWS`` rows: a filter that matches more is refused with a
400 asking for a narrower one, never cut short silently.
"""

from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from api import serializers as api_serializers
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from industries.models import Industry
from policies.filters import PolicyFilter
from policies.models import Policy
from portal.models import Indicator
from projects.filters import ProjectFilter
from projects.models import Project
from spaces.filters import SpaceFilter
from spaces.models import Space
from zones.models import Platform, Zone

DOWNLOAD_MAX_ROWS = 200_000
ITERATOR_CHUNK = 2000


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    queryset: object
    serializer: type
    columns: tuple[str, ...]
    api_list: str
    html_list: str = ""
    filterset_class: type | None = None
    modified: object = None  # a function giving the last change, when the rows record one
    keywords: tuple = field(default=())
    geojson: bool = False  # also /data/<name>.geojson: the rows with a known position, as RFC 7946 points
    geojson_view: str = ""  # or a GeoJSON view of its own, by URL name (zones: their drawn boundaries)
    geojson_note: object = ""  # what the GeoJSON holds, for the catalogue

    def geojson_url(self) -> str:
        if self.geojson_view:
            return reverse(self.geojson_view)
        if self.geojson:
            return reverse("data-download", kwargs={"dataset": self.name, "fmt": "geojson"})
        return ""

    def rows(self):
        return self.queryset.all()


def _latest(queryset, column):
    return lambda: queryset.aggregate(latest=Max(column))["latest"]


DATASETS = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            name="projects",
            title=_("Signed projects"),
            description=_(
                "Investment projects the zone has signed: investor, industry, zone, total investment (when "
                "disclosed), signing date, stage, land and floor area."
            ),
            queryset=Project.objects.public().select_related("zone", "industry"),
            serializer=api_serializers.ProjectSerializer,
            filterset_class=ProjectFilter,
            columns=(
                "code",
                "slug",
                "name",
                "name_en",
                "investor",
                "investor_en",
                "zone.slug",
                "zone.name",
                "industry.slug",
                "industry.name",
                "investment.value",
                "investment.unit",
                "investment.disclosed",
                "signed_on",
                "stage",
                "stage_name",
                "stage_name_en",
                "status",
                "started_on",
                "production_on",
                "land.value",
                "land.unit",
                "floor_area.value",
                "floor_area.unit",
                "summary",
                "summary_en",
                "last_verified_on",
                "is_demo",
                "url",
            ),
            api_list="api:project-list",
            html_list="projects:list",
            modified=_latest(Project.objects.public(), "updated_at"),
        ),
        Dataset(
            name="enterprises",
            title=_("Enterprises"),
            description=_(
                "Companies located in the zone: industry, zone, service grid, year founded, listing status and "
                "recognitions."
            ),
            queryset=Enterprise.objects.public()
            .select_related("zone", "industry", "grid")
            .prefetch_related("recognitions__kind"),
            serializer=api_serializers.EnterpriseSerializer,
            filterset_class=EnterpriseFilter,
            columns=(
                "slug",
                "name",
                "name_en",
                "short_name",
                "credit_code",
                "zone.slug",
                "zone.name",
                "industry.slug",
                "industry.name",
                "grid.number",
                "founded_year",
                "website",
                "listing_status",
                "listing_status_name",
                "exchange",
                "listed_on",
                "recognitions",
                "summary",
                "summary_en",
                "last_verified_on",
                "is_demo",
                "url",
            ),
            api_list="api:enterprise-list",
            html_list="enterprises:list",
            modified=_latest(Enterprise.objects.public(), "updated_at"),
        ),
        Dataset(
            name="policies",
            title=_("Policies"),
            description=_(
                "Policy documents that apply in the zone (document number, issuer, level, dates in force, themes, "
                "industries) with their measures; in force by default, like the list."
            ),
            queryset=Policy.objects.public().prefetch_related("themes", "industries", "measures"),
            serializer=api_serializers.PolicySerializer,
            filterset_class=PolicyFilter,
            columns=(
                "slug",
                "title",
                "title_en",
                "document_number",
                "issuer",
                "issuer_en",
                "level",
                "level_name",
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
                "url",
            ),
            api_list="api:policy-list",
            html_list="policies:list",
            modified=_latest(Policy.objects.public(), "updated_at"),
        ),
        Dataset(
            name="spaces",
            title=_("Space on offer"),
            description=_(
                "Land, factories, offices, incubator space and renewal sites: status, area, specifications, terms, "
                "disclosed prices and admission thresholds; available and in talks by default, like the list."
            ),
            queryset=Space.objects.public()
            .exclude(status=Space.Status.WITHDRAWN)
            .select_related("zone")
            .prefetch_related("target_industries", "status_log"),
            serializer=api_serializers.SpaceSerializer,
            filterset_class=SpaceFilter,
            columns=(
                "code",
                "slug",
                "name",
                "name_en",
                "kind",
                "kind_name",
                "zone.slug",
                "zone.name",
                "address",
                "address_en",
                "status",
                "status_name",
                "available_from",
                "area.value",
                "land_area.value",
                "floor_area.value",
                "clear_height.value",
                "floor_load.value",
                "power.value",
                "offers_lease",
                "offers_sale",
                "offers_transfer",
                "rent.value",
                "rent.unit",
                "sale_price.value",
                "sale_price.unit",
                "land_price.value",
                "land_price.unit",
                "target_industries",
                "min_investment_intensity.value",
                "min_tax_per_mu.value",
                "operator",
                "summary",
                "summary_en",
                "latitude",
                "longitude",
                "last_verified_on",
                "is_demo",
                "url",
            ),
            api_list="api:space-list",
            html_list="spaces:list",
            modified=_latest(Space.objects.public(), "updated_at"),
            geojson=True,
            geojson_note=_(
                "GeoJSON: the spaces whose position is known, as points (WGS 84 longitude/latitude), with the "
                "list's filters."
            ),
        ),
        Dataset(
            name="zones",
            title=_("Zones"),
            description=_(
                "The three zones of the development zone (北智中居南创) with their positioning, area and, where "
                "staff have drawn one, boundary."
            ),
            queryset=Zone.objects.ordered(),
            serializer=api_serializers.ZoneSerializer,
            columns=(
                "slug",
                "name",
                "name_en",
                "full_name",
                "full_name_en",
                "positioning",
                "positioning_en",
                "area.value",
                "area.unit",
            ),
            api_list="api:zone-list",
            html_list="zones:list",
            geojson_view="data-zones-geojson",
            geojson_note=_(
                "GeoJSON: only the zones whose boundary staff have drawn, as polygons (WGS 84 longitude/latitude); "
                "a zone without one is left out."
            ),
        ),
        Dataset(
            name="industries",
            title=_("Industry system"),
            description=_("The industry system 一智三新五链: the core, three new industries, five chains, services."),
            queryset=Industry.objects.order_by("order", "id"),
            serializer=api_serializers.IndustrySerializer,
            columns=("slug", "name", "name_en", "category", "category_name", "category_name_en"),
            api_list="api:industry-list",
        ),
        Dataset(
            name="indicators",
            title=_("Report-card indicators"),
            description=_("The figures of the zone's report card, each with its unit, period and source."),
            queryset=Indicator.objects.public().order_by("order", "id"),
            serializer=api_serializers.IndicatorSerializer,
            columns=(
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
            ),
            api_list="api:indicator-list",
            modified=_latest(Indicator.history.all(), "history_date"),
        ),
        Dataset(
            name="platforms",
            title=_("Innovation platforms"),
            description=_("R&D centres, incubators and accelerators in the zone."),
            queryset=Platform.objects.public().select_related("zone").order_by("order", "id"),
            serializer=api_serializers.PlatformSerializer,
            columns=(
                "slug",
                "name",
                "name_en",
                "kind",
                "kind_name",
                "kind_name_en",
                "zone.slug",
                "opened_year",
                "recognition",
                "recognition_en",
                "summary",
                "summary_en",
            ),
            api_list="api:platform-list",
        ),
    ]
}


def cell(row: dict, path: str):
    """The value at a dotted `path` of a serialized row; a list (recognitions, themes, measures) as "name year; …"."""
    value = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return "; ".join(" ".join(str(item[k]) for k in ("name", "title", "year") if item.get(k)) for item in value)
    return value
