"""/search/?q=: projects, enterprises, spaces, policies and news, grouped, in both languages."""

import datetime

import pytest
from django.utils import timezone, translation

from tests.factories import EnterpriseFactory, ProjectFactory, SpaceFactory
from tests.news_items import event, news_item
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    for row in [
        ProjectFactory(slug="battery-plant", name="动力电池工厂", name_en="Power battery plant"),
        ProjectFactory(slug="pump", name="水泵项目", name_en="Pump project"),
        EnterpriseFactory(slug="battery-co", name="电池科技公司", name_en="Battery Tech Co"),
    ]:
        row.refresh_search()  # as the services do on save
        row.save()
    SpaceFactory(slug="battery-hall", name="电池产业厂房", name_en="Battery industry hall")
    PolicyFactory(slug="battery-policy", title="新能源电池扶持政策", title_en="Battery support policy")
    PolicyFactory(slug="hidden", title="电池内部政策", is_published=False)
    event(slug="battery-fair", title="电池产业推介会", title_en="Battery industry fair")
    news_item(slug="battery-draft", title="电池新闻草稿", title_en="Battery draft", publish=False)


@pytest.mark.parametrize(("url", "q"), [("/search/", "电池"), ("/en/search/", "battery")])
def test_search_groups_results_across_directories(client, rows, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    groups = {g["key"]: [row.slug for row in g["rows"]] for g in response.context["groups"]}
    assert groups == {
        "projects": ["battery-plant"],
        "enterprises": ["battery-co"],
        "spaces": ["battery-hall"],
        "policies": ["battery-policy"],
        "news": ["battery-fair"],
    }
    page = response.content.decode()
    assert "/projects/battery-plant/" in page and "/policies/battery-policy/" in page
    assert "/events/battery-fair/" in page


def test_search_uses_the_tokenised_index_words_in_any_order(client, rows):
    groups = client.get("/search/", {"q": "工厂 动力"}).context["groups"]
    assert [row.slug for row in groups[0]["rows"]] == ["battery-plant"]


def test_too_long_query_is_an_error_not_a_500(client, rows):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 200 and response.context["form"].errors and not response.context["groups"]


def test_search_and_open_data_pages_in_sitemap_with_alternates(client, db):
    body = client.get("/sitemap.xml").content.decode()
    for path in ["/search/", "/data/", "/api/docs/"]:
        assert f"<loc>http://testserver{path}</loc>" in body
        assert f'hreflang="en" href="http://testserver/en{path}"' in body


@pytest.fixture
def many(db):
    """25 matching projects (more than a group shows, more than a page), 2 matching enterprises."""
    for n in range(25):
        row = ProjectFactory(slug=f"cell-{n:02d}", name=f"电芯项目{n:02d}", name_en=f"Cell project {n:02d}")
        row.refresh_search()
        row.save()
    for n in range(2):
        row = EnterpriseFactory(slug=f"cell-co-{n}", name=f"电芯公司{n}", name_en=f"Cell company {n}")
        row.refresh_search()
        row.save()


def test_each_group_shows_its_first_rows_its_count_and_a_link_to_its_pages(client, many):
    response = client.get("/search/", {"q": "电芯"})
    projects, enterprises, spaces, policies, news = response.context["groups"]
    assert (len(projects["rows"]), projects["count"]) == (5, 25)
    assert (len(enterprises["rows"]), enterprises["count"]) == (2, 2)
    page = response.content.decode()
    assert 'href="/search/?q=%E7%94%B5%E8%8A%AF&amp;type=projects"' in page
    assert "type=enterprises" not in page  # every enterprise is shown already


@pytest.mark.parametrize(("prefix", "q"), [("", "电芯"), ("/en", "cell")])
def test_a_group_pages_through_all_its_results(client, many, prefix, q):
    first = client.get(f"{prefix}/search/", {"q": q, "type": "projects"})
    assert first.status_code == 200
    second = client.get(f"{prefix}/search/", {"q": q, "type": "projects", "page": "2"})
    slugs = [row.slug for row in first.context["page_obj"]] + [row.slug for row in second.context["page_obj"]]
    assert len(first.context["page_obj"]) == 20 and sorted(slugs) == [f"cell-{n:02d}" for n in range(25)]
    body = second.content.decode()
    assert 'rel="prev"' in body and 'rel="next"' not in body
    assert ("Page 2 of 2" if prefix else "第 2 / 2 页") in body
    assert f'href="{prefix}/projects/?q=' in body  # the list, to narrow down with its filters
    assert not second.context["groups"]  # one group only


def test_policies_group_links_to_the_list_with_every_status(client, db):
    PolicyFactory(slug="old-battery", title="电池旧政策", title_en="Old battery policy")
    body = client.get("/en/search/", {"q": "battery", "type": "policies"}).content.decode()
    assert "/en/policies/old-battery/" in body
    assert 'href="/en/policies/?q=battery&amp;status=all"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"q": "电芯", "type": "projects", "page": "3"},
        {"q": "电芯", "type": "projects", "page": "last"},
        {"q": "电芯", "type": "projects", "page": "0"},
        {"q": "电芯", "type": "enterprises", "page": "2"},
        {"q": "电芯", "page": "2"},  # all groups: one page
        {"q": "", "type": "projects", "page": "2"},
    ],
)
def test_a_page_past_the_end_is_a_404(client, many, query):
    assert client.get("/search/", query).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "message"), [("", "无法按“people”显示结果"), ("/en", "cannot be shown in “people”")]
)
def test_an_unknown_type_is_a_message_and_no_results(client, many, prefix, message):
    response = client.get(f"{prefix}/search/", {"q": "电芯", "type": "people"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"type": [response.context["form"].errors["type"][0]]}
    assert not response.context["groups"] and response.context["group"] is None
    body = response.content.decode()
    assert message in body and 'class="form-errors"' in body and "cell-00" not in body
    assert "X-Page-Cache" not in response  # an invalid query is rendered, not stored


def test_search_pages_are_keyed_by_q_type_and_page_and_junk_adds_no_entries(client, many):
    from tests.core.test_cache_flood import JUNK_REQUESTS, entries

    pages = [{"q": "电芯"}, {"q": "电芯", "type": "projects"}, {"q": "电芯", "type": "projects", "page": "2"}]
    bodies = []
    for query in pages:
        response = client.get("/search/", query)
        assert response["X-Page-Cache"] == "miss"
        bodies.append(response.content)
    assert len(set(bodies)) == 3
    warm = entries()
    for n in range(JUNK_REQUESTS):
        for query, body in zip(pages, bodies, strict=True):
            response = client.get("/search/", {**query, "utm_source": f"n{n}"})
            assert response["X-Page-Cache"] == "hit" and response.content == body
        assert client.get("/search/", {"q": "电芯", "type": f"junk{n}"}).status_code == 200
        assert client.get("/search/", {"q": "电芯", "type": "projects", "page": f"0{n + 1}"}).status_code in (200, 404)
    assert entries() == warm


@pytest.mark.parametrize(("prefix", "q", "heading"), [("", "园区", "资讯"), ("/en", "zone", "News")])
def test_news_group_lists_published_items_of_every_column_newest_first(client, db, prefix, q, heading):
    now = timezone.now()
    older = news_item(title="园区新闻", title_en="Zone news", published_at=now - datetime.timedelta(days=3))
    notice = news_item(
        kind="notice", title="园区通知", title_en="Zone notice", published_at=now - datetime.timedelta(days=1)
    )
    news_item(title="园区草稿", title_en="Zone draft", publish=False)
    news_item(title="园区预告", title_en="Zone preview", published_at=now + datetime.timedelta(days=1))
    response = client.get(f"{prefix}/search/", {"q": q})
    (news,) = [group for group in response.context["groups"] if group["key"] == "news"]
    assert [row.pk for row in news["rows"]] == [notice.pk, older.pk]
    assert news["count"] == 2
    body = response.content.decode()
    assert f'<h2 id="group-news">{heading} ' in body
    assert f"{prefix}/news/{notice.slug}/" in body
    with translation.override("en" if prefix else "zh-hans"):
        column = notice.get_kind_display()  # the column's label in the page's language
    assert f"{column} · <time" in body


def test_news_group_pages_link_to_the_news_list(client, db):
    for n in range(3):
        news_item(title=f"招商新闻{n}", title_en=f"Investment news {n}")
    response = client.get("/en/search/", {"q": "investment", "type": "news"})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 3
    assert 'href="/en/news/?q=investment"' in response.content.decode()
