from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core.cache import cache_query
from portal import views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    # ?p=2 is the sitemap's page: declared, so the page cache keys on it (core/cache/).
    path("sitemap.xml", cache_query(page="p")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the static file.
    path("favicon.ico", views.favicon, name="favicon"),
]
