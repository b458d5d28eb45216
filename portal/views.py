from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.models import Indicator, PageBlock


@require_safe
def home(request):
    return render(request, "portal/home.html", {"indicators": Indicator.objects.public()})


@require_safe
def about(request):
    blocks = PageBlock.objects.filter(page="about", is_published=True)
    return render(request, "portal/about.html", {"blocks": blocks})


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


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors may touch the database here: it may be what failed.
    return render(request, "500.html", status=500)
