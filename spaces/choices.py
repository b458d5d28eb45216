"""Zone and industry choices of the space filters, from the database through a short-lived cache.

The same helper as the other directories' (projects.filters.cached_choices), kept here because
the directories do not import each other.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from core.cache import content_version
from industries.models import Industry
from zones.models import Zone

CHOICES_TTL = 60  # seconds


def cached_choices(name: str, build):
    key = f"choices:{name}:{get_language() or ''}:{content_version()}"
    choices = cache.get(key)
    if choices is None:
        choices = [(str(value), str(label)) for value, label in build()]
        cache.set(key, choices, CHOICES_TTL)
    return choices


def zone_choices():
    return cached_choices("zones", lambda: [(z.slug, z.name_i18n) for z in Zone.objects.ordered()])


def chain_choices():
    return cached_choices(
        "industries", lambda: [(i.slug, i.name_i18n) for i in Industry.objects.order_by("order", "id")]
    )
