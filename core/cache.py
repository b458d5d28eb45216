"""Caching of public pages for anonymous visitors, never stale after a staff edit, never a flood, never a 500.

Content version
    A *content version* (the time of the last change to public content, in milliseconds) lives in the
    shared cache. Every cached page and every cached count is stored with the version it was made
    from; once the version moves on, the old entries are simply never read again (they expire).

    The version is bumped by ``post_save``/``post_delete``/``m2m_changed`` signal receivers for every
    model whose rows the public pages show: each app registers its own with ``watch(Model, …)`` from
    its ``AppConfig.ready()`` (this module, on the lowest floor, names none of them). STYLE.md keeps
    side effects out of signals, and this is the one deliberate exception: invalidation has to catch
    *every* write path — the admin, the spreadsheet imports, ``manage.py shell``, a service added
    next year — and a receiver is the only place that sees them all. The receiver does nothing but
    bump the number. Writes that bypass signals (``QuerySet.update``, ``bulk_create``, raw SQL) must
    call ``content_changed()`` themselves, as ``portal.demo_data`` does; the page TTL
    (``PAGE_CACHE_SECONDS``) bounds the damage of one that forgets.

    Several app servers share the version only through a shared cache: production sets ``REDIS_URL``.
    With the local-memory default each process has its own version (fine for ``runserver`` and tests).

Keys come from validated inputs, never from raw query strings
    A page or fragment is keyed by its path, language and host plus the *known* query parameters
    of its view — a directory's filter fields and page number (``query_contract``), a sitemap's
    page — with their normalised values (``query_cache_parts``). Unknown parameters
    (``?utm_source=…``) never make an entry: such a request is served from the entry of its known
    parameters when there is one, and otherwise rendered without being stored. An entry is stored
    only when the query string spells the normalised values exactly (``year=2021``, not
    ``year=02021``; empty fields and ``page=1`` count as absent) and, on a directory, the view
    reported a valid filter form (``remember_valid_query``); a page whose form is invalid
    (``?year=abc``) is rendered, not cached. Equivalent spellings share one entry (its links are
    those of the request that made it). Valid but endless values (``q=…``) can only churn the
    store, which is why it is evictable:

Negotiated formats and Vary
    A view that answers one URL in several formats (the OpenAPI schema: YAML or JSON, by ``Accept``
    or ``?format=``) declares how it chooses: ``page_cache_negotiation``, an object with ``params``
    (the query parameters the choice reads, e.g. ``format``: known, not junk) and
    ``media_type(request)``, the media type the view will answer with, normalised (the renderer's,
    never the header's spelling), or None when the view will refuse (404, 406: a value of ``params``
    it does not know) or the choice has no normalised form (``Accept: application/json; indent=2``).
    The key holds that media type and the ``params`` given, values it accepted (``?format=json`` is
    an entry of its own, whose links keep the parameter); with None the request is neither looked up
    nor stored (api/negotiation.py does it for every DRF view).
    A response is stored only when its ``Vary`` names nothing the key does not hold
    (``_varies_only_by_key``): ``Accept-Language`` (the language comes from the path: checked against
    ``Content-Language``), and ``Accept`` only for a view that declared its negotiation — whose
    ``Content-Type`` must then be the negotiated one. ``Cookie``, ``*`` or any other header: not stored.
    So a view that negotiates without saying how is answered, never answered from another format's entry.

Two stores
    ``default`` holds pages, fragments, counts and the version, and may lose any of them at any
    time: in production a Redis with ``maxmemory`` and ``allkeys-lru`` (deploy/redis.conf), so a
    flood evicts the least recently used pages instead of failing writes; locally a bounded local
    memory. Losing the version only starts a new one (every old entry is then orphaned, never
    served stale). Rate-limit counters and the one-inquiry-per-form claims live in the ``limits``
    store, the database (kaiqu/settings.py), which page entries cannot evict; log-in lock-outs are
    django-axes' database records.

The cache is an optimisation
    Every call tolerates the cache being gone: with ``REDIS_URL`` the backend is
    ``core.cache_backends.ResilientRedisCache``, which answers a call to an unreachable Redis as a
    miss, stops trying for a few seconds after a failure and logs the outage at most once a minute.
    Pages then render uncached, edits save, sessions (database) and log-ins work, and ``/healthz``
    reports ``"cache": "down"`` while still answering 200. An edit made while the cache was down
    moves the version on again once this process reaches the cache, so a Redis that kept its data
    through a network outage serves no page from before the edit.

Validators
    ``Last-Modified`` has whole seconds; two versions in one second would share it, and an
    ``If-Modified-Since``-only client would get a stale 304 after an edit in the same second. So it
    is the second *after* the version, and sent only once that second has begun: any later version
    then has a later ``Last-Modified`` (``_last_modified``). The ETag (a digest of the body) is sent
    always.
"""

import functools
import hashlib
import re
import threading
import time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from core.ratelimit import lookup_and_count, seconds_left

VERSION_KEY = "content-version"
# Request cookies that mean "this visitor may see something personal": never serve them a cached page.
PRIVATE_COOKIES = ("messages",)
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _cache_down() -> bool:
    is_down = getattr(cache, "is_down", None)  # core.cache_backends.ResilientRedisCache
    return bool(is_down and is_down())


def cache_status() -> str:
    """Whether the cache answers ("up"/"down"), asked now for /healthz; local memory is always up."""
    ping = getattr(cache, "ping", None)
    return "up" if ping is None or ping() else "down"


# An edit happened while this process could not reach the cache: bump again once it can.
_bump_pending = False


# The version this request read first (set while PublicPageCacheMiddleware runs a request): a page
# asks for it once per fragment, count and card set, and each ask was a round trip to Redis. A write
# in this process forgets it (content_changed), so the request's own edits are seen at once.
_request_state = threading.local()


def content_version() -> int:
    remembered = getattr(_request_state, "version", None)
    if remembered is not None and not _bump_pending:
        return remembered
    version = cache.get(VERSION_KEY)
    if _bump_pending and not _cache_down():
        content_changed()
        version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (first start, cache flushed or evicted): start a new version, which orphans every old entry.
        cache.add(VERSION_KEY, _now_ms(), timeout=None)
        version = cache.get(VERSION_KEY) or _now_ms()
    if getattr(_request_state, "active", False):
        _request_state.version = version
    return version


def content_changed(**kwargs) -> None:
    """Move the content version on, so that no page or count made before this moment is served."""
    global _bump_pending
    _request_state.version = None
    previous = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(_now_ms(), previous + 1), timeout=None)
    _bump_pending = _cache_down()


def _on_write(sender, **kwargs) -> None:
    # Now, so that this process and the editor's next request see the change; and again after the
    # commit, so that a page another worker rendered from the old rows in between is not kept.
    content_changed()
    transaction.on_commit(content_changed)


_watched: list = []


def watch(*models) -> None:
    """Move the content version on at every write to `models`: rows of theirs appear on public pages.

    Each app calls it from its own ``AppConfig.ready()`` for the models its public pages (or those of
    the apps above) show, so this module never names a model of the floors above it.
    """
    for model in models:
        if model in _watched:
            continue
        _watched.append(model)
        uid = f"kaiqu-content-{model._meta.label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_on_write, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")


def watched_models() -> tuple:
    """The models registered with ``watch``, in registration order."""
    return tuple(_watched)


# --- Cache keys from validated query parameters ----------------------------------------------

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class QueryContract(NamedTuple):
    """The query parameters a view reads: form fields (validated by the view), a page number, and
    those its content negotiation reads (keyed through the negotiated media type, not by value)."""

    fields: tuple[str, ...] = ()
    page: str | None = None
    negotiated: tuple[str, ...] = ()


def cache_query(*, fields=(), page=None):
    """Declare the query parameters of a view that is not a directory (e.g. ``cache_query(page="p")``)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.page_cache_query = QueryContract(tuple(fields), page)
        return wrapper

    return decorate


def query_contract(view) -> QueryContract:
    """A view's query parameters: declared with ``cache_query``, or a FilterView's filters and page.

    A view that declares nothing reads no parameter: every parameter it is given is unknown.
    """
    contract = getattr(view, "page_cache_query", None)
    if contract is None:
        view_class = getattr(view, "view_class", None)
        filterset_class = getattr(view_class, "filterset_class", None)
        if filterset_class is not None:
            contract = QueryContract(tuple(filterset_class.base_filters), getattr(view_class, "page_kwarg", "page"))
        else:
            contract = QueryContract()
    negotiation = getattr(view, "page_cache_negotiation", None)
    if negotiation is not None:
        contract = contract._replace(negotiated=tuple(negotiation.params))
    return contract


_NOT_CACHEABLE = object()


def _normalised(value):
    """The one spelling of a cleaned value; None for "not given"; _NOT_CACHEABLE for types we do not key on."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _NOT_CACHEABLE
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else _NOT_CACHEABLE
    if isinstance(value, str | int):
        return str(value)
    return _NOT_CACHEABLE  # lists, model instances, dates: add a spelling here before caching them


def query_cache_parts(form, *, page: int = 1, page_param: str = "page") -> tuple | None:
    """Cache-key parts of a page filtered by `form` (bound to the query string): sorted
    ``(field, normalised value)`` pairs of the fields given, then the page number when above 1.

    None — render, do not cache — when the form is invalid, or when the query string spells a value
    otherwise than its normalised form (``year=02021``, ``q=%20x``, a field given twice), so that
    every entry is the page of exactly the values its key names.
    """
    if not form.is_valid():
        return None
    data = form.data
    parts = []
    for name in sorted(form.fields):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        value = _normalised(form.cleaned_data.get(name))
        if value is _NOT_CACHEABLE or len(raw) > 1:
            return None
        given = raw[0] if raw else ""
        if (value is None and given != "") or (value is not None and given != value):
            return None
        if value is not None:
            parts.append((name, value))
    if page > 1:
        parts.append((page_param, str(page)))
    return tuple(parts)


def cleaned_query_parts(form) -> tuple | None:
    """Sorted ``(field, normalised value)`` pairs of a valid form's given fields, however the query
    string spelled them (``year=02021`` and ``year=2021`` are the same); None when the form is
    invalid or a value has no normalised spelling. For keys of what the values select (a count),
    not of pages, which also show the spelling (``query_cache_parts``).
    """
    if not form.is_valid():
        return None
    parts = []
    for name in sorted(form.fields):
        value = _normalised(form.cleaned_data.get(name))
        if value is _NOT_CACHEABLE:
            return None
        if value is not None:
            parts.append((name, value))
    return tuple(parts)


def remember_valid_query(request, form, *, page: int = 1, page_param: str = "page") -> None:
    """Called by a directory view after validating its filter form: lets the page and its header be cached."""
    request.page_cache_query = query_cache_parts(form, page=page, page_param=page_param)


def never_cache_fragments(request) -> None:
    """For error pages: their URLs are whatever a visitor typed, so nothing keyed by the URL is stored."""
    request.page_cache_never = True


def _request_view(request):
    """The view that answers `request` (None when no URL matches)."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # before the view (the middleware's lookup): resolve in the path's language
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        try:
            with translation.override(language):
                match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
    return match.func


def _request_contract(request) -> QueryContract:
    view = _request_view(request)
    return QueryContract() if view is None else query_contract(view)


def _raw_query_parts(request, contract: QueryContract) -> tuple[tuple, bool]:
    """(parts as the view will read them, canonical?) from the query string, known parameters only.

    The last of repeated values counts, as in a form; unknown parameters are left out of the parts
    but make the query not canonical, as do repeated parameters and page numbers like "02" or "last".
    """
    query = request.GET
    known = set(contract.fields) | set(contract.negotiated) | ({contract.page} if contract.page else set())
    canonical = all(name in known for name in query)
    parts = []
    for name in sorted(contract.fields):
        values = query.getlist(name)
        canonical = canonical and len(values) <= 1
        if values and values[-1] != "":
            parts.append((name, values[-1]))
    if contract.page:
        values = query.getlist(contract.page)
        canonical = canonical and len(values) <= 1
        value = values[-1] if values else ""
        if values and not PAGE_NUMBER.fullmatch(value):  # "02", "last", and "" given (the API's 404)
            canonical = False
        if values and value != "1":  # an empty page given is its own key: not page 1's stored answer
            parts.append((contract.page, value))
    return tuple(parts), canonical


def page_cache_parts(request) -> tuple | None:
    """Key parts of this request's query for a stored page or URL-dependent fragment; None: do not store.

    Not None only when the query string has nothing unknown or oddly spelled and, for a view with
    form fields, the view reported the same parts from a valid form (``remember_valid_query``).
    """
    if getattr(request, "page_cache_never", False):
        return None
    contract = _request_contract(request)
    parts, canonical = _raw_query_parts(request, contract)
    if not canonical:
        return None
    if contract.fields and getattr(request, "page_cache_query", None) != parts:
        return None
    return parts


def cached_value(name: str, parts, compute, *, version: int | None = None, timeout: int | None = None):
    """`compute()`, remembered for the current content version under `name` + `parts` (validated values only)."""
    version = content_version() if version is None else version
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"value:{name}:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS)
    return value


# --- Page cache -----------------------------------------------------------------------------


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
    where = repr((request.scheme, request.get_host(), request.path, parts, negotiated))
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
    return seconds if seconds * 1000 <= _now_ms() else None


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
    one Redis round trip for both), stored answer or not, and the count is left on the request as
    ``rate_limit_counted`` for the view's own limit to read instead of counting again (the API:
    api/throttling.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_state.active, _request_state.version = True, None
        try:
            return self._respond(request)
        finally:
            _request_state.active, _request_state.version = False, None

    def _respond(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            return self._conditional(request, self.get_response(request), last_modified=None)

        view = _request_view(request)
        contract = QueryContract() if view is None else query_contract(view)
        raw_parts, _canonical = _raw_query_parts(request, contract)
        media_type = _negotiated_media_type(request, view)
        # The media type, and the spelling that asked for it (``?format=json``: its answer's links keep it).
        negotiated = (
            media_type,
            tuple((name, request.GET[name]) for name in contract.negotiated if name in request.GET),
        )
        key = None if media_type is None else _page_key(request, raw_parts, negotiated)
        keys = [VERSION_KEY] if key is None else [VERSION_KEY, key]
        rate_limit = getattr(view, "page_cache_rate_limit", None)
        budget = rate_limit.budget(request) if rate_limit is not None else None
        if budget is None:
            found = cache.get_many(keys)
        else:
            found, count = lookup_and_count(keys, budget)
            request.rate_limit_counted = (budget.key, count)
            if count > budget.limit:  # stored answer or not: the view would refuse it too
                return rate_limit.refusal(seconds_left(period=budget.period, now=budget.now))
        version = (None if _bump_pending else found.get(VERSION_KEY)) or content_version()
        request.content_version = version
        if not _bump_pending:
            _request_state.version = version
        entry = None if key is None else found.get(key)
        if entry and entry["version"] == version:
            # Also for a request with unknown parameters (?utm_source=…): they change nothing the view reads.
            response = HttpResponse(entry["content"], status=entry["status"])
            for header, value in entry["headers"]:
                response.headers[header] = value
            response.headers["X-Page-Cache"] = "hit"
            return self._conditional(request, response, last_modified=version)

        response = self.get_response(request)
        if (
            key is not None
            and request.method == "GET"
            and _response_is_cacheable(response)
            and _varies_only_by_key(request, response, media_type)
            and page_cache_parts(request) == raw_parts
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
    def _add_validators(response, version: int | None) -> None:
        if "ETag" not in response and not response.streaming:
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = f'"{digest}"'
        last_modified = _last_modified(version)
        if last_modified and "Last-Modified" not in response:
            response.headers["Last-Modified"] = http_date(last_modified)

    def _conditional(self, request, response, *, last_modified):
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if response.cookies or any(word in response.get("Cache-Control", "").lower() for word in UNCACHEABLE_CONTROL):
            return response
        self._add_validators(response, last_modified)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=_last_modified(last_modified), response=response
        )
