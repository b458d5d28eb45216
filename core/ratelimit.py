"""Fixed-window request counters in the database, one statement per counted request.

``count_hit(key, period=60)`` adds one request to `key`'s counter for the current window of `period`
seconds (calendar-aligned: a 60 s window is a clock minute) and returns the count so far and the
second the window ends. The increment is a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` in
the table of ``core.models.RateCounter``: atomic, so requests of one client on several workers each
count, and one round trip, so counting costs a cached answer little. A counter store that fails
lets the request pass (a rate limit must not take the site down with it).

Keys are the caller's; a caller keeps addresses out of them (hash first).
"""

import logging
import math
import time

from django.db import DatabaseError, connections, router, transaction

from core.models import RateCounter

logger = logging.getLogger(__name__)

# The table of core.models.RateCounter. PostgreSQL and SQLite (3.24+) both take this upsert.
_UPSERT = (
    'INSERT INTO "core_ratecounter" ("key", "slot", "count", "ends_at") VALUES (%s, %s, 1, %s) '
    'ON CONFLICT ("key") DO UPDATE SET '
    '"count" = CASE WHEN "core_ratecounter"."slot" = excluded."slot" THEN "core_ratecounter"."count" + 1 ELSE 1 END, '
    '"slot" = excluded."slot", "ends_at" = excluded."ends_at"'
)


def count_hit(key: str, *, period: int, now: float | None = None) -> tuple[int, int]:
    """One more request on `key` in the current `period`-second window: (count so far, window end).

    The count is 0 when the store failed (logged as a warning).
    """
    now = time.time() if now is None else now
    slot = int(now // period)
    ends_at = (slot + 1) * period
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
    return max(1, math.ceil((int(now // period) + 1) * period - now))
