"""Downloads of every filtered list: CSV (BOM, formula guard) and JSON, streamed with flat memory."""

import csv
import io
import json
import tracemalloc
from decimal import Decimal

import pytest

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    ProjectFactory,
    SpaceFactory,
    ZoneFactory,
)
from tests.policies.factories import PolicyFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_has_bom_and_the_list_filter(client, seeded):
    response = client.get("/data/projects.csv?zone=north")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = content(response)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    api = client.get("/api/v1/projects/?zone=north&page_size=100").json()
    assert [r["slug"] for r in rows] == [p["slug"] for p in api["results"]]
    assert {r["zone.slug"] for r in rows} == {"north"}


def test_csv_defuses_formulas(client, db):
    ProjectFactory(name='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(content(client.get("/data/projects.csv")).decode("utf-8-sig"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["summary"] == "'@SUM(A1)"


def test_json_download_matches_the_api(client, seeded):
    response = client.get("/data/enterprises.json?tag=listed")
    assert response.status_code == 200
    body = json.loads(content(response))
    api = client.get("/api/v1/enterprises/?tag=listed&page_size=100").json()
    assert body["count"] == api["count"] and body["results"] == api["results"]
    assert body["licence"] == "CC BY 4.0"


def test_bad_filter_is_400_and_unknown_format_or_dataset_404(client, seeded):
    response = client.get("/data/projects.csv?year=abc")
    assert response.status_code == 400 and "year" in response.json()
    assert client.get("/data/projects.xml").status_code == 404
    assert client.get("/data/inquiries.csv").status_code == 404


@pytest.mark.parametrize(
    "name", ["projects", "enterprises", "news", "events", "zones", "industries", "indicators", "platforms"]
)
def test_every_dataset_downloads(client, seeded, name):
    for fmt in ("csv", "json"):
        response = client.get(f"/data/{name}.{fmt}")
        assert response.status_code == 200, (name, fmt)
        content(response)


def test_list_pages_link_their_downloads_with_the_filter(client, seeded):
    page = client.get("/projects/?zone=north&utm_source=x").content.decode()
    assert 'href="/data/projects.csv?zone=north"' in page
    assert 'href="/data/projects.json?zone=north"' in page
    assert 'href="/api/v1/projects/?zone=north"' in page
    assert 'href="/data/enterprises.csv"' in client.get("/enterprises/").content.decode()


def _peak_while_streaming(client, url) -> tuple[int, int]:
    """(rows, peak of Python's allocations while the body streams, read chunk by chunk and dropped)."""
    response = client.get(url)
    tracemalloc.start()
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return int(response["X-Total-Count"]), peak


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_download_memory_stays_flat(client, db, monkeypatch, fmt):
    """Five times the rows, about the same peak: rows are read a chunk at a time and written out.

    The chunk is made small (100 rows) so that both sizes span several chunks (6 and 30) and both
    fill the writers' 500-row output buffer, at a size the suite can afford; a download that held
    its rows, their serialized form or the body would peak about five times higher.
    bench/downloads.py measures 1,000 to 100,000 rows with the real
    chunk on PostgreSQL (docs/benchmarks.md).
    """
    monkeypatch.setattr("api.downloads.ITERATOR_CHUNK", 100)
    zone, industry = ZoneFactory(), IndustryFactory()
    ProjectFactory.create_batch(600, zone=zone, industry=industry)
    small_rows, small = _peak_while_streaming(client, f"/data/projects.{fmt}")
    ProjectFactory.create_batch(2400, zone=zone, industry=industry)
    large_rows, large = _peak_while_streaming(client, f"/data/projects.{fmt}")
    assert (small_rows, large_rows) == (600, 3000)
    assert large < small * 1.5, (small, large)


def _csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))


def test_csv_carries_english_beside_every_chinese_label(client, db):
    """A reader of an English page gets the zone, industry, stage, levels, kinds and units in English too."""
    zone = ZoneFactory(slug="north", name="北智", name_en="North: Intelligence")
    industry = IndustryFactory(slug="ev", name="新能源汽车", name_en="New-energy vehicles")
    ProjectFactory(slug="p", zone=zone, industry=industry, land_mu=Decimal("80"), floor_area_m2=Decimal("1000"))
    EnterpriseFactory(slug="e", zone=zone, industry=industry)
    SpaceFactory(slug="s", zone=zone, offers_lease=True, rent=Decimal("25"), rent_disclosed=True)
    (project,) = _csv_rows(client, "/data/projects.csv")
    assert project["zone.name_en"] == "North: Intelligence"
    assert project["industry.name_en"] == "New-energy vehicles"
    assert project["stage_name_en"] == "Signed"
    assert (project["investment.unit_en"], project["land.unit_en"], project["floor_area.unit_en"]) == (
        "100 million yuan",
        "mu",
        "m²",
    )
    (enterprise,) = _csv_rows(client, "/data/enterprises.csv")
    assert (enterprise["zone.name_en"], enterprise["industry.name_en"]) == (
        "North: Intelligence",
        "New-energy vehicles",
    )
    assert enterprise["listing_status_name_en"]
    (space,) = _csv_rows(client, "/data/spaces.csv")
    assert space["zone.name_en"] == "North: Intelligence"
    assert space["kind_name_en"] and space["status_name_en"]
    assert space["rent.unit_en"] == "yuan per m² and month"
    zones = _csv_rows(client, "/data/zones.csv")
    assert "area.unit_en" in zones[0]
    for row, chinese in [(project, "zone.name"), (enterprise, "industry.name"), (space, "kind_name")]:
        english = chinese.replace("name", "name_en")
        assert list(row).index(english) == list(row).index(chinese) + 1, english  # beside its Chinese


def test_policy_csv_has_english_level_themes_and_industries(client, db):
    industry = IndustryFactory(slug="ev", name="新能源汽车", name_en="New-energy vehicles")
    policy = PolicyFactory(slug="pol")
    policy.industries.add(industry)
    policy.themes.add(ThemeFactory(slug="talent", name="人才", name_en="Talent"))
    (row,) = _csv_rows(client, "/data/policies.csv")
    assert row["level_name_en"]
    assert row["industries"] == "新能源汽车" and row["industries.name_en"] == "New-energy vehicles"
    assert row["themes"] == "人才" and row["themes.name_en"] == "Talent"


def test_downloads_and_api_give_absolute_urls(client, db):
    ProjectFactory(slug="p")
    SpaceFactory(slug="s", latitude=Decimal("30.3"), longitude=Decimal("120.3"))
    (row,) = _csv_rows(client, "/data/projects.csv")
    assert row["url"] == "http://testserver/projects/p/"
    body = json.loads(content(client.get("/data/projects.json")))
    assert body["results"][0]["url"] == "http://testserver/projects/p/"
    assert client.get("/api/v1/projects/").json()["results"][0]["url"] == "http://testserver/projects/p/"
    assert client.get("/api/v1/projects/p/").json()["url"] == "http://testserver/projects/p/"
    geojson = json.loads(content(client.get("/data/spaces.geojson")))
    assert geojson["features"][0]["properties"]["url"] == "http://testserver/spaces/s/"


def test_api_rows_remembered_for_one_host_are_not_served_to_another(client, db):
    """The serialized rows are remembered (api.views.DirectoryListAPIView); their absolute url names the host."""
    ProjectFactory(slug="p")
    first = client.get("/api/v1/projects/", HTTP_COOKIE="sessionid=none", HTTP_HOST="testserver")
    second = client.get("/api/v1/projects/", HTTP_COOKIE="sessionid=none", HTTP_HOST="localhost")
    assert first.json()["results"][0]["url"] == "http://testserver/projects/p/"
    assert second.json()["results"][0]["url"] == "http://localhost/projects/p/"


def test_csv_booleans_are_true_and_false_as_in_the_schema(client, db):
    ProjectFactory(slug="p", is_demo=False)
    SpaceFactory(slug="s", offers_lease=True, offers_sale=False)
    (project,) = _csv_rows(client, "/data/projects.csv")
    assert (project["investment.disclosed"], project["is_demo"]) == ("true", "false")
    (space,) = _csv_rows(client, "/data/spaces.csv")
    assert (space["offers_lease"], space["offers_sale"]) == ("true", "false")


def test_csv_leaves_the_unit_of_an_empty_value_empty(client, db):
    ProjectFactory(slug="secret", investment=None, investment_disclosed=False)
    ProjectFactory(slug="hidden", investment=Decimal("3"), investment_disclosed=False)
    ProjectFactory(slug="open", investment=Decimal("12.50"), investment_disclosed=True)
    SpaceFactory(slug="quiet", offers_lease=True, rent=Decimal("30"), rent_disclosed=False)
    rows = {row["slug"]: row for row in _csv_rows(client, "/data/projects.csv")}
    for slug in ("secret", "hidden"):
        assert rows[slug]["investment.value"] == ""
        assert (rows[slug]["investment.unit"], rows[slug]["investment.unit_en"]) == ("", ""), slug
        assert rows[slug]["investment.disclosed"] == "false"
    assert (rows["open"]["investment.value"], rows["open"]["investment.unit"]) == ("12.50", "亿元")
    (space,) = _csv_rows(client, "/data/spaces.csv")
    assert (space["rent.value"], space["rent.unit"], space["rent.unit_en"]) == ("", "", "")


@pytest.mark.parametrize(
    "name",
    [
        "projects",
        "enterprises",
        "policies",
        "spaces",
        "news",
        "events",
        "zones",
        "industries",
        "targets",
        "indicators",
        "platforms",
    ],
)
def test_every_chinese_column_has_its_english_beside_it(name):
    """A column with an English twin in the API (a field `x_en`, a part `name_en`/`unit_en`/`title_en`) has it next."""
    from api.datasets import DATASETS

    dataset = DATASETS[name]
    fields, columns = set(dataset.allow_list.fields), list(dataset.columns)
    for index, column in enumerate(columns):
        head, _, part = column.rpartition(".")
        has_twin = f"{column}_en" in fields if not head else part in ("name", "unit", "title")
        if has_twin:
            assert columns[index + 1] == f"{column}_en", (name, column)
