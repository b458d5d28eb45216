"""The block on the event's page (news' EventDetailView, related block "registration"): the state, the
seats as stored, the form while registration is open, and a page that is then never stored in the
page cache (its CSRF token, form stamp and seat count are live)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.cache import page_cache_state
from registrations.views import event_block
from tests.registrations.conftest import make_event, register

pytestmark = pytest.mark.django_db


def render_block(event, language="zh-hans"):
    request = RequestFactory().get(f"/events/{event.slug}/")
    with translation.override(language):
        html = render_to_string(
            "registrations/includes/event_block.html", {"value": event_block(event)}, request=request
        )
    return html, page_cache_state(request).never


def test_open_registration_shows_seats_left_and_the_form_and_the_page_is_not_stored():
    event = make_event(capacity=3)
    register(event, email="a@example.com")
    html, never_stored = render_block(event)
    assert "共 3 个席位，剩余 2 个" in html
    assert f'action="/events/{event.slug}/register/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="rendered"' in html and 'name="website"' in html
    assert never_stored


def test_a_full_event_says_the_registrant_goes_on_the_waiting_list_before_submitting():
    event = make_event(capacity=1)
    register(event, email="a@example.com")
    register(event, email="b@example.com")
    html, _never = render_block(event, "en")
    assert "All 1 seats are taken" in html or "The 1 seat is taken" in html
    assert "you are put on the waiting list (1 person is waiting)" in html
    assert "Join the waiting list" in html


def test_before_opening_the_block_gives_the_opening_time_and_no_form():
    event = make_event(opens_in=datetime.timedelta(days=2))
    html, never_stored = render_block(event, "en")
    assert "Registration opens on" in html and "<form" not in html
    assert not never_stored


def test_after_closing_the_block_says_closed_and_shows_no_form():
    event = make_event(opens_in=datetime.timedelta(days=-2), closes_in=datetime.timedelta(minutes=-1))
    html, _never = render_block(event)
    assert "本活动报名已截止" in html and "<form" not in html


def test_an_event_without_registration_has_no_block():
    assert event_block(make_event(closes_in=None, capacity=None)) is None


def test_the_block_is_registered_on_the_event_page_when_news_pages_are_installed():
    views = pytest.importorskip("news.views", reason="news' public pages are not on this branch yet")
    build, template_name = views.EventDetailView.related["registration"]
    assert build is event_block and template_name == "registrations/includes/event_block.html"
