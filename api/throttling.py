"""Per-client rate limits for the API, counted in the database (``core.ratelimit``).

Not the page cache: a flood of page entries there could evict a client's counter and let it start
again. The client is identified as everywhere else (``core.net.client_ip``: X-Forwarded-For trusted
only as far as DJANGO_TRUSTED_PROXY_COUNT says), and hashed before it becomes a key, so the store
holds no address.

Every API request counts once, whether a view answers it or the page cache does: the page cache
counts it while it looks for a stored answer (``core.cache``'s ``page_cache_rate_limit`` view
attribute, ``API_LIMIT``, set on every API view by ``api.views.OpenDataMixin``) and leaves the count
on the request, where ``ClientRateThrottle`` finds it; a request the page cache does not look at
(page cache off, a session cookie) is counted by the throttle. So a client hammering a cached URL is
refused like one hammering an uncached one. Counted in Redis when the cache is Redis (one round trip
shared with the page lookup), else in the database (core.ratelimit): a fixed window of
``API_RATE_LIMIT``'s period (``120/min``: at most 120 requests in each calendar minute), not DRF's
sliding history, which rewrites a list of every request's time on each request.
Over the limit: 429 with ``Retry-After`` (the seconds left in the window).
"""

import hashlib
import math

from django.http import JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from core.cache import page_cache_state
from core.net import client_ip
from core.ratelimit import Budget, count_hit, seconds_left


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return f"api-rate:{self.scope}:{digest}"

    def budget(self, request) -> Budget | None:
        if self.rate is None:
            return None
        return Budget(self.get_cache_key(request, None), self.duration, self.num_requests, self.timer())

    def allow_request(self, request, view):
        budget = self.budget(request)
        if budget is None:
            return True
        self.now = budget.now
        counted = page_cache_state(request).rate_limit_counted  # by the page cache, for this request
        if counted is not None and counted[0] == budget.key:
            count = counted[1]
        else:
            count = count_hit(budget.key, period=budget.period, now=budget.now, shared_cache=True)[0]
        return count <= budget.limit

    def wait(self):
        return seconds_left(period=self.duration, now=self.now)


def throttled_response(wait) -> JsonResponse:
    """The 429 a throttled request gets outside a DRF view: DRF's body, ``Retry-After`` and CORS."""
    seconds = max(1, math.ceil(wait or 1))
    response = JsonResponse(
        {"detail": str(Throttled(seconds).detail)}, status=429, json_dumps_params={"ensure_ascii": False}
    )
    response["Retry-After"] = str(seconds)
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _ApiLimit:
    """The API's limit as the page cache asks for it (``core.cache``'s ``page_cache_rate_limit``)."""

    @staticmethod
    def budget(request) -> Budget | None:
        return ClientRateThrottle().budget(request)

    @staticmethod
    def refusal(seconds: int) -> JsonResponse:
        return throttled_response(seconds)


API_LIMIT = _ApiLimit()


def count_request(request):
    """Count a request answered outside a DRF view (a stored page, a download); the 429 to send
    instead when the client is over its limit, else None."""
    throttle = ClientRateThrottle()
    if throttle.allow_request(request, None):
        return None
    return throttled_response(throttle.wait())
