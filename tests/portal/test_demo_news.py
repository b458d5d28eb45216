import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from news.models import Kind, NewsItem, Status
from news.services import news_publish_due

pytestmark = pytest.mark.django_db


def _generate(**options):
    call_command("generate_demo_data", stdout=io.StringIO(), **options)


def test_news_fills_every_column_with_flagged_samples(seeded):
    _generate(news=16)
    demo = NewsItem.objects.filter(is_demo=True)
    assert demo.count() == 16
    assert all(title.startswith("示例") for title in demo.values_list("title", flat=True))
    assert all(title.startswith("Sample") for title in demo.values_list("title_en", flat=True))
    assert all("示例" in summary for summary in demo.values_list("summary", flat=True))
    public = demo.filter(status=Status.PUBLISHED)
    for kind in Kind.values:
        assert public.filter(kind=kind).exists(), kind
    # Rendered and sanitised by the write service, searchable like any other row.
    assert not demo.filter(body_html="").exists()
    assert NewsItem.objects.public().search("示例").count() == public.count()
    # No person wrote them.
    assert not demo.exclude(written_by=None).exists()
    assert not demo.exclude(reviewed_by=None).exists()


def test_news_publish_times_spread_over_weeks_and_one_is_scheduled(seeded):
    now = timezone.now()
    _generate(news=16)
    demo = NewsItem.objects.filter(is_demo=True)
    published = demo.filter(status=Status.PUBLISHED)
    assert published.filter(published_at__lt=now - datetime.timedelta(days=14)).exists()
    assert published.filter(published_at__gt=now - datetime.timedelta(days=14)).exists()
    assert not published.filter(published_at__gt=now).exists()
    scheduled = demo.get(status=Status.SCHEDULED)
    assert now < scheduled.published_at < now + datetime.timedelta(days=3)
    # The scheduled job publishes it once its time comes, through the service.
    assert news_publish_due(now) == 0
    assert news_publish_due(scheduled.published_at) == 1
    scheduled.refresh_from_db()
    assert scheduled.is_public


def test_news_events_are_upcoming_with_open_registration_and_past(seeded):
    now = timezone.now()
    _generate(news=16)
    events = NewsItem.objects.public().events().filter(is_demo=True)
    upcoming = list(events.upcoming(now))
    assert upcoming and events.past(now).exists()
    small = [event for event in upcoming if event.capacity and event.capacity <= 10]
    assert small and all(event.registration_state(now) == "open" for event in small)
    assert all(event.registration_state(now) == "closed" for event in events.past(now))
    assert all(event.place.startswith("示例") for event in events if event.place)


def test_news_with_if_none_adds_nothing_the_second_time(seeded):
    _generate(news=8, if_none=True)
    before = sorted(NewsItem.objects.values_list("pk", flat=True))
    _generate(news=8, if_none=True)
    assert sorted(NewsItem.objects.values_list("pk", flat=True)) == before


def test_news_twice_without_if_none_adds_more_without_clashes(seeded):
    _generate(news=5)
    _generate(news=5)
    assert NewsItem.objects.filter(is_demo=True).count() == 10


def test_remove_deletes_sample_news_and_keeps_the_seed_item(seeded):
    seed_item = NewsItem.objects.get()
    _generate(news=8)
    _generate(remove=True)
    assert list(NewsItem.objects.all()) == [seed_item]


def test_negative_news_count_is_refused(seeded):
    with pytest.raises(CommandError, match="--news"):
        _generate(news=-1)


def test_setup_site_shows_every_column(db):
    call_command("setup_site", stdout=io.StringIO(), stderr=io.StringIO())
    public = NewsItem.objects.public()
    assert set(public.values_list("kind", flat=True)) == set(Kind.values)
    assert public.events().upcoming().exists()
    count = NewsItem.objects.count()
    call_command("setup_site", stdout=io.StringIO(), stderr=io.StringIO())
    assert NewsItem.objects.count() == count
