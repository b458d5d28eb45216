"""The public forms of the service desk. Anti-spam as every public case form (cases.forms): honeypot,
minimum seconds, a signed render stamp whose hash is the submission token; rate limits in the view."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.forms import CleanEmailField, LineField, LocalizedChoiceField, PublicFormMixin, TextBlockField
from cases.text import normalise_phone
from core.credit_code import normalise_credit_code, validate_credit_code
from enterprises.models import Enterprise
from service.attachments import ACCEPT, checked_attachment
from service.models import Satisfaction, ServiceCategory, ServiceRequest
from zones.models import Zone

DESCRIPTION_MAX_LENGTH = 3000
PHONE_MESSAGE = _(
    "Enter a mainland mobile number (11 digits starting with 1) "
    "or an international number starting with + and the country code."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to settings.SERVICE_ATTACHMENT_MAX_FILES files. Only their number is checked here; their
    content (service.attachments, which decodes images) by the form, once every other field passed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > settings.SERVICE_ATTACHMENT_MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)d attachments."), params={"count": settings.SERVICE_ATTACHMENT_MAX_FILES}
            )
        return [super(AttachmentsField, self).clean(f, initial) for f in files]


class ServiceRequestForm(PublicFormMixin, forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Your enterprise"),
        queryset=Enterprise.objects.public().order_by("name"),
        required=False,
        empty_label=_("Not listed: give its name and code below"),
    )
    enterprise_name = LineField(label=_("Enterprise name"), max_length=160, required=False)
    credit_code = LineField(
        label=_("Unified social credit code"),
        max_length=40,
        required=False,
        help_text=_("18 characters, on the business licence (统一社会信用代码)."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    zone = LocalizedChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.ordered(),
        to_field_name="slug",
        required=False,
        empty_label=_("Not sure"),
    )
    contact_name = LineField(
        label=_("Contact person"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = LineField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = CleanEmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    category = LocalizedChoiceField(
        label=_("What do you need help with?"), queryset=ServiceCategory.objects.for_enterprises(), to_field_name="slug"
    )
    description = TextBlockField(
        label=_("Describe the request"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX_LENGTH}),
    )
    attachments = AttachmentsField(
        label=_("Attachments"),
        required=False,
        help_text=_("Optional: up to 3 PDF files or images (JPEG, PNG, WebP), 5 MB each."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the zone keeps and uses these details to handle this request."),
        error_messages={"required": _("Please agree to the handling of your details, or we cannot answer you.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    # A requester who gives a phone and no e-mail is told of each stage by text message (the consent says so).
    sends_text_messages = True
    # A space request's needs (optional), spaces.SpaceNeed's fields as on the inquiry form; matched by service.matching.
    NEED_FIELDS = ServiceRequest.NEED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in forms.fields_for_model(ServiceRequest, fields=self.NEED_FIELDS).items():
            field.required = False
            if name == "need_by":
                field.widget = forms.DateInput(
                    attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric"}, format="%Y-%m-%d"
                )
            self.fields[name] = field

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        phone = normalise_phone(value)
        if not phone:
            raise forms.ValidationError(PHONE_MESSAGE, code="phone")
        return phone

    def clean_credit_code(self):
        value = normalise_credit_code(self.cleaned_data.get("credit_code", ""))
        if value:
            validate_credit_code(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("enterprise"):
            if not cleaned.get("enterprise_name") and "enterprise_name" not in self.errors:
                self.add_error("enterprise_name", _("Choose your enterprise from the list, or give its name."))
            if not cleaned.get("credit_code") and "credit_code" not in self.errors:
                self.add_error("credit_code", _("An enterprise not in the list needs its unified social credit code."))
        low, high = cleaned.get("need_min_area_m2"), cleaned.get("need_max_area_m2")
        if low is not None and high is not None and low > high:
            self.add_error("need_max_area_m2", _("The largest area needed must not be smaller than the smallest."))
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number (or both), so that we can answer."))
        if self.errors:  # cheap fields first: a wrong form never has its files read or its images decoded
            cleaned.pop("attachments", None)
        else:
            self._check_attachments(cleaned)
        return cleaned

    def _check_attachments(self, cleaned):
        """One file at a time: each image is decoded, re-encoded to a temporary file and let go before the
        next (core.images bounds one image's memory), so the peak does not grow with the number of files."""
        checked = []
        for upload in cleaned.get("attachments") or []:
            try:
                checked.append(checked_attachment(upload))
            except forms.ValidationError as exc:
                for stored, _name, _type in checked:
                    stored.close()
                self.add_error("attachments", exc)
                return
        cleaned["attachments"] = checked


class StatusForm(forms.Form):
    reference = LineField(
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "FW2026-00001"}
        ),
    )
    contact = LineField(
        label=_("E-mail or phone"),
        max_length=254,
        help_text=_("The e-mail address or phone number you gave with the request."),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper().replace(" ", "")


class RatingForm(StatusForm):
    """The rating in words (stored 5…1) and, apart from it, whether the problem is solved ("no" reopens)."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    solved = forms.TypedChoiceField(
        label=_("Is your problem solved?"),
        choices=[("yes", _("Yes, it is solved")), ("no", _("No, not yet: reopen the request"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("“No” sends the request back to your officer, who works on it again."),
        error_messages={"required": _("Say whether your problem is solved.")},
    )
    comment = TextBlockField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )


PAGE_MAX_LENGTH = 500


class BarrierReportForm(PublicFormMixin, forms.Form):
    """A barrier on the website, reported from /accessibility/: a service request of its own category
    (ServiceCategory.ACCESSIBILITY), which needs no enterprise. Anti-spam as every public case form."""

    name = LineField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = LineField(
        label=_("Phone or e-mail"),
        max_length=254,
        help_text=_("So that we can tell you what we did about it."),
        error_messages={"required": _("Give a phone number or an e-mail address, so that we can answer.")},
    )
    page = LineField(
        label=_("Page (address or name)"),
        max_length=PAGE_MAX_LENGTH,
        required=False,
        help_text=_("The address of the page, for example /projects/, or what the page is about."),
    )
    description = TextBlockField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What you tried to do, what went wrong, and which aids you use (screen reader, zoom, keyboard…)."),
        error_messages={"required": _("Tell us what went wrong.")},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX_LENGTH}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the zone keeps and uses these details to handle this report."),
        error_messages={"required": _("Please agree to the handling of your details, or we cannot answer you.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_contact(self):
        """Either an e-mail address (checked as the e-mail field checks it) or a phone number, stored normalised."""
        value = self.cleaned_data.get("contact", "")
        if "@" in value:
            return {"email": CleanEmailField().clean(value), "phone": ""}
        phone = normalise_phone(value)
        if not phone:
            raise forms.ValidationError(
                _("Enter an e-mail address, or a phone number: %(rule)s"),
                params={"rule": PHONE_MESSAGE},
                code="contact",
            )
        return {"email": "", "phone": phone}
