from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.cache import cached_value
from enterprises.models import Enterprise
from industries.models import Industry
from portal.models import Indicator, PageBlock
from projects.models import Project
from zones.models import Platform, ServiceGrid, Zone

LATEST_PROJECTS = 6


@require_safe
def home(request):
    # Aggregates over every row and the small reference lists: remembered per content version
    # (core/cache.py), so an edit shows on the next request.
    industries = cached_value("home_industries", (), lambda: list(Industry.objects.order_by("order", "id")))
    context = {
        "indicators": cached_value("home_indicators", (), lambda: list(Indicator.objects.public())),
        "project_totals": cached_value("project_totals", (), Project.objects.public().totals),
        "enterprise_totals": cached_value("enterprise_totals", (), Enterprise.objects.public().totals),
        "zones": cached_value("home_zones", (), lambda: list(Zone.objects.ordered())),
        "industry_groups": group_industries(industries),
        "latest_projects": Project.objects.public()
        .select_related("zone", "industry")
        .order_by("is_demo", F("signed_on").desc(nulls_last=True), "-id")[:LATEST_PROJECTS],  # real first
    }
    return render(request, "portal/home.html", context)


def group_industries(industries):
    """The industry system 一智三新五链 as {category: [industries]}, in the order of the diagram."""
    groups = {category: [] for category in Industry.Category.values}
    for industry in industries:
        groups.setdefault(industry.category, []).append(industry)
    return groups


@require_safe
def about(request):
    context = {
        "blocks": PageBlock.objects.filter(page="about", is_published=True).order_by("order", "id"),
        "grids": ServiceGrid.objects.select_related("zone").order_by("order", "number"),
        "platforms": Platform.objects.public().select_related("zone").order_by("order", "id"),
    }
    return render(request, "portal/about.html", context)


@require_safe
def privacy(request):
    return render(request, "portal/privacy.html")


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise: the load balancer's probe."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /inquiry/status/",
        "Disallow: /en/inquiry/status/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the file lives in static/ (hashed in production).
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without a RequestContext: no context processor, and so no query, may run here."""
    return HttpResponseServerError(loader.get_template("500.html").render())
