"""The eligibility checker's profile form (GET, every field optional).

Each field is validated on its own: a bad value is reported next to its field and treated as
"not given", while the other fields still count. Values no enterprise can have (negative,
or beyond the bounds below) are refused the same way. Parameters the form does not know are ignored.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.cache import cached_value
from industries.filters import industry_choices
from industries.models import Industry
from policies.eligibility import Profile
from policies.models import Recognition

YES_NO = [("", _("Not sure / skip")), ("yes", _("Yes")), ("no", _("No"))]
NONE_OF_THESE = "none"
FIELD_NAMES = (
    "industry",
    "in_zone",
    "founded_year",
    "investment",
    "employees",
    "revenue",
    "rd_share",
    "recognitions",
    "hq_relocation",
)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CheckerForm(forms.Form):
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    in_zone = forms.ChoiceField(
        label=_("Registered or located in the zone?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    founded_year = forms.IntegerField(
        label=_("Year founded"),
        required=False,
        min_value=1800,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    investment = forms.DecimalField(
        label=_("Planned or fixed-asset investment (100 million yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    employees = forms.IntegerField(
        label=_("Employees"),
        required=False,
        min_value=0,
        max_value=5_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    revenue = forms.DecimalField(
        label=_("Annual revenue (10,000 yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("1000000000"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    rd_share = forms.DecimalField(
        label=_("R&D spending as a share of revenue (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    recognitions = forms.MultipleChoiceField(
        label=_("Recognitions held"),
        required=False,
        choices=[*Recognition.choices, (NONE_OF_THESE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to skip the question."),
    )
    hq_relocation = forms.ChoiceField(
        label=_("Moving your headquarters into the zone?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", _("Not sure / skip")), *industry_choices()]
        this_year = datetime.date.today().year
        self.fields["founded_year"].max_value = this_year
        self.fields["founded_year"].validators.append(MaxValueValidator(this_year))
        self.fields["founded_year"].widget.attrs["max"] = this_year

    def clean_recognitions(self):
        chosen = self.cleaned_data["recognitions"]
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(_("“None of these” cannot be ticked together with a recognition."))
        return chosen

    @property
    def was_submitted(self) -> bool:
        return self.is_bound and any(name in self.data for name in FIELD_NAMES)

    def profile(self) -> Profile:
        """The valid answers as a Profile; a field with an error counts as not given."""
        self.is_valid()  # runs the validation; errors stay on the form, shown next to their fields
        data = self.cleaned_data
        industry_id = None
        if data.get("industry"):
            industry_id = _industry_id(data["industry"])
        recognitions = data.get("recognitions")
        return Profile(
            industry_id=industry_id,
            in_zone=_yes_no(data.get("in_zone", "")),
            founded_year=data.get("founded_year"),
            investment=data.get("investment"),
            employees=data.get("employees"),
            revenue=data.get("revenue"),
            rd_share=data.get("rd_share"),
            recognitions=frozenset(r for r in recognitions if r != NONE_OF_THESE) if recognitions else None,
            hq_relocation=_yes_no(data.get("hq_relocation", "")),
        )


def _industry_id(slug: str) -> int | None:
    return dict(_industry_ids()).get(slug)


def _industry_ids():
    return cached_value("industry-ids", (), lambda: list(Industry.objects.values_list("slug", "pk")))
