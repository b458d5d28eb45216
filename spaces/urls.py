from django.urls import path

from spaces import views

app_name = "spaces"

urlpatterns = [
    path("", views.SpaceListView.as_view(), name="list"),
    # Before the detail pattern, which would read "compare" as a slug.
    path("compare/", views.SpaceCompareView.as_view(), name="compare"),
    path("<str:key>/", views.SpaceDetailView.as_view(), name="detail"),
]
