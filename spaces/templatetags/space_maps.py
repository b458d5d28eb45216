"""`{% space_map rows %}`: the map of a list page's spaces (spaces.maps), a cached fragment.

Its HTML depends on the rows of the page (their identities, core.pagination.row_identity), the zones
and the published spaces' positions (public content: the content version moves with any edit of
them) and the language; it is remembered under those, so a page whose cards and map are in the cache
reads no row (core.pagination.PageRows).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_value
from core.pagination import row_identity
from spaces.maps import space_positions

register = template.Library()


@register.simple_tag
def space_map(rows):
    identities = getattr(rows, "identities", None)
    if identities is None:
        rows = list(rows)
        identities = [row_identity(row) for row in rows]

    def render():
        positions = space_positions(rows)
        if not positions["points"]:
            return ""
        return render_to_string("spaces/includes/space_map.html", {"space_map": positions})

    return mark_safe(cached_value("space-map", (get_language() or "", tuple(identities)), render))  # noqa: S308 - a rendered template
