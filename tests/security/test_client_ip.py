import pytest
from django.test import RequestFactory

from core.net import client_ip


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "", "192.0.2.1", "192.0.2.1"),
        (0, "203.0.113.5", "192.0.2.1", "192.0.2.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.5", "127.0.0.1", "203.0.113.5"),  # nginx appended the real address
        (1, "6.6.6.6, 203.0.113.5", "127.0.0.1", "203.0.113.5"),  # forged entry on the left is ignored
        (1, "6.6.6.6,7.7.7.7 , 203.0.113.5", "127.0.0.1", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "127.0.0.1", "203.0.113.5"),  # CDN + nginx
        (2, "203.0.113.5", "127.0.0.1", "127.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "", "127.0.0.1", "127.0.0.1"),
        (1, " , ", "127.0.0.1", "127.0.0.1"),
    ],
)
def test_client_ip_trusts_exactly_the_configured_proxies(settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def _submit_inquiry(client, n: int, forwarded: str):
    from tests.security.htmlforms import form_fields

    page = client.get("/inquiry/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    data = form_fields(page.content.decode())
    data.update(
        contact_name="王五",
        company=f"测试公司{n}",
        email=f"probe{n}@example.com",
        phone="13800000000",
        message="rate limit probe",
        consent="on",
    )
    return client.post("/inquiry/", data, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_dodge_the_inquiry_rate_limit(client, public, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INQUIRY_MIN_SECONDS = 0
    settings.INQUIRY_RATE_LIMIT = 3
    statuses = [_submit_inquiry(client, n, f"10.0.0.{n}, 203.0.113.9").status_code for n in range(4)]
    assert statuses[:3] == [302] * 3 and statuses[3] == 429, statuses
    # A different client, as nginx reports it, is not affected.
    assert _submit_inquiry(client, 9, "6.6.6.6, 198.51.100.2").status_code == 302
