"""Staff paste a zone's boundary in the admin: bad text is a message on the field, never a 500."""

import json
from unittest import mock

import pytest

from core import geojson
from tests.core.test_geojson import HOLE, OUTER, POLYGON, accordion
from tests.factories import UserFactory, ZoneFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(db):
    return ZoneFactory(slug="north", name="北区", name_en="North")


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def post(client, zone, boundary: str, language: str = ""):
    data = {
        "name": zone.name,
        "slug": zone.slug,
        "full_name": "",
        "positioning": "",
        "description": "",
        "area_km2": "",
        "order": "0",
        "name_en": zone.name_en,
        "full_name_en": "",
        "positioning_en": "",
        "description_en": "",
        "boundary": boundary,
        "_continue": "1",
    }
    return client.post(f"{language}/admin/zones/zone/{zone.pk}/change/", data)


def test_pasted_feature_is_saved_as_its_geometry_turned_counter_clockwise(staff, zone):
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [OUTER[::-1]]}}
    response = post(staff, zone, json.dumps(feature))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.boundary == POLYGON


def test_change_page_draws_the_saved_outline(staff, zone):
    Zone.objects.filter(pk=zone.pk).update(boundary={"type": "Polygon", "coordinates": [OUTER, HOLE]})
    page = staff.get(f"/en/admin/zones/zone/{zone.pk}/change/").content.decode()
    assert 'class="boundary-preview"' in page and 'fill-rule="evenodd"' in page
    assert 'd="M6.0 234.0 L' in page
    assert "Leave empty while no official boundary exists" in page  # the help text


@pytest.fixture
def checks():
    """Counts the polygons validate_boundary checks, whichever way it is reached (the model field's
    validator or anything else)."""
    with mock.patch.object(geojson, "_check_polygon", wraps=geojson._check_polygon) as spy:
        yield spy


def test_showing_a_stored_boundary_never_checks_it_again(staff, zone, checks):
    # Issue 22: the widget re-checked the stored outline on every view, and an awkward one took longer to
    # check than gunicorn waits. A stored boundary was checked when it was saved.
    Zone.objects.filter(pk=zone.pk).update(boundary={"type": "Polygon", "coordinates": [accordion(804)]})
    page = staff.get(f"/en/admin/zones/zone/{zone.pk}/change/").content.decode()
    assert 'class="boundary-preview"' in page
    assert checks.call_count == 0


def test_a_form_sent_back_checks_the_pasted_boundary_once_and_draws_it(staff, zone, checks):
    zone.name = ""  # a required field left empty: the form comes back with the boundary as pasted
    response = post(staff, zone, json.dumps({"type": "Polygon", "coordinates": [OUTER, HOLE]}), language="/en")
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["name"]
    assert 'class="boundary-preview"' in response.content.decode()
    assert checks.call_count == 1  # by the model field's validator, not again to draw it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "Polygon", "coordinates": [[[120.3, 30.3]', "This is not valid JSON"),
        (json.dumps({"type": "Point", "coordinates": [120.3, 30.3]}), 'not "Point"'),
        (json.dumps({"type": "Polygon", "coordinates": [OUTER[:-1]]}), "coordinates[0]: the ring is not closed"),
        (json.dumps({"type": "Polygon", "coordinates": [[[lat, lon] for lon, lat in OUTER]]}), "swapped"),
        ("[" * 50_000, "This is not valid JSON"),
        (
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[120.30, 30.30], [120.32, 30.32], [120.32, 30.30], [120.30, 30.33], [120.30, 30.30]]
                    ],
                }
            ),
            "the outline crosses itself",
        ),
    ],
)
def test_bad_boundary_is_a_message_on_the_field_not_a_500(staff, zone, text, expected):
    response = post(staff, zone, text, language="/en")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["boundary"]
    assert any(expected in message for message in form.errors["boundary"])
    assert expected.replace('"', "&quot;") in response.content.decode()
    assert 'class="boundary-preview"' not in response.content.decode()  # nothing drawn from bad text
    zone.refresh_from_db()
    assert zone.boundary is None


def test_emptying_the_field_removes_the_boundary(staff, zone):
    Zone.objects.filter(pk=zone.pk).update(boundary=POLYGON)
    assert post(staff, zone, "").status_code == 302
    zone.refresh_from_db()
    assert zone.boundary is None
    assert Zone.objects.with_boundary().count() == 0


def test_changelist_shows_which_zones_have_a_boundary(staff, zone):
    ZoneFactory(slug="south", name="南区", boundary=POLYGON)
    page = staff.get("/en/admin/zones/zone/").content.decode()
    assert page.count('alt="True"') == 1 and page.count('alt="False"') == 1
