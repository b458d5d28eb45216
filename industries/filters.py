"""The industry filter, for every directory whose rows point to an Industry (core.directory)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.directory import database_choices
from industries.labels import industry_labels
from industries.models import Industry


def industry_choices():
    def build():
        industries = list(Industry.objects.order_by("order", "id"))
        labels = industry_labels(industries)  # 智能制造（一智） apart from 智能制造（五链）
        return [(i.slug, labels[i.pk]) for i in industries]

    return database_choices("industries", build)


def industry_filter(field_name: str = "industry__slug"):
    """`chain`: an Industry slug (`life-health`, …)."""
    return django_filters.ChoiceFilter(
        label=_("Industry"), field_name=field_name, choices=industry_choices, empty_label=_("All industries")
    )
