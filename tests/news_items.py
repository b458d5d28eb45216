"""News items for the open-data, sitemap and search tests, written through the news services as the
seed and the demo data write them (no person wrote them: published unattended)."""

import datetime
import itertools

from django.utils import timezone

from news.models import Attendance, Kind, NewsItem
from news.services import news_publish_unattended, news_save

_numbers = itertools.count(1)


def news_item(*, publish: bool = True, **fields) -> NewsItem:
    """A saved item (a draft unless `publish`); `published_at` in the future schedules it."""
    number = next(_numbers)
    values = {
        "kind": Kind.NEWS,
        "slug": f"item-{number}",
        "title": f"新闻{number}",
        "summary": f"摘要{number}",
        "body": f"正文{number}",
        **fields,
    }
    if values["kind"] == Kind.EVENT:
        starts = values.setdefault("starts_at", timezone.now() + datetime.timedelta(days=10))
        values.setdefault("attendance", Attendance.OFFLINE)
        values.setdefault("place", "会场")
        values.setdefault("ends_at", starts + datetime.timedelta(hours=2))
    item = news_save(item=NewsItem(**values))
    if publish:
        news_publish_unattended(item=item)
    return item


def event(**fields) -> NewsItem:
    return news_item(kind=Kind.EVENT, **fields)
