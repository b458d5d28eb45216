from django.contrib.sitemaps.views import sitemap
from django.urls import path

from portal import views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the static file.
    path("favicon.ico", views.favicon, name="favicon"),
]
