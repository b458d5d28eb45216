"""Filters on a zone or a service grid, for every directory whose rows point to one (core.directory)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.directory import database_choices
from zones.models import ServiceGrid, Zone


def zone_choices():
    return database_choices("zones", lambda: [(z.slug, z.name_i18n) for z in Zone.objects.ordered()])


def grid_choices():
    return database_choices("grids", lambda: [(g.number, g.name_i18n) for g in ServiceGrid.objects.order_by("order")])


def zone_filter(field_name: str = "zone__slug"):
    """`zone`: a Zone slug (`north`, `central`, `south`)."""
    return django_filters.ChoiceFilter(
        label=_("Zone"), field_name=field_name, choices=zone_choices, empty_label=_("All zones")
    )


def grid_filter(field_name: str = "grid__number"):
    """`grid`: a ServiceGrid number (1–5)."""
    return django_filters.ChoiceFilter(
        label=_("Service grid"), field_name=field_name, choices=grid_choices, empty_label=_("All grids")
    )
