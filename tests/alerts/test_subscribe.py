"""/subscribe/: double opt-in, the anti-spam and rate limits, the pre-filled space search and checker profile."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import AlertMail, Subscription
from alerts.services import subscriptions_send_digests
from cases.forms import sign_render_time
from tests.alerts.conftest import post_data, publish_news

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/(?:en/)?subscribe/(confirm|manage|unsubscribe)/([^/\s\"<]+)/")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def confirm_link(message) -> str:
    return next(m.group(0) for m in LINK.finditer(message.body) if m.group(1) == "confirm")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_form_renders_in_both_languages(client, prefix):
    response = client.get(f"{prefix}/subscribe/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ("E-mail alerts" if prefix else "邮件提醒") in page
    assert 'name="website"' in page and 'name="rendered"' in page


def test_nothing_is_active_before_the_link_is_used(client, deliver):
    response = client.post("/subscribe/", post_data())
    assert response.status_code == 302 and response["Location"] == "/subscribe/thanks/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.news_columns == ["news"] and subscription.language == "zh-hans"
    assert mail.outbox == []  # not sent inside the request
    deliver()
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert confirm_link(message).startswith("http://testserver/subscribe/confirm/")

    publish_news(title="已发布的新闻")
    assert subscriptions_send_digests(timezone.now() + datetime.timedelta(days=8)) == 0
    assert not AlertMail.objects.filter(kind=AlertMail.Kind.DIGEST).exists()


def test_confirm_then_the_digest_comes(client, deliver):
    client.post("/subscribe/", post_data())
    deliver()
    url = confirm_link(mail.outbox[0])
    page = client.get(url)
    assert page.status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # a GET (a mail scanner) confirms nothing
    response = client.post(url)
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    assert "/subscribe/manage/" in response.content.decode()

    publish_news(title="确认之后的新闻")
    assert subscriptions_send_digests(timezone.now() + datetime.timedelta(days=1, minutes=5)) == 1
    deliver()
    assert "确认之后的新闻" in mail.outbox[-1].body


def test_confirm_link_used_twice_says_so(client, deliver):
    client.post("/subscribe/", post_data())
    deliver()
    url = confirm_link(mail.outbox[0])
    assert client.post(url).status_code == 200
    again = client.post(url)
    assert again.status_code == 410
    assert "已使用" in again.content.decode()
    assert client.get(url).status_code == 410


def test_forged_confirm_link_is_refused_without_revealing_anything(client, deliver):
    client.post("/subscribe/", post_data())
    deliver()
    url = confirm_link(mail.outbox[0])
    forged = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    response = client.post(forged)
    assert response.status_code == 400
    assert "reader@example.com" not in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    assert client.post("/subscribe/confirm/not-a-token/").status_code == 400


def test_expired_confirm_link_says_so(client, deliver):
    client.post("/subscribe/", post_data())
    deliver()
    url = confirm_link(mail.outbox[0])
    later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url)
    assert response.status_code == 410
    assert "已过期" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_unconfirmed_subscriptions_are_deleted_once_the_link_expired(client):
    from alerts.services import subscriptions_delete_unconfirmed

    client.post("/subscribe/", post_data())
    assert subscriptions_delete_unconfirmed(timezone.now() + datetime.timedelta(days=2)) == 0
    assert subscriptions_delete_unconfirmed(timezone.now() + datetime.timedelta(days=4)) == 1
    assert not Subscription.objects.exists()


def test_thanks_page_is_the_same_for_a_known_address(client, deliver):
    first = client.post("/subscribe/", post_data())
    deliver()
    client.post(confirm_link(mail.outbox[0]))
    second = client.post("/subscribe/", post_data())
    assert first["Location"] == second["Location"]
    assert client.get(first["Location"]).content == client.get(second["Location"]).content


def test_honeypot_is_answered_as_success_and_saves_nothing(client):
    response = client.post("/subscribe/", post_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_same_form_sent_twice_makes_one_subscription(client):
    data = post_data()
    client.post("/subscribe/", data)
    client.post("/subscribe/", data)
    assert Subscription.objects.count() == 1
    assert AlertMail.objects.count() == 1


def test_nothing_chosen_is_refused(client):
    response = client.post("/subscribe/", post_data(news_columns=None))
    assert response.status_code == 200
    assert "请至少选择一项" in response.content.decode()
    assert not Subscription.objects.exists()


def test_subscribing_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/subscribe/", post_data()).status_code == 403
    assert not Subscription.objects.exists()


def test_rate_limit_per_client(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    codes = [client.post("/subscribe/", post_data(email=f"r{i}@example.com")).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert Subscription.objects.count() == 2


def test_rate_limit_per_address_from_many_clients(client):
    codes = [
        client.post("/subscribe/", post_data(email="victim@example.com"), REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Subscription.objects.filter(email="victim@example.com").count() == 3
    response = client.post("/subscribe/", post_data(email="VICTIM@example.com"), REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_space_search_from_the_query_string_is_shown_in_words(client, north):
    response = client.get("/en/subscribe/", {"spaces": "kind=factory&zone=north&min_area=2000&page=3"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Standard factory" in page and "North" in page and "2000" in page
    assert response.context["form"].initial["spaces"] == "kind=factory&zone=north&min_area=2000"


def test_subscription_keeps_the_cleaned_space_search(client, north):
    data = post_data(news_columns=None, spaces="kind=factory&zone=north&min_area=2000.0&sort=area&utm=x")
    assert client.post("/subscribe/", data).status_code == 302
    assert Subscription.objects.get().space_search == {"kind": "factory", "zone": "north", "min_area": "2000"}


@pytest.mark.parametrize("query", ["kind=castle", "zone=atlantis&min_area=-5", "min_area=abc", "status=gone"])
def test_bad_space_search_says_what_is_wrong(client, query):
    response = client.get("/subscribe/", {"spaces": query})
    assert response.status_code == 200
    assert response.context["problems"]
    assert "不能使用" in response.content.decode() or "无法使用" in response.content.decode()
    assert "spaces" not in response.context["form"].initial


def test_bad_space_search_posted_is_a_form_error(client):
    response = client.post("/subscribe/", post_data(spaces="kind=castle"))
    assert response.status_code == 200
    assert "spaces" in response.context["form"].errors
    assert not Subscription.objects.exists()


def test_confirmation_mail_is_in_the_language_of_the_form(client, deliver):
    client.post("/en/subscribe/", post_data())
    assert Subscription.objects.get().language == "en"
    deliver()
    (message,) = mail.outbox
    assert message.subject == "Please confirm your e-mail alerts"
    assert "http://testserver/en/subscribe/confirm/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/en/subscribe/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert 'href="http://testserver/en/subscribe/confirm/' in html


def test_spaces_page_links_to_the_search_alert(client, north):
    response = client.get("/spaces/", {"kind": "factory", "zone": "north"})
    page = response.content.decode()
    assert "/subscribe/?spaces=kind%3Dfactory%26zone%3Dnorth" in page


def test_confirmation_mail_is_queued_for_the_worker_after_commit(client, django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/subscribe/", post_data())
    assert mail.outbox == []
    (task,) = run_jobs()
    assert task["func"] == "alerts.jobs.deliver_mail" and task["success"]
    assert len(mail.outbox) == 1


def test_form_age_stamp_still_applies(client):
    data = post_data(rendered=sign_render_time(time.time() - 3 * 24 * 3600))
    response = client.post("/subscribe/", data)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
