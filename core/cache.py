"""Caching of public pages for anonymous visitors, never stale after a staff edit.

A *content version* (the time of the last change to public content, in milliseconds) lives in the
shared cache. Every cached page and every cached count is stored with the version it was made
from; once the version moves on, the old entries are simply never read again (they expire).

The version is bumped by ``post_save``/``post_delete``/``m2m_changed`` signal receivers for every
model whose rows the public pages show. STYLE.md keeps side effects out of signals, and this is
the one deliberate exception: invalidation has to catch *every* write path — the admin, the
spreadsheet imports, ``manage.py shell``, a service added next year — and a receiver is the only
place that sees them all. The receiver does nothing but bump the number. Writes that bypass
signals (``QuerySet.update``, ``bulk_create``, raw SQL) must call ``content_changed()``
themselves, as ``core.demo_data`` does; the page TTL (``PAGE_CACHE_SECONDS``) bounds the damage
of one that forgets.

Several app servers share the version only through a shared cache: production sets ``REDIS_URL``.
With the local-memory default each process has its own version (fine for ``runserver`` and tests).
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

VERSION_KEY = "content-version"
# Models whose rows appear on public pages. Keep in step with what the public views show.
PUBLIC_MODELS = [
    "projects.Project",
    "projects.ProjectImage",
    "projects.ProjectStageLog",
    "enterprises.Enterprise",
    "enterprises.Recognition",
    "enterprises.RecognitionType",
    "zones.Zone",
    "zones.ServiceGrid",
    "zones.Platform",
    "industries.Industry",
    "portal.Indicator",
    "portal.PageBlock",
    "portal.SiteSettings",
]
# Request cookies that mean "this visitor may see something personal": never serve them a cached page.
PRIVATE_COOKIES = ("messages",)
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (first start, cache flushed): start a new version, which orphans every old entry.
        cache.add(VERSION_KEY, _now_ms(), timeout=None)
        version = cache.get(VERSION_KEY) or _now_ms()
    return version


def content_changed(**kwargs) -> None:
    """Move the content version on, so that no page or count made before this moment is served."""
    previous = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(_now_ms(), previous + 1), timeout=None)


def _on_write(sender, **kwargs) -> None:
    # Now, so that this process and the editor's next request see the change; and again after the
    # commit, so that a page another worker rendered from the old rows in between is not kept.
    content_changed()
    transaction.on_commit(content_changed)


def connect_signals() -> None:
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"kaiqu-content-{label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_on_write, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")


def cached_value(name: str, parts, compute, *, version: int | None = None, timeout: int | None = None):
    """`compute()`, remembered for the current content version under `name` + `parts` (e.g. a filter set)."""
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


def _page_key(request) -> str:
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{language}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


class PublicPageCacheMiddleware:
    """Serves anonymous GETs from the shared cache and answers conditional GETs with 304.

    Sits right after WhiteNoise, so a hit skips sessions, CSRF, locale and the view. A response is
    stored only when it is a plain 200 that sets no cookie (the inquiry form sets the CSRF cookie)
    and does not forbid caching; a request with a session or messages cookie (staff, or a visitor
    with a flash message) is never served from the cache. ``KAIQU_PAGE_CACHE=0`` turns storing off
    (the benchmark's uncached pass); ETags and 304s still work then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            return self._conditional(request, self.get_response(request), last_modified=None)

        key = _page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        request.content_version = version
        entry = found.get(key)
        if entry and entry["version"] == version:
            response = HttpResponse(entry["content"], status=entry["status"])
            for header, value in entry["headers"]:
                response.headers[header] = value
            response.headers["X-Page-Cache"] = "hit"
            return self._conditional(request, response, last_modified=version)

        response = self.get_response(request)
        if request.method == "GET" and _response_is_cacheable(response):
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
        if version and "Last-Modified" not in response:
            response.headers["Last-Modified"] = http_date(version // 1000)

    def _conditional(self, request, response, *, last_modified):
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if response.cookies or any(word in response.get("Cache-Control", "").lower() for word in UNCACHEABLE_CONTROL):
            return response
        self._add_validators(response, last_modified)
        last_modified_ts = last_modified // 1000 if last_modified else None
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified_ts, response=response
        )
