from django.urls import path

from spaces import views

app_name = "spaces"

urlpatterns = [
    path("", views.SpaceListView.as_view(), name="list"),
    path("<str:key>/", views.SpaceDetailView.as_view(), name="detail"),
]
