"""Download links under the directories' lists: the same filter as CSV, JSON and the API."""

from urllib.parse import urlencode

from django.urls import reverse

from api.datasets import DATASETS
from enterprises.views import EnterpriseListView
from news.views import EventListView, NewsListView
from policies.views import PolicyListView
from projects.views import ProjectListView
from spaces.views import SpaceListView


def links_for(dataset: str):
    def build(form):
        # The list's own filter values (the form is valid), without the page or unknown parameters.
        query = urlencode([(name, form.data[name]) for name in form.fields if form.data.get(name, "")])
        suffix = f"?{query}" if query else ""
        links = [
            ("CSV", reverse("data-download", kwargs={"dataset": dataset, "fmt": "csv"}) + suffix),
            ("JSON", reverse("data-download", kwargs={"dataset": dataset, "fmt": "json"}) + suffix),
        ]
        if DATASETS[dataset].geojson:
            links.append(("GeoJSON", reverse("data-download", kwargs={"dataset": dataset, "fmt": "geojson"}) + suffix))
        return [*links, ("API", reverse(DATASETS[dataset].api_list) + suffix)]

    return build


def register_download_links():
    ProjectListView.add_downloads(links_for("projects"))
    EnterpriseListView.add_downloads(links_for("enterprises"))
    PolicyListView.add_downloads(links_for("policies"))
    SpaceListView.add_downloads(links_for("spaces"))
    NewsListView.add_downloads(links_for("news"))
    EventListView.add_downloads(links_for("events"))
