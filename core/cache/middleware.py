"""The page cache itself: the middleware, what it may store ("Negotiated formats and Vary") and the
validators it sends ("Validators"), as the package's docstring describes."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from core.cache import keys as _keys
from core.cache import version as _version
from core.cache.keys import QueryContract, normalise_query, page_cache_parts, page_cache_state, query_contract
from core.cache.version import VERSION_KEY, _request_state, begin_request, content_version, end_request
from core.ratelimit import lookup_and_count, seconds_left

# Request cookies that mean "this visitor may see something personal": never serve them a cached page.
PRIVATE_COOKIES = ("messages",)
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
# The request headers ``get_conditional_response`` reads (RFC 9110 preconditions).
CONDITIONAL_HEADERS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(name in cookies for name in PRIVATE_COOKIES)


def _response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in UNCACHEABLE_CONTROL)


def _key_language(request) -> str:
    """The language of the answer: from the path (LocaleMiddleware with ``prefix_default_language=False``)."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _page_key(request, parts: tuple, negotiated: tuple) -> str:
    display = request.COOKIES.get("kaiqu_display") == "large"  # the display mode, as core.display reads it
    where = repr((request.scheme, request.get_host(), request.path, display, parts, negotiated))
    return f"page:{_key_language(request)}:{hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()}"


def _negotiated_media_type(request, view) -> str | None:
    """The media type `view` will answer `request` with ("" for a view that does not negotiate);
    None: the view refuses the request or the choice has no normalised spelling — do not look up, do not store."""
    negotiation = getattr(view, "page_cache_negotiation", None)
    return "" if negotiation is None else negotiation.media_type(request)


def _varies_only_by_key(request, response, media_type: str) -> bool:
    """True when every request header the response says it varies on is one the key accounts for."""
    for header in cc_delim_re.split(response.get("Vary", "")):
        header = header.strip().lower()
        if not header:
            continue
        if header == "accept-language":  # keyed by the path's language; the answer must be in it
            if response.get("Content-Language", _key_language(request)) != _key_language(request):
                return False
        elif header == "accept":  # keyed by the negotiated media type; the answer must be in it
            content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
            if not media_type or content_type != media_type:
                return False
        else:  # Cookie, *, User-Agent…: nothing in the key says which one this answer was for
            return False
    return True


def _last_modified(version: int | None) -> int | None:
    """Last-Modified (whole seconds) for `version`: the second after it, and only once that second has begun.

    Then a later version, made after the response was sent, always has a later Last-Modified, and an
    If-Modified-Since-only client never gets a 304 for a page edited in the second it was fetched.
    """
    if not version:
        return None
    seconds = version // 1000 + 1
    return seconds if seconds * 1000 <= _version._now_ms() else None


# What the lookup makes of a request (view, query parts, media type, key) depends only on the request
# facts below and on settings; the latest are kept, so a page asked for again skips resolving,
# normalising, negotiating and hashing. Bounded: emptied when full, and whenever a setting changes.
LOOKUPS = 4096
_lookups: dict = {}


@receiver(setting_changed)
def _forget_lookups(**kwargs):
    _lookups.clear()


def _request_facts(request) -> tuple:
    """Everything of `request` the lookup reads: scheme, host (``get_host``'s headers), path, query
    string, ``Accept`` (negotiated formats), the display-mode cookie and the URLconf."""
    meta = request.META
    return (
        request.scheme,
        meta.get("HTTP_HOST"),
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_X_FORWARDED_PORT"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        request.path_info,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_ACCEPT"),
        request.COOKIES.get("kaiqu_display"),
        getattr(request, "urlconf", None),
    )


def _lookup(request) -> tuple:
    """(view, query parts, negotiated media type, page key) of `request`; the key is None when the
    answer must not be looked up or stored (see ``_negotiated_media_type``)."""
    facts = _request_facts(request)
    found = _lookups.get(facts)
    if found is not None:
        return found
    view = _keys._request_view(request)
    contract = QueryContract() if view is None else query_contract(view)
    parts = normalise_query(request.GET, contract).parts
    media_type = _negotiated_media_type(request, view)
    # The media type, and the spelling that asked for it (``?format=json``: its answer's links keep it).
    negotiated = (
        media_type,
        tuple((name, request.GET[name]) for name in contract.negotiated if name in request.GET),
    )
    key = None if media_type is None else _page_key(request, parts, negotiated)  # get_host() may refuse
    found = (view, parts, media_type, key)
    if len(_lookups) >= LOOKUPS:
        _lookups.clear()
    _lookups[facts] = found
    return found


def _stored_response(entry: dict) -> HttpResponse:
    """The response of a stored entry, its headers put back as they were stored.

    They were checked and encoded when the page was rendered (``HttpResponse`` does it as each header
    is set), so they go back into the header mapping's own store (``ResponseHeaders._store``, keyed by
    the lower-case name) without being checked again: for a page's fifteen-odd headers that checking
    was a third of a hit's CPU time.
    """
    response = HttpResponse(entry["content"], status=entry["status"])
    store = response.headers._store
    for header, value in entry["headers"]:
        store[header.lower()] = (header, value)
    store["x-page-cache"] = ("X-Page-Cache", "hit")
    return response


class PublicPageCacheMiddleware:
    """Serves anonymous GETs from the shared cache and answers conditional GETs with 304.

    Sits right after WhiteNoise, so a hit skips sessions, CSRF, locale and the view. A response is
    stored only when it is a plain 200 that sets no cookie (the inquiry form sets the CSRF cookie)
    and does not forbid caching; a request with a session or messages cookie (staff, or a visitor
    with a flash message) is never served from the cache. Keys and the rules for storing a query: see
    the module's docstring (``page_cache_parts``). ``KAIQU_PAGE_CACHE=0`` turns storing off
    (the benchmark's uncached pass); ETags and 304s still work then.

    A view may carry ``page_cache_rate_limit``: an object whose ``budget(request)`` gives the
    request's ``core.ratelimit.Budget`` (or None) and whose ``refusal(seconds)`` is the response for a
    client over it. Such a request is counted with the lookup itself (``core.ratelimit.lookup_and_count``:
    one Redis round trip for both), stored answer or not, and the count is left in the request's
    ``page_cache_state`` as ``rate_limit_counted`` for the view's own limit to read instead of
    counting again (the API: api/throttling.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_state.active, _request_state.version = True, None
        try:
            return self._respond(request)
        finally:
            end_request()
            _request_state.active, _request_state.version = False, None

    def _respond(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            self._read_ahead(request)
            return self._conditional(request, self.get_response(request), last_modified=None)

        view, parts, media_type, key = _lookup(request)
        keys = [VERSION_KEY] if key is None else [VERSION_KEY, key]
        rate_limit = getattr(view, "page_cache_rate_limit", None)
        budget = rate_limit.budget(request) if rate_limit is not None else None
        if budget is None and key is None:
            found = self._read_ahead(request)
        elif budget is None:
            found = cache.get_many(keys)
        else:
            found, count = lookup_and_count(keys, budget)
            page_cache_state(request).rate_limit_counted = (budget.key, count)
            if count > budget.limit:  # stored answer or not: the view would refuse it too
                return rate_limit.refusal(seconds_left(period=budget.period, now=budget.now))
        version = (None if _version._bump_pending else found.get(VERSION_KEY)) or content_version()
        if not _version._bump_pending:
            _request_state.version = version
        entry = None if key is None else found.get(key)
        if entry and entry["version"] == version:
            # Also for a request with unknown parameters (?utm_source=…): they change nothing the view reads.
            return self._stored(request, entry, version)

        response = self.get_response(request)
        if (
            key is not None
            and request.method == "GET"
            and _response_is_cacheable(response)
            and _varies_only_by_key(request, response, media_type)
            and page_cache_parts(request) == parts
        ):
            self._add_validators(response, version)
            entry = {
                "version": version,
                "status": response.status_code,
                "headers": list(response.headers.items()),
                "content": response.content,
            }
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return self._conditional(request, response, last_modified=version)

    @staticmethod
    def _read_ahead(request) -> dict:
        """For a page that will be rendered: the version and the values its URL read last time, in one
        round trip (``core.cache.version.begin_request``). Not for a page that may be served whole from
        the cache: a stored page needs none of them."""
        url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
        found = begin_request(url, [])
        if found.get(VERSION_KEY) is not None and not _version._bump_pending:
            _request_state.version = found[VERSION_KEY]
        return found

    @staticmethod
    def _add_validators(response, version: int | None) -> None:
        if "ETag" not in response and not response.streaming:
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = f'"{digest}"'
        last_modified = _last_modified(version)
        if last_modified and "Last-Modified" not in response:
            response.headers["Last-Modified"] = http_date(last_modified)

    def _stored(self, request, entry: dict, version: int):
        """A stored page: what ``_conditional`` does, knowing what storing checked (a plain 200 with
        an ETag, no cookie, caching allowed); the precondition headers are read only when sent."""
        response = _stored_response(entry)
        last_modified = _last_modified(version)
        if last_modified and "Last-Modified" not in response:
            response.headers["Last-Modified"] = http_date(last_modified)
        if not any(header in request.META for header in CONDITIONAL_HEADERS):
            return response
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )

    def _conditional(self, request, response, *, last_modified):
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if response.cookies or any(word in response.get("Cache-Control", "").lower() for word in UNCACHEABLE_CONTROL):
            return response
        self._add_validators(response, last_modified)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=_last_modified(last_modified), response=response
        )
