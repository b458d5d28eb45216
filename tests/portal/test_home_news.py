"""The home page's news (issue 27): the latest items of each column, pinned first, and the next event;
a column with nothing published is not shown; the page's queries do not grow with the rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import NewsItem
from tests.factories import IndicatorFactory
from tests.portal.news_builders import event, news_item
from tests.portal.test_pages import HOME_QUERIES
from tests.publicsite.builders import count_queries, populate

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.news_stub_urls")]

DAY = datetime.timedelta(days=1)


def home(client, prefix=""):
    response = client.get(prefix + "/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_the_latest_items_of_each_column_pinned_first(client):
    now = timezone.now()
    old_pinned = news_item(title="置顶的旧新闻", pinned=True, at=now - 30 * DAY)
    for i in range(6):
        news_item(title=f"新闻第{i}条", at=now - (i + 1) * DAY)
    news_item(title="一条通知", kind=NewsItem.Kind.NOTICE, at=now - 2 * DAY)
    body = home(client)
    assert 'id="home-news-heading"' in body
    # Five per column, the pinned one first although it is the oldest; the sixth newest is left out.
    assert body.index("置顶的旧新闻") < body.index("新闻第0条") < body.index("新闻第3条")
    assert "新闻第4条" not in body and "新闻第5条" not in body
    assert old_pinned.get_absolute_url() in body
    assert "一条通知" in body and 'id="home-column-notice"' in body
    assert 'class="badge badge-pinned">置顶</span>' in body  # the pinned mark is said in words


def test_home_hides_a_column_with_nothing_published_and_unpublished_items(client):
    news_item(title="已发布新闻")
    news_item(title="草稿通知", kind=NewsItem.Kind.NOTICE, publish=False)
    news_item(title="未来的解读", kind=NewsItem.Kind.INTERPRETATION, at=timezone.now() + 3 * DAY)  # scheduled
    body = home(client)
    assert "已发布新闻" in body and 'id="home-column-news"' in body
    assert "草稿通知" not in body and 'id="home-column-notice"' not in body
    assert "未来的解读" not in body and 'id="home-column-interpretation"' not in body
    assert 'id="home-next-event"' not in body  # no event at all: no event column


def test_home_shows_the_next_event_not_a_past_one(client):
    event(title="已结束的活动", starts_in=-3 * DAY)
    later = event(title="下个月的活动", starts_in=30 * DAY)
    soon = event(title="下周的招商会", starts_in=7 * DAY, place="钱开区会展中心")
    body = home(client)
    assert 'id="home-next-event"' in body
    assert "下周的招商会" in body and soon.get_absolute_url() in body and "钱开区会展中心" in body
    assert "下个月的活动" not in body and later.get_absolute_url() not in body
    assert "已结束的活动" not in body
    # Events are not listed among the columns of items.
    assert 'id="home-column-event"' not in body


def test_home_without_news_has_no_news_section(client):
    news_item(title="草稿", publish=False)
    assert 'id="home-news-heading"' not in home(client)


def test_home_news_in_english_with_column_names_and_links(client):
    news_item(title="中文标题", title_en="English headline")
    event(title="活动", title_en="Investment fair", starts_in=5 * DAY)
    body = home(client, "/en")
    assert "English headline" in body and "Investment fair" in body
    assert "Next event" in body and "News and events" in body


def test_home_links_more_of_each_column_and_all_events(client):
    news_item(kind=NewsItem.Kind.NOTICE)
    event(starts_in=2 * DAY)
    body = home(client)
    assert f'href="{reverse("news:list")}?kind=notice"' in body
    assert f'href="{reverse("events:list")}"' in body
    assert f'<a href="{reverse("news:list")}">全部资讯 →</a>' in body


def test_home_links_all_events_even_without_an_upcoming_one(client):
    news_item()
    event(starts_in=-5 * DAY)  # only a past event
    body = home(client)
    assert 'id="home-next-event"' not in body
    assert f'<a href="{reverse("events:list")}">全部活动 →</a>' in body


def test_a_newly_published_item_shows_on_the_cached_home_page(client):
    news_item(title="第一条")
    assert "第一条" in home(client)
    news_item(title="第二条")  # publishing moves the content version
    assert "第二条" in home(client)


def _news_rows(n):
    now = timezone.now()
    for i in range(n):
        news_item(kind=NewsItem.Kind.values[i % 4] if i % 4 != 2 else NewsItem.Kind.NEWS, at=now - i * DAY)
        event(starts_in=(i + 1) * DAY)


def test_home_query_count_does_not_grow_with_news_rows(client):
    populate(3)
    _news_rows(3)
    small = count_queries(client, "/")
    populate(30)
    IndicatorFactory.create_batch(5)
    _news_rows(30)
    large = count_queries(client, "/")
    assert small == large == HOME_QUERIES
    assert NewsItem.objects.public().count() == 66
