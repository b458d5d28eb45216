"""The large-text mode (长者模式): the /display/ switch, the page it leads back to, and every store of a page
(the page cache, the page fragments, the browser) keyed on the mode as on the language."""

import pytest
from django.test import Client

from core import display
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

LARGE_CLASS = 'class="display-large"'
LARGE_CSS = "css/large"


def _large(client: Client) -> Client:
    client.cookies[display.COOKIE] = display.LARGE
    return client


def test_switching_to_large_sets_the_cookie_and_returns_to_the_page(client):
    response = client.get("/display/", {"mode": "large", "next": "/projects/?zone=north"})
    assert response.status_code == 302 and response["Location"] == "/projects/?zone=north"
    cookie = response.cookies[display.COOKIE]
    assert cookie.value == "large"
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["path"] == "/"
    assert int(cookie["max-age"]) == display.COOKIE_MAX_AGE
    assert "no-store" in response["Cache-Control"]  # the switch itself is never stored
    page = client.get(response["Location"])
    html = page.content.decode()
    assert LARGE_CLASS in html and LARGE_CSS in html


def test_switching_back_deletes_the_cookie(client):
    _large(client)
    response = client.get("/en/display/", {"mode": "standard", "next": "/en/spaces/"})
    assert response.status_code == 302 and response["Location"] == "/en/spaces/"
    cookie = response.cookies[display.COOKIE]
    assert cookie.value == "" and int(cookie["max-age"]) == 0  # deleted
    html = client.get("/en/spaces/").content.decode()
    assert LARGE_CLASS not in html and LARGE_CSS not in html


@pytest.mark.parametrize("mode", ["", "huge", "LARGE", "large\x00"])
def test_an_unknown_mode_is_a_400_and_sets_nothing(client, mode):
    response = client.get("/display/", {"mode": mode, "next": "/"})
    assert response.status_code == 400
    assert display.COOKIE not in response.cookies


def test_no_mode_at_all_is_a_400(client):
    assert client.get("/display/").status_code == 400


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "projects/",
        "",
        "/" + "a" * 2000,
        "http:/evil.example",
        "/\x00/",
    ],
)
def test_a_next_that_is_not_a_local_path_falls_back_to_the_home_page(client, next_url):
    response = client.get("/display/", {"mode": "large", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[display.COOKIE].value == "large"


def test_only_get_and_head_switch(client):
    assert client.post("/display/", {"mode": "large", "next": "/"}).status_code == 405


def test_header_offers_the_switch_with_the_current_page_as_next(client):
    html = client.get("/projects/?zone=north").content.decode()
    assert 'href="/display/?mode=large&amp;next=%2Fprojects%2F%3Fzone%3Dnorth"' in html
    html = _large(client).get("/en/projects/").content.decode()
    assert 'href="/en/display/?mode=standard&amp;next=%2Fen%2Fprojects%2F"' in html


def test_any_other_cookie_value_is_the_standard_mode(client):
    client.cookies[display.COOKIE] = "big"
    assert LARGE_CLASS not in client.get("/").content.decode()


# --- stores of a page --------------------------------------------------------------------------


def test_page_cache_never_serves_one_mode_to_the_other(client):
    IndicatorFactory(label="签约项目数")
    standard, large = Client(), _large(Client())
    first = standard.get("/")
    assert first["X-Page-Cache"] == "miss" and LARGE_CLASS not in first.content.decode()
    # A cached standard page is not served to a large-mode visitor…
    answer = large.get("/")
    assert answer["X-Page-Cache"] == "miss" and LARGE_CLASS in answer.content.decode()
    # …each mode then has its own stored copy…
    assert large.get("/")["X-Page-Cache"] == "hit"
    again = standard.get("/")
    assert again["X-Page-Cache"] == "hit" and LARGE_CLASS not in again.content.decode()
    # …and the other way round: a cached large page is not served to a standard visitor.
    en_large = large.get("/en/about/")
    assert en_large["X-Page-Cache"] == "miss" and LARGE_CLASS in en_large.content.decode()
    en_standard = standard.get("/en/about/")
    assert en_standard["X-Page-Cache"] == "miss" and LARGE_CLASS not in en_standard.content.decode()


def test_the_cache_key_reads_the_cookie_that_core_display_names(rf):
    """core/cache/middleware.py spells the cookie out (its package is not ours to import into): same name."""
    from core.cache.middleware import _page_key

    plain = rf.get("/")
    chose = rf.get("/", HTTP_COOKIE=f"{display.COOKIE}={display.LARGE}")
    other = rf.get("/", HTTP_COOKIE=f"{display.COOKIE}=big")
    assert _page_key(plain, (), ("", ())) != _page_key(chose, (), ("", ()))
    assert _page_key(plain, (), ("", ())) == _page_key(other, (), ("", ()))


def test_the_header_fragment_is_kept_per_mode(client):
    """The header is a cached fragment; its switch link names the other mode, so each mode has its own copy."""
    assert "mode=large" in Client().get("/zones/").content.decode()
    html = _large(Client()).get("/zones/?").content.decode()
    assert "mode=standard" in html and "mode=large" not in html


def test_pages_tell_the_browser_to_revalidate_and_their_etag_differs_by_mode(client):
    standard = client.get("/projects/")
    large = _large(Client()).get("/projects/")
    for response in (standard, large):
        assert "max-age=0" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]
    assert standard["ETag"] and large["ETag"] and standard["ETag"] != large["ETag"]
    # A browser that kept the standard page and asks again in large mode gets the large page, not a 304.
    answer = _large(Client()).get("/projects/", HTTP_IF_NONE_MATCH=standard["ETag"])
    assert answer.status_code == 200 and LARGE_CLASS in answer.content.decode()
    # Its own copy is confirmed with a 304.
    assert _large(Client()).get("/projects/", HTTP_IF_NONE_MATCH=large["ETag"]).status_code == 304


def test_never_cache_pages_keep_their_own_cache_control(client):
    response = client.get("/inquiry/")
    assert "no-store" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]


def test_robots_keep_crawlers_off_the_switch(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /display/" in robots and "Disallow: /en/display/" in robots
