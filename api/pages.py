"""The open-data pages: the dataset catalogue (/data/, DCAT-style, also as JSON-LD) and the API docs."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from api.datasets import DATASETS
from api.models import CatalogueSettings


def _absolute(request, path):
    return request.build_absolute_uri(path)


def catalogue_entries(request):
    """Each dataset with its links, formats and last change (when its rows record one)."""
    entries = []
    for dataset in DATASETS.values():
        csv_url = reverse("data-download", kwargs={"dataset": dataset.name, "fmt": "csv"})
        json_url = reverse("data-download", kwargs={"dataset": dataset.name, "fmt": "json"})
        entries.append(
            {
                "dataset": dataset,
                "modified": dataset.modified() if dataset.modified else None,
                "api_url": reverse(dataset.api_list),
                "html_url": reverse(dataset.html_list) if dataset.html_list else "",
                "csv_url": csv_url,
                "json_url": json_url,
                "geojson_url": dataset.geojson_url(),
            }
        )
    return entries


def catalogue_json_ld(request, entries, settings_row) -> dict:
    """A schema.org DataCatalog of Datasets, each with its distributions (DCAT's terms, schema.org's words)."""
    language = "zh-CN" if translation.get_language() == "zh-hans" else "en"
    publisher = {"@type": "GovernmentOrganization", "name": str(_site_name()), "url": _absolute(request, "/")}
    datasets = []
    for entry in entries:
        dataset = entry["dataset"]
        item = {
            "@type": "Dataset",
            "name": str(dataset.title),
            "description": str(dataset.description),
            "url": _absolute(request, request.path) + f"#{dataset.name}",
            "license": settings_row.licence_url,
            "inLanguage": ["zh-CN", "en"],
            "publisher": publisher,
            "isAccessibleForFree": True,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "contentUrl": _absolute(request, entry["csv_url"]),
                },
                {
                    "@type": "DataDownload",
                    "encodingFormat": "application/json",
                    "contentUrl": _absolute(request, entry["json_url"]),
                },
            ],
        }
        if entry["geojson_url"]:
            item["distribution"].append(
                {
                    "@type": "DataDownload",
                    "encodingFormat": "application/geo+json",
                    "contentUrl": _absolute(request, entry["geojson_url"]),
                    "description": str(dataset.geojson_note),
                }
            )
        if entry["modified"]:
            item["dateModified"] = entry["modified"].isoformat()
        datasets.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": str(translation.gettext("Open data")),
        "url": _absolute(request, request.path),
        "inLanguage": language,
        "license": settings_row.licence_url,
        "publisher": publisher,
        "dataset": datasets,
    }


def _site_name():
    from django.conf import settings

    return settings.SITE_NAME


@require_safe
def data_catalogue(request):
    settings_row = CatalogueSettings.current()
    entries = catalogue_entries(request)
    return render(
        request,
        "api/data_catalogue.html",
        {
            "entries": entries,
            "licence": settings_row,
            "json_ld": catalogue_json_ld(request, entries, settings_row),
        },
    )


@require_safe
def api_docs(request):
    return render(request, "api/api_docs.html")
