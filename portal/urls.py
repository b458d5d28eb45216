from django.urls import path

from portal import accessibility, views
from portal.search import search

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("figures/", views.figures, name="figures"),
    path("figures/<slug:table>.csv", views.figures_csv, name="figures_csv"),
    path("privacy/", views.privacy, name="privacy"),
    path("search/", search, name="search"),
    path("display/", accessibility.display_switch, name="display"),
    path("accessibility/", accessibility.statement, name="accessibility"),
    path("accessibility/report/", accessibility.report, name="accessibility_report"),
    path("accessibility/report/thanks/", accessibility.report_thanks, name="accessibility_thanks"),
]
