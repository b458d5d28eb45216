"""The "related policies" block on project and enterprise pages, composed on the top floor.

The directories do not import each other: a project or enterprise template calls this tag, and
only `portal` knows both sides. The block lists policies in force that name the page's industry and
sends the reader to the checker; it never says the enterprise qualifies (only the checker does,
with its reasons).
"""

from django import template
from django.utils.translation import get_language

from core.cache import cached_value
from policies.models import Policy

register = template.Library()
RELATED_SHOWN = 5


@register.inclusion_tag("portal/includes/related_policies.html")
def related_policies(industry):
    if industry is None:
        return {"policies": []}
    policies = cached_value(
        "related-policies",
        (industry.pk, get_language()),
        lambda: list(
            Policy.objects.public()
            .in_force()
            .for_industry(industry.pk)
            .order_by("-published_on", "-id")
            .only("slug", "title", "title_en", "is_demo", "in_force_from", "in_force_until")[:RELATED_SHOWN]
        ),
    )
    return {"policies": policies, "industry": industry}
