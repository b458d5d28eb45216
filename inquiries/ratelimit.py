"""Per-address limits on the public forms (inquiry and service request, and their status look-ups).

Fixed windows of ``INQUIRY_RATE_WINDOW`` seconds (an hour by default, a clock hour), counted in the
database by ``core.ratelimit``: every app server counts against the same numbers, no flood of cached
pages can evict a counter, and the limits hold while Redis is down. The address is hashed before it
becomes a key: the store holds no personal data.
"""

import hashlib

from django.conf import settings

from core.ratelimit import count_hit, current_count, seconds_left


def _key(scope: str, ip: str) -> str:
    digest = hashlib.sha256(f"{scope}:{ip}".encode()).hexdigest()[:32]
    return f"inquiry-rate:{scope}:{digest}"


def _window(window: int | None) -> int:
    return window or settings.INQUIRY_RATE_WINDOW


def rate_limit_count(*, scope: str, ip: str, window: int | None = None) -> int:
    return current_count(_key(scope, ip), period=_window(window))


def rate_limit_hit(*, scope: str, ip: str, window: int | None = None) -> int:
    """Count one more request in the current window and return the count (0 when the store failed)."""
    return count_hit(_key(scope, ip), period=_window(window))[0]


def rate_limited(*, scope: str, ip: str, limit: int, window: int | None = None) -> bool:
    return rate_limit_count(scope=scope, ip=ip, window=window) >= limit


def retry_after(window: int | None = None) -> int:
    """Seconds until the current window ends: what a refused client is told to wait."""
    return seconds_left(period=_window(window))
