import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from enterprises.models import Enterprise
from portal import views
from portal.models import PageBlock
from projects.models import Project
from tests.factories import IndicatorFactory
from tests.publicsite.builders import count_queries, make_enterprise, make_project, populate

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/zones/",
    "/zones/north/",
    "/projects/",
    "/projects/qiangxin-technology/",
    "/enterprises/",
    "/enterprises/xihu-byd/",
    "/figures/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_renders_with_seed_content_in_both_languages(client, seeded, path, prefix):
    response = client.get(prefix + path)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{"en" if prefix else "zh-CN"}">' in body
    # The CSP forbids inline styles and scripts: none may appear (a JSON-LD data block is not run).
    assert not re.search(r"\sstyle=", body)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?! type=\"application/ld\+json\">)", body)
    assert not re.search(r"<style", body)
    # A working skip link to the main landmark.
    assert 'class="skip-link" href="#main"' in body and '<main id="main"' in body


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_language_switch_links_to_the_translated_page(client, seeded, path):
    zh = client.get(path).content.decode()
    assert f'href="/en{path}" hreflang="en"' in zh
    en = client.get("/en" + path).content.decode()
    assert f'href="{path}" hreflang="zh-Hans"' in en


def test_language_switch_keeps_the_query_string(client, seeded):
    body = client.get("/projects/?zone=north&sort=name").content.decode()
    assert 'href="/en/projects/?zone=north&amp;sort=name" hreflang="en"' in body


def test_hreflang_alternates_and_open_graph(client, seeded):
    body = client.get("/projects/qiangxin-technology/").content.decode()
    assert '<link rel="alternate" hreflang="zh-Hans" href="http://testserver/projects/qiangxin-technology/">' in body
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/projects/qiangxin-technology/">' in body
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/projects/qiangxin-technology/">' in body
    assert '<meta property="og:title" content="强新科技项目">' in body
    assert '<meta property="og:type" content="article">' in body
    assert 'property="og:image" content="http://testserver/static/img/og-image.png"' in body
    assert 'rel="icon" href="/static/img/favicon.svg"' in body and "/static/img/favicon.ico" in body


def test_favicon_redirects_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/static/img/favicon.ico")


def test_home_shows_indicators_with_period_and_source_and_live_counts(client, db):
    IndicatorFactory(label="签约项目", value=124, unit="个", period="2019—2022年", source="某报道")
    IndicatorFactory(label="隐藏指标", is_published=False)
    make_project(investment="10.5")
    make_project(investment="2", investment_disclosed=True)
    make_project(investment="99", investment_disclosed=False)
    make_project(investment="50", is_published=False)
    make_enterprise(listing_status="listed", exchange="chinext")
    make_enterprise()
    make_enterprise(listing_status="listed", exchange="sse", is_published=False)
    response = client.get("/")
    body = response.content.decode()
    assert "124" in body and "2019—2022年" in body and "某报道" in body and "隐藏指标" not in body
    assert response.context["project_totals"]["count"] == 3
    assert response.context["project_totals"]["investment"] == 12.5  # undisclosed 99 and unpublished 50 left out
    assert response.context["enterprise_totals"]["count"] == 2
    assert response.context["enterprise_totals"]["listed"] == 1
    assert '<span class="stat-value"><span class="figure">12.5</span> 亿元</span>' in body


def test_home_marks_demo_rows_in_the_counts(client, db):
    make_project(is_demo=True)
    body = client.get("/").content.decode()
    assert "示例数据" in body


def test_home_has_map_industry_diagram_latest_projects_and_inquiry_link(client, seeded):
    body = client.get("/").content.decode()
    assert 'class="zone-map-svg"' in body
    # The industry chips lead to each industry's chain page (issue 28).
    assert 'href="/industries/smart-manufacturing/"' in body and 'href="/industries/carbon-neutrality/"' in body
    assert Project.objects.get(slug="qiangxin-technology").get_absolute_url() in body
    assert 'href="/inquiry/"' in body


def test_about_shows_staff_blocks_grids_and_platforms(client, seeded):
    PageBlock.objects.filter(key="location").update(title="员工改过的标题")
    body = client.get("/about/").content.decode()
    assert "员工改过的标题" in body and "三纵三横" in body and "上塘高架" in body
    assert "第一服务网格" in body and "浙江大学先进电气装备创新中心" in body
    en = client.get("/en/about/").content.decode()
    assert "Shangtang Elevated Road" in en and "Service grid 5" in en


def test_about_hides_unpublished_blocks(client, seeded):
    PageBlock.objects.filter(key="living").update(is_published=False)
    body = client.get("/about/").content.decode()
    assert "block-living" not in body and "block-location" in body


@pytest.mark.parametrize("path, text", [("/nowhere/", "页面不存在"), ("/en/nowhere/", "Page not found")])
def test_custom_404_in_both_languages(client, db, path, text):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert text in body and 'class="lang-switch"' in body


def test_500_page_runs_no_query_and_speaks_both_languages(django_assert_num_queries):
    request = RequestFactory().get("/en/projects/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务暂时不可用" in body and "Service temporarily unavailable" in body


def test_sitemap_lists_public_pages_in_both_languages(client, seeded):
    Project.objects.filter(slug="qiangxin-technology").update(is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "http://testserver/en/projects/shenwei-technology/" in body
    assert "http://testserver/projects/shenwei-technology/" in body
    assert "qiangxin-technology" not in body
    assert "http://testserver/zones/north/" in body and "hreflang" in body


def test_sitemap_leaves_out_demo_rows(client, db):
    make_project(slug="demo-row", is_demo=True)
    assert "demo-row" not in client.get("/sitemap.xml").content.decode()


def test_every_page_in_the_sitemap_names_both_languages_and_a_default(client, db):
    """Issue 17: the new pages and the detail pages, each in both languages with hreflang alternates."""
    from xml.etree import ElementTree

    from tests.factories import EnterpriseFactory, ProjectFactory, SpaceFactory, ZoneFactory
    from tests.policies.factories import PolicyFactory

    zone = ZoneFactory(slug="north")
    ProjectFactory(slug="p1", zone=zone)
    EnterpriseFactory(slug="e1", zone=zone)
    SpaceFactory(slug="s1", zone=zone)
    PolicyFactory(slug="r1")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    entries = {
        url.find("s:loc", ns).text.removeprefix("http://testserver"): {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    paths = ["/zones/north/", "/projects/p1/", "/enterprises/e1/", "/spaces/s1/", "/policies/r1/"]
    paths += ["/search/", "/data/", "/api/docs/"]
    for path in paths:
        for loc in (path, f"/en{path}"):
            assert entries[loc] == {"zh-hans": path, "en": f"/en{path}", "x-default": path}, loc


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_healthz_is_200_with_the_database_and_503_without(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "up", "cache": "up"}
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


# --- query counts -------------------------------------------------------------------------

# indicators, project totals, enterprise totals, zones, industries, latest projects, latest news by column,
# next event, footer site settings
HOME_QUERIES = 9
ABOUT_QUERIES = 4  # blocks, grids with zone, platforms with zone, footer site settings


def test_home_and_about_query_counts_do_not_grow_with_rows(client, db):
    populate(3)
    small = (count_queries(client, "/"), count_queries(client, "/about/"))
    populate(30)
    IndicatorFactory.create_batch(10)
    large = (count_queries(client, "/"), count_queries(client, "/about/"))
    assert small == large == (HOME_QUERIES, ABOUT_QUERIES)
    assert Enterprise.objects.count() == 33


@pytest.mark.django_db
def test_home_tile_never_pairs_not_disclosed_with_total_disclosed(client):
    """With no disclosed amount the tile reads "Not disclosed" for the projects' investment, never
    "Not disclosed / total disclosed investment" (and never 0)."""
    from tests.factories import ProjectFactory

    ProjectFactory(investment=None, investment_disclosed=False)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已公开项目的投资额" in page and "已披露总投资" not in page
    english = client.get("/en/").content.decode()
    assert "investment of the published projects" in english and "total disclosed investment" not in english
