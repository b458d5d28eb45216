"""The open-data API lists what the HTML lists list, validates the same way, and pages like them."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PROJECT_QUERIES = [
    "",
    "zone=north",
    "zone=south&sort=investment",
    "chain=life-health",
    "chain=electronics-ic&zone=north",
    "stage=signed&sort=name",
    "year=2021",
    "min_investment=5&max_investment=100",
    "q=科技",
    "q=hangzhou&sort=newest",
    "sort=investment",
]
ENTERPRISE_QUERIES = [
    "",
    "zone=north",
    "tag=listed",
    "tag=pre_ipo",
    "tag=high-tech",
    "grid=1",
    "chain=new-energy&sort=newest",
    "q=科技",
    "sort=newest",
]


def html_list(client, path, query):
    """The first page's slugs and the total count of the HTML list (rendered, not from the page cache)."""
    response = client.get(f"{path}?{query}", HTTP_CACHE_CONTROL="no-cache", HTTP_X_TEST="uncached")
    assert response.status_code == 200
    assert response.context is not None, "served from the page cache"
    return [row.slug for row in response.context["object_list"]], response.context["paginator"].count


def api_slugs(client, path, query):
    slugs, url = [], f"{path}?{query}&page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        slugs += [row["slug"] for row in body["results"]]
        url = body["next"]
    return slugs


@pytest.mark.parametrize("query", PROJECT_QUERIES)
def test_project_api_lists_what_the_html_list_lists(client, seeded, query):
    html, count = html_list(client, "/projects/", query)
    api = api_slugs(client, "/api/v1/projects/", query)
    assert api[: len(html)] == html
    assert len(api) == count


@pytest.mark.parametrize("query", ENTERPRISE_QUERIES)
def test_enterprise_api_lists_what_the_html_list_lists(client, seeded, query):
    html, count = html_list(client, "/enterprises/", query)
    api = api_slugs(client, "/api/v1/enterprises/", query)
    assert api[: len(html)] == html
    assert len(api) == count


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc", "year"),
        ("year=3000", "year"),
        ("zone=atlantis", "zone"),
        ("sort=random", "sort"),
        ("stage=done", "stage"),
        ("min_investment=-1", "min_investment"),
        ("min_investment=9&max_investment=1", "max_investment"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_project_filter_is_400_naming_the_field(client, seeded, query, field):
    response = client.get(f"/api/v1/projects/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_bad_enterprise_filter_is_400_naming_the_field(client, seeded):
    response = client.get("/api/v1/enterprises/?grid=99&tag=nope")
    assert response.status_code == 400
    assert set(response.json()) == {"grid", "tag"}


def test_page_past_the_end_is_404_json(client, seeded):
    response = client.get("/api/v1/projects/?page=999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_pagination_has_count_and_links_and_caps_page_size(client, db):
    ProjectFactory.create_batch(25)
    body = client.get("/api/v1/projects/?page_size=10").json()
    assert body["count"] == 25 and len(body["results"]) == 10
    assert body["previous"] is None and "page=2" in body["next"]
    last = client.get("/api/v1/projects/?page_size=10&page=3").json()
    assert len(last["results"]) == 5 and last["next"] is None and "page=2" in last["previous"]
    ProjectFactory.create_batch(100)
    assert len(client.get("/api/v1/projects/?page_size=100000").json()["results"]) == 100


def test_only_published_rows(client, db):
    shown = ProjectFactory(slug="shown")
    ProjectFactory(slug="hidden", is_published=False)
    EnterpriseFactory(slug="hidden-co", is_published=False)
    assert [p["slug"] for p in client.get("/api/v1/projects/").json()["results"]] == [shown.slug]
    assert client.get("/api/v1/projects/hidden/").status_code == 404
    assert client.get("/api/v1/enterprises/").json()["count"] == 0
    assert client.get("/api/v1/enterprises/hidden-co/").status_code == 404


def test_undisclosed_investment_is_null_with_disclosed_false(client, db):
    ProjectFactory(slug="secret", investment=None, investment_disclosed=False)
    ProjectFactory(slug="open", investment="12.50", investment_disclosed=True)
    rows = {p["slug"]: p for p in client.get("/api/v1/projects/").json()["results"]}
    assert rows["secret"]["investment"] == {
        "value": None,
        "unit": "亿元",
        "unit_en": "100 million yuan",
        "disclosed": False,
    }
    assert rows["open"]["investment"]["value"] == "12.50" and rows["open"]["investment"]["disclosed"] is True


def test_names_in_both_languages_side_by_side(client, db):
    ProjectFactory(slug="p", name="心血管中心", name_en="Cardiovascular centre", stage="construction")
    row = client.get("/api/v1/projects/p/").json()
    assert (row["name"], row["name_en"]) == ("心血管中心", "Cardiovascular centre")
    assert (row["stage"], row["stage_name"], row["stage_name_en"]) == ("construction", "开工", "Under construction")
    assert row["signed_on"] == "2021-06-01"


def test_reference_endpoints(client, seeded):
    zones = client.get("/api/v1/zones/").json()
    assert [z["slug"] for z in zones] == ["north", "central", "south"]
    assert client.get("/api/v1/zones/north/").json()["name"] == zones[0]["name"]
    assert client.get("/api/v1/industries/").json()[0]["slug"]
    indicators = client.get("/api/v1/indicators/").json()
    assert any(i["value"] == "752" and i["unit"] == "亿元" for i in indicators)
    assert client.get("/api/v1/platforms/").json()[0]["name"]


@pytest.mark.parametrize("url", ["/api/v1/projects/?format=xml", "/api/v1/projects/?format=csv"])
def test_unknown_format_is_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404


def test_accept_without_json_is_406(client, db):
    response = client.get("/api/v1/projects/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406


def test_only_get_with_cors_header(client, db):
    response = client.get("/api/v1/zones/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/zones/", {}).status_code == 405
    options = client.options("/api/v1/zones/")
    assert options.status_code == 405 and "Access-Control-Allow-Origin" not in options


def test_schema_describes_every_endpoint(client, db):
    response = client.get(reverse("api:schema") + "?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/projects/", "/api/v1/enterprises/", "/api/v1/zones/", "/api/v1/indicators/"]:
        assert path in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {
        "q",
        "zone",
        "chain",
        "stage",
        "year",
        "min_investment",
        "max_investment",
        "sort",
        "page",
        "page_size",
    } <= names


@pytest.mark.parametrize("value", ["abc", "0", "-3", "null", "1.5"])
def test_bad_page_size_is_400_not_ignored(client, db, value):
    response = client.get(f"/api/v1/projects/?page_size={value}")
    assert response.status_code == 400 and "page_size" in response.json()


def test_dates_are_as_precise_as_the_source_with_their_precision_beside_them(client, db):
    """The report gives the 83-亩 agreement's month (June 2021): the API says 2021-06, not 2021-06-01."""
    ProjectFactory(
        slug="month",
        signed_on=datetime.date(2021, 6, 1),
        signed_on_precision="month",
        started_on=datetime.date(2022, 1, 1),
        started_on_precision="year",
        production_on=None,
    )
    row = client.get("/api/v1/projects/month/").json()
    assert (row["signed_on"], row["signed_on_precision"]) == ("2021-06", "month")
    assert (row["started_on"], row["started_on_precision"]) == ("2022", "year")
    assert row["production_on"] is None
    listed = client.get("/api/v1/projects/").json()["results"][0]
    assert listed["signed_on"] == "2021-06"
    csv_text = client.get("/data/projects.csv").getvalue().decode("utf-8-sig")
    assert "2021-06," in csv_text and "2021-06-01" not in csv_text


def test_the_schema_describes_precise_dates_as_patterned_strings(client, db):
    schema = client.get("/api/schema/?format=json").json()
    project = schema["components"]["schemas"]["Project"]["properties"]
    assert project["signed_on"]["type"] == "string" and "format" not in project["signed_on"]
    assert project["signed_on"]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$"
    precision = project["signed_on_precision"]
    enum = (precision.get("$ref") or precision["allOf"][0]["$ref"]).rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][enum]["enum"]) == {"day", "month", "year"}


@pytest.mark.parametrize("page", ["", "last", "0", "x"])
def test_a_page_that_is_not_a_number_from_1_is_a_404_even_after_page_1_was_stored(client, db, page):
    """The schema says `page` is an integer: an empty or word value is not page 1 (found by schemathesis)."""
    ProjectFactory()
    assert client.get("/api/v1/projects/").status_code == 200  # page 1, now in the page cache
    response = client.get(f"/api/v1/projects/?page={page}")
    assert response.status_code == 404 and "detail" in response.json()
