import datetime
import time

import pytest
from django.utils import timezone

from alerts.models import Subscription
from alerts.tokens import new_key
from cases.forms import sign_render_time
from news.models import NewsItem
from news.services import news_publish_unattended, news_save
from tests.factories import ZoneFactory


@pytest.fixture
def north(db):
    return ZoneFactory(slug="north", name="北智", name_en="North")


@pytest.fixture
def south(db):
    return ZoneFactory(slug="south", name="南创", name_en="South")


def post_data(**fields):
    """A valid POST of the subscribe form, rendered a minute ago (each call a new rendering)."""
    data = {
        "email": "reader@example.com",
        "news_columns": ["news"],
        "frequency": "daily",
        "consent": "on",
        "website": "",
        "rendered": sign_render_time(time.time() - 60),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def confirmed(*, at=None, **fields) -> Subscription:
    """A confirmed subscription, as if confirmed at `at` (a day ago by default)."""
    at = at or timezone.now() - datetime.timedelta(days=1)
    fields.setdefault("email", "reader@example.com")
    fields.setdefault("language", "zh-hans")
    fields.setdefault("frequency", Subscription.Frequency.DAILY)
    return Subscription.objects.create(key=new_key(), consent_at=at, confirmed_at=at, **fields)


def publish_news(*, kind="news", title="新闻", at=None, **fields) -> NewsItem:
    """A news item published by the system (written_by None), through the news write service."""
    item = NewsItem(kind=kind, title=title, summary="摘要", **fields)
    news_save(item=item, user=None)
    return news_publish_unattended(item=item, at=at)


@pytest.fixture
def deliver(db):
    """The worker's every-minute mail job (alerts.jobs.deliver_due_mail): sends what is queued."""
    from alerts.jobs import deliver_due_mail

    return deliver_due_mail
