"""The digest: what is new for each subscription since its last one, in its language, with one-click unsubscribe."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import AlertMail, Subscription
from alerts.services import digest_for, subscriptions_send_digests
from policies.models import Condition
from spaces.models import Space
from tests.alerts.conftest import confirmed, publish_news
from tests.factories import SpaceFactory
from tests.policies.factories import ConditionFactory, MeasureFactory, PolicyFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def send(now=None):
    """The daily job, then the worker's mail job; returns the digests sent."""
    from alerts.jobs import deliver_due_mail

    before = len(mail.outbox)
    subscriptions_send_digests(now or timezone.now() + datetime.timedelta(minutes=1))
    deliver_due_mail()
    return mail.outbox[before:]


def test_a_new_space_matching_the_saved_search_is_in_the_next_digest_and_one_that_does_not_is_not(north, south):
    SpaceFactory(name="早已在册的厂房", zone=north)  # on the register before the subscription
    subscription = confirmed(space_search={"kind": "factory", "zone": "north"}, at=timezone.now())
    SpaceFactory(name="北区新厂房", zone=north, kind=Space.Kind.FACTORY)
    SpaceFactory(name="南区新厂房", zone=south, kind=Space.Kind.FACTORY)
    SpaceFactory(name="北区新办公楼", zone=north, kind=Space.Kind.OFFICE, floor_area_m2=800)
    SpaceFactory(name="北区已入驻厂房", zone=north, status=Space.Status.OCCUPIED)
    (message,) = send(timezone.now() + datetime.timedelta(days=1))
    assert message.to == [subscription.email]
    assert "北区新厂房" in message.body
    for name in ("早已在册的厂房", "南区新厂房", "北区新办公楼", "北区已入驻厂房"):
        assert name not in message.body
    space = Space.objects.get(name="北区新厂房")
    assert f"{SITE}/spaces/{space.slug}/" in message.body
    assert f"{SITE}/spaces/?kind=factory&zone=north" in message.body
    assert send(timezone.now() + datetime.timedelta(days=2)) == []  # nothing new since


def test_a_space_that_becomes_available_or_is_published_counts_as_new(north):
    occupied = SpaceFactory(name="腾退厂房", zone=north, status=Space.Status.OCCUPIED)
    hidden = SpaceFactory(name="未发布厂房", zone=north, is_published=False)
    subscription = confirmed(space_search={"zone": "north"}, at=timezone.now())
    occupied.status = Space.Status.AVAILABLE
    occupied.save()
    hidden.is_published = True
    hidden.save()
    names = {space.name for space in digest_for(subscription, subscription.confirmed_at, timezone.now()).spaces}
    assert names == {"腾退厂房", "未发布厂房"}


def test_news_columns_are_filtered():
    subscription = confirmed(news_columns=["notice"])
    publish_news(kind="notice", title="关于土地出让的公告")
    publish_news(kind="news", title="一条普通新闻")
    (message,) = send()
    assert "关于土地出让的公告" in message.body
    assert "一条普通新闻" not in message.body
    assert subscription.news_columns == ["notice"]


def test_news_published_before_the_window_is_not_new():
    publish_news(kind="news", title="旧闻", at=timezone.now() - datetime.timedelta(days=3))
    confirmed(news_columns=["news"])
    assert send() == []


def test_nothing_new_sends_no_mail_and_moves_the_window():
    subscription = confirmed(news_columns=["news"], events=True)
    now = timezone.now() + datetime.timedelta(minutes=1)
    assert send(now) == []
    assert not AlertMail.objects.exists()
    subscription.refresh_from_db()
    assert subscription.last_digest_at == now


def test_weekly_subscription_waits_a_week():
    confirmed(news_columns=["news"], frequency=Subscription.Frequency.WEEKLY)
    publish_news(title="本周新闻")
    assert send() == []  # confirmed a day ago
    (message,) = send(timezone.now() + datetime.timedelta(days=6, hours=1))
    assert "本周新闻" in message.body


def test_sample_rows_are_labelled():
    confirmed(news_columns=["news"])
    item = publish_news(title="示例新闻标题")
    type(item).objects.filter(pk=item.pk).update(is_demo=True)
    (message,) = send()
    assert "[示例] 示例新闻标题" in message.body


def test_digest_headers_links_and_one_click_unsubscribe():
    subscription = confirmed(news_columns=["news"])
    publish_news(title="新闻一")
    (message,) = send()
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(rf"<{SITE}/subscribe/unsubscribe/[^/>]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE}/subscribe/manage/" in message.body
    html = message.alternatives[0][0]
    assert f'href="{SITE}/subscribe/manage/' in html
    assert all(link.startswith("http") for link in re.findall(r'href="([^"]+)"', html))

    client = Client(enforce_csrf_checks=True)  # a mail program: no cookie, no CSRF token
    url = unsubscribe[1:-1].removeprefix(SITE)
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    again = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 410


def test_unsubscribe_get_shows_a_button_and_deletes_nothing(client):
    from alerts.tokens import manage_token

    subscription = confirmed(news_columns=["news"])
    response = client.get(f"/subscribe/unsubscribe/{manage_token(subscription)}/")
    assert response.status_code == 200
    assert 'name="List-Unsubscribe" value="One-Click"' in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    done = client.post(
        f"/subscribe/unsubscribe/{manage_token(subscription)}/", {"List-Unsubscribe": "One-Click", "page": "1"}
    )
    assert done.status_code == 200 and "您已退订" in done.content.decode()
    assert not Subscription.objects.exists()


def test_unsubscribe_post_without_the_rfc_body_deletes_nothing(client):
    from alerts.tokens import manage_token

    subscription = confirmed(news_columns=["news"])
    response = client.post(f"/subscribe/unsubscribe/{manage_token(subscription)}/", {"other": "x"})
    assert response.status_code == 400
    assert Subscription.objects.exists()


def test_digest_in_the_language_of_the_subscriber():
    confirmed(news_columns=["news"], language="en")
    publish_news(title="中文标题", title_en="An English title")
    (message,) = send()
    assert message.subject.startswith("What is new at")
    assert "An English title" in message.body
    assert f"{SITE}/en/subscribe/manage/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/en/subscribe/unsubscribe/")


def test_manage_page_changes_choices(client):
    from alerts.tokens import manage_token

    subscription = confirmed(news_columns=["news"], space_search={"kind": "factory"})
    url = f"/subscribe/manage/{manage_token(subscription)}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"news_columns": ["notice"], "events": "on", "frequency": "weekly"})
    assert response.status_code == 200 and response.context["saved"]
    subscription.refresh_from_db()
    assert subscription.news_columns == ["notice"] and subscription.events
    assert subscription.frequency == "weekly"
    assert subscription.space_search is None  # "keep my space search" left unticked


def test_manage_link_of_an_unconfirmed_subscription_does_not_work(client):
    from alerts.tokens import manage_token, new_key

    subscription = Subscription.objects.create(email="x@example.com", language="zh-hans", key=new_key(), events=True)
    assert client.get(f"/subscribe/manage/{manage_token(subscription)}/").status_code == 410


def test_policies_by_theme_new_and_expiring():
    talent, other = ThemeFactory(slug="talent", name="人才"), ThemeFactory(slug="tax", name="税收")
    soon = timezone.localdate() + datetime.timedelta(days=95)
    expiring = PolicyFactory(title="快到期的人才政策", in_force_until=soon)
    expiring.themes.add(talent)
    subscription = confirmed(policies=True, at=timezone.now())
    subscription.policy_themes.add(talent)
    fresh = PolicyFactory(title="新的人才政策")
    fresh.themes.add(talent)
    PolicyFactory(title="新的税收政策").themes.add(other)
    later = timezone.now() + datetime.timedelta(days=6)
    digest = digest_for(subscription, subscription.confirmed_at, later)
    assert [p.title for p in digest.new_policies] == ["新的人才政策"]
    assert [p.title for p in digest.expiring_policies] == ["快到期的人才政策"]


def test_checker_profile_subscription_gets_the_measures_that_fit(client, deliver):
    from industries.models import Industry

    Industry.objects.get_or_create(slug="new-materials", defaults={"name": "新材料", "name_en": "New materials"})
    checker_answer = {"from_checker": "1", "in_zone": "yes", "employees": "120", "founded_year": "abc"}
    response = Client(enforce_csrf_checks=True).post("/subscribe/", checker_answer)  # the checker sends no token
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["profile"] == "in_zone=yes&employees=120"
    assert "120" in response.context["checker_profile"]

    from tests.alerts.conftest import post_data

    client.post("/subscribe/", post_data(news_columns=None, profile=form.initial["profile"]))
    subscription = Subscription.objects.get()
    assert subscription.checker_profile == {"in_zone": "yes", "employees": 120}
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=1))

    fits = ConditionFactory(kind=Condition.Kind.IN_ZONE, measure=MeasureFactory(title="在区企业补助")).measure
    ConditionFactory(kind=Condition.Kind.EMPLOYEES, minimum=500, measure=MeasureFactory(title="大企业奖励"))
    (message,) = send()
    assert "在区企业补助" in message.body
    assert "大企业奖励" not in message.body
    assert f"{SITE}/policies/{fits.policy.slug}/#measure-{fits.pk}" in message.body


def test_checker_answer_offers_the_notify_form_without_a_cookie(client):
    response = client.get("/policies/check/", {"in_zone": "yes", "employees": "120"})
    page = response.content.decode()
    assert 'action="/subscribe/"' in page
    assert '<input type="hidden" name="employees" value="120">' in page
    assert 'name="from_checker"' in page
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in page


def test_only_administrators_see_subscriptions_in_the_admin(admin_client, migrated_roles):
    from tests.staff.accounts import create_staff

    confirmed(news_columns=["news"], email="secret@example.com")
    for number, (role, status) in enumerate((("系统管理员", 200), ("内容编辑", 403), ("招商专员", 403))):
        client = Client()
        client.force_login(create_staff(admin_client, f"user{number}", role))
        response = client.get("/admin/alerts/subscription/")
        assert response.status_code == status, role
        assert ("secret@example.com" in response.content.decode()) == (status == 200)
