"""The content version: what every stored page, fragment and value is made from (the package's
docstring, "Content version" and "The cache is an optimisation"); the models that move it on
(``watch``); values remembered under it (``cached_value``)."""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "content-version"


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


# Values also kept in this process's memory (``cached_value(..., in_process=True)``), under the same
# key, so under the same content version: for a value every request of a page needs whose unpickling
# is a sizeable share of the page (model instances with what they prefetch). Such a value is shared
# by every request of the process, threads included: whoever reads it must not change it.
PROCESS_VALUES = 64
_process_values: dict = {}


def cached_value(
    name: str, parts, compute, *, version: int | None = None, timeout: int | None = None, in_process: bool = False
):
    """`compute()`, remembered for the current content version under `name` + `parts` (validated values only);
    with `in_process`, also in this process's memory (read-only to its users, see ``_process_values``)."""
    version = content_version() if version is None else version
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"value:{name}:{version}:{digest}"
    if in_process and key in _process_values:
        return _process_values[key]
    value = read_values([key]).get(key)
    if value is None:
        value = compute()
        store_values({key: value}, timeout or settings.PAGE_CACHE_SECONDS)
    if in_process:
        if len(_process_values) >= PROCESS_VALUES:
            _process_values.clear()
        _process_values[key] = value
    return value


# Read ahead: the keys a URL's page read from the cache (its values, counts, cards), remembered per
# process for the URLs served lately, are read again at the start of the URL's next request in the
# same round trip as the content version (and the stored page, when the page cache is on):
# ``begin_request``. Fragments, counts and cards then cost no round trip each. A key read ahead
# under an older version is simply not used (its name holds the version), so an edit costs one
# request of separate reads, after which the URL's keys are learnt again.
READ_AHEAD_URLS = 2048
_read_ahead: OrderedDict = OrderedDict()  # URL key -> (version, keys)
_read_ahead_lock = threading.Lock()


def begin_request(url_key: str, keys: list[str], get_many_keys=None) -> dict:
    """Read the version, `keys` and the keys `url_key` read last time, in one ``get_many``.

    `get_many_keys(keys)` reads them (the rate-limited lookup of core.ratelimit, say); the cache's
    ``get_many`` by default. Returns what was found among `keys` and the version.
    """
    with _read_ahead_lock:
        learnt = _read_ahead.get(url_key)
    ahead = list(learnt[1]) if learnt and not _bump_pending else []
    found = (get_many_keys or cache.get_many)([VERSION_KEY, *keys, *ahead])
    version = found.get(VERSION_KEY)
    # Keys of another version are of no use: leave them out, so that they are read (and missed) as before.
    same_version = bool(ahead) and version is not None and version == learnt[0]
    _request_state.read_ahead = {key: found.get(key) for key in ahead} if same_version else {}
    _request_state.url_key, _request_state.keys_read = url_key, []
    return found


def end_request() -> None:
    """Remember the keys this request read for its URL (``begin_request``), and forget the request's state."""
    url_key, keys_read = getattr(_request_state, "url_key", None), getattr(_request_state, "keys_read", None)
    version = getattr(_request_state, "version", None)
    if url_key is not None and keys_read and version is not None:
        with _read_ahead_lock:
            _read_ahead[url_key] = (version, tuple(dict.fromkeys(keys_read)))
            _read_ahead.move_to_end(url_key)
            while len(_read_ahead) > READ_AHEAD_URLS:
                _read_ahead.popitem(last=False)
    _request_state.url_key = _request_state.keys_read = _request_state.read_ahead = None


def read_values(keys: list[str]) -> dict:
    """``cache.get_many(keys)``, answered from what the request read ahead where it can."""
    ahead = getattr(_request_state, "read_ahead", None) or {}
    keys_read = getattr(_request_state, "keys_read", None)
    if keys_read is not None:
        keys_read.extend(keys)
    found = {key: ahead[key] for key in keys if ahead.get(key) is not None}
    missing = [key for key in keys if key not in ahead]
    if missing:
        found.update(cache.get_many(missing))
    return found


def store_values(values: dict, timeout: int) -> None:
    """``cache.set_many``, and the request's read-ahead values updated to match."""
    if len(values) == 1:
        ((key, value),) = values.items()
        cache.set(key, value, timeout)
    else:
        cache.set_many(values, timeout)
    ahead = getattr(_request_state, "read_ahead", None)
    if ahead:
        for key in values.keys() & ahead.keys():
            ahead[key] = values[key]
