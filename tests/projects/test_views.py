import datetime
import html
import re

import pytest
from django.urls import reverse

from projects.models import Project, ProjectImage, ProjectStageLog
from projects.views import ProjectListView
from tests.factories import EnterpriseFactory, IndustryFactory, ZoneFactory
from tests.publicsite.builders import count_queries, make_project, populate

pytestmark = pytest.mark.django_db

LIST = "/projects/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_list_renders_seed_projects_in_both_languages(client, seeded, prefix):
    response = client.get(f"{prefix}/projects/")
    assert response.status_code == 200
    body = response.content.decode()
    if prefix:
        assert "Qiangxin Technology project" in body
        assert "6 projects" in body
        assert "Undisclosed" in body
    else:
        assert "强新科技项目" in body
        assert "6 个项目" in body
        assert "未披露" in body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_detail_renders_seed_project_in_both_languages(client, seeded, prefix):
    project = Project.objects.get(slug="hzii-innovation-base-83-mu")
    response = client.get(f"{prefix}/projects/{project.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{reverse('inquiries:form')}?project={project.pk}" in body
    assert ("Not yet verified" if prefix else "未核实") in body
    assert ("Stage timeline" if prefix else "阶段记录") in body
    assert ("Innovation base on 83 mu" if prefix else "83亩存量空间创新创业基地") in body


def test_detail_by_id_and_by_slug(client, db):
    project = make_project(name="按编号找")
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get(f"/projects/{project.slug}/").status_code == 200


@pytest.mark.parametrize(
    "key", ["nope", "0", "999999", "99999999999999999999999999", "²", "%E2%80%AE", "%00", "a%00b", "%27--"]
)
def test_unknown_project_is_404(client, db, key):
    make_project()
    assert client.get(f"/projects/{key}/").status_code == 404


def test_unpublished_project_is_404_by_id_and_slug(client, db):
    project = make_project(is_published=False)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get(f"/projects/{project.slug}/").status_code == 404


def test_detail_shows_facts_timeline_images_and_related(client, db):
    investor = EnterpriseFactory(name="投资方企业")
    project = make_project(
        name="全事实项目",
        investor_enterprise=investor,
        signed_on=datetime.date(2021, 1, 5),
        started_on=datetime.date(2021, 6, 1),
        stage="construction",
        last_verified_on=datetime.date(2024, 3, 9),
    )
    ProjectStageLog.objects.create(project=project, to_stage="signed", changed_on=datetime.date(2021, 1, 5))
    ProjectStageLog.objects.create(
        project=project, from_stage="signed", to_stage="construction", changed_on=datetime.date(2021, 6, 1)
    )
    ProjectImage.objects.create(
        project=project, image="projects/images/a.jpg", thumbnail="projects/thumbs/a.jpg", alt_text="厂房外景"
    )
    ProjectImage.objects.create(project=project, image="projects/images/b.jpg", alt_text="无缩略图")
    body = client.get(project.get_absolute_url()).content.decode()
    assert "信息核实于 2024-03-09" in body
    assert body.index("2021-01-05") < body.index("2021-06-01")
    assert 'alt="厂房外景"' in body
    assert 'src="/media/projects/thumbs/a.jpg"' in body
    assert 'src="/media/projects/images/b.jpg"' in body  # no thumbnail: the image itself
    # Phones get the thumbnail; high-density screens may take the original.
    assert '<source media="(max-width: 640px)" srcset="/media/projects/thumbs/a.jpg">' in body
    assert 'srcset="/media/projects/thumbs/a.jpg 1x, /media/projects/images/a.jpg 2x"' in body
    assert investor.get_absolute_url() in body
    assert project.zone.get_absolute_url() in body


def test_detail_hides_unpublished_investor_enterprise(client, db):
    hidden = EnterpriseFactory(is_published=False)
    project = make_project(investor_enterprise=hidden)
    assert hidden.get_absolute_url() not in client.get(project.get_absolute_url()).content.decode()


def test_demo_rows_carry_the_sample_badge(client, db):
    make_project(name="演示项目", is_demo=True)
    make_project(name="真实项目")
    body = client.get(LIST).content.decode()
    assert body.count("示例数据") == 1
    demo = Project.objects.get(name="演示项目")
    assert "示例数据" in client.get(demo.get_absolute_url()).content.decode()


def test_undisclosed_amount_is_never_shown(client, db):
    project = make_project(investment="123.45", investment_disclosed=False)
    for url in (LIST, project.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "123.45" not in body and "未披露" in body


def test_row_shows_name_investor_zone_industry_stage_amount_date(client, db):
    zone, industry = ZoneFactory(name="南创"), IndustryFactory(name="生命健康")
    make_project(name="行内容", investor="投资人甲", zone=zone, industry=industry, investment="12.5")
    body = client.get(LIST).content.decode()
    for text in [
        "行内容",
        "投资人甲",
        "南创",
        "生命健康",
        "签约",
        '<span class="figure">12.5</span> 亿元',
        "2021-06-01",
    ]:
        assert text in body, text


def test_result_count_and_pagination_keep_filters(client, db, monkeypatch):
    monkeypatch.setattr(ProjectListView, "paginate_by", 2)
    zone = ZoneFactory(slug="north")
    for _ in range(5):
        make_project(zone=zone)
    make_project()  # another zone
    response = client.get(LIST, {"zone": "north", "sort": "name"})
    body = html.unescape(response.content.decode())
    assert "5 个项目" in body
    assert "第 1 / 3 页" in body
    assert "?zone=north&sort=name&page=2" in body
    page3 = client.get(LIST, {"zone": "north", "sort": "name", "page": "3"})
    assert len(page3.context["object_list"]) == 1


@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc", "1.5", "9" * 30])
def test_bad_or_past_the_end_page_is_404(client, db, page):
    make_project()
    assert client.get(LIST, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"min_investment": "lots"}, "min_investment"),
        ({"max_investment": "-5"}, "max_investment"),
        ({"zone": "mars"}, "zone"),
        ({"chain": "nothing"}, "chain"),
        ({"stage": "dreaming"}, "stage"),
        ({"sort": "-id"}, "sort"),
        ({"q": "x" * 1000}, "q"),
    ],
)
def test_bad_filter_value_shows_the_error_with_status_200(client, db, params, field):
    make_project(name="不应出现")
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["filter"].errors
    body = response.content.decode()
    assert 'class="form-errors"' in body
    assert "不应出现" not in body  # not silently ignored: no unfiltered list


@pytest.mark.parametrize(
    "text", ['"引号"', "100%", "a_b", "back\\slash", "' OR 1=1 --", "x" * 200, "<script>", "nul\x00byte"]
)
def test_keyword_input_never_errors(client, db, text):
    make_project(name="普通项目")
    response = client.get(LIST, {"q": text})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_unknown_parameters_are_ignored(client, db):
    make_project(name="照常显示")
    response = client.get(LIST, {"utm_source": "wechat", "foo": "bar"})
    assert response.status_code == 200 and "照常显示" in response.content.decode()


def test_filter_form_offers_choices_from_the_database(client, db):
    ZoneFactory(slug="north", name="北智")
    IndustryFactory(slug="life-health", name="生命健康")
    body = client.get(LIST).content.decode()
    assert re.search(r'<option value="north">北智</option>', body)
    assert re.search(r'<option value="life-health">生命健康</option>', body)


# --- query counts -------------------------------------------------------------------------


# + the footer's site settings (read while the footer fragment is not cached)
LIST_QUERIES = 5  # zone choices, industry choices (both cached afterwards), count, page, footer
DETAIL_QUERIES = 7  # project with zone/industry/investor, stage log, images, more projects in the zone,
# related policies and related news (portal/related.py, cached afterwards), footer


@pytest.mark.parametrize(
    "url", [LIST, LIST + "?zone=north&chain=life-health&year=2019&sort=investment&q=项目&min_investment=1"]
)
def test_list_query_count_does_not_grow_with_rows(client, db, url):
    populate(3)
    small = count_queries(client, url)
    populate_more = populate(30)
    assert populate_more
    large = count_queries(client, url)
    assert small == large == LIST_QUERIES


def test_list_query_count_does_not_depend_on_page_size(client, db, monkeypatch):
    populate(30)
    monkeypatch.setattr(ProjectListView, "paginate_by", 5)
    small_pages = count_queries(client, LIST)
    monkeypatch.setattr(ProjectListView, "paginate_by", 25)
    large_pages = count_queries(client, LIST)
    assert small_pages == large_pages == LIST_QUERIES


def test_list_uses_cached_choices_on_a_warm_cache(client, db, django_assert_num_queries):
    populate(3)
    client.get(LIST)
    with django_assert_num_queries(2):  # count and page only
        client.get(LIST + "?zone=north")


def test_detail_query_count_does_not_grow_with_rows(client, db):
    world = populate(3)
    small = count_queries(client, world["projects"][0].get_absolute_url())
    populate(30)
    project = Project.objects.filter(zone__slug="north").first()
    for _ in range(5):
        ProjectStageLog.objects.create(project=project, to_stage="signed", changed_on=datetime.date(2021, 1, 1))
        ProjectImage.objects.create(project=project, image="projects/images/x.jpg", alt_text="x")
    large = count_queries(client, project.get_absolute_url())
    assert small == large == DETAIL_QUERIES
