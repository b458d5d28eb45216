"""Fixed-window counters per client address in the "limits" cache (settings.INQUIRY_RATE_LIMIT_CACHE).

That store is the database (kaiqu/settings.py), apart from the page cache: every app server counts
against the same numbers, no flood of cached pages can evict a counter, and the limits hold while
Redis is down. The address is hashed before it becomes a key: the store holds no personal data.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


def _cache():
    return caches[getattr(settings, "INQUIRY_RATE_LIMIT_CACHE", "limits")]


def _key(scope: str, ip: str) -> str:
    digest = hashlib.sha256(f"{scope}:{ip}".encode()).hexdigest()[:32]
    return f"inquiry-rate:{scope}:{digest}"


def rate_limit_count(*, scope: str, ip: str) -> int:
    try:
        return int(_cache().get(_key(scope, ip), 0))
    except Exception:  # noqa: BLE001 - the cache being away must not take the form down with it
        logger.warning("rate limit cache unavailable", extra={"scope": scope})
        return 0


def rate_limit_hit(*, scope: str, ip: str, window: int) -> int:
    """Count one more request in the current window and return the count."""
    key = _key(scope, ip)
    cache = _cache()
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except Exception:  # noqa: BLE001
        logger.warning("rate limit cache unavailable", extra={"scope": scope})
        return 0


def rate_limited(*, scope: str, ip: str, limit: int) -> bool:
    return rate_limit_count(scope=scope, ip=ip) >= limit


# --- One inquiry per rendered form --------------------------------------------------------------
# A double click sends the same form twice; the second request gets the first one's reference
# instead of making a duplicate lead. The key is the form's signed render timestamp.


def _submission_key(token: str) -> str:
    return "inquiry-sent:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def submission_claim(token: str, *, timeout: int) -> bool:
    """True for the first request with this form; False when another request already sent it."""
    try:
        return _cache().add(_submission_key(token), "", timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("submission cache unavailable")
        return True


def submission_record(token: str, result: dict | None, *, timeout: int) -> None:
    """Store the reference for later duplicates, or (result None) release the claim after a failure."""
    try:
        if result is None:
            _cache().delete(_submission_key(token))
        else:
            _cache().set(_submission_key(token), result, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("submission cache unavailable")


def submission_result(token: str, *, wait: float = 3.0) -> dict | None:
    """The first request's result, waiting a moment while it is still being saved."""
    deadline = time.monotonic() + wait
    while True:
        try:
            value = _cache().get(_submission_key(token))
        except Exception:  # noqa: BLE001
            return None
        if value or time.monotonic() >= deadline:
            return value or None
        time.sleep(0.1)
