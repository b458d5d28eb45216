from django.urls import path

from api import pages

app_name = "opendata"

urlpatterns = [
    path("api/docs/", pages.api_docs, name="api_docs"),
    path("data/", pages.data_catalogue, name="catalogue"),
    path("data/<slug:dataset>/", pages.dataset_page, name="dataset"),
]
