"""core.middleware.CSPMiddleware gives the headers django-csp's own middleware gives, built once."""

import pytest
from django.test import override_settings

from core.middleware import CSPMiddleware

pytestmark = pytest.mark.django_db

PAGES = ["/", "/projects/", "/en/policies/", "/inquiry/", "/api/v1/projects/", "/admin/login/", "/no-such-page/"]
HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def _headers(client, url):
    response = client.get(url, HTTP_COOKIE="sessionid=none")  # past the page cache: the middleware runs
    return {header: response.get(header) for header in HEADERS}


def test_every_page_gets_what_django_csp_gives(client, settings):
    ours = {url: _headers(client, url) for url in PAGES}
    middleware = list(settings.MIDDLEWARE)
    middleware[middleware.index("core.middleware.CSPMiddleware")] = "csp.middleware.CSPMiddleware"
    with override_settings(MIDDLEWARE=middleware):
        theirs = {url: _headers(client, url) for url in PAGES}
    assert ours == theirs
    assert ours["/projects/"]["Content-Security-Policy"]


def test_a_changed_policy_is_built_again(client, settings):
    before = _headers(client, "/projects/")["Content-Security-Policy"]
    policy = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'", "https://example.org"]}
    }
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        during = _headers(client, "/projects/")["Content-Security-Policy"]
    assert "https://example.org" in during and "https://example.org" not in before
    assert _headers(client, "/projects/")["Content-Security-Policy"] == before
    assert CSPMiddleware._built
