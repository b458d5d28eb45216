import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def attempt(client, password="wrong", **extra):  # noqa: S107
    return client.post(LOGIN, {"username": "officer", "password": password, "next": "/admin/"}, **extra)


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", password="right-pass-123")


def test_lockout_after_failures_answers_429_with_a_readable_page(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client).status_code == 200  # the form again, with its error
    response = attempt(client)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "账户已锁定" in response.content.decode()  # readable, in the default language
    # Even the right password is refused while locked.
    assert attempt(client, password="right-pass-123").status_code == 429


def test_lockout_is_released_after_the_cool_off(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client)
    assert attempt(client, password="right-pass-123").status_code == 429
    past = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = attempt(client, password="right-pass-123")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_unlock_with_axes_reset_username(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client)
    assert attempt(client, password="right-pass-123").status_code == 429
    call_command("axes_reset_username", "officer", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert attempt(client, password="right-pass-123").status_code == 302


def test_forged_forwarded_for_does_not_dodge_the_lockout(client, officer, settings):
    """Behind nginx (one trusted proxy) only the address nginx appended counts."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    response = attempt(
        client, password="right-pass-123", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7", REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 429
    # Another real client (a different address appended by nginx) is not locked out.
    other = attempt(client, password="right-pass-123", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="127.0.0.1")
    assert other.status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert attempt(client, password="right-pass-123", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
