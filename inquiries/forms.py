import datetime
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.forms import CleanEmailField, LineField, LocalizedChoiceField, PublicFormMixin, TextBlockField
from cases.text import normalise_phone
from enterprises.models import Enterprise
from industries.labels import industry_labels
from industries.models import ChainNode, Industry
from inquiries.models import (
    MAX_ANNUAL_TAX_WAN,
    MAX_ANNUAL_VALUE_ADDED_WAN,
    MAX_PLANNED_JOBS,
    PROJECTION_FIELDS,
    Inquiry,
)
from projects.models import Project
from spaces.models import Space
from zones.models import Zone

MESSAGE_MAX_LENGTH = 2000
# The intended investment in 亿元: beyond this it is a typo (the policy checker takes the same range).
MAX_INVESTMENT_YI = Decimal("100000")
NUMBER_NEEDS = ("need_min_area_m2", "need_max_area_m2", "need_power_kva", "need_clear_height_m", "need_floor_load_kn")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")


class IndustryChoiceField(forms.ModelChoiceField):
    """Industries named apart where two share a name: 智能制造（一智）, 智能制造（五链） (industries.labels)."""

    def label_from_instance(self, obj):
        if not hasattr(self, "_labels"):
            self._labels = industry_labels(self.queryset)
        return self._labels.get(obj.pk, obj.name_i18n)


class InquiryForm(PublicFormMixin, forms.ModelForm):
    industry = IndustryChoiceField(
        label=_("Industry"), queryset=Industry.objects.order_by("order", "id"), required=False, empty_label="—"
    )
    zone = LocalizedChoiceField(
        label=_("Preferred zone"),
        queryset=Zone.objects.ordered(),
        to_field_name="slug",
        required=False,
        empty_label=_("No preference"),
    )
    message = TextBlockField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=format_lazy(
            "{} {}", _("What do you plan, and what do you need from the zone?"), _("At most 2000 characters.")
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that the zone keeps and uses these details to answer my inquiry."),
        required=True,
        error_messages={"required": _("Please agree to the handling of your details, or we cannot answer you.")},
    )
    # Honeypot: hidden from people by CSS; bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)
    about_project = forms.CharField(required=False, widget=forms.HiddenInput)
    about_enterprise = forms.CharField(required=False, widget=forms.HiddenInput)
    about_space = forms.CharField(required=False, widget=forms.HiddenInput)
    # The investment target (a chain link) the investor answers, from ?node= (the industry pages' "tell us
    # you can fill this"); checked against the chosen industry in clean().
    chain_node = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Inquiry
        fields = [
            "contact_name",
            "company",
            "job_title",
            "email",
            "phone",
            "country",
            "industry",
            "investment_band",
            "investment_amount",
            "land_mu",
            "floor_area_m2",
            "zone",
            "timing",
            "message",
            *PROJECTION_FIELDS,
            *Inquiry.NEED_FIELDS,
        ]
        field_classes = {
            "contact_name": LineField,
            "company": LineField,
            "job_title": LineField,
            "phone": LineField,
            "country": LineField,
            "email": CleanEmailField,
        }
        labels = {
            "contact_name": _("Your name"),
            "company": _("Company"),
            "job_title": _("Job title"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "country": _("Country or region"),
            "investment_band": _("Intended investment"),
            "investment_amount": _("Or an amount (100 million yuan)"),
            "land_mu": _("Land needed (mu)"),
            "floor_area_m2": _("Floor space needed (m²)"),
            "timing": _("Expected timing"),
            "expected_annual_tax": _("Expected annual tax (10,000 yuan)"),
            "expected_annual_value_added": _("Expected annual value added (output) (10,000 yuan)"),
            "planned_jobs": _("Planned jobs (headcount)"),
            "need_kind": _("Kind of space"),
            "need_min_area_m2": _("Area from (m²)"),
            "need_max_area_m2": _("Area up to (m²)"),
            "need_power_kva": _("Power needed (kVA)"),
            "need_clear_height_m": _("Clear height needed (m)"),
            "need_floor_load_kn": _("Floor load needed (kN/m²)"),
            "need_tenure": _("Lease, buy or land transfer"),
            "need_by": _("Needed by"),
        }
        help_texts = {
            "phone": _(
                "A mobile number, or a landline with its area code; + and the country code outside mainland China."
            ),
            "investment_amount": _("In 亿元 (100 million yuan), e.g. 2.5"),
            "land_mu": _("1 mu ≈ 667 m²"),
            "expected_annual_tax": _("In 万元 (10,000 yuan), in a full year of production, e.g. 800"),
            "expected_annual_value_added": _(
                "In 万元 (10,000 yuan), in a full year of production: the output less bought-in materials "
                "and services, e.g. 5000"
            ),
            "planned_jobs": _("People employed once in full production"),
            "need_min_area_m2": _("Land too: 1 mu ≈ 667 m²"),
            "need_by": _("The date you need to move in or start building, as YYYY-MM-DD."),
        }
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "investment_amount": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "land_mu": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "expected_annual_tax": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "expected_annual_value_added": forms.NumberInput(
                attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}
            ),
            "planned_jobs": forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"}),
            "floor_area_m2": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "need_min_area_m2": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "need_max_area_m2": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "need_power_kva": forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"}),
            "need_clear_height_m": forms.NumberInput(attrs={"min": "0", "step": "0.1", "inputmode": "decimal"}),
            "need_floor_load_kn": forms.NumberInput(attrs={"min": "0", "step": "0.1", "inputmode": "decimal"}),
            "need_by": forms.DateInput(attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["company"].required = True
        for name in ("investment_band", "timing", "need_kind", "need_tenure"):
            self.fields[name].choices = [("", "—"), *Inquiry._meta.get_field(name).choices]
        for name in ("investment_amount", "land_mu", "floor_area_m2", *NUMBER_NEEDS):
            self.fields[name].min_value = 0
        # The projections, and the investment they are held against a space's entry bar with: never
        # negative, and a figure far beyond any plan is a unit mixed up, said as such.
        for name, most, message in (
            (
                "investment_amount",
                MAX_INVESTMENT_YI,
                _(
                    "Enter the investment in 亿元 (100 million yuan): at most %(limit_value)s; "
                    "2.5 means 250 million yuan."
                ),
            ),
            (
                "expected_annual_tax",
                MAX_ANNUAL_TAX_WAN,
                _("Enter the annual tax in 万元 (10,000 yuan): at most %(limit_value)s; 800 means 8 million yuan."),
            ),
            (
                "expected_annual_value_added",
                MAX_ANNUAL_VALUE_ADDED_WAN,
                _(
                    "Enter the annual value added in 万元 (10,000 yuan): at most %(limit_value)s; "
                    "5000 means 50 million yuan."
                ),
            ),
            ("planned_jobs", MAX_PLANNED_JOBS, _("Enter the planned jobs as a headcount: at most %(limit_value)s.")),
        ):
            field = self.fields[name]
            field.validators = [
                *(v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)),
                MinValueValidator(0, message=_("This cannot be negative: enter 0 or more.")),
                MaxValueValidator(most, message=message),
            ]
            field.widget.attrs["max"] = str(most)

    @classmethod
    def initial_from_query(cls, params) -> dict:
        """The context from ?project=<pk>, ?enterprise=<pk> or ?space=<pk>, a zone from ?zone=<slug>, an
        industry from ?industry=<slug> and the chain link answered from ?node=<pk> (with its industry; a link
        of another industry than ?industry= is left out); anything unknown is ignored."""
        initial = {}
        industry_slug = str(params.get("industry", ""))
        industry = Industry.objects.filter(slug=industry_slug).first() if _SLUG.fullmatch(industry_slug) else None
        node = _chain_node(params.get("node"))
        if node and (industry is None or node.industry_id == industry.pk):
            initial["chain_node"] = node.pk
            industry = node.industry
        if industry:
            initial["industry"] = industry.pk
        space = _public_by_pk(Space, params.get("space"), related=("zone",))
        if space:
            initial.update(about_space=space.pk, zone=space.zone, need_kind=space.kind)
            if space.offers_lease + space.offers_sale + space.offers_transfer == 1:
                initial["need_tenure"] = space.tenures[0]
        project = _public_by_pk(Project, params.get("project"), related=("zone", "industry"))
        enterprise = _public_by_pk(Enterprise, params.get("enterprise"), related=("zone", "industry"))
        zone_slug = params.get("zone", "")
        zone = Zone.objects.filter(slug=zone_slug).first() if _SLUG.fullmatch(zone_slug) else None
        # A project or enterprise is the context of the inquiry ("about: …"), not the investor's choice:
        # their preferred zone and industry stay theirs to pick.
        if project:
            initial["about_project"] = project.pk
        if enterprise:
            initial["about_enterprise"] = enterprise.pk
        if zone:
            initial["zone"] = zone
        if isinstance(initial.get("zone"), Zone):
            initial["zone"] = initial["zone"].slug
        return initial

    def subject(self):
        """The space, project or enterprise this inquiry is about, for the heading of the form."""
        source = self.data if self.is_bound else self.initial
        for key, model in (("about_space", Space), ("about_project", Project), ("about_enterprise", Enterprise)):
            if source.get(key):
                return _public_by_pk(model, source.get(key))
        return None

    def chain_target(self):
        """The chain link this inquiry answers (an investment target, usually), for the top of the form."""
        source = self.data if self.is_bound else self.initial
        return _chain_node(source.get("chain_node"))

    def chain_target_industry(self) -> str:
        """The target's industry as the industry choices name it (the two 智能制造 rows apart)."""
        node = self.chain_target()
        return self.fields["industry"].label_from_instance(node.industry) if node else ""

    def clean_chain_node(self):
        value = str(self.cleaned_data.get("chain_node") or "").strip()
        if not value:
            return None
        node = _chain_node(value)
        if node is None:
            # The form comes back without it, so sending it again makes a general inquiry, as the message says.
            self.data = self.data.copy()
            self.data[self.add_prefix("chain_node")] = ""
            raise forms.ValidationError(
                _(
                    "The investment target this form was opened from no longer exists. Send the form again "
                    "to make it a general inquiry, or pick a target again from the industry chains."
                ),
                code="chain_node",
            )
        return node

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        phone = normalise_phone(value)
        if not phone:
            raise forms.ValidationError(
                _(
                    "Enter a mainland mobile number, a landline with its area code (an extension after 转 or ext), "
                    "or an international number starting with + and the country code."
                ),
                code="phone",
            )
        return phone

    def clean_about_project(self):
        return _public_by_pk(Project, self.cleaned_data.get("about_project"))

    def clean_about_enterprise(self):
        return _public_by_pk(Enterprise, self.cleaned_data.get("about_enterprise"))

    def clean_about_space(self):
        return _public_by_pk(Space, self.cleaned_data.get("about_space"))

    def clean_need_by(self):
        value = self.cleaned_data.get("need_by")
        if value and not (datetime.date(2000, 1, 1) <= value <= datetime.date(2100, 12, 31)):
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."), code="need_by")
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number (or both), so that we can answer."))
        node = cleaned.get("chain_node")
        if node is not None and "industry" not in self.errors:
            industry = cleaned.get("industry")
            if industry is None:  # the target says which industry
                cleaned["industry"] = node.industry
            elif industry.pk != node.industry_id:
                self.add_error(
                    "industry",
                    forms.ValidationError(
                        _(
                            "The investment target you are answering, %(node)s, is on the chain of %(industry)s: "
                            "choose that industry, or send a general inquiry instead."
                        ),
                        code="chain_node_industry",
                        params={
                            "node": node.name_i18n,
                            "industry": self.fields["industry"].label_from_instance(node.industry),
                        },
                    ),
                )
        return cleaned


def _chain_node(value):
    value = str(value or "").strip()
    if not value.isdigit() or len(value) > 18:
        return None
    return ChainNode.objects.select_related("industry").filter(pk=int(value)).first()


def _public_by_pk(model, value, related=()):
    value = str(value or "").strip()
    if not value.isdigit() or len(value) > 18:
        return None
    return model.objects.public().select_related(*related).filter(pk=int(value)).first()


_REFERENCE = re.compile(r"^QK(\d{4})(\d{5})$")
REFERENCE_FORM = re.compile(r"QK\d{4}-\d{5}")  # the stored form
_REFERENCE_NOISE = re.compile(r"[\s\-‐‑‒–—―_.]")


def normalise_reference(value: str) -> str:
    """'qk2026 00002', 'QK202600002', 'ＱＫ２０２６－０００２' → 'QK2026-00002' (the stored form).

    Anything that does not read as a reference comes back upper-cased and compacted (and finds nothing).
    """
    compact = _REFERENCE_NOISE.sub("", unicodedata.normalize("NFKC", value or "").upper())
    found = _REFERENCE.match(compact)
    if found:
        return f"QK{found.group(1)}-{found.group(2)}"
    return compact


def status_initial(params) -> dict:
    """The status form's reference from ?ref=, when it reads as a reference; anything else is ignored."""
    reference = normalise_reference(str(params.get("ref", ""))[:40])
    return {"reference": reference} if REFERENCE_FORM.fullmatch(reference) else {}


class StatusForm(forms.Form):
    reference = LineField(
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "QK2026-00001"}
        ),
    )
    contact = LineField(
        label=_("E-mail or phone"),
        max_length=254,
        help_text=_("The e-mail address or phone number you gave with the inquiry."),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        return normalise_reference(self.cleaned_data["reference"])
