"""Per-address limits on the public forms of every kind of case (inquiry and service request, and
their status look-ups), and the page a refused client sees (``too_many``, a 429).

Fixed windows of ``INQUIRY_RATE_WINDOW`` seconds (an hour by default, a clock hour), counted in the
database by ``core.ratelimit``: every app server counts against the same numbers, no flood of cached
pages can evict a counter, and the limits hold while Redis is down. The address is hashed before it
becomes a key: the store holds no personal data.

Count before you work (issue 22): a counter is incremented first, in one atomic statement, and the
decision is taken on the count that increment returned (``over_limit``), so requests arriving at the
same moment on several workers cannot all read the same old count and all pass. A public form has
two budgets (``FormBudget``): every POST, valid or not, counted before the form is checked or a
file read (``INQUIRY_POST_RATE_LIMIT``, the larger), and accepted submissions, counted once a
submission has passed every check and before it is saved (``INQUIRY_RATE_LIMIT``).
"""

import hashlib

from django.conf import settings
from django.shortcuts import render

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
    """Whether the limit is already used up, without counting: only for refusing early, never for admitting."""
    return rate_limit_count(scope=scope, ip=ip, window=window) >= limit


def over_limit(*, scope: str, ip: str, limit: int, window: int | None = None) -> bool:
    """Count this request, then decide: True when it is past `limit` (a failed store admits it)."""
    return rate_limit_hit(scope=scope, ip=ip, window=window) > limit


class FormBudget:
    """The two budgets of a public form under `scope`, per client address."""

    def __init__(self, scope: str):
        self.scope = scope

    def refuse_post(self, ip: str) -> bool:
        """Counts the POST (every one, valid or not) and says whether to refuse it before any work: past
        the POST budget, or the accepted budget already used up (a read that only refuses; refuse_accept
        counts and admits)."""
        if over_limit(scope=f"{self.scope}-post", ip=ip, limit=settings.INQUIRY_POST_RATE_LIMIT):
            return True
        return rate_limited(scope=self.scope, ip=ip, limit=settings.INQUIRY_RATE_LIMIT)

    def refuse_accept(self, ip: str) -> bool:
        """Counts one accepted submission (it passed every check and is about to be saved, or a caught
        bot's, which must look the same) and says whether it is past the accepted budget."""
        return over_limit(scope=self.scope, ip=ip, limit=settings.INQUIRY_RATE_LIMIT)


def retry_after(window: int | None = None) -> int:
    """Seconds until the current window ends: what a refused client is told to wait."""
    return seconds_left(period=_window(window))


def too_many(request):
    """The readable 429 page, with a Retry-After of the seconds left in the current window."""
    wait = retry_after()
    response = render(request, "cases/rate_limited.html", {"window_minutes": -(-wait // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response
