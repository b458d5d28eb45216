"""Fixed-window counters per client address in the "limits" cache (settings.INQUIRY_RATE_LIMIT_CACHE).

That store is the database (kaiqu/settings.py), apart from the page cache: every app server counts
against the same numbers, no flood of cached pages can evict a counter, and the limits hold while
Redis is down. The address is hashed before it becomes a key: the store holds no personal data.
"""

import hashlib
import logging

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
