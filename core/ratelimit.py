"""Fixed-window request counters: one statement (or one Redis round trip) per counted request.

``count_hit(key, period=60)`` adds one request to `key`'s counter for the current window of `period`
seconds (calendar-aligned: a 60 s window is a clock minute) and returns the count so far and the
second the window ends. Two stores:

- The database (the default): a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` in the table of
  ``core.models.RateCounter``. Atomic, so requests of one client on several workers each count; it
  cannot be evicted, so it suits counters touched a few times an hour (the public forms: a flood of
  page entries in Redis must not push them out).
- ``shared_cache=True``: Redis, when the default cache is Redis and answers (``INCR``; ``EXPIREAT``
  once a window), on a key per window, else the database. For the API, counted on every request: a counter touched
  that often is the last key an LRU Redis evicts, and the page cache reads a stored answer and counts
  in the same round trip (``lookup_and_count``), so a stored API answer costs what a stored page costs.

A store that fails lets the request pass (a rate limit must not take the site down with it). Keys
are the caller's; a caller keeps addresses out of them (hash first).
"""

import logging
import math
import time
from typing import NamedTuple

from django.core.cache import caches
from django.db import DatabaseError, connections, router, transaction

from core.cache_backends import ResilientRedisCache
from core.models import RateCounter

logger = logging.getLogger(__name__)

# The table of core.models.RateCounter. PostgreSQL and SQLite (3.24+) both take this upsert.
_UPSERT = (
    'INSERT INTO "core_ratecounter" ("key", "slot", "count", "ends_at") VALUES (%s, %s, 1, %s) '
    'ON CONFLICT ("key") DO UPDATE SET '
    '"count" = CASE WHEN "core_ratecounter"."slot" = excluded."slot" THEN "core_ratecounter"."count" + 1 ELSE 1 END, '
    '"slot" = excluded."slot", "ends_at" = excluded."ends_at"'
)


class Budget(NamedTuple):
    """A request's allowance: `limit` requests per `period` seconds on counter `key`, judged at `now`."""

    key: str
    period: int
    limit: int
    now: float


def lookup_and_count(keys: list[str], budget: Budget) -> tuple[dict, int]:
    """``cache.get_many(keys)`` and ``count_hit(budget.key, shared_cache=True)``: (found, count), in one
    Redis round trip when the cache is Redis."""
    slot, ends_at = _window(budget.now, budget.period)
    redis = _redis()
    if redis is not None:
        found, count = redis.get_many_and_count(keys, _cache_key(budget.key, slot), ends_at)
        if count is not None:
            return found, count
    found = caches["default"].get_many(keys)
    return found, count_hit(budget.key, period=budget.period, now=budget.now)[0]


def count_hit(key: str, *, period: int, now: float | None = None, shared_cache: bool = False) -> tuple[int, int]:
    """One more request on `key` in the current `period`-second window: (count so far, window end).

    The count is 0 when the store failed (logged as a warning).
    """
    now = time.time() if now is None else now
    slot, ends_at = _window(now, period)
    redis = _redis() if shared_cache else None
    if redis is not None:
        count = redis.count(_cache_key(key, slot), ends_at)
        if count is not None:
            return count, ends_at
    return _count_in_database(key, slot, ends_at, now)


def _redis() -> ResilientRedisCache | None:
    """The default cache when it is Redis and this process does not consider it down."""
    default = caches["default"]
    return default if isinstance(default, ResilientRedisCache) and not default.is_down() else None


def _window(now: float, period: int) -> tuple[int, int]:
    slot = int(now // period)
    return slot, (slot + 1) * period


def _cache_key(key: str, slot: int) -> str:
    return f"rate:{key}:{slot}"


def _count_in_database(key: str, slot: int, ends_at: int, now: float) -> tuple[int, int]:
    using = router.db_for_write(RateCounter)
    try:
        # Outside a transaction (a request) the statement commits on its own: one round trip. Inside one
        # (a test, a command), a savepoint keeps a failed count from breaking the caller's transaction.
        if connections[using].in_atomic_block:
            with transaction.atomic(using=using):
                count = _upsert(connections[using], key, slot, ends_at, now)
        else:
            count = _upsert(connections[using], key, slot, ends_at, now)
    except DatabaseError:
        logger.warning("rate limit store unavailable", extra={"key_prefix": key.split(":", 1)[0]})
        return 0, ends_at
    return count, ends_at


def _upsert(connection, key: str, slot: int, ends_at: int, now: float) -> int:
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f'{_UPSERT} RETURNING "count"', [key, slot, ends_at])
            count = cursor.fetchone()[0]
        else:  # SQLite before 3.35: the same upsert, then a read
            cursor.execute(_UPSERT, [key, slot, ends_at])
            count = RateCounter.objects.using(connection.alias).get(key=key).count
    if count == 1:  # a new window for this key: clear the windows that have ended (one DELETE)
        RateCounter.objects.using(connection.alias).filter(ends_at__lte=int(now)).delete()
    return count


def current_count(key: str, *, period: int, now: float | None = None) -> int:
    """How many requests `key` has made in the current window, without counting one (0 when the store failed)."""
    now = time.time() if now is None else now
    try:
        row = RateCounter.objects.filter(key=key, slot=int(now // period)).values_list("count", flat=True).first()
    except DatabaseError:
        logger.warning("rate limit store unavailable", extra={"key_prefix": key.split(":", 1)[0]})
        return 0
    return row or 0


def seconds_left(*, period: int, now: float | None = None) -> int:
    """Whole seconds until the current window of `period` seconds ends (at least 1): a Retry-After."""
    now = time.time() if now is None else now
    return max(1, math.ceil(_window(now, period)[1] - now))
