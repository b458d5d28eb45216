"""The admin's forms of the 亩均 evaluation: the rule editor's checks, the figures' checks, and the
small forms behind the result sets' buttons and the renewal candidates' "open a space".

The rule editor checks a group's indicators and class bands with efficiency.rules on the forms as
typed, before anything is saved: the admin saves the page (form and inlines) only when every form
and formset is valid, in one transaction, so a wrong rule leaves the stored rules as they were.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.validators import normalise_credit_code
from efficiency.firmyears import firm_year_problems
from efficiency.models import FirmYear, Indicator, RuleGroup, RuleSet
from efficiency.resources import FirmYearResource
from efficiency.rules import cutoff_problems, weight_problems

FIRM_YEAR_FIELDS = FirmYearResource._meta.fields  # the sheet's columns are the form's fields


def _deleted(formset, form) -> bool:
    return formset.can_delete and formset._should_delete_form(form)


def _rows_invalid(formset) -> bool:
    """A row kept has errors of its own (a deleted row's errors do not count, as Django's formset has it)."""
    return any(form.errors for form in formset.forms if not _deleted(formset, form))


def _kept_forms(formset):
    """The inline's forms that will be saved: valid, not deleted, not left empty."""
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data or _deleted(formset, form):
            continue
        yield form


def _group_total(group: RuleGroup) -> Decimal | None:
    rule_set = getattr(group, "rule_set", None) if group.rule_set_id else None
    return rule_set.total_weight if rule_set is not None else None


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["order", "measure", "weight", "benchmark", "benchmark_value", "cap"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's "measure" shares its Chinese with the policies' measures (条款) in the catalogue.
        self.fields["measure"].label = _("what is measured")


class IndicatorFormSet(BaseInlineFormSet):
    """A group's indicators: their weights add up to the rule set's stated total."""

    def clean(self):
        super().clean()
        if _rows_invalid(self):
            return  # the rows' own errors first
        total = _group_total(self.instance)
        if total is None:
            return  # the group's form names the missing rule set
        weights = [form.cleaned_data.get("weight") for form in _kept_forms(self)]
        problems = weight_problems(total, weights)
        if problems:
            raise ValidationError(problems)


class ClassCutoffFormSet(BaseInlineFormSet):
    """A group's class bands: they tile the range (by rank 0–100 %, by score from 0) with no gap or overlap."""

    def clean(self):
        super().clean()
        if _rows_invalid(self):
            return
        bands = [
            (form.cleaned_data.get("firm_class"), form.cleaned_data.get("lower"), form.cleaned_data.get("upper"))
            for form in _kept_forms(self)
        ]
        problems = cutoff_problems(
            self.instance.cutoff_basis, [band for band in bands if band[0] and band[1] is not None]
        )
        if problems:
            raise ValidationError(problems)


class RuleSetAdminForm(forms.ModelForm):
    """A changed total weight must still be the sum of each existing group's weights."""

    class Meta:
        model = RuleSet
        fields = ["name", "name_en", "number", "year", "total_weight", "parcel_rule", "notes", "is_demo"]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("total_weight")
        if self.instance.pk and total is not None and "total_weight" in self.changed_data:
            problems = []
            for group in self.instance.groups.prefetch_related("indicators"):
                weights = [indicator.weight for indicator in group.indicators.all()]
                if weights:
                    problems += [f"{group.name}: {problem}" for problem in weight_problems(total, weights)]
            if problems:
                self.add_error(
                    "total_weight",
                    [*problems, gettext("Change the groups' weights first, or keep the total.")],
                )
        return cleaned


class RuleGroupAdminForm(forms.ModelForm):
    class Meta:
        model = RuleGroup
        fields = ["rule_set", "code", "name", "name_en", "cutoff_basis", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "rule_set" in self.fields:
            # A group stays in its rule set: moving it would carry its weights to another total.
            self.fields["rule_set"].disabled = True


class FirmYearAdminForm(forms.ModelForm):
    """The figures' checks of efficiency.firmyears, as the import makes them, at each field."""

    # Typed with gaps (as on a licence) a code is longer than the 18 characters it is stored in.
    credit_code = forms.CharField(label=FirmYear._meta.get_field("credit_code").verbose_name, max_length=40, strip=True)

    class Meta:
        model = FirmYear
        fields = [name for name in FIRM_YEAR_FIELDS if name not in ("enterprise", "is_demo")]

    def clean_credit_code(self):
        # Normalised before the model's checks, so that the one-row-per-firm-and-year check sees the stored form.
        return normalise_credit_code(self.cleaned_data["credit_code"])

    def _post_clean(self):
        super()._post_clean()
        for field, messages in firm_year_problems(self.instance).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, messages)
            elif field not in self.fields:
                self.add_error(None, messages)


class RunForm(forms.Form):
    """Run the evaluation over one rule set's year (efficiency.services.resultset_run)."""

    rule_set = forms.ModelChoiceField(
        label=_("rule set"),
        queryset=RuleSet.objects.order_by("-year", "name"),
        help_text=_(
            "The engine scores every firm-year of the rule set's year by its rules. "
            "A draft result set of the same rules is computed again; a final one is never changed."
        ),
    )


class NoticeForm(forms.Form):
    """Put a result set on public notice (公示): its dates and whether the class list is published."""

    starts_on = forms.DateField(label=_("notice from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("notice until"), widget=forms.DateInput(attrs={"type": "date"}))
    show_classes = forms.BooleanField(
        label=_("publish the class list during notice"),
        required=False,
        help_text=_("Names and classes only; never a figure or a score."),
    )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The notice cannot end before it starts."))
        return cleaned


class RenewalSpaceForm(forms.Form):
    """A renewal candidate's space record: what staff write. Nothing of the firm is copied into it."""

    name = forms.CharField(
        label=_("space name"),
        max_length=160,
        help_text=_(
            "Shown on the site once the space is published. Describe the site (e.g. its road or parcel); "
            "the firm's name is written here only when the zone decides to make it public."
        ),
    )
    zone = forms.ModelChoiceField(label=_("zone"), queryset=None)
    area_mu = forms.DecimalField(
        label=_("land area (mu)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Filled in from the firm-year's own and leased land; change it if the site differs."),
    )
    status = forms.ChoiceField(label=_("status"), choices=())

    def __init__(self, *args, **kwargs):
        from spaces.models import Space
        from zones.models import Zone

        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.order_by("order", "id")
        self.fields["zone"].label_from_instance = lambda zone: zone.name_i18n
        self.fields["status"].choices = Space.Status.choices
