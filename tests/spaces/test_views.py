"""The space detail page, the list in both languages, the inquiry pre-filled from a space."""

import datetime
from decimal import Decimal

import pytest

from spaces.models import Space
from spaces.services import space_save
from tests.factories import IndustryFactory, OfficerProfileFactory, SpaceFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory_space(db):
    zone = ZoneFactory(slug="south", name="南创", name_en="South")
    officer = UserFactory(username="officer-li")
    profile = OfficerProfileFactory(
        user=officer,
        name="李专员",
        name_en="Officer Li",
        show_name=True,
        email="li@qk.gov.cn",
        show_email=True,
        phone="0571-12345678",
        languages="中文、English",
        show_languages=True,
    )
    profile.zones.add(zone)
    space = space_save(
        space=Space(
            code="ZT-2026-200",
            name="南创高标厂房",
            name_en="South standard factory",
            slug="south-factory",
            kind=Space.Kind.FACTORY,
            zone=zone,
            floor_area_m2=Decimal("6000"),
            floors=4,
            floor_numbers="1",
            clear_height_m=Decimal("8.5"),
            floor_load_kn=Decimal("12"),
            power_kva=Decimal("1250"),
            offers_lease=True,
            rent=Decimal("28"),
            rent_disclosed=False,
            officer=officer,
            last_verified_on=datetime.date(2026, 11, 1),
        ),
        changed_on=datetime.date(2026, 3, 1),
    )
    space.target_industries.add(IndustryFactory(slug="new-materials", name="新材料", name_en="New materials"))
    space.status = Space.Status.TALKS
    return space_save(space=space, previous_status="available", changed_on=datetime.date(2026, 10, 8))


def test_detail_shows_all_facts_both_units_history_verified_and_officer(client, factory_space):
    page = client.get("/spaces/south-factory/").content.decode()
    for text in (
        "ZT-2026-200",
        "6,000 平方米（约 9 亩）",
        "1,250 kVA",
        "8.5 m",
        "12 kN/m²",
        "建筑共 4 层",
        "新材料",
        "2026-03-01",
        "2026-10-08",
        "洽谈中",
        "2026-11-01",
        "李专员",
        "li@qk.gov.cn",
        "中文、English",
    ):
        assert text in page, text
    assert "0571-12345678" not in page  # not published by the officer
    assert "28" not in page.split("租金")[1][:80]  # the rent is undisclosed: its amount never shows
    assert f"/inquiry/?space={factory_space.pk}" in page


def test_detail_in_english(client, factory_space):
    page = client.get("/en/spaces/south-factory/").content.decode()
    for text in ("South standard factory", "6,000 m² (≈ 9 mu)", "In talks", "Officer Li", "Ask about this space"):
        assert text in page, text


def test_land_is_shown_in_mu_and_m2(client, db):
    SpaceFactory(slug="parcel", kind=Space.Kind.LAND, floor_area_m2=None, area_mu=Decimal("83"), offers_lease=False)
    assert "83 亩（约 55,333.61 平方米）" in client.get("/spaces/parcel/").content.decode()


def test_detail_by_id_and_404s(client, factory_space):
    assert client.get(f"/spaces/{factory_space.pk}/").status_code == 200
    SpaceFactory(slug="gone", status=Space.Status.WITHDRAWN)
    SpaceFactory(slug="hidden", is_published=False)
    for key in ("gone", "hidden", "nope", "99999999999999999999", "a%00b"):
        assert client.get(f"/spaces/{key}/").status_code == 404, key


def test_ask_about_this_space_prefills_the_inquiry(client, factory_space):
    response = client.get(f"/inquiry/?space={factory_space.pk}")
    form = response.context["form"]
    assert form.initial["about_space"] == factory_space.pk
    assert form.initial["zone"] == "south" and form.initial["need_kind"] == "factory"
    assert form.initial["need_tenure"] == "lease"
    assert "南创高标厂房" in response.content.decode()


def test_unknown_or_unpublished_space_is_ignored_by_the_form(client, db):
    hidden = SpaceFactory(is_published=False)
    for value in (str(hidden.pk), "abc", "-1"):
        response = client.get(f"/inquiry/?space={value}")
        assert response.status_code == 200 and "about_space" not in response.context["form"].initial


def test_detail_query_count_does_not_grow(client, django_assert_max_num_queries, factory_space):
    def count():
        with django_assert_max_num_queries(12) as captured:
            assert client.get("/spaces/south-factory/", HTTP_COOKIE="sessionid=none").status_code == 200
        return len(captured.captured_queries)

    small = count()
    for n in range(5):
        factory_space.status_log.create(to_status="talks", changed_on=datetime.date(2026, 1, n + 1))
        factory_space.target_industries.add(IndustryFactory())
    assert count() == small


def test_sample_spaces_are_labelled(client, db):
    SpaceFactory(slug="sample", name="示例厂房", is_demo=True)
    page = client.get("/spaces/sample/").content.decode()
    assert "示例数据" in page


def test_navigation_home_and_sitemap_link_the_register(client, seeded):
    home = client.get("/").content.decode()
    assert 'href="/spaces/"' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/spaces/" in sitemap and "/spaces/south-83-mu-stock-space/" in sitemap


def test_seed_spaces_keep_undisclosed_figures_undisclosed(client, seeded):
    renewal = Space.objects.get(code="ZT-2021-001")
    factory = Space.objects.get(code="ZT-2021-002")
    assert renewal.area_mu == 83 and renewal.zone.slug == "south"
    assert factory.status == Space.Status.OCCUPIED and factory.floor_area_m2 == 10000 and factory.area_is_lower_bound
    for space in (renewal, factory):
        assert space.public_rent is None and space.public_sale_price is None and space.public_land_price is None
        assert space.power_kva is None and space.clear_height_m is None and space.last_verified_on is None
    assert renewal.status_log.get().date_format == "Y-m"
    page = client.get("/spaces/revived-factory-kashen/").content.decode()
    assert "逾 10,000 平方米" in page and "已入驻" in page
    assert "2021</time>" in page  # the year only, as the report gives it
    assert "卡深" in page
    listed = client.get("/spaces/").content.decode()
    assert "南创83亩存量空间" not in listed  # being fitted out: not on offer by default
    assert "南创83亩存量空间" in client.get("/spaces/?status=all").content.decode()


def test_space_not_on_offer_points_to_an_inquiry_instead(client, db):
    space = SpaceFactory(slug="taken", status=Space.Status.OCCUPIED)
    page = client.get("/spaces/taken/").content.decode()
    assert f"/inquiry/?space={space.pk}" not in page
    assert f"/inquiry/?zone={space.zone.slug}" in page
