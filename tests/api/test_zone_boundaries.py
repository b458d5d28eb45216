"""Zones as GeoJSON only where staff have drawn a boundary: /data/zones.geojson, the catalogue, the API."""

import copy
import json

import jsonschema
import pytest
from django.urls import reverse

from core.geojson import validate_boundary
from tests.core.test_geojson import HOLE, OUTER, POLYGON
from tests.factories import ZoneFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db
MULTI = {"type": "MultiPolygon", "coordinates": [[OUTER, HOLE], [[[lon + 0.2, lat] for lon, lat in OUTER]]]}


@pytest.fixture
def zones(db):
    ZoneFactory(slug="north", name="北区", name_en="North", full_name="北部智造区", boundary=POLYGON)
    ZoneFactory(slug="central", name="中区", name_en="Central")
    ZoneFactory(slug="south", name="南区", name_en="South", boundary=MULTI)


def geojson(client, path="/data/zones.geojson"):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def assert_rfc7946_feature_collection(collection):
    """RFC 7946 §3: the members a FeatureCollection and its Features must have, no `crs` (§4)."""
    assert collection["type"] == "FeatureCollection" and isinstance(collection["features"], list)
    assert "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str | int)
        assert isinstance(feature["properties"], dict)
        assert "crs" not in feature and "crs" not in feature["geometry"]
        validate_boundary(feature["geometry"])  # closed rings, ranges, counter-clockwise outer rings


def test_only_zones_with_a_boundary_are_features(client, zones):
    collection = geojson(client)
    assert_rfc7946_feature_collection(collection)
    assert [f["id"] for f in collection["features"]] == ["north", "south"]
    north, south = collection["features"]
    assert north["geometry"] == POLYGON and south["geometry"] == MULTI
    assert north["properties"] == {
        "slug": "north",
        "name": "北区",
        "name_en": "North",
        "full_name": "北部智造区",
        "full_name_en": "",
        "url": "http://testserver/zones/north/",
    }


def test_without_any_boundary_the_collection_is_empty_not_invented(client, seeded):
    collection = geojson(client)
    assert collection == {"type": "FeatureCollection", "features": []}


def test_an_edit_shows_in_the_cached_download(client, zones):
    assert len(geojson(client)["features"]) == 2
    zone = Zone.objects.get(slug="central")
    zone.boundary = POLYGON
    zone.save()
    assert [f["id"] for f in geojson(client)["features"]] == ["north", "central", "south"]


def test_download_is_open_to_other_sites_and_get_only(client, zones):
    response = client.get("/data/zones.geojson")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'filename="zones.geojson"' in response["Content-Disposition"]
    assert client.post("/data/zones.geojson").status_code == 405


@pytest.mark.parametrize(
    ("url", "note"),
    [
        ("/data/", "仅包含工作人员已绘制边界的片区"),
        ("/en/data/", "only the zones whose boundary staff have drawn"),
    ],
)
def test_catalogue_lists_the_geojson_with_what_it_holds(client, zones, url, note):
    page = client.get(url).content.decode()
    assert 'href="/data/zones.geojson" download>GeoJSON</a>' in page
    assert 'href="/data/spaces.geojson" download>GeoJSON</a>' in page
    assert note in page


def test_catalogue_json_ld_has_a_geojson_distribution(client, zones):
    page = client.get("/en/data/").content.decode()
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    catalogue = json.loads(page[start : page.index("</script>", start)])
    by_name = {d["url"].rstrip("/").rsplit("/", 1)[1]: d for d in catalogue["dataset"]}
    (zones_geo,) = [d for d in by_name["zones"]["distribution"] if d["encodingFormat"] == "application/geo+json"]
    assert zones_geo["contentUrl"] == "http://testserver/data/zones.geojson"
    assert "only the zones whose boundary staff have drawn" in zones_geo["description"]
    assert "application/geo+json" in {d["encodingFormat"] for d in by_name["spaces"]["distribution"]}
    assert "application/geo+json" not in {d["encodingFormat"] for d in by_name["projects"]["distribution"]}


def test_api_zones_carry_the_boundary_or_null(client, zones):
    rows = {z["slug"]: z["boundary"] for z in client.get("/api/v1/zones/").json()}
    assert rows == {"north": POLYGON, "central": None, "south": MULTI}
    assert client.get("/api/v1/zones/south/").json()["boundary"] == MULTI
    assert client.get(reverse("data-download", kwargs={"dataset": "zones", "fmt": "json"})).status_code == 200


def _json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def test_schema_describes_the_boundary_and_the_answers_match_it(client, zones):
    document = json.loads(client.get(reverse("api:schema") + "?format=json").content)
    boundary = document["components"]["schemas"]["Zone"]["properties"]["boundary"]
    assert boundary["nullable"] is True
    assert [option["properties"]["type"]["enum"] for option in boundary["oneOf"]] == [["Polygon"], ["MultiPolygon"]]
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/Zone", "components": _json_schema(document["components"])}
    )
    answers = client.get("/api/v1/zones/").json()
    for zone in answers:
        validator.validate(zone)
    broken = copy.deepcopy(answers[0])
    broken["boundary"]["type"] = "Point"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    broken["boundary"] = {"type": "Polygon", "coordinates": [[[120.3, 30.3], [120.4, 30.3], [120.3, 30.3]]]}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)  # a ring of 3 positions
