"""Feeds (RSS 2.0, Atom) per column and for all, and the events' iCalendar feed, read back with
parsers independent of the libraries that wrote them (feedparser, vobject)."""

import datetime
import zoneinfo

import feedparser
import pytest
import vobject

from news.calendar import event_uid
from tests.news.builders import event, news_item

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_all_items_feed_parses_with_every_column(client, fmt):
    news_item(title="一条新闻", kind="news", summary="新闻摘要")
    news_item(title="一则通知", kind="notice")
    news_item(title="草稿", publish=False)
    response = client.get(f"/news/feeds/all.{fmt}")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    titles = [entry.title for entry in parsed.entries]
    assert sorted(titles) == sorted(["一条新闻", "一则通知"])
    entry = next(e for e in parsed.entries if e.title == "一条新闻")
    assert entry.link.startswith("http://testserver/news/item-")
    assert entry.summary == "新闻摘要"
    assert parsed.feed.language == "zh-CN"


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_column_feed_has_only_that_column(client, fmt):
    news_item(title="一条新闻", kind="news")
    news_item(title="一则通知", kind="notice")
    parsed = feedparser.parse(client.get(f"/news/feeds/notice.{fmt}").content)
    assert [entry.title for entry in parsed.entries] == ["一则通知"]


@pytest.mark.parametrize("url", ["/news/feeds/blog.rss", "/news/feeds/all.json", "/news/feeds/notice.xml"])
def test_unknown_column_or_format_is_404(client, url):
    assert client.get(url).status_code == 404


def test_english_feed_is_in_english_with_english_links(client):
    news_item(title="中文标题", title_en="English title", kind="news")
    news_item(title="只有中文", kind="news")
    parsed = feedparser.parse(client.get("/en/news/feeds/all.atom").content)
    assert {entry.title for entry in parsed.entries} == {"English title", "只有中文"}
    assert all("/en/news/" in entry.link for entry in parsed.entries)
    assert parsed.feed.language == "en"
    assert "/en/news/" in parsed.feed.link


def test_an_event_in_the_feed_links_to_its_event_page(client):
    item = event(title="招商会", starts_in=D(days=5))
    parsed = feedparser.parse(client.get("/news/feeds/event.rss").content)
    assert parsed.entries[0].link == f"http://testserver/events/{item.slug}/"


def test_calendar_parses_with_stable_uids_times_in_shanghai_and_absolute_urls(client):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    one = event(title="投资推介会", starts_in=D(days=7), place="钱开区管委会三楼")
    online = event(
        title="线上说明会", starts_in=D(days=3), attendance="online", place="", online_url="https://meet.example.com/x"
    )
    news_item(title="不是活动")
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    events = {vevent.summary.value: vevent for vevent in calendar.vevent_list}
    assert set(events) == {"投资推介会", "线上说明会"}
    vevent = events["投资推介会"]
    assert vevent.uid.value == event_uid(one)
    assert vevent.dtstart.value == one.starts_at.replace(microsecond=0)  # iCalendar has whole seconds
    assert vevent.dtstart.value.tzinfo is not None
    assert vevent.dtstart.value.utcoffset() == datetime.timedelta(hours=8)
    assert vevent.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Shanghai"]
    assert vevent.dtstart.value.astimezone(shanghai).hour == one.starts_at.astimezone(shanghai).hour
    assert vevent.dtend.value == one.ends_at.replace(microsecond=0)
    assert vevent.location.value == "钱开区管委会三楼"
    assert vevent.url.value == f"http://testserver/events/{one.slug}/"
    assert vevent.dtstamp.value
    assert events["线上说明会"].location.value == "https://meet.example.com/x"
    assert "Asia/Shanghai" in response.content.decode()
    # The UID does not change when the event does.
    one.title = "投资推介会（改期）"
    from news.services import news_save

    news_save(item=one)
    again = vobject.readOne(client.get("/events/calendar.ics").content.decode())
    assert event_uid(one) in {v.uid.value for v in again.vevent_list}
    assert online.pk != one.pk


def test_english_calendar_uses_english_titles(client):
    event(title="中文活动", title_en="English event", starts_in=D(days=2))
    calendar = vobject.readOne(client.get("/en/events/calendar.ics").content.decode())
    assert [v.summary.value for v in calendar.vevent_list] == ["English event"]
