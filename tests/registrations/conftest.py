import datetime
import itertools
import time

import pytest
from django.utils import timezone

from cases.forms import sign_render_time
from news.models import NewsItem
from registrations.models import Registration
from registrations.services import registration_submit

_slugs = itertools.count(1)


def make_event(
    *, capacity=2, opens_in=None, closes_in=datetime.timedelta(days=5), starts_in=datetime.timedelta(days=7), **fields
):
    """A published event taking registrations (closes_in None: it takes none)."""
    now = timezone.now().replace(microsecond=0)
    n = next(_slugs)
    values = {
        "kind": NewsItem.Kind.EVENT,
        "title": f"招商推介会{n}",
        "title_en": f"Investment fair {n}",
        "slug": f"fair-{n}",
        "summary": "推介会",
        "status": NewsItem.Status.PUBLISHED,
        "published_at": now - datetime.timedelta(days=1),
        "starts_at": now + starts_in,
        "ends_at": now + starts_in + datetime.timedelta(hours=3),
        "attendance": NewsItem.Attendance.OFFLINE,
        "place": "钱开区管委会一楼报告厅",
        "place_en": "Hall, ground floor, Zone Administrative Committee",
        "capacity": capacity,
        "registration_opens_at": now + opens_in if opens_in is not None else None,
        "registration_closes_at": now + closes_in if closes_in is not None else None,
    }
    values.update(fields)
    return NewsItem.objects.create(**values)


def register(event, *, email="", phone="", name="王小明", language="zh-hans", now=None) -> Registration:
    return registration_submit(
        event=event,
        form_data={"contact_name": name, "company": "某某科技", "email": email, "phone": phone, "consent": True},
        language=language,
        now=now,
    )


def post_data(**changes):
    """A complete, valid POST of the registration form, rendered a minute ago."""
    data = {
        "contact_name": "王小明",
        "company": "杭州某某科技有限公司",
        "email": "wang@example.com",
        "phone": "",
        "consent": "on",
        "website": "",
        "rendered": sign_render_time(time.time() - 60),
    }
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _event_page_url():
    """An event's address (`events:detail`, which every mail and page links to) comes from the news
    app's public pages. Where they are not installed, a stand-in answers that name for these tests."""
    from django.http import HttpResponse
    from django.urls import NoReverseMatch, clear_url_caches, path, reverse

    from news import event_urls

    try:
        reverse("events:detail", kwargs={"key": "x"})
        yield
        return
    except NoReverseMatch:
        pass
    stand_in = path("<str:key>/", lambda request, key: HttpResponse(key), name="detail")
    event_urls.urlpatterns.append(stand_in)
    clear_url_caches()
    yield
    event_urls.urlpatterns.remove(stand_in)
    clear_url_caches()


@pytest.fixture
def event(db):
    return make_event()
