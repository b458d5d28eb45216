"""Django's Redis cache backend, made to shrug off an unreachable Redis (docs/style.md: the cache is an optimisation).

Django's own ``RedisCache`` raises ``ConnectionError`` from every call when Redis is away, which
turned every anonymous page into a 500. ``ResilientRedisCache`` answers such a call as a miss
(``get`` → default, ``add``/``touch``/``delete``/``has_key`` → False, ``get_many`` → {}, writes do
nothing, ``incr`` → ``ValueError`` as for a missing key), so pages render uncached and edits save.

After a failure the backend stops trying for ``RETRY_SECONDS`` (a circuit breaker, per process and
Redis URL): a Redis that drops packets instead of refusing them would otherwise cost a connect
timeout on every one of the dozen cache calls of a page. The first call after that tries again and,
if Redis answers, everything is cached again. A warning says the cache is down at most once every
``LOG_EVERY_SECONDS``, not once per request; a line says when it is back.

Django's client builds a new ``redis.Redis`` object for every cache call, and redis-py builds a
table of a few thousand response callbacks for each (about 1 ms of CPU: a dozen calls made it a
sizeable share of a page). ``ReusingRedisCacheClient`` keeps one per connection pool; a
``redis.Redis`` is only a front to its pool, which hands out connections, so sharing it is safe.

Why not django-redis with ``IGNORE_EXCEPTIONS``: it swallows the errors too, but retries the
connection on every call (no breaker) and logs every ignored error; the failure policy is the part we
need, and it is these few lines on top of the backend Django ships.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("kaiqu.cache")

RETRY_SECONDS = 5.0
LOG_EVERY_SECONDS = 60.0
# Errors that mean "Redis is not there" (open the breaker); any other RedisError (e.g. out of memory
# under `noeviction`) is tolerated and logged the same way, but the next call tries again.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

_clock = time.monotonic  # tests move it forward


class _Health:
    """Breaker and log throttle of one Redis URL in this process (cache objects are per thread)."""

    def __init__(self):
        self.down = False
        self.retry_at = 0.0
        self.logged_at: float | None = None


_HEALTH: dict[tuple, _Health] = {}


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        found = self._clients.get(id(pool))
        if found is None or found[0] is not pool:
            found = (pool, self._client(connection_pool=pool))
            self._clients[id(pool)] = found
        return found[1]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._health = _HEALTH.setdefault(tuple(self._servers), _Health())

    # --- the breaker ------------------------------------------------------------------------

    def is_down(self) -> bool:
        """True while this process considers Redis unreachable (the last call to it failed)."""
        return self._health.down

    def ping(self) -> bool:
        """Ask Redis now, whatever the breaker says (for /healthz); updates the breaker."""
        try:
            self._cache.get_client(write=True).ping()
        except (RedisError, OSError) as error:
            self._failed(error)
            return False
        self._succeeded()
        return True

    def _guard(self, call, fallback):
        health = self._health
        if health.down and _clock() < health.retry_at:
            return fallback()
        try:
            result = call()
        except (RedisError, OSError) as error:
            self._failed(error)
            return fallback()
        self._succeeded()
        return result

    def _failed(self, error: Exception) -> None:
        health = self._health
        now = _clock()
        if isinstance(error, UNREACHABLE):
            health.down = True
            health.retry_at = now + RETRY_SECONDS
        if health.logged_at is None or now - health.logged_at >= LOG_EVERY_SECONDS:
            health.logged_at = now
            logger.warning(
                "cache unavailable: pages are served uncached",
                extra={"error": type(error).__name__, "retry_seconds": RETRY_SECONDS},
            )

    def _succeeded(self) -> None:
        health = self._health
        if health.down:
            health.down = False
            logger.info("cache available again")

    # --- every public method of RedisCache, guarded ------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), lambda: False)

    def get(self, key, default=None, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), lambda: False)

    def get_many(self, keys, version=None):
        """Django's ``get_many`` (one MGET), sent with ``_send_together`` rather than through redis-py's
        command machinery: half the time of a stored page's lookup went there."""

        def call():
            made = {self.make_and_validate_key(key, version=version): key for key in keys}
            if not made:
                return {}
            client = self._cache.get_client(None)
            (values,) = _send_together(client, [("MGET", *made)])
            loads = self._cache._serializer.loads
            return {made[key]: loads(value) for key, value in zip(made, values, strict=True) if value is not None}

        return self._guard(call, dict)

    def has_key(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._guard(lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list)

    def delete_many(self, keys, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).delete_many(keys, version), lambda: None)

    def clear(self):
        return self._guard(lambda: super(ResilientRedisCache, self).clear(), lambda: False)

    # --- rate-limit counters (core.ratelimit) -------------------------------------------------

    def count(self, key, expire_at: int) -> int | None:
        """One more on the integer counter `key`, which expires at `expire_at` (seconds since the epoch):
        the count. None when Redis is away."""
        return self.get_many_and_count([], key, expire_at)[1]

    def get_many_and_count(self, keys, counter_key, expire_at: int) -> tuple[dict, int | None]:
        """``get_many(keys)`` and ``count(counter_key, expire_at)`` in one round trip (MGET and INCR
        sent together): what a stored page costs, counting included. ({}, None) when Redis is away.

        The expiry is set by a second call when the INCR made the counter (once per counter and window):
        a counter's key names its window, so the steady state needs no EXPIREAT.
        """

        def call():
            made = {self.make_and_validate_key(key): key for key in keys}
            counter = self.make_and_validate_key(counter_key)
            client = self._cache.get_client(write=True)
            commands = [("MGET", *made)] if made else []
            *values, count = _send_together(client, [*commands, ("INCR", counter)])
            if count == 1:
                client.expireat(counter, expire_at)
            loads = self._cache._serializer.loads
            replies = zip(made, values[0] if made else [], strict=False)
            return {made[key]: loads(value) for key, value in replies if value is not None}, count

        return self._guard(call, lambda: ({}, None))


def _send_together(client, commands: list[tuple]) -> list:
    """The replies to `commands`, sent in one write on one pooled connection and read in order.

    What redis-py's ``pipeline(transaction=False)`` does, without its command stack and callbacks (a
    quarter of a stored page's Redis time). Any failure drops the connection, so no unread reply is
    left for the next user; the error goes to the caller (the breaker).
    """
    pool = client.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command(connection.pack_commands(commands))
        return [connection.read_response() for _ in commands]
    except BaseException:
        connection.disconnect()
        raise
    finally:
        pool.release(connection)
