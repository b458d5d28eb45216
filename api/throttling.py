"""Per-client rate limits for the API, counted in the ``limits`` cache (the database, kaiqu/settings.py).

Not the page cache: a flood of page entries there could evict a client's counter and let it start
again. The client is identified as everywhere else (``core.net.client_ip``: X-Forwarded-For trusted
only as far as DJANGO_TRUSTED_PROXY_COUNT says), and hashed before it becomes a key, so the store
holds no address.

Every API request counts, whether a view answers it or the page cache does: the page cache calls
``count_request`` before it serves a stored answer (``core.cache``'s ``page_cache_hit_check``
view attribute, set on every API view by ``api.views.OpenDataMixin``), so a client hammering a
cached URL is refused like one hammering an uncached one. Each request costs one counter increment:
a fixed window of ``API_RATE_LIMIT``'s period (``120/min``: at most 120 requests in each calendar
minute), not DRF's sliding history, which rewrites a list of every request's time on each request.
Over the limit: 429 with ``Retry-After`` (the seconds left in the window).
"""

import hashlib
import logging
import math

from django.core.cache import caches
from django.db import router, transaction
from django.http import JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from core.net import client_ip

logger = logging.getLogger(__name__)


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    @property
    def cache(self):
        return caches["limits"]

    def get_cache_key(self, request, view):
        digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return f"api-rate:{self.scope}:{digest}"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return self._count(self.get_cache_key(request, view), window) <= self.num_requests

    def _count(self, key: str, window: int) -> int:
        """One more request in the client's counter for `window`; the count so far.

        One entry per client, ``(window, count)``, kept until its window ends: the table holds one
        row per recent client, never one per client and window. Requests of one client that run at
        the same moment on several workers may count once between them (a read, then a write), so a
        client with N parallel connections can get up to N times the limit, never unlimited. The
        store being away lets the request pass.
        """
        cache = self.cache
        try:
            with transaction.atomic(using=router.db_for_write(cache.cache_model_class)):
                _no_commit_wait()
                seen = cache.get(key)
                count = seen[1] + 1 if isinstance(seen, tuple) and seen[0] == window else 1
                cache.set(key, (window, count), timeout=max(1, math.ceil(self.window_ends - self.now)))
        except Exception:  # noqa: BLE001 - a missing counter store must not take the API down
            logger.warning("API rate limit store unavailable")
            return 0
        return count

    def wait(self):
        return max(1, math.ceil(self.window_ends - self.now))


def _no_commit_wait() -> None:
    """A counter is not worth a disk flush: on PostgreSQL this transaction commits without waiting
    for its WAL to reach the disk (a crash may forget the last moments' counts, never corrupts).
    The flush was most of a counted request's time on a busy machine (7 of 10 ms).
    """
    connection = transaction.get_connection(router.db_for_write(caches["limits"].cache_model_class))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def throttled_response(wait) -> JsonResponse:
    """The 429 a throttled request gets outside a DRF view: DRF's body, ``Retry-After`` and CORS."""
    seconds = max(1, math.ceil(wait or 1))
    response = JsonResponse(
        {"detail": str(Throttled(seconds).detail)}, status=429, json_dumps_params={"ensure_ascii": False}
    )
    response["Retry-After"] = str(seconds)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def count_request(request):
    """Count a request answered outside a DRF view (a stored page, a download); the 429 to send
    instead when the client is over its limit, else None."""
    throttle = ClientRateThrottle()
    if throttle.allow_request(request, None):
        return None
    return throttled_response(throttle.wait())
