"""The eligibility checker's profile form (GET, every field optional).

Each field is validated on its own: a bad value is reported next to its field and treated as
"not given", while the other fields still count. Values no enterprise can have (negative,
or beyond the bounds below) are refused the same way. Parameters the form does not know are ignored.

The query parameters are a public contract (bookmarks and shared answers rely on them); their
units are the same on Chinese and English pages, and English pages convert them for the reader
beside the input ("1 = RMB 100 million") without changing what a parameter means:

| parameter | value |
| --- | --- |
| `industry` | an Industry slug |
| `in_zone` | `yes` already registered or located in the zone, `planning` planning to come, `no` neither |
| `founded_year` | 1800 – this year |
| `investment` | planned or fixed-asset investment in 亿元 (100 million yuan), 0 – 100,000 |
| `employees` | 0 – 5,000,000 |
| `revenue` | annual revenue in 万元 (10,000 yuan), 0 – 1,000,000,000 |
| `rd_share` | R&D spending, per cent of revenue, 0 – 100 |
| `recognitions` | Recognition codes, repeated; `none` for "none of these" |
| `hq_relocation` | `yes`, `no` |
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import cached_value
from core.formrender import PythonWidgetRenderer
from industries.filters import industry_choices
from industries.models import Industry
from policies.eligibility import Presence, Profile, quantity
from policies.models import Condition, Recognition

YES_NO = [("", _("Not sure / skip")), ("yes", _("Yes")), ("no", _("No"))]
PRESENCE = [
    ("", _("Not sure / skip")),
    (Presence.HERE.value, _("Already here: registered or located in the zone")),
    (Presence.PLANNING.value, _("Planning to come to the zone")),
    (Presence.NEITHER.value, _("Neither")),
]
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
    # Rendered on every checker request: its widgets written in Python (core/formrender.py).
    default_renderer = PythonWidgetRenderer
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    in_zone = forms.ChoiceField(
        label=_("Is your enterprise in the zone?"), choices=PRESENCE, required=False, widget=forms.RadioSelect
    )
    founded_year = forms.IntegerField(
        label=_("Year founded"),
        required=False,
        min_value=1800,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    investment = forms.DecimalField(
        label=_("Planned or fixed-asset investment (in units of RMB 100 million)"),
        help_text=_("In 亿元: 1 = RMB 100 million, 0.5 = RMB 50 million, 10 = RMB 1 billion."),
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
        label=_("Annual revenue (in units of RMB 10,000)"),
        help_text=_("In 万元: 100 = RMB 1 million, 2000 = RMB 20 million, 10000 = RMB 100 million."),
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

    def reader_amounts(self) -> dict[str, str]:
        """On English pages, the amounts given in the reader's units: {"investment": "RMB 250 million"}.

        The inputs keep the contract's units (亿元, 万元), which Chinese labels already name.
        """
        if not self.is_bound or not (get_language() or "").startswith("en"):
            return {}
        self.is_valid()  # fills cleaned_data with the valid answers
        amounts = {}
        for name, kind in (("investment", Condition.Kind.INVESTMENT), ("revenue", Condition.Kind.REVENUE)):
            value = self.cleaned_data.get(name)
            if value is not None:
                amounts[name] = quantity(kind, value)
        return amounts

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
            in_zone=Presence(data["in_zone"]) if data.get("in_zone") else None,
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
