"""A public case form's POST and its thank-you page, written once for every kind of case.

`accept_public_post` keeps the order the public forms rely on: every POST is counted before any
work; a caught bot is answered as a success, counted and limited as a real one; a valid form is
counted first and then decided, so parallel posts cannot all pass. `Receipt` carries the reference
and the due time to the thank-you page in a signed cookie, never in the URL.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.utils import timezone

from cases.form_limits import FormBudget, too_many
from core.net import client_ip


@dataclass(frozen=True)
class Receipt:
    """The thank-you page's signed cookie (`cookie` its name, `salt` apart for each kind of case)."""

    cookie: str
    salt: str
    max_age: int = 3600

    def redirect(self, url_name: str, reference: str, due_at):
        """To the thank-you page named `url_name`, the reference and due time in the cookie."""
        response = redirect(url_name)
        value = signing.dumps({"ref": reference, "due": due_at.isoformat()}, salt=self.salt)
        response.set_cookie(
            self.cookie,
            value,
            max_age=self.max_age,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def read(self, request) -> tuple[str, datetime.datetime] | None:
        """(reference, due time) from a valid cookie; None when it is missing, forged or too old."""
        try:
            data = signing.loads(request.COOKIES.get(self.cookie, ""), salt=self.salt, max_age=self.max_age)
            return str(data["ref"]), timezone.localtime(datetime.datetime.fromisoformat(data["due"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None


def accept_public_post(request, *, budget: FormBudget, bind, invalid, skipped, accepted):
    """Answer one POST of a public case form.

    `bind()` builds the bound form (only once the POST is counted); `invalid(form)` shows it again with
    its errors; `skipped()` answers a caught bot as if it had succeeded; `accepted(form, ip)` writes the
    case and answers. A refused count answers 429 (cases.form_limits.too_many).
    """
    ip = client_ip(request)
    if budget.refuse_post(ip):  # every POST is counted, valid or not, before any work
        return too_many(request)
    form = bind()
    if form.spam_reason():
        # Looks like success to the bot: counted and limited as a real one, numbered from the real sequence.
        if budget.refuse_accept(ip):
            return too_many(request)
        return skipped()
    if not form.is_valid():
        return invalid(form)
    if budget.refuse_accept(ip):  # counted first, then decided: parallel posts cannot all pass
        return too_many(request)
    return accepted(form, ip)
