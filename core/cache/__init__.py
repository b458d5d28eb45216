"""Caching of public pages for anonymous visitors, never stale after a staff edit, never a flood, never a 500.

Content version
    A *content version* (the time of the last change to public content, in milliseconds) lives in the
    shared cache. Every cached page and every cached count is stored with the version it was made
    from; once the version moves on, the old entries are simply never read again (they expire).

    The version is bumped by ``post_save``/``post_delete``/``m2m_changed`` signal receivers for every
    model whose rows the public pages show: each app registers its own with ``watch(Model, …)`` from
    its ``AppConfig.ready()`` (this module, on the lowest floor, names none of them). docs/style.md keeps
    side effects out of signals, and this is the one deliberate exception: invalidation has to catch
    *every* write path — the admin, the spreadsheet imports, ``manage.py shell``, a service added
    next year — and a receiver is the only place that sees them all. The receiver does nothing but
    bump the number. Writes that bypass signals (``QuerySet.update``, ``bulk_create``, raw SQL) must
    call ``content_changed()`` themselves, as ``portal.demo.projects`` does; the page TTL
    (``PAGE_CACHE_SECONDS``) bounds the damage of one that forgets.

    Several app servers share the version only through a shared cache: production sets ``REDIS_URL``.
    With the local-memory default each process has its own version (fine for ``runserver`` and tests).

Keys come from validated inputs, never from raw query strings
    A page or fragment is keyed by its path, language, display mode (core.display) and host plus
    the *known* query parameters of its view — a directory's filter fields and page number
    (``query_contract``), a sitemap's page — with their normalised values. One function reads a
    query string for every key (``normalise_query``): the middleware's lookup, the view's report of
    its valid query and the paginator's key of what the values select; the view hands its report to
    the middleware in one object per request (``page_cache_state``). Unknown parameters
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

Read ahead
    A page rendered for an anonymous visitor reads its counts, fragments and cards with one
    ``get_many`` at the start of the request, together with the content version, when this process
    served the same URL under the same version before (``begin_request``: the keys read last time
    are remembered per URL, in memory, for the latest ``READ_AHEAD_URLS`` URLs). ``cached_value``,
    the cards and the API's rows read through ``read_values``/``store_values``, which answer from
    what was read ahead. Not done when the page itself may be served from the cache (a hit needs
    none of it).

Modules
    ``version`` (the content version, ``watch``, ``cached_value``, the read-ahead), ``keys`` (query contracts and the
    normalised query parts), ``middleware`` (``PublicPageCacheMiddleware``, what it stores, its
    validators). Everything public is imported from ``core.cache``.
"""

from core.cache.keys import (
    PAGE_NUMBER,
    NormalQuery,
    PageCacheState,
    QueryContract,
    cache_query,
    never_cache_fragments,
    normalise_query,
    page_cache_parts,
    page_cache_state,
    query_contract,
    remember_valid_query,
)
from core.cache.middleware import PRIVATE_COOKIES, UNCACHEABLE_CONTROL, PublicPageCacheMiddleware
from core.cache.version import (
    VERSION_KEY,
    cache_status,
    cached_value,
    content_changed,
    content_version,
    read_values,
    store_values,
    watch,
    watched_models,
)

__all__ = [
    "PAGE_NUMBER",
    "PRIVATE_COOKIES",
    "UNCACHEABLE_CONTROL",
    "VERSION_KEY",
    "NormalQuery",
    "PageCacheState",
    "PublicPageCacheMiddleware",
    "QueryContract",
    "cache_query",
    "cache_status",
    "cached_value",
    "content_changed",
    "content_version",
    "never_cache_fragments",
    "normalise_query",
    "page_cache_parts",
    "page_cache_state",
    "query_contract",
    "read_values",
    "remember_valid_query",
    "store_values",
    "watch",
    "watched_models",
]
