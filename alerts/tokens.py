"""The signed links of a subscription: confirm, manage, unsubscribe (django.core.signing, no password).

A token is the row's id and its `key`, signed with a salt of its own per purpose; the confirmation
link expires after CONFIRM_MAX_AGE, the manage and unsubscribe links live as long as the row. What a
bad link is told says nothing about any address: `LinkProblem.reason` is one of

- `forged`: the signature does not hold (400);
- `expired`: a confirmation link older than CONFIRM_MAX_AGE (410);
- `used`: a confirmation link whose subscription is already confirmed (410);
- `gone`: the subscription no longer exists, unsubscribed or never confirmed (410).
"""

import secrets

from django.core import signing

from alerts.models import Subscription

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # seconds; unconfirmed rows are deleted once their link has expired


class LinkProblem(Exception):
    STATUS = {"forged": 400, "expired": 410, "used": 410, "gone": 410}

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.status = self.STATUS[reason]


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _dumps(subscription: Subscription, salt: str) -> str:
    return signing.dumps([subscription.pk, subscription.key], salt=salt)


def confirm_token(subscription: Subscription) -> str:
    return _dumps(subscription, CONFIRM_SALT)


def manage_token(subscription: Subscription) -> str:
    return _dumps(subscription, MANAGE_SALT)


def _read(token: str, salt: str, max_age: int | None = None) -> Subscription:
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except (signing.BadSignature, TypeError, ValueError):
        raise LinkProblem("forged") from None
    subscription = Subscription.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscription is None or not secrets.compare_digest(subscription.key, str(key)):
        raise LinkProblem("gone")
    return subscription


def read_confirm_token(token: str) -> Subscription:
    subscription = _read(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if subscription.is_confirmed:
        raise LinkProblem("used")
    return subscription


def read_manage_token(token: str, *, confirmed: bool = True) -> Subscription:
    """The subscription of a manage or unsubscribe link; `confirmed`: only a confirmed one."""
    subscription = _read(token, MANAGE_SALT)
    if confirmed and not subscription.is_confirmed:
        raise LinkProblem("gone")
    return subscription
