"""The space admin: a space named only in Chinese gets its code and slug; the zone is a plain choice."""

import datetime

import pytest

from spaces.models import Space
from spaces.services import space_next_code, space_save, space_slug_from_code
from tests.factories import SpaceFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year


def _add_data(zone, **fields):
    data = {
        "code": "",
        "name": "钱江新材料标准厂房",
        "slug": "",
        "kind": "factory",
        "zone": zone.pk,
        "status": "available",
        "floor_area_m2": "3200",
        "offers_lease": "on",
        "is_published": "on",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
        "status_log-TOTAL_FORMS": 0,
        "status_log-INITIAL_FORMS": 0,
        "status_log-MIN_NUM_FORMS": 0,
        "status_log-MAX_NUM_FORMS": 1000,
        "proposals-TOTAL_FORMS": 0,
        "proposals-INITIAL_FORMS": 0,
    }
    data.update(fields)
    return data


def _errors(response):
    if response.context is None:
        return ""
    form = response.context["adminform"].form
    return [form.errors, [f.formset.errors for f in response.context["inline_admin_formsets"]]]


def test_admin_adds_a_space_with_a_chinese_name_only_and_generates_code_and_slug(client):
    zone = ZoneFactory(slug="north", name="北智")
    SpaceFactory(code=f"ZT-{YEAR}-004", slug="older", zone=zone)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post("/admin/spaces/space/add/", _add_data(zone))
    assert response.status_code == 302, _errors(response)
    space = Space.objects.get(name="钱江新材料标准厂房")
    assert space.code == f"ZT-{YEAR}-005"
    assert space.slug == f"zt-{YEAR}-005"
    assert client.get(space.get_absolute_url()).status_code == 200


def test_a_typed_code_and_slug_are_kept(client):
    zone = ZoneFactory(slug="north")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = _add_data(zone, code="ZT-2020-042", slug="my-factory")
    response = client.post("/admin/spaces/space/add/", data)
    assert response.status_code == 302, _errors(response)
    assert Space.objects.filter(code="ZT-2020-042", slug="my-factory").exists()


def test_zone_is_a_radio_choice_not_an_autocomplete_box(client):
    for slug, name in (("north", "北智"), ("central", "中优"), ("south", "南创")):
        ZoneFactory(slug=slug, name=name)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/admin/spaces/space/add/").content.decode()
    assert page.count('type="radio" name="zone"') == 3
    assert 'name="zone" class="admin-autocomplete' not in page
    assert "南创" in page


def test_generated_slug_steps_around_one_already_taken():
    SpaceFactory(slug=f"zt-{YEAR}-001", code="ZT-2019-001")
    assert space_next_code() == f"ZT-{YEAR}-001"
    assert space_slug_from_code(f"ZT-{YEAR}-001") == f"zt-{YEAR}-001-2"


def test_service_fills_code_and_slug_of_a_new_space():
    zone = ZoneFactory()
    space = space_save(space=Space(name="闲置厂房", kind=Space.Kind.FACTORY, zone=zone, floor_area_m2=100))
    assert space.code == f"ZT-{YEAR}-001"
    assert space.slug == f"zt-{YEAR}-001"


def test_a_code_taken_by_a_save_at_the_same_moment_is_stepped_around(monkeypatch):
    """Two editors save new spaces at once: both were handed the same next code; the second save takes
    the next free one instead of failing (the database's unique index decides)."""
    import spaces.services

    zone = ZoneFactory()
    space_save(space=Space(name="先保存的厂房", kind=Space.Kind.FACTORY, zone=zone, floor_area_m2=100))
    real_next_code = spaces.services.space_next_code
    stale = iter([f"ZT-{YEAR}-001"])  # what the second editor's save computed before the first committed
    monkeypatch.setattr(spaces.services, "space_next_code", lambda **kw: next(stale, None) or real_next_code(**kw))
    space = space_save(space=Space(name="后保存的厂房", kind=Space.Kind.FACTORY, zone=zone, floor_area_m2=80))
    assert (space.code, space.slug) == (f"ZT-{YEAR}-002", f"zt-{YEAR}-002")
    assert Space.objects.count() == 2


def test_zone_choices_read_in_the_admin_language(client):
    ZoneFactory(slug="south", name="南创", name_en="South: Innovation")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/en/admin/spaces/space/add/").content.decode()
    assert "South: Innovation" in page
