"""Every /spaces/ filter alone, combined, and with bad values (the contract atop spaces/filters.py)."""

from decimal import Decimal

import pytest

from spaces.models import Space
from tests.factories import IndustryFactory, SpaceFactory, ZoneFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def register(db):
    north = ZoneFactory(slug="north", name="北智")
    south = ZoneFactory(slug="south", name="南创")
    ic = IndustryFactory(slug="electronics-ic", name="电子产品与集成电路")
    health = IndustryFactory(slug="life-health", name="生命健康")
    rows = {
        "parcel": SpaceFactory(
            name="北区工业地块",
            kind=Space.Kind.LAND,
            zone=north,
            floor_area_m2=None,
            area_mu=D("30"),
            offers_lease=False,
            offers_transfer=True,
            land_price_disclosed=True,
            land_price=D("80"),
            power_kva=D("5000"),
        ),
        "factory": SpaceFactory(
            name="北区高标厂房",
            zone=north,
            floor_area_m2=D("12000"),
            power_kva=D("2500"),
            clear_height_m=D("9"),
            floor_load_kn=D("15"),
            rent_disclosed=True,
            rent=D("30"),
        ),
        "cheap": SpaceFactory(
            name="南区小厂房",
            zone=south,
            floor_area_m2=D("3000"),
            power_kva=D("800"),
            clear_height_m=D("6"),
            floor_load_kn=D("8"),
            rent_disclosed=True,
            rent=D("20"),
        ),
        "secret_rent": SpaceFactory(name="南区租金未公开厂房", zone=south, floor_area_m2=D("4000"), rent=D("1")),
        "office": SpaceFactory(
            name="南区研发楼",
            kind=Space.Kind.OFFICE,
            zone=south,
            floor_area_m2=D("800"),
            status=Space.Status.TALKS,
            offers_lease=True,
            offers_sale=True,
        ),
        "fitting": SpaceFactory(name="改造中的空间", kind=Space.Kind.RENEWAL, zone=south, status=Space.Status.FITTING),
        "occupied": SpaceFactory(name="已入驻厂房", zone=north, status=Space.Status.OCCUPIED),
        "withdrawn": SpaceFactory(name="已下架厂房", zone=north, status=Space.Status.WITHDRAWN),
        "hidden": SpaceFactory(name="未发布厂房", zone=north, is_published=False),
    }
    rows["factory"].target_industries.add(ic)
    rows["cheap"].target_industries.add(health)
    return rows


def names(client, query="", prefix=""):
    response = client.get(f"{prefix}/spaces/{query}")
    assert response.status_code == 200, response.status_code
    return [space.name for space in response.context["object_list"]], response


def test_default_lists_available_and_in_talks_newest_first(client, register):
    listed, _response = names(client)
    assert set(listed) == {"北区工业地块", "北区高标厂房", "南区小厂房", "南区租金未公开厂房", "南区研发楼"}
    assert listed[0] == "南区研发楼"  # created last of those


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?status=fitting", {"改造中的空间"}),
        ("?status=occupied", {"已入驻厂房"}),
        ("?status=talks", {"南区研发楼"}),
        ("?kind=land", {"北区工业地块"}),
        ("?kind=office", {"南区研发楼"}),
        ("?zone=north", {"北区工业地块", "北区高标厂房"}),
        ("?q=研发", {"南区研发楼"}),
        ("?min_power_kva=2000", {"北区工业地块", "北区高标厂房"}),
        ("?min_height_m=8", {"北区高标厂房"}),
        ("?min_load_kn=10", {"北区高标厂房"}),
        ("?tenure=transfer", {"北区工业地块"}),
        ("?tenure=sale", {"南区研发楼"}),
        ("?chain=electronics-ic", {"北区工业地块", "北区高标厂房", "南区租金未公开厂房", "南区研发楼"}),
        # land in m²: 30 mu = 20,000.10 m²
        ("?min_area=20000", {"北区工业地块"}),
        ("?min_area=5000&max_area=15000", {"北区高标厂房"}),
        ("?max_area=1000", {"南区研发楼"}),
        ("?zone=south&min_power_kva=500&tenure=lease", {"南区小厂房"}),
        ("?kind=factory&zone=north&chain=electronics-ic&min_height_m=9", {"北区高标厂房"}),
    ],
)
def test_each_filter_alone_and_combined(client, register, query, expected):
    assert set(names(client, query)[0]) == expected


def test_status_all_lists_everything_published_but_withdrawn(client, register):
    listed = set(names(client, "?status=all")[0])
    assert "改造中的空间" in listed and "已入驻厂房" in listed
    assert "已下架厂房" not in listed and "未发布厂房" not in listed


def test_area_sorts(client, register):
    assert names(client, "?sort=area")[0][:2] == ["南区研发楼", "南区小厂房"]
    assert names(client, "?sort=area_desc")[0][0] == "北区工业地块"


def test_price_sort_with_kind_and_tenure_puts_undisclosed_last(client, register):
    assert names(client, "?kind=factory&tenure=lease&sort=price")[0] == [
        "南区小厂房",
        "北区高标厂房",
        "南区租金未公开厂房",
    ]


@pytest.mark.parametrize("query", ["?sort=price", "?kind=factory&sort=price", "?tenure=lease&sort=price"])
def test_price_sort_without_kind_and_tenure_is_refused_with_a_message(client, register, query):
    listed, response = names(client, query)
    assert listed == []
    errors = response.context["filter"].form.errors
    assert "sort" in errors and "kind" not in errors
    assert "万元/亩" in response.content.decode()


def test_price_sort_for_terms_without_a_price_is_refused(client, register):
    _listed, response = names(client, "?kind=land&tenure=sale&sort=price")
    assert "sort" in response.context["filter"].form.errors


@pytest.mark.parametrize(
    "query,field",
    [
        ("?min_area=abc&zone=north", "min_area"),
        ("?max_area=-5&zone=north", "max_area"),
        ("?min_power_kva=1e999&zone=north", "min_power_kva"),
        ("?min_height_m=NaN&zone=north", "min_height_m"),
        ("?min_load_kn=%E5%8D%81&zone=north", "min_load_kn"),
        ("?kind=castle&zone=north", "kind"),
        ("?status=withdrawn&zone=north", "status"),
        ("?tenure=rent-to-own&zone=north", "tenure"),
        ("?sort=cheapest&zone=north", "sort"),
        ("?chain=unknown&zone=north", "chain"),
    ],
)
def test_bad_values_are_shown_and_the_other_filters_kept(client, register, query, field):
    listed, response = names(client, query)
    form = response.context["filter"].form
    assert field in form.errors and listed == []
    assert form["zone"].value() == "north"  # the other filter keeps its value
    page = response.content.decode()
    assert 'value="north" selected' in page
    assert "form-errors" in page


def test_min_above_max_says_so(client, register):
    _listed, response = names(client, "?min_area=9000&max_area=100")
    assert response.context["filter"].form.errors["max_area"] == ["上限不能小于下限。"]


def test_english_page_shows_english_messages(client, register):
    _listed, response = names(client, "?sort=price", prefix="/en")
    assert "To sort by price, choose a kind of space and a tenure first" in response.content.decode()


@pytest.mark.parametrize("query", ["?page=99", "?page=abc"])
def test_page_past_the_end_is_404(client, register, query):
    assert client.get(f"/spaces/{query}").status_code == 404
