"""What every public case form shares (the inquiry form, the service request form): fields that clean
what people type (cases.text), and the anti-spam of a form nobody has to log in to.

Anti-spam, `PublicFormMixin`: a honeypot field (`website`, hidden from people by CSS; bots fill in
every field) and a signed render stamp (`rendered`: when the form was shown, and a nonce that makes
each rendering unique). A submission with the honeypot filled, without a valid stamp or sent faster
than ``INQUIRY_MIN_SECONDS`` is spam (`spam_reason()`: the view answers as if all went well); a stamp
older than `FORM_MAX_AGE` is refused with a message. The stamp's hash is the submission token, stored
unique with the case it created, so the same form sent twice creates one case. The per-address rate
limits are the view's (cases.form_limits).
"""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from cases.text import refuse_unreadable, strip_control

# A form older than this is refused with a message (not silently): the visitor may just have left the tab open.
FORM_MAX_AGE = 2 * 24 * 3600
# Unchanged since the stamp served the inquiry form alone, so forms rendered before a deployment still pass.
_TIMESTAMP_SALT = "inquiries.form.rendered"


class LineField(forms.CharField):
    """One line of text: control characters removed, unreadable (non-UTF-8) input refused."""

    multiline = False

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control(value, multiline=self.multiline)
        value = super().to_python(value)
        if value:
            refuse_unreadable(value)
        return value


class TextBlockField(LineField):
    multiline = True


class CleanEmailField(forms.EmailField):
    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control(value)
        value = super().to_python(value)
        if value:
            refuse_unreadable(value)
        return value


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name_i18n


def sign_render_time(now: float | None = None) -> str:
    """The hidden `rendered` field: when the form was shown, and a nonce that makes each rendering unique."""
    return signing.dumps(
        {"t": now if now is not None else time.time(), "n": secrets.token_hex(8)}, salt=_TIMESTAMP_SALT
    )


def render_time(value) -> float | None:
    """When the form was rendered, from its signed hidden field; None when missing or forged."""
    try:
        return float(signing.loads(str(value or ""), salt=_TIMESTAMP_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class PublicFormMixin:
    """The anti-spam of a public form; the form declares `website` (the honeypot) and `rendered` (hidden)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = sign_render_time()

    def clean_rendered(self):
        value = self.cleaned_data.get("rendered", "")
        rendered_at = render_time(value)
        if rendered_at is not None and time.time() - rendered_at > FORM_MAX_AGE:
            # A fresh timestamp for the next try; what was typed stays.
            self.data = self.data.copy()
            self.data["rendered"] = sign_render_time()
            raise forms.ValidationError(
                _("This form was open for too long. Please check your details and send it again."), code="expired"
            )
        return value  # missing or forged: spam_reason() says so, and the view answers as if all went well

    def submission_token(self) -> str:
        """Identifies this rendering of the form (stored unique with the case it created)."""
        return hashlib.sha256(self.cleaned_data["rendered"].encode()).hexdigest()

    def spam_reason(self) -> str:
        """Why this submission looks automated ("" when it does not): honeypot filled, or sent too fast."""
        if self.data.get("website", "").strip():
            return "honeypot"
        rendered_at = render_time(self.data.get("rendered", ""))
        if rendered_at is None:
            return "timestamp"
        if time.time() - rendered_at < settings.INQUIRY_MIN_SECONDS:
            return "too_fast"
        return ""
