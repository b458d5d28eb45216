"""Filters of the policy library, /policies/ (the query parameters are a public contract).

| parameter | value | meaning |
| --- | --- | --- |
| `q` | text, at most 200 characters | keyword over title, document number (文号), issuer and summary |
| `level` | `national`, `provincial`, `municipal`, `district`, `zone` | issuing level |
| `theme` | a Theme slug (`talent`, …) | policies filed under that theme |
| `chain` | an Industry slug (`life-health`, …) | policies naming that industry |
| `status` | `in_force` (default, expiring ones included), `expiring`, `expired`, `all` | status on today's date |
| `sort` | `newest` (default: latest published first), `expiring` (soonest end first) | order |
| `page` | 1, 2, … | a page past the end is a 404 |

A bad value is reported next to its field and the list stays empty until it is corrected.
"""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import cached_value
from industries.models import Industry
from policies.models import Policy, Theme

Q_MAX_LENGTH = 200
CHOICES_TTL = 60  # seconds


def _cached_choices(name: str, build):
    """(value, label) pairs from the database, per language and content version (core/cache.py)."""
    return cached_value(
        f"choices:{name}",
        (get_language() or "",),
        lambda: [(str(value), str(label)) for value, label in build()],
        timeout=CHOICES_TTL,
    )


def theme_choices():
    return _cached_choices("policy-themes", lambda: [(t.slug, t.name_i18n) for t in Theme.objects.all()])


def industry_choices():
    return _cached_choices(
        "industries", lambda: [(i.slug, i.name_i18n) for i in Industry.objects.order_by("order", "id")]
    )


class PolicyFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PolicyFilter(django_filters.FilterSet):
    STATUS_DEFAULT = "in_force"
    SORTS = {
        "newest": (F("published_on").desc(nulls_last=True), "-id"),
        "expiring": (F("in_force_until").asc(nulls_last=True), "id"),
    }

    q = django_filters.CharFilter(
        label=_("Keyword"), method="search", max_length=Q_MAX_LENGTH, help_text=_("Title, document number or issuer")
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Policy.Level.choices, empty_label=_("All levels"))
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), field_name="themes__slug", choices=theme_choices, empty_label=_("All themes")
    )
    chain = django_filters.ChoiceFilter(
        label=_("Industry"), field_name="industries__slug", choices=industry_choices, empty_label=_("All industries")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[
            ("in_force", _("In force")),
            ("expiring", _("Expiring within 90 days")),
            ("expired", _("Expired")),
            ("all", _("All")),
        ],
        empty_label=None,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        choices=[("newest", _("Newest first")), ("expiring", _("Ending soonest"))],
        empty_label=None,
    )

    class Meta:
        model = Policy
        fields = ["q", "level", "theme", "chain", "status", "sort"]
        form = PolicyFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Absent: the defaults apply (in force, newest first), see filter_queryset().
        self.form.fields["status"].required = False
        self.form.fields["sort"].required = False

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset(), so that the default applies too

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status") or self.STATUS_DEFAULT
        if status == "in_force":
            queryset = queryset.in_force()
        elif status == "expiring":
            queryset = queryset.expiring()
        elif status == "expired":
            queryset = queryset.expired()
        return queryset.order_by(*self.SORTS[self.form.cleaned_data.get("sort") or "newest"])
