"""/api/v1/spaces/: the register's rows and filters; prices with `disclosed`; GeoJSON where a position is known."""

import datetime
import json
from decimal import Decimal

import pytest

from spaces.models import Space, SpaceStatusLog
from tests.api.test_endpoints import api_slugs, html_list
from tests.factories import SpaceFactory, ZoneFactory

pytestmark = pytest.mark.django_db
QUERIES = [
    "",
    "status=all",
    "kind=factory",
    "kind=land",
    "min_area=3000",
    "min_area=1000&max_area=6000",
    "sort=area",
    "sort=area_desc",
    "tenure=lease",
    "status=occupied",
    "q=厂房",
]


@pytest.fixture
def spaces(db):
    north = ZoneFactory(slug="north")
    for number in range(6):
        SpaceFactory(
            zone=north,
            slug=f"s{number}",
            name=f"标准厂房{number}" if number % 2 else f"载体{number}",
            floor_area_m2=Decimal(1000 * (number + 1)),
            status=[Space.Status.AVAILABLE, Space.Status.TALKS, Space.Status.OCCUPIED][number % 3],
            offers_lease=bool(number % 2),
            rent=Decimal("25.5"),
            rent_disclosed=number != 1,
            latitude=Decimal("30.42") if number < 2 else None,
            longitude=Decimal("120.31") if number < 2 else None,
        )
    SpaceFactory(slug="withdrawn", status=Space.Status.WITHDRAWN, zone=north)


@pytest.mark.parametrize("query", QUERIES)
def test_space_api_lists_what_the_html_list_lists(client, spaces, query):
    html, count = html_list(client, "/spaces/", query)
    api = api_slugs(client, "/api/v1/spaces/", query)
    assert api[: len(html)] == html and len(api) == count


def test_undisclosed_rent_is_null_and_withdrawn_is_gone(client, spaces):
    rows = {r["slug"]: r for r in client.get("/api/v1/spaces/?status=all&page_size=100").json()["results"]}
    assert rows["s1"]["rent"] == {
        "value": None,
        "unit": "元/平方米·月",
        "unit_en": "yuan per m² and month",
        "disclosed": False,
    }
    assert rows["s3"]["rent"]["value"] == "25.50" and rows["s3"]["rent"]["disclosed"] is True
    assert "withdrawn" not in rows and client.get("/api/v1/spaces/withdrawn/").status_code == 404


def test_status_dates_at_the_precision_the_source_gives(client, spaces):
    space = Space.objects.get(slug="s0")
    SpaceStatusLog.objects.create(
        space=space, to_status="talks", changed_on=datetime.date(2021, 6, 1), date_precision="month"
    )
    SpaceStatusLog.objects.create(space=space, to_status="available", changed_on=datetime.date(2022, 3, 9))
    log = client.get("/api/v1/spaces/s0/").json()["status_log"]
    assert [(e["changed_on"], e["date_precision"]) for e in log] == [("2021-06", "month"), ("2022-03-09", "day")]


def test_geojson_has_points_where_a_position_is_known(client, spaces):
    response = client.get("/data/spaces.geojson?status=all")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    collection = json.loads(b"".join(response.streaming_content))
    assert collection["type"] == "FeatureCollection"
    assert {f["id"] for f in collection["features"]} == {"s0", "s1"}
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [120.31, 30.42]}  # RFC 7946: longitude first
    assert "latitude" not in feature["properties"] and feature["properties"]["name"]
    assert client.get("/data/projects.geojson").status_code == 404


def test_space_list_links_geojson(client, spaces):
    page = client.get("/spaces/?kind=factory").content.decode()
    assert 'href="/data/spaces.geojson?kind=factory"' in page and 'href="/data/spaces.csv?kind=factory"' in page
