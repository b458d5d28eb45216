from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api import downloads, geo, pages
from portal import views as portal_views

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("", include("portal.seo_urls")),
    path("api/", include("api.urls")),
    # Before the generic downloads: the catalogue as RDF (api/dcat.py), zones as drawn boundaries, not points.
    path("data/catalog.<slug:extension>", pages.catalogue_rdf, name="data-catalogue-rdf"),
    path("data/zones.geojson", geo.zones_geojson, name="data-zones-geojson"),
    path("data/<slug:dataset>.<slug:fmt>", downloads.download, name="data-download"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("zones/", include("portal.zone_urls")),
    path("industries/", include("portal.industry_urls")),
    path("projects/", include("projects.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("spaces/", include("spaces.urls")),
    path("inquiry/", include("inquiries.urls")),
    path("service/", include("service.urls")),
    path("news/", include("news.urls")),
    # Registration pages first: /events/<slug>/register/ and the lookups are theirs, the rest is news'.
    path("events/", include("registrations.urls")),
    path("events/", include("news.event_urls")),
    path("subscribe/", include("alerts.urls")),
    path("", include("api.docs_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "staff.views.permission_denied"  # the admin's styled page under /admin/, Django's default elsewhere
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
