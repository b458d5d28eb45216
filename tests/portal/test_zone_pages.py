import pytest

from spaces.models import Space
from tests.factories import PlatformFactory, ServiceGridFactory, SpaceFactory
from tests.publicsite.builders import count_queries, make_enterprise, make_project, populate
from zones.models import Zone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_zone_list_renders_the_three_zones_and_the_map(client, seeded, prefix):
    response = client.get(f"{prefix}/zones/")
    assert response.status_code == 200
    body = response.content.decode()
    for slug in ("north", "central", "south"):
        assert f'href="{prefix}/zones/{slug}/"' in body
    assert "<svg" in body and 'class="map-axis"' in body and body.count('class="map-core"') == 2
    assert body.count('class="map-belt"') == 2
    assert ("One axis" if prefix else "一轴") in body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_zone_detail_renders_seed_content(client, seeded, prefix):
    response = client.get(f"{prefix}/zones/south/")
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Southern Innovation and Start-up Zone" if prefix else "南部创新创业片区") in body
    assert ("Huibo Yuntong" if prefix else "慧博云通") in body
    assert "/inquiry/?zone=south" in body
    assert 'aria-current="page"' in body


def test_zone_detail_counts_and_lists_only_published_rows(client, db):
    zone = Zone.objects.create(slug="north", name="北智")
    make_project(name="公开项目", zone=zone)
    make_project(name="隐藏项目", zone=zone, is_published=False)
    make_enterprise(name="公开企业", zone=zone)
    make_enterprise(name="隐藏企业", zone=zone, is_published=False)
    PlatformFactory(name="研发中心", zone=zone)
    PlatformFactory(name="隐藏平台", zone=zone, is_published=False)
    ServiceGridFactory(number=3, name="第三网格", zone=zone)
    response = client.get("/zones/north/")
    body = response.content.decode()
    assert response.context["zone"].project_count == 1
    assert response.context["zone"].enterprise_count == 1
    for text in ("公开项目", "公开企业", "研发中心", "第三网格", "/projects/?zone=north"):
        assert text in body
    for text in ("隐藏项目", "隐藏企业", "隐藏平台"):
        assert text not in body


def test_unknown_zone_is_404(client, db):
    assert client.get("/zones/atlantis/").status_code == 404
    assert client.get("/en/zones/atlantis/").status_code == 404


def _spaces(n):
    north = Zone.objects.get(slug="north")
    for _ in range(n):
        SpaceFactory(zone=north)


def test_zone_pages_query_counts_do_not_grow_with_rows(client, db):
    populate(3)
    _spaces(3)
    small = (count_queries(client, "/zones/"), count_queries(client, "/zones/north/"))
    populate(30)
    _spaces(30)
    large = (count_queries(client, "/zones/"), count_queries(client, "/zones/north/"))
    # list: zones with counts; detail: zone, zones of the map, projects, enterprises, platforms, grids, space,
    # the space cards' photos; each with the footer's site settings (cold cache)
    assert small == large == (2, 9)


def test_zone_page_lists_only_its_published_space_on_offer(client, db):
    north = Zone.objects.create(slug="north", name="北智")
    south = Zone.objects.create(slug="south", name="南创")
    SpaceFactory(zone=north, name="北区可招商厂房")
    SpaceFactory(zone=north, name="北区洽谈中厂房", status=Space.Status.TALKS)
    SpaceFactory(zone=north, name="北区已入驻厂房", status=Space.Status.OCCUPIED)
    SpaceFactory(zone=north, name="北区隐藏厂房", is_published=False)
    SpaceFactory(zone=south, name="南区厂房")
    body = client.get("/zones/north/").content.decode()
    assert "北区可招商厂房" in body and "北区洽谈中厂房" in body and "/spaces/?zone=north" in body
    for text in ("北区已入驻厂房", "北区隐藏厂房", "南区厂房"):
        assert text not in body


def test_zone_page_orders_projects_like_the_list_undated_last(client):
    import datetime

    from tests.factories import ZoneFactory

    zone = ZoneFactory(slug="ordering")
    make_project(zone=zone, signed_on=None, name="无日期项目")
    make_project(zone=zone, signed_on=datetime.date(2020, 1, 1), name="有日期项目")
    body = client.get(zone.get_absolute_url()).content.decode()
    listed = client.get(f"/projects/?zone={zone.slug}").content.decode()
    assert body.index("有日期项目") < body.index("无日期项目")
    assert listed.index("有日期项目") < listed.index("无日期项目")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_zone_page_draws_the_boundary_only_when_drawn(client, seeded, prefix):
    assert "zone-boundary" not in client.get(f"{prefix}/zones/north/").content.decode()
    ring = [[120.3, 30.3], [120.4, 30.3], [120.4, 30.4], [120.3, 30.4], [120.3, 30.3]]
    zone = Zone.objects.get(slug="north")
    zone.boundary = {"type": "Polygon", "coordinates": [ring]}
    zone.save()
    body = client.get(f"{prefix}/zones/north/").content.decode()
    assert 'class="zone-map zone-boundary"' in body and '<path d="M6.0 234.0 L' in body
    assert 'href="/data/zones.geojson"' in body
    assert ("Boundary of North: Smart Manufacturing" if prefix else "北智边界") in body
