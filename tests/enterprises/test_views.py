import datetime

import pytest

from enterprises.models import Enterprise
from enterprises.views import EnterpriseListView
from tests.factories import RecognitionFactory, RecognitionTypeFactory
from tests.publicsite.builders import count_queries, make_enterprise, make_project, populate

pytestmark = pytest.mark.django_db

LIST = "/enterprises/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_list_renders_seed_enterprises_in_both_languages(client, seeded, prefix):
    response = client.get(f"{prefix}/enterprises/")
    assert response.status_code == 200
    body = response.content.decode()
    if prefix:
        assert "Hangzhou Heshun Technology" in body and "9 enterprises" in body and "Pre-IPO" in body
    else:
        assert "杭州和顺科技股份有限公司" in body and "9 家企业" in body and "拟上市" in body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_detail_renders_seed_enterprise_in_both_languages(client, seeded, prefix):
    enterprise = Enterprise.objects.get(slug="huibo-yuntong")
    response = client.get(f"{prefix}/enterprises/{enterprise.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"/inquiry/?enterprise={enterprise.pk}" in body
    assert ("National high-tech enterprise" if prefix else "国家高新技术企业") in body
    assert ("Not yet verified" if prefix else "未核实") in body


def test_detail_shows_verified_date_badges_and_projects(client, db):
    kind = RecognitionTypeFactory(name="隐形冠军")
    enterprise = make_enterprise(name="冠军企业", last_verified_on=datetime.date(2025, 1, 2), listing_status="pre_ipo")
    RecognitionFactory(enterprise=enterprise, kind=kind, year=2022)
    make_project(name="它的项目", investor_enterprise=enterprise)
    make_project(name="隐藏的项目", investor_enterprise=enterprise, is_published=False)
    body = client.get(enterprise.get_absolute_url()).content.decode()
    assert "信息核实于 2025-01-02" in body
    assert "隐形冠军" in body and "拟上市" in body
    assert "它的项目" in body and "隐藏的项目" not in body


@pytest.mark.parametrize("key", ["nope", "0", "424242", "9" * 40, "١٢", "%00", "x%00"])
def test_unknown_enterprise_is_404(client, db, key):
    make_enterprise()
    assert client.get(f"/enterprises/{key}/").status_code == 404


def test_unpublished_enterprise_is_404(client, db):
    enterprise = make_enterprise(is_published=False)
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 404
    assert client.get(f"/enterprises/{enterprise.slug}/").status_code == 404


def test_demo_enterprise_carries_the_sample_badge(client, db):
    demo = make_enterprise(name="演示企业", is_demo=True)
    assert "示例数据" in client.get(LIST).content.decode()
    assert "示例数据" in client.get(demo.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "params, field",
    [({"grid": "abc"}, "grid"), ({"tag": "nobel"}, "tag"), ({"sort": "bogus"}, "sort"), ({"q": "长" * 1000}, "q")],
)
def test_bad_filter_value_shows_the_error_with_status_200(client, db, params, field):
    make_enterprise(name="不应出现")
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["filter"].errors
    assert "不应出现" not in response.content.decode()


@pytest.mark.parametrize("page", ["2", "abc", "0"])
def test_bad_page_is_404(client, db, page):
    make_enterprise()
    assert client.get(LIST, {"page": page}).status_code == 404


def test_pagination_keeps_filters(client, db, monkeypatch):
    monkeypatch.setattr(EnterpriseListView, "paginate_by", 1)
    for _ in range(3):
        make_enterprise(listing_status="pre_ipo")
    body = client.get(LIST, {"tag": "pre_ipo"}).content.decode()
    assert "?tag=pre_ipo&amp;page=2" in body


# + the footer's site settings (read while the footer fragment is not cached)
LIST_QUERIES = 8  # zone, industry, tag and grid choices (cached afterwards), count, page, recognitions, footer
# enterprise with zone/industry/grid, recognitions, its projects, related policies and news (cached), footer
DETAIL_QUERIES = 6


@pytest.mark.parametrize("url", [LIST, LIST + "?zone=north&tag=high-tech&grid=1&sort=newest&q=测试"])
def test_list_query_count_does_not_grow_with_rows(client, db, url):
    populate(3)
    small = count_queries(client, url)
    populate(30)
    large = count_queries(client, url)
    assert small == large == LIST_QUERIES


def test_list_query_count_does_not_depend_on_page_size(client, db, monkeypatch):
    populate(30)
    monkeypatch.setattr(EnterpriseListView, "paginate_by", 3)
    few = count_queries(client, LIST)
    monkeypatch.setattr(EnterpriseListView, "paginate_by", 30)
    many = count_queries(client, LIST)
    assert few == many == LIST_QUERIES


def test_detail_query_count_does_not_grow_with_rows(client, db):
    populate(3)
    enterprise = Enterprise.objects.first()
    small = count_queries(client, enterprise.get_absolute_url())
    populate(30)
    for year in range(2000, 2010):
        RecognitionFactory(enterprise=enterprise, year=year)
        make_project(investor_enterprise=enterprise)
    large = count_queries(client, enterprise.get_absolute_url())
    assert small == large == DETAIL_QUERIES
