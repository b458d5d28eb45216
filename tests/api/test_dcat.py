"""The catalogue as DCAT-AP 3.0 (api/dcat.py): valid against the official shapes, the same graph in
every serialisation, served by content negotiation and by extension, harvestable, at stable IRIs."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from api.dcat import SERIALISATIONS, catalogue_graph
from portal.models import SiteSettings
from tests.api.dcat_shapes import shacl_results
from tests.core.test_geojson import POLYGON
from tests.factories import IndicatorFactory, ProjectFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SITE = "https://invest.example.gov.cn"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

# The warnings the official shapes leave, each with the reason it stays (docs/open-data.md lists them).
EXPECTED_WARNINGS = {
    ("Catalog", "issued"): "the site does not record when the catalogue was first published",
    ("Catalog", "publisher"): "a Chinese authority is not in the EU's corporate-bodies table",
    ("DataService", "publisher"): "a Chinese authority is not in the EU's corporate-bodies table",
    ("Dataset", "publisher"): "a Chinese authority is not in the EU's corporate-bodies table",
    ("DatasetSeries", "publisher"): "a Chinese authority is not in the EU's corporate-bodies table",
    ("Catalog", "spatial"): "the zone is a place of its own, in no EU place table nor GeoNames",
    ("Dataset", "spatial"): "the zone and its three zones are places of their own",
    ("DatasetSeries", "spatial"): "the zone is a place of its own",
    ("Dataset", "temporal"): "registers of the present state (enterprises, space, zones…) cover no period",
    ("Dataset", "theme"): "the zone's industries, a concept scheme of its own, beside the EU data themes",
    ("DatasetSeries", "distribution"): "a series has no files of its own; each year's dataset has",
    ("Location", "bbox"): "a zone whose boundary staff have not drawn (and the whole zone until all are)",
    ("Location", "centroid"): "a zone whose boundary staff have not drawn (and the whole zone until all are)",
}


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def catalogue(seeded, site):
    """The seed, a drawn boundary for one zone, the report card over three years and the zone's contacts."""
    Zone.objects.filter(slug="north").update(boundary=POLYGON)
    IndicatorFactory(label="新增企业", period="2021年", value=Decimal("12"))
    IndicatorFactory(label="新增企业", period="2023年", value=Decimal("15"))
    IndicatorFactory(label="开工项目", period="2022—2023年", value=Decimal("30"))
    SiteSettings.objects.create(hotline="0571-8888 1234", email="invest@example.gov.cn", address="杭州市临平区")
    return site


def graph_of(response, media_type) -> Graph:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].split(";")[0] == media_type
    return Graph().parse(data=response.content, format=SERIALISATIONS[media_type][0])


def test_catalogue_conforms_to_the_official_dcat_ap_shapes(catalogue):
    results = shacl_results(catalogue_graph())
    assert dict(results.get("Violation", {})) == {}
    assert set(results.get("Warning", {})) == set(EXPECTED_WARNINGS)
    assert "Info" not in results


def test_each_dataset_description_conforms_too(client, catalogue):
    from api.datasets import DATASETS

    for name in DATASETS:
        graph = graph_of(client.get(f"/data/{name}/", HTTP_ACCEPT="text/turtle"), "text/turtle")
        assert (URIRef(f"{SITE}/data/{name}/#dataset"), RDF.type, DCAT.Dataset) in graph
        assert dict(shacl_results(graph).get("Violation", {})) == {}, name


@pytest.mark.parametrize("media_type", list(SERIALISATIONS))
def test_every_serialisation_parses_back_to_the_same_graph(client, catalogue, media_type):
    expected = catalogue_graph()
    negotiated = graph_of(client.get("/data/", HTTP_ACCEPT=media_type), media_type)
    extension = SERIALISATIONS[media_type][1]
    by_extension = graph_of(client.get(f"/data/catalog.{extension}"), media_type)
    assert len(expected) > 1000
    assert isomorphic(negotiated, expected)
    assert isomorphic(by_extension, expected)


def test_content_negotiation_on_the_catalogue(client, catalogue):
    page = client.get("/data/", HTTP_ACCEPT=BROWSER)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]
    assert client.get("/data/").status_code == 200  # no Accept: the page
    assert client.get("/data/")["Content-Type"].startswith("text/html")
    json_ld = client.get("/data/", HTTP_ACCEPT="application/json")
    assert json_ld["Content-Type"].startswith("application/ld+json") and "Accept" in json_ld["Vary"]
    preferred = client.get("/data/", HTTP_ACCEPT="text/html;q=0.5, text/turtle")
    assert preferred["Content-Type"].startswith("text/turtle")
    refused = client.get("/data/", HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 406 and "text/turtle" in refused.content.decode()
    assert client.head("/data/", HTTP_ACCEPT="text/turtle").status_code == 200
    assert client.post("/data/", HTTP_ACCEPT="text/turtle").status_code == 405


def test_the_page_cache_keeps_each_format_apart(client, catalogue):
    """A stored page is never the answer to a request for Turtle, nor the other way round."""
    for _ in range(2):
        assert client.get("/data/", HTTP_ACCEPT="text/turtle")["Content-Type"].startswith("text/turtle")
        assert client.get("/data/", HTTP_ACCEPT=BROWSER)["Content-Type"].startswith("text/html")
    assert client.get("/data/", HTTP_ACCEPT="text/turtle").get("X-Page-Cache") == "hit"


def test_iris_are_stable_whoever_asks(client, catalogue):
    """Built from SITE_URL: the same on any host and in both languages; the page's schema.org names them too."""
    chinese = graph_of(client.get("/data/", HTTP_ACCEPT="text/turtle"), "text/turtle")
    english = graph_of(client.get("/en/data/", HTTP_ACCEPT="text/turtle", HTTP_HOST="localhost"), "text/turtle")
    assert isomorphic(chinese, english)
    catalogue_iri = URIRef(f"{SITE}/data/#catalogue")
    assert (catalogue_iri, RDF.type, DCAT.Catalog) in chinese
    for dataset in chinese.objects(catalogue_iri, DCAT.dataset):
        assert str(dataset).startswith(f"{SITE}/data/")
    page = client.get("/data/").content.decode()
    assert f'"@id": "{SITE}/data/#catalogue"' in page and f'"@id": "{SITE}/data/projects/#dataset"' in page


def test_titles_descriptions_and_keywords_in_both_languages_in_one_graph(catalogue):
    graph = catalogue_graph()
    projects = URIRef(f"{SITE}/data/projects/#dataset")
    titles = {literal.language: str(literal) for literal in graph.objects(projects, DCTERMS.title)}
    assert titles == {"zh": "签约项目", "en": "Signed projects"}
    descriptions = {literal.language for literal in graph.objects(projects, DCTERMS.description)}
    assert descriptions == {"zh", "en"}
    keywords = {(literal.language, str(literal)) for literal in graph.objects(projects, DCAT.keyword)}
    assert ("en", "investment") in keywords and any(lang == "zh" and text != "investment" for lang, text in keywords)


def test_publisher_contact_point_and_licence(catalogue):
    graph = catalogue_graph()
    projects = URIRef(f"{SITE}/data/projects/#dataset")
    publisher = graph.value(projects, DCTERMS.publisher)
    assert {literal.language for literal in graph.objects(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))} == {
        "zh",
        "en",
    }
    contact = graph.value(projects, DCAT.contactPoint)
    assert (contact, VCARD.hasEmail, URIRef("mailto:invest@example.gov.cn")) in graph
    assert (contact, VCARD.hasTelephone, URIRef("tel:0571-88881234;phone-context=+86")) in graph
    assert (contact, VCARD.hasURL, URIRef(f"{SITE}/contact/")) in graph
    licence = graph.value(projects, DCTERMS.license)
    assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (licence, DCTERMS.type, URIRef("http://purl.org/adms/licencetype/Attribution")) in graph
    open_ = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
    assert graph.value(projects, DCTERMS.accessRights) == open_


def test_themes_are_eu_data_themes_and_the_zone_industries(catalogue):
    from projects.models import Project

    graph = catalogue_graph()
    projects = URIRef(f"{SITE}/data/projects/#dataset")
    themes = set(graph.objects(projects, DCAT.theme))
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON") in themes
    industries = {
        f"{SITE}/industries/{slug}/#concept"
        for slug in Project.objects.public().values_list("industry__slug", flat=True)
    }
    assert {str(theme) for theme in themes if "/industries/" in str(theme)} == industries
    scheme = URIRef(f"{SITE}/industries/#scheme")
    assert (URIRef(f"{SITE}/data/#catalogue"), DCAT.themeTaxonomy, scheme) in graph
    for industry in industries:
        assert (URIRef(industry), SKOS.inScheme, scheme) in graph


def test_spatial_coverage_with_the_drawn_boundary(catalogue):
    graph = catalogue_graph()
    projects = URIRef(f"{SITE}/data/projects/#dataset")
    north = URIRef(f"{SITE}/zones/north/#area")
    assert {URIRef(f"{SITE}/zones/#area"), north} <= set(graph.objects(projects, DCTERMS.spatial))
    wkt = graph.value(north, LOCN.geometry)
    assert wkt.datatype == GSP.wktLiteral and str(wkt).startswith("POLYGON ((120.3 30.3")
    assert str(graph.value(north, DCAT.bbox)).startswith("POLYGON") and str(graph.value(north, DCAT.centroid)) == (
        "POINT (120.35 30.35)"
    )
    # The whole zone has an outline only once every zone has one.
    assert graph.value(URIRef(f"{SITE}/zones/#area"), LOCN.geometry) is None
    Zone.objects.update(boundary=POLYGON)
    assert catalogue_graph().value(URIRef(f"{SITE}/zones/#area"), LOCN.geometry) is not None


def test_temporal_coverage_at_the_precision_of_the_source(catalogue):
    from projects.models import Project

    Project.objects.all().delete()
    ProjectFactory(signed_on=datetime.date(2019, 1, 1), signed_on_precision="year")
    ProjectFactory(signed_on=datetime.date(2023, 5, 1), signed_on_precision="month")
    graph = catalogue_graph()
    period = graph.value(URIRef(f"{SITE}/data/projects/#dataset"), DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2019", datatype=XSD.gYear)
    assert graph.value(period, DCAT.endDate) == Literal("2023-05", datatype=XSD.gYearMonth)


def test_frequency_and_modified_from_the_change_log(catalogue):
    from api.models import DatasetChange

    DatasetChange.objects.create(dataset="projects", day=datetime.date(2026, 3, 2), added=1, rows=9)
    DatasetChange.objects.create(dataset="zones", day=datetime.date(2026, 3, 3), rows=3, is_baseline=True)
    graph = catalogue_graph()
    projects = URIRef(f"{SITE}/data/projects/#dataset")
    assert graph.value(projects, DCTERMS.modified) == Literal("2026-03-02", datatype=XSD.date)
    frequency = URIRef("http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT")
    assert graph.value(projects, DCTERMS.accrualPeriodicity) == frequency
    # A baseline is not a change: before its first change a dataset falls back on its own last edit.
    assert graph.value(URIRef(f"{SITE}/data/zones/#dataset"), DCTERMS.modified) != Literal(
        "2026-03-03", datatype=XSD.date
    )


def test_the_report_card_is_a_dataset_series_one_dataset_per_year(client, catalogue):
    graph = catalogue_graph()
    series = URIRef(f"{SITE}/data/indicators/#series")
    years = {year: URIRef(f"{SITE}/data/indicators/#year-{year}") for year in (2021, 2022, 2023)}
    assert (series, RDF.type, DCAT.DatasetSeries) in graph
    assert {literal.language for literal in graph.objects(series, DCTERMS.title)} == {"zh", "en"}
    assert set(graph.subjects(DCAT.inSeries, series)) == set(years.values())
    assert graph.value(series, DCAT.first) == years[2021] and graph.value(series, DCAT.last) == years[2023]
    assert graph.value(years[2023], DCAT.prev) == years[2022] and graph.value(years[2022], DCAT.prev) == years[2021]
    assert graph.value(years[2021], DCAT.next) == years[2022] and graph.value(years[2022], DCAT.next) == years[2023]
    assert graph.value(years[2021], DCAT.prev) is None and graph.value(years[2023], DCAT.next) is None
    catalogue_iri = URIRef(f"{SITE}/data/#catalogue")
    assert {series, *years.values()} <= set(graph.objects(catalogue_iri, DCAT.dataset))
    # 2023's figures: "2023年" and "2022—2023年", so its coverage starts in 2022.
    period = graph.value(years[2023], DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2022", datatype=XSD.gYear)
    assert graph.value(period, DCAT.endDate) == Literal("2023", datatype=XSD.gYear)
    # Each year's file holds that year's figures only.
    csv = next(
        graph.value(d, DCAT.downloadURL)
        for d in graph.objects(years[2023], DCAT.distribution)
        if str(graph.value(d, DCAT.mediaType)).endswith("text/csv")
    )
    response = client.get(urlsplit(str(csv)).path + "?" + urlsplit(str(csv)).query)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 3 and "2023年" in body and "2019—2022年" not in body


def test_a_harvester_fetches_every_distribution(client, catalogue):
    """As ckanext-dcat does: parse the catalogue, then follow each distribution's download URL (or,
    for the API, its access URL), expecting 200 and the media type the catalogue states."""
    graph = graph_of(client.get("/data/catalog.ttl"), "text/turtle")
    catalogue_iri = URIRef(f"{SITE}/data/#catalogue")
    fetched = 0
    for dataset in graph.objects(catalogue_iri, DCAT.dataset):
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = graph.value(distribution, DCAT.downloadURL) or graph.value(distribution, DCAT.accessURL)
            parts = urlsplit(str(url))
            assert f"{parts.scheme}://{parts.netloc}" == SITE
            response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            assert response.status_code == 200, url
            media_type = str(graph.value(distribution, DCAT.mediaType)).removeprefix(
                "http://www.iana.org/assignments/media-types/"
            )
            assert response["Content-Type"].split(";")[0] == media_type, url
            fetched += 1
    assert fetched >= 4 * 11 + 3 * 3  # csv, json, xlsx, api for each dataset; three files per year


@pytest.mark.parametrize(
    ("path", "accept", "limit"),
    [("/data/", "text/turtle", 26), ("/data/", BROWSER, 11), ("/data/projects/", BROWSER, 5)],
)
def test_query_count_does_not_grow_with_the_rows(client, catalogue, django_assert_max_num_queries, path, accept, limit):
    """Pinned at two table sizes; the page cache is emptied before each request, so each is built."""
    from django.core.cache import cache

    from projects.models import Project

    counts = []
    industry = Project.objects.first().industry
    for extra in (0, 30):
        for number in range(extra):
            ProjectFactory(code=f"QK-2030-{number:03d}", slug=f"more-{number}", industry=industry)
        cache.clear()
        with django_assert_max_num_queries(limit) as captured:
            assert client.get(path, HTTP_ACCEPT=accept).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_no_dataset_is_named_like_the_catalogue_files():
    from api.datasets import DATASETS

    assert "catalog" not in DATASETS
    assert reverse("data-catalogue-rdf", kwargs={"extension": "ttl"}) == "/data/catalog.ttl"
