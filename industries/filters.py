"""The industry filter, for every directory whose rows point to an Industry (core.directory)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.directory import database_choices
from industries.models import Industry


def industry_choices():
    return database_choices(
        "industries", lambda: [(i.slug, i.name_i18n) for i in Industry.objects.order_by("order", "id")]
    )


def industry_filter(field_name: str = "industry__slug"):
    """`chain`: an Industry slug (`life-health`, …)."""
    return django_filters.ChoiceFilter(
        label=_("Industry"), field_name=field_name, choices=industry_choices, empty_label=_("All industries")
    )
