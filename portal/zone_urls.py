"""The zone pages, /zones/: they combine zones, projects and enterprises, so their views live in portal."""

from django.urls import path

from portal import views

app_name = "zones"

urlpatterns = [
    path("", views.ZoneListView.as_view(), name="list"),
    path("<slug:slug>/", views.ZoneDetailView.as_view(), name="detail"),
]
