import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import CleanEmailField, LineField, PublicFormMixin
from cases.text import normalise_phone
from registrations.models import Registration

PHONE_MESSAGE = _(
    "Enter a mainland mobile number, a landline with its area code (an extension after 转 or ext), "
    "or an international number starting with + and the country code."
)


class RegistrationForm(PublicFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the zone keeps and uses these details to organise this event."),
        required=True,
        error_messages={"required": _("Please agree to the handling of your details, or we cannot register you.")},
    )
    # Honeypot: hidden from people by CSS; bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Registration
        fields = ["contact_name", "company", "email", "phone"]
        field_classes = {
            "contact_name": LineField,
            "company": LineField,
            "phone": LineField,
            "email": CleanEmailField,
        }
        labels = {
            "contact_name": _("Your name"),
            "company": _("Company or organisation"),
            "email": _("E-mail"),
            "phone": _("Phone"),
        }
        help_texts = {
            "email": _("The confirmation, with a calendar file, is sent to this address."),
            "phone": _(
                "A mobile number, or a landline with its area code; + and the country code outside mainland China."
            ),
        }
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        }

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").lower()

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        phone = normalise_phone(value)
        if not phone:
            raise forms.ValidationError(PHONE_MESSAGE, code="phone")
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number (or both), so that we can reach you."))
        return cleaned


_REFERENCE = re.compile(r"^HD(\d{4})(\d{5})$")
REFERENCE_FORM = re.compile(r"HD\d{4}-\d{5}")  # the stored form
_REFERENCE_NOISE = re.compile(r"[\s\-‐‑‒–—―_.]")


def normalise_reference(value: str) -> str:
    """'hd2026 00002', 'HD202600002', 'ＨＤ２０２６－０００２' → 'HD2026-00002' (the stored form);
    anything else comes back upper-cased and compacted (and finds nothing)."""
    compact = _REFERENCE_NOISE.sub("", unicodedata.normalize("NFKC", value or "").upper())
    found = _REFERENCE.match(compact)
    return f"HD{found.group(1)}-{found.group(2)}" if found else compact


def status_initial(params) -> dict:
    """The look-up form's reference from ?ref=, when it reads as a reference; anything else is ignored."""
    reference = normalise_reference(str(params.get("ref", ""))[:40])
    return {"reference": reference} if REFERENCE_FORM.fullmatch(reference) else {}


class StatusForm(forms.Form):
    reference = LineField(
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "HD2026-00001"}
        ),
    )
    contact = LineField(
        label=_("E-mail or phone"),
        max_length=254,
        help_text=_("The e-mail address or phone number you registered with."),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        return normalise_reference(self.cleaned_data["reference"])
