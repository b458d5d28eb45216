"""The industry pages, /industries/: they combine industries, projects, enterprises, spaces and policies,
so their views live in portal. "targets" is a reserved slug: its path comes before the detail."""

from django.urls import path

from portal import industry_views

app_name = "industries"

urlpatterns = [
    path("", industry_views.industry_list, name="list"),
    path("targets/", industry_views.target_list, name="targets"),
    path("<slug:slug>/", industry_views.industry_detail, name="detail"),
]
