from django.db import DatabaseError, connection, models
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.cache import cache_status, cached_value, never_cache_fragments
from core.spreadsheets.files import csv_chunks
from enterprises.models import Enterprise
from industries.models import Industry
from news.models import NewsItem
from portal.contact import contact_officers
from portal.figures import LEDGER_COLUMNS, current_figures, ledger_chart, ledger_rows, vacancy_chart
from portal.models import Indicator, PageBlock, SiteSettings
from portal.related import NEWS_LIST_DEFERRED
from portal.structured_data import government_organization, place
from projects.models import Project
from spaces.market import MARKET_COLUMNS, market_rows
from spaces.models import Space
from zones.models import Platform, ServiceGrid, Zone

LATEST_PROJECTS = 6
HOME_NEWS_PER_COLUMN = 5
# The news columns the home page lists, in this order; events show as the next one to come.
HOME_NEWS_COLUMNS = (NewsItem.Kind.NEWS, NewsItem.Kind.NOTICE, NewsItem.Kind.INTERPRETATION)
SHOWN_PER_ZONE = 10


@require_safe
def home(request):
    # Aggregates over every row and the small reference lists: remembered per content version
    # (core/cache/), so an edit shows on the next request.
    industries = cached_value("home_industries", (), lambda: list(Industry.objects.order_by("order", "id")))
    context = {
        "indicators": cached_value("home_indicators", (), lambda: list(Indicator.objects.public())),
        "project_totals": cached_value("project_totals", (), Project.objects.public().totals),
        "enterprise_totals": cached_value("enterprise_totals", (), Enterprise.objects.public().totals),
        "zones": cached_value("home_zones", (), lambda: list(Zone.objects.ordered())),
        "industry_groups": group_industries(industries),
        "latest_projects": Project.objects.public()
        .select_related("zone", "industry")
        .newest_first(real_first=True)[:LATEST_PROJECTS],
        # Both read only when the cached content fragment is rendered (lazy querysets, one query each).
        "latest_news": latest_news(),
        "next_event": NewsItem.objects.public().upcoming(timezone.now()).defer(*NEWS_LIST_DEFERRED)[:1],
        "json_ld": government_organization(request),
    }
    return render(request, "portal/home.html", context)


def latest_news():
    """The latest published items of each column, pinned first (the column's own order), in one query:
    the rows ranked within their column, grouped by column in `HOME_NEWS_COLUMNS` order. A column with
    nothing published has no rows, so the page shows no heading for it.

    The home page's content is a fragment kept under the content version (portal/includes/home_body.html):
    a newly published item moves the version (the news app watches its model), and an event that has
    ended leaves "next event" within the cache's lifetime (PAGE_CACHE_SECONDS).
    """
    newest = NewsItem.objects.newest_first().query.order_by  # the columns' own order, written once
    ranked = (
        NewsItem.objects.public()
        .filter(kind__in=HOME_NEWS_COLUMNS)
        .defer(*NEWS_LIST_DEFERRED)
        .annotate(
            column_rank=models.Window(
                RowNumber(),
                partition_by=[models.F("kind")],
                order_by=[models.F(name[1:]).desc() if name.startswith("-") else models.F(name) for name in newest],
            ),
            column_order=models.Case(
                *(models.When(kind=kind, then=models.Value(i)) for i, kind in enumerate(HOME_NEWS_COLUMNS)),
                output_field=models.IntegerField(),
            ),
        )
        .filter(column_rank__lte=HOME_NEWS_PER_COLUMN)
    )
    return ranked.order_by("column_order", "column_rank")


def group_industries(industries):
    """The industry system 一智三新五链 as {category: [industries]}, in the order of the diagram."""
    groups = {category: [] for category in Industry.Category.values}
    for industry in industries:
        groups.setdefault(industry.category, []).append(industry)
    return groups


def with_public_counts(zones):
    """Annotate `project_count` and `enterprise_count`, counting published rows only, in the same query."""

    def count_of(model):
        rows = model.objects.public().filter(zone=models.OuterRef("pk")).order_by().values("zone")
        return models.Subquery(rows.annotate(n=models.Count("id")).values("n"), output_field=models.IntegerField())

    return zones.annotate(
        project_count=Coalesce(count_of(Project), 0),
        enterprise_count=Coalesce(count_of(Enterprise), 0),
    )


class ZoneListView(ListView):
    template_name = "zones/zone_list.html"
    context_object_name = "zones"

    def get_queryset(self):
        return with_public_counts(Zone.objects.ordered())


class ZoneDetailView(DetailView):
    """A zone with its latest projects and its enterprises: a page combining three apps, so it lives here."""

    template_name = "zones/zone_detail.html"
    context_object_name = "zone"

    def get_object(self, queryset=None):
        return get_object_or_404(with_public_counts(Zone.objects.all()), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        zone = self.object
        return super().get_context_data(
            zones=Zone.objects.ordered(),
            projects=Project.objects.public()
            .in_zone(zone)
            .select_related("zone", "industry")
            .newest_first()[:SHOWN_PER_ZONE],
            enterprises=Enterprise.objects.public()
            .in_zone(zone)
            .select_related("zone", "industry")
            .order_by("name", "id")[:SHOWN_PER_ZONE],
            platforms=zone.platforms.public().order_by("order", "id"),
            grids=zone.grids.order_by("order", "number"),
            spaces=zone_spaces_on_offer(zone),
            json_ld=place(zone, self.request.build_absolute_uri(zone.get_absolute_url())),
            **kwargs,
        )


def zone_spaces_on_offer(zone):
    """The zone's space that is available or in talks, newest first (as the space register's default)."""
    return (
        Space.objects.public()
        .on_offer()
        .in_zone(zone)
        .select_related("zone")
        .with_photos()
        .newest_first()[:SHOWN_PER_ZONE]
    )


@require_safe
def about(request):
    context = {
        "blocks": PageBlock.objects.filter(page="about", is_published=True).order_by("order", "id"),
        "grids": ServiceGrid.objects.select_related("zone").order_by("order", "number"),
        "platforms": Platform.objects.public().select_related("zone").order_by("order", "id"),
    }
    return render(request, "portal/about.html", context)


# The CSVs of /figures/: /figures/<name>.csv, the same rows as the API's /api/v1/figures/.
FIGURE_TABLES = {
    "speed-ledger": (LEDGER_COLUMNS, ledger_rows),
    "space-market": (MARKET_COLUMNS, lambda figures: market_rows(figures.market)),
}


@require_safe
def figures(request):
    """/figures/: the speed ledger and the space market (portal.figures, spaces.market)."""
    # The page's content is a fragment remembered per content version and language
    # (portal/includes/figures_body.html): the figures and charts are read only when it is drawn.
    figures = SimpleLazyObject(current_figures)
    context = {
        "figures": figures,
        "ledger": SimpleLazyObject(lambda: [(process, ledger_chart(process)) for process in figures.processes]),
        "vacancy_chart": SimpleLazyObject(lambda: vacancy_chart(figures.market)),
    }
    return render(request, "portal/figures.html", context)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON
    return str(value)


@require_safe
def figures_csv(request, table):
    if table not in FIGURE_TABLES:
        raise Http404
    columns, build = FIGURE_TABLES[table]
    rows = build(current_figures())
    body = b"".join(csv_chunks(list(columns), ([_csv_value(row[name]) for name in columns] for row in rows)))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def contact(request):
    """联系我们: the zone's and the 钱小二 desk's published contacts and the officers by chain and grid.

    Every value comes from the site settings or from an officer's own published profile; where none is
    filled in, the page says how to reach the zone through the inquiry and service request forms.
    """
    industries, grids = contact_officers()
    context = {"site": SiteSettings.current(), "industry_officers": industries, "grid_officers": grids}
    return render(request, "portal/contact.html", context)


@require_safe
def privacy(request):
    return render(request, "portal/privacy.html")


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise: the load balancer's probe.

    The cache is an optimisation: without it the site works (slower), so a cache that is down makes
    the status "degraded" in the body, never a failed probe.
    """
    cache = cache_status()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "unavailable", "database": "down", "cache": cache}, status=503)
    return JsonResponse({"status": "ok" if cache == "up" else "degraded", "database": "up", "cache": cache})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /inquiry/status/",
        "Disallow: /en/inquiry/status/",
        "Disallow: /display/",
        "Disallow: /en/display/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the file lives in static/ (hashed in production).
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def page_not_found(request, exception):
    never_cache_fragments(request)  # one header per mistyped path would flood the cache
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without a RequestContext: no context processor, and so no query, may run here."""
    return HttpResponseServerError(loader.get_template("500.html").render())
