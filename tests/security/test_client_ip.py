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
