"""Per-client rate limits for the API, counted in the ``limits`` cache (the database, kaiqu/settings.py).

Not the page cache: a flood of page entries there could evict a client's counter and let it start
again. The client is identified as everywhere else (``core.net.client_ip``: X-Forwarded-For trusted
only as far as DJANGO_TRUSTED_PROXY_COUNT says). An answer served from the page cache costs no
query and is not counted: the limit protects the database, and every request that reaches a view
is counted. Over the limit: 429 with ``Retry-After``.
"""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from core.net import client_ip


class ClientRateThrottle(AnonRateThrottle):
    scope = "api"

    @property
    def cache(self):
        return caches["limits"]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
