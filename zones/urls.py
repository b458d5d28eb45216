from django.urls import path

from zones import views

app_name = "zones"

urlpatterns = [
    path("", views.ZoneListView.as_view(), name="list"),
    path("<slug:slug>/", views.ZoneDetailView.as_view(), name="detail"),
]
