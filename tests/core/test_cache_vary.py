"""The page cache keys on every request header an answer varies on, or does not store it (core/cache/,
"Negotiated formats and Vary"; issue 22, finding 10)."""

import pytest
from django.http import HttpResponse

import core.cache.keys
from core.cache import PublicPageCacheMiddleware

pytestmark = pytest.mark.django_db


def _view():
    """Stands for a resolved view: the attributes the page cache reads are set on it."""

    def view(request):
        raise AssertionError("the middleware calls get_response, not the resolved view")

    return view


@pytest.fixture
def resolved(monkeypatch):
    view = _view()
    monkeypatch.setattr(core.cache.keys, "_request_view", lambda request: view)
    return view


class ByAccept:
    """A negotiation like DRF's: ``?fmt=`` or the Accept header picks text/plain or text/csv."""

    params = ("fmt",)
    TYPES = {"plain": "text/plain", "csv": "text/csv"}

    def media_type(self, request):
        fmt = request.GET.get("fmt")
        if fmt:
            return self.TYPES.get(fmt)
        accept = request.headers.get("Accept", "*/*")
        if accept in ("*/*", "text/plain"):
            return "text/plain"
        return "text/csv" if accept == "text/csv" else None


def _answering(content_type=None, vary="Accept", **headers):
    calls = []

    def get_response(request):
        calls.append(request)
        chosen = content_type or ByAccept().media_type(request) or "text/plain"
        response = HttpResponse(f"{chosen} #{len(calls)}", content_type=chosen)
        if vary:
            response.headers["Vary"] = vary
        for name, value in headers.items():
            response.headers[name] = value
        return response

    return PublicPageCacheMiddleware(get_response), calls


@pytest.mark.parametrize("vary", ["Accept", "Cookie", "*", "User-Agent", "Accept-Language, Origin"])
def test_an_answer_that_varies_on_a_header_the_key_does_not_hold_is_not_stored(rf, resolved, vary):
    middleware, calls = _answering(vary=vary)
    first = middleware(rf.get("/about/"))
    second = middleware(rf.get("/about/", HTTP_ACCEPT="text/csv"))
    assert len(calls) == 2
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_an_answer_that_varies_on_the_paths_language_is_stored(rf, resolved):
    middleware, calls = _answering(vary="Accept-Language", **{"Content-Language": "zh-hans"})
    middleware(rf.get("/about/"))
    assert middleware(rf.get("/about/", HTTP_ACCEPT_LANGUAGE="en"))["X-Page-Cache"] == "hit"
    assert len(calls) == 1


def test_an_answer_in_another_language_than_its_path_is_not_stored(rf, resolved):
    middleware, calls = _answering(vary="Accept-Language", **{"Content-Language": "en"})
    middleware(rf.get("/about/"))
    middleware(rf.get("/about/"))
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"HTTP_ACCEPT": "text/csv"}),
        ({"HTTP_ACCEPT": "text/csv"}, {}),
        ({"QUERY_STRING": "fmt=csv"}, {}),
        ({}, {"QUERY_STRING": "fmt=csv"}),
    ],
)
def test_a_negotiating_view_is_stored_and_served_per_media_type(rf, resolved, first, second):
    resolved.page_cache_negotiation = ByAccept()
    middleware, calls = _answering()
    answers = [middleware(rf.get("/about/", **first)), middleware(rf.get("/about/", **second))]
    again = [middleware(rf.get("/about/", **first)), middleware(rf.get("/about/", **second))]
    assert len(calls) == 2
    assert [a["Content-Type"] for a in again] == [a["Content-Type"] for a in answers]
    assert answers[0]["Content-Type"] != answers[1]["Content-Type"]
    assert [a["X-Page-Cache"] for a in again] == ["hit", "hit"]


def test_accept_headers_that_negotiate_one_media_type_share_one_entry(rf, resolved):
    resolved.page_cache_negotiation = ByAccept()
    middleware, calls = _answering()
    middleware(rf.get("/about/"))
    assert middleware(rf.get("/about/", HTTP_ACCEPT="*/*"))["X-Page-Cache"] == "hit"
    assert middleware(rf.get("/about/", HTTP_ACCEPT="text/plain"))["X-Page-Cache"] == "hit"
    assert len(calls) == 1


def test_a_format_parameter_is_an_entry_of_its_own(rf, resolved):
    """Its answer may link with the parameter (an API list's ``next``): not the entry of the Accept header."""
    resolved.page_cache_negotiation = ByAccept()
    middleware, calls = _answering()
    middleware(rf.get("/about/", HTTP_ACCEPT="text/csv"))
    asked = middleware(rf.get("/about/", {"fmt": "csv"}))
    assert asked["X-Page-Cache"] == "miss" and asked["Content-Type"] == "text/csv"
    assert middleware(rf.get("/about/", {"fmt": "csv"}))["X-Page-Cache"] == "hit"
    assert len(calls) == 2


def test_a_refused_negotiation_is_neither_served_a_stored_answer_nor_stored(rf, resolved):
    resolved.page_cache_negotiation = ByAccept()
    middleware, calls = _answering()
    middleware(rf.get("/about/"))
    refused = middleware(rf.get("/about/", HTTP_ACCEPT="text/html"))
    assert "X-Page-Cache" not in refused
    middleware(rf.get("/about/", HTTP_ACCEPT="text/html"))
    assert len(calls) == 3


def test_an_answer_in_another_type_than_negotiated_is_not_stored(rf, resolved):
    resolved.page_cache_negotiation = ByAccept()
    middleware, calls = _answering(content_type="application/json")
    middleware(rf.get("/about/"))
    middleware(rf.get("/about/"))
    assert len(calls) == 2
