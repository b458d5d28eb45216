"""The public pages: /news/ (columns, year, keyword), /news/<slug>/, /events/, /events/<slug>/."""

import datetime

import pytest
from django.utils import timezone

from news.models import NewsItem
from tests.news.builders import event, news_item
from tests.publicsite.builders import count_queries

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def titles(response):
    return [item.title for item in response.context["object_list"]]


def test_list_shows_pinned_first_then_newest(client):
    old = news_item(title="旧闻", at=None)
    new = news_item(title="新闻")
    pinned = news_item(title="置顶", pinned=True)
    NewsItem.objects.filter(pk=old.pk).update(published_at=new.published_at - D(days=3))
    assert titles(client.get("/news/")) == ["置顶", "新闻", "旧闻"]
    assert pinned.pinned


def test_list_leaves_out_drafts_and_scheduled_items(client):
    news_item(title="草稿", publish=False)
    news_item(title="未来", at=timezone.now() + D(days=1))
    news_item(title="已发布")
    assert titles(client.get("/news/")) == ["已发布"]


def test_kind_filter_and_only_columns_with_something_published_are_offered(client):
    news_item(title="一条新闻", kind="news")
    news_item(title="一条解读", kind="interpretation")
    response = client.get("/news/")
    offered = [value for value, _label in response.context["columns"]]
    assert offered == ["news", "interpretation"]
    body = response.content.decode()
    assert "?kind=interpretation" in body and "?kind=notice" not in body
    assert titles(client.get("/news/?kind=interpretation")) == ["一条解读"]


def test_a_column_with_nothing_published_answers_empty_and_says_so(client):
    news_item(kind="news")
    response = client.get("/news/?kind=notice")
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert titles(response) == []
    assert "“通知公告”栏目尚未发布内容" in response.content.decode()


@pytest.mark.parametrize("query", ["kind=blog", "year=abc", "year=1800", "year=99999", "q=" + "长" * 201])
def test_bad_values_are_form_errors_not_500(client, query):
    news_item()
    response = client.get(f"/news/?{query}")
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert 'class="form-errors"' in response.content.decode()
    assert titles(response) == []


def test_year_filter_uses_the_publish_year_in_the_zones_time_zone(client):
    import zoneinfo

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    news_item(title="新年第一条", at=datetime.datetime(2024, 1, 1, 0, 30, tzinfo=shanghai))
    news_item(title="年末", at=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=shanghai))
    assert titles(client.get("/news/?year=2024")) == ["新年第一条"]
    assert titles(client.get("/news/?year=2023")) == ["年末"]


def test_keyword_search(client):
    news_item(title="新能源汽车产业对接会")
    news_item(title="其他消息")
    assert titles(client.get("/news/?q=新能源")) == ["新能源汽车产业对接会"]


def test_page_past_the_end_is_404(client):
    news_item()
    assert client.get("/news/?page=2").status_code == 404
    assert client.get("/events/?page=9").status_code == 404


def test_detail_shows_sanitised_body_source_and_cover_alt(client):
    item = news_item(
        title="钱开区交出成绩单",
        body="## 小标题\n\n正文**加粗**。<script>alert(1)</script>",
        source_publisher="杭州日报",
        source_author="应陶",
        source_date=datetime.date(2022, 1, 1),
        source_date_precision="year",
        source_url="https://example.com/a",
    )
    body = client.get(f"/news/{item.slug}/").content.decode()
    assert "<h2>小标题</h2>" in body and "<strong>加粗</strong>" in body
    assert "alert(1)" not in body and "&lt;script" not in body
    assert "杭州日报" in body and "应陶" in body
    assert '<time datetime="2022">2022年</time>' in body
    assert 'href="https://example.com/a"' in body


def test_unpublished_detail_is_404(client):
    item = news_item(publish=False)
    assert client.get(f"/news/{item.slug}/").status_code == 404


def test_an_events_news_address_redirects_to_its_event_page_for_good(client):
    item = event(starts_in=D(days=3))
    response = client.get(f"/news/{item.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/events/{item.slug}/"
    other = news_item()
    response = client.get(f"/events/{other.slug}/")
    assert response.status_code == 301 and response["Location"] == f"/news/{other.slug}/"


def test_events_list_upcoming_soonest_first_then_past_latest_first(client):
    event(title="下月", starts_in=D(days=30))
    event(title="明天", starts_in=D(days=1))
    event(title="上月", starts_in=D(days=-30))
    event(title="昨天", starts_in=D(days=-1))
    event(title="进行中", starts_in=D(hours=-1), hours=3)
    news_item(title="不是活动")
    response = client.get("/events/")
    assert titles(response) == ["进行中", "明天", "下月", "昨天", "上月"]
    assert [row.title for row in response.context["upcoming_rows"]] == ["进行中", "明天", "下月"]
    body = response.content.decode()
    upcoming, past = '<h3 class="event-section">即将举行', '<h3 class="event-section">往期活动'
    assert body.index(upcoming) < body.index("明天") < body.index(past) < body.index("昨天")


def test_event_page_shows_when_where_capacity_and_registration_window(client):
    item = event(
        title="招商推介会",
        starts_in=D(days=10),
        capacity=80,
        registration_closes_at=timezone.now() + D(days=9),
    )
    body = client.get(f"/events/{item.slug}/").content.decode()
    assert "招商推介会" in body and "钱开区会展中心" in body
    assert "80" in body and "报名截止" in body
    assert '"@type": "Event"' in body


def test_event_page_includes_blocks_registered_from_above(client, settings, tmp_path):
    from news.views import EventDetailView

    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "block.html").write_text("<p>BLOCK {{ value }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]
    saved = EventDetailView.related
    try:
        EventDetailView.add_related("test_block", lambda obj: f"for {obj.slug}", "t/block.html")
        item = event(starts_in=D(days=2))
        assert f"BLOCK for {item.slug}" in client.get(f"/events/{item.slug}/").content.decode()
    finally:
        EventDetailView.related = saved


def test_english_pages_are_in_english_and_fall_back_to_chinese(client):
    news_item(title="只有中文", kind="news")
    news_item(title="有英文", title_en="Has English", kind="notice")
    response = client.get("/en/news/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in body
    assert "Has English" in body and "只有中文" in body
    assert "Notices" in body and "All columns" in body
    assert "/en/news/feeds/all.rss" in body
    events = client.get("/en/events/").content.decode()
    assert "Events" in events and "/en/events/calendar.ics" in events


def test_list_pages_link_their_feeds_in_the_head(client):
    news_item()
    body = client.get("/news/").content.decode()
    head = body[: body.index("</head>")]
    assert 'type="application/rss+xml"' in head and 'type="application/atom+xml"' in head
    assert "/news/feeds/all.rss" in head
    assert "/news/feeds/notice.atom" in client.get("/news/?kind=notice").content.decode()
    events = client.get("/events/").content.decode()
    assert 'type="text/calendar"' in events[: events.index("</head>")]


def populate(n):
    for i in range(n):
        news_item(kind=["news", "notice", "interpretation"][i % 3])
        event(starts_in=D(days=i - n // 2))


@pytest.mark.parametrize("url", ["/news/", "/news/?kind=notice", "/events/", "/en/news/?year=2025"])
def test_list_query_count_does_not_grow_with_the_table(client, url):
    populate(3)
    small = count_queries(client, url)
    populate(30)
    large = count_queries(client, url)
    assert large == small
    assert large <= 6


def test_detail_query_count_is_fixed(client):
    item = event(starts_in=D(days=4))
    small = count_queries(client, f"/events/{item.slug}/")
    populate(10)
    assert count_queries(client, f"/events/{item.slug}/") == small


def test_the_kind_select_offers_published_columns_and_keeps_a_chosen_empty_one(client):
    news_item(kind="news")
    form = client.get("/news/").context["filter"].form
    assert [value for value, _label in form.fields["kind"].choices] == ["", "news"]
    body = client.get("/news/?kind=notice").content.decode()
    assert '<option value="notice" selected>' in body


def test_news_page_carries_news_article_json_ld(client):
    import json
    import re

    item = news_item(title="成绩单", source_author="应陶", source_publisher="杭州日报")
    body = client.get(f"/news/{item.slug}/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == "成绩单"
    assert data["author"] == {"@type": "Person", "name": "应陶"}
    assert data["url"] == f"http://testserver/news/{item.slug}/"
    assert data["datePublished"].startswith(str(item.published_at.year))
