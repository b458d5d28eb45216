"""The open-data pages: the catalogue (/data/), each dataset's page with its data dictionary
(/data/<dataset>/), the catalogue as DCAT-AP RDF, and the API docs page.

/data/ and /data/<dataset>/ answer by content negotiation (``Vary: Accept``): ``text/html`` (and
anything a browser sends) gets the page; ``application/ld+json`` (or ``application/json``),
``text/turtle`` and ``application/rdf+xml`` get the catalogue's graph — the whole catalogue on /data/,
the dataset's own description on /data/<dataset>/ (api/dcat.py); an Accept header that allows
none of these is a 406. /data/catalog.jsonld, .ttl and .rdf give the whole graph by extension,
for a harvester that cannot send headers. The page cache keys each answer on the negotiated
media type (core/cache/, "Negotiated formats and Vary"), so every format is stored once per
content version.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from api import dcat
from api.changes import last_changes, recent_changes
from api.common import Openness
from api.datasets import DATASETS
from api.dictionary import columns
from api.models import CatalogueSettings

HTML = "text/html"
# What /data/ and /data/<dataset>/ can answer in, the page first (a browser's */* gets it).
OFFERED = [HTML, "application/xhtml+xml", *dcat.SERIALISATIONS, "application/json"]
# Spellings that get another type's answer.
ANSWERED_AS = {"application/xhtml+xml": HTML, "application/json": "application/ld+json"}


def negotiated(request) -> str | None:
    """The media type /data/ answers `request` in (the page, or a serialisation of the graph); None: 406."""
    chosen = request.get_preferred_type(OFFERED)
    if chosen is None:
        return None
    return ANSWERED_AS.get(str(chosen), str(chosen))


class CatalogueNegotiation:
    """Tells the page cache which format a request will be answered in (core/cache/, "Negotiated formats")."""

    params = ()

    def media_type(self, request) -> str | None:
        return negotiated(request)


def _rdf_response(graph, media_type) -> HttpResponse:
    response = HttpResponse(dcat.serialise(graph, media_type), content_type=f"{media_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_acceptable() -> HttpResponse:
    offered = ", ".join([HTML, *dcat.SERIALISATIONS])
    response = HttpResponse(
        gettext("None of the formats you accept is available here. Available: %(types)s.") % {"types": offered},
        status=406,
        content_type="text/plain; charset=utf-8",
    )
    return response


def _vary(response):
    response["Vary"] = ", ".join(filter(None, [response.get("Vary", ""), "Accept"]))
    return response


def catalogue_entry(dataset, logged: dict) -> dict:
    """A dataset with its links, formats, openness and last change (the catalogue's rule, api.dcat.modified_day)."""
    return {
        "dataset": dataset,
        "openness": Openness(dataset.openness).label,
        "modified": dcat.modified_day(dataset, logged),
        "page_url": reverse("opendata:dataset", kwargs={"dataset": dataset.name}),
        "api_url": reverse(dataset.api_list),
        "html_url": reverse(dataset.html_list) if dataset.html_list else "",
        "csv_url": reverse("data-download", kwargs={"dataset": dataset.name, "fmt": "csv"}),
        "json_url": reverse("data-download", kwargs={"dataset": dataset.name, "fmt": "json"}),
        "xlsx_url": reverse("data-download", kwargs={"dataset": dataset.name, "fmt": "xlsx"}),
        "geojson_url": dataset.geojson_url(),
    }


def catalogue_json_ld(request, entries, settings_row) -> dict:
    """A schema.org DataCatalog of Datasets for search engines, each with its distributions; the
    ``@id``s are the DCAT catalogue's (api/dcat.py), so both describe the same resources."""
    base = dcat.site_url(request)
    language = "zh-CN" if translation.get_language() == "zh-hans" else "en"
    publisher = {"@type": "GovernmentOrganization", "name": str(_site_name()), "url": _absolute(request, "/")}
    datasets = []
    for entry in entries:
        dataset = entry["dataset"]
        downloads = [("text/csv", entry["csv_url"]), ("application/json", entry["json_url"])]
        downloads.append((dcat.vocab.FORMATS["xlsx"].content_type, entry["xlsx_url"]))
        item = {
            "@type": "Dataset",
            "@id": str(dcat.dataset_iri(base, dataset.name)),
            "name": str(dataset.title),
            "description": str(dataset.description),
            "url": _absolute(request, entry["page_url"]),
            "keywords": [str(keyword) for keyword in dataset.keywords],
            "license": settings_row.licence_url,
            "inLanguage": ["zh-CN", "en"],
            "publisher": publisher,
            "isAccessibleForFree": True,
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": _absolute(request, url)}
                for media_type, url in downloads
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
        "@id": f"{base}/data/#catalogue",
        "name": str(translation.gettext("Open data")),
        "url": _absolute(request, request.path),
        "inLanguage": language,
        "license": settings_row.licence_url,
        "publisher": publisher,
        "dataset": datasets,
    }


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _site_name():
    from django.conf import settings

    return settings.SITE_NAME


def _rdf_links() -> list[tuple[str, str]]:
    return [
        (media_type, reverse("data-catalogue-rdf", kwargs={"extension": extension}))
        for media_type, (_fmt, extension) in dcat.SERIALISATIONS.items()
    ]


@require_safe
def data_catalogue(request):
    media_type = negotiated(request)
    if media_type is None:
        return _vary(_not_acceptable())
    if media_type != HTML:
        return _vary(_rdf_response(dcat.catalogue_graph(request), media_type))
    settings_row = CatalogueSettings.current()
    logged = last_changes()
    entries = [catalogue_entry(dataset, logged) for dataset in DATASETS.values()]
    response = render(
        request,
        "api/data_catalogue.html",
        {
            "entries": entries,
            "licence": settings_row,
            "json_ld": catalogue_json_ld(request, entries, settings_row),
            "rdf_links": _rdf_links(),
        },
    )
    return _vary(response)


data_catalogue.page_cache_negotiation = CatalogueNegotiation()


@require_safe
def dataset_page(request, dataset):
    """A dataset's page: what it holds, its openness, formats and data dictionary, its recent changes."""
    spec = DATASETS.get(dataset)
    if spec is None:
        raise Http404
    media_type = negotiated(request)
    if media_type is None:
        return _vary(_not_acceptable())
    if media_type != HTML:
        return _vary(_rdf_response(dcat.dataset_graph(spec, request), media_type))
    entry = catalogue_entry(spec, last_changes())
    years = spec.series.periods() if spec.series is not None else []
    response = render(
        request,
        "api/dataset_page.html",
        {
            "entry": entry,
            "dataset": spec,
            "licence": CatalogueSettings.current(),
            "columns": columns(spec),
            "changes": recent_changes(spec.name),
            "years": [
                {
                    "year": year,
                    "first": first,
                    "csv_url": f"{entry['csv_url']}?{spec.series.param}={year}",
                    "json_url": f"{entry['json_url']}?{spec.series.param}={year}",
                    "xlsx_url": f"{entry['xlsx_url']}?{spec.series.param}={year}",
                }
                for year, first in reversed(years)
            ],
            "rdf_links": _rdf_links(),
        },
    )
    return _vary(response)


dataset_page.page_cache_negotiation = CatalogueNegotiation()


@require_safe
def catalogue_rdf(request, extension):
    """/data/catalog.jsonld, .ttl, .rdf: the whole catalogue in the serialisation the extension names."""
    media_type = dcat.EXTENSIONS.get(extension)
    if media_type is None:
        raise Http404
    return _rdf_response(dcat.catalogue_graph(request), media_type)


@require_safe
def api_docs(request):
    return render(request, "api/api_docs.html")
