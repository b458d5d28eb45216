"""News items for the tests, written and published through the news services like the seed does."""

import datetime
import itertools

from django.utils import timezone

from news.models import NewsItem
from news.services import news_publish_unattended, news_save

_numbers = itertools.count(1)


def news_item(*, publish=True, at=None, **fields) -> NewsItem:
    """A saved item (a draft, or published through `news_publish_unattended` at `at`, default an hour ago)."""
    n = next(_numbers)
    fields.setdefault("title", f"资讯标题{n}")
    fields.setdefault("summary", f"摘要{n}")
    fields.setdefault("slug", f"item-{n}")
    item = news_save(item=NewsItem(**fields))
    if publish:
        news_publish_unattended(item=item, at=at or timezone.now() - datetime.timedelta(hours=n))
    return item


def event(*, starts_in: datetime.timedelta, hours: float = 2, publish=True, **fields) -> NewsItem:
    """A published event starting `starts_in` from now (negative: in the past), held in person."""
    starts = timezone.now() + starts_in
    fields.setdefault("place", "钱开区会展中心")
    fields.setdefault("attendance", NewsItem.Attendance.OFFLINE)
    return news_item(
        kind=NewsItem.Kind.EVENT,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        publish=publish,
        **fields,
    )
