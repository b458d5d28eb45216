import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.utils import translation

from core.templatetags.figures import amount
from portal.templatetags.portal_tags import alternate_links, language_links


@pytest.mark.parametrize(
    "value, text",
    [(Decimal("752.00"), "752"), (Decimal("12.50"), "12.5"), (Decimal("1234"), "1,234"), (None, ""), ("x", "x")],
)
def test_amount_drops_trailing_zeros_and_groups_thousands(value, text):
    assert amount(value) == text


@pytest.mark.parametrize(
    "path, language, expected",
    [
        ("/projects/?zone=north", "en", "/en/projects/?zone=north"),
        ("/en/zones/south/", "zh-hans", "/zones/south/"),
        ("/no/such/page/", "en", "/en/no/such/page/"),  # unresolvable (a 404): prefix surgery
        ("/en/no/such/page/", "zh-hans", "/no/such/page/"),
    ],
)
def test_language_links_point_to_the_same_page_in_the_other_language(path, language, expected):
    request = RequestFactory().get(path)
    current = "en" if path.startswith("/en/") else "zh-hans"
    with translation.override(current):
        links = {link["code"]: link for link in language_links({"request": request})}
    assert links[language]["url"] == expected
    assert links[current]["is_current"] and not links[language]["is_current"]


def test_alternate_links_are_absolute_and_include_x_default():
    request = RequestFactory().get("/en/about/")
    with translation.override("en"):
        links = {link["hreflang"]: link["href"] for link in alternate_links({"request": request})}
    assert links == {
        "zh-Hans": "http://testserver/about/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/about/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en//evil.example/x", "/en///evil.example/x", "/en/%5C/evil.example/x"])
def test_a_crafted_404_path_keeps_every_link_on_this_site(client, path):
    """Issue 11, finding 9: `/en//evil.example/x` made the switch `href="//evil.example/x"`."""
    response = client.get(path)
    assert response.status_code == 404
    urls = re.findall(r'(?:href|content)="([^"]*)"', response.content.decode())
    links = [url for url in urls if "evil.example" in url]
    assert len(links) >= 5  # canonical, three alternates, the language switch (og:url too)
    for url in links:
        parts = urlsplit(url)
        assert parts.netloc in ("", "testserver") and url.startswith(("/", "http://testserver/")), url
        assert not url.startswith(("//", "/\\")), url


@pytest.mark.parametrize("path", ["/en//evil.example/x", "//evil.example/projects/", "/en/\\\\evil.example/"])
def test_language_links_are_always_same_site_paths(path):
    request = RequestFactory().get(path)
    with translation.override("en"):
        urls = [link["url"] for link in language_links({"request": request})]
        alternates = [link["href"] for link in alternate_links({"request": request})]
    assert all(url.startswith("/") and url[1:2] not in ("/", "\\") for url in urls), urls
    assert all(href.startswith("http://testserver/") for href in alternates), alternates
