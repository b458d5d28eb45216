"""The space register's figures on the staff home page: counts by kind, zone and status, linked to the changelist.

Kept apart from the rest of the dashboard so that it can sit wherever the dashboard lives.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from spaces.models import Space


def _changelist(**params) -> str:
    url = reverse("admin:spaces_space_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def space_counts(user) -> dict | None:
    """None for staff who may not see spaces; else three lists of (label, count, url), and the stale count."""
    if not user.has_perm("spaces.view_space"):
        return None
    by_kind = dict(Space.objects.order_by().values_list("kind").annotate(n=Count("id")))
    by_status = dict(Space.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_zone = (
        Space.objects.order_by("zone__order", "zone")
        .values("zone", "zone__name", "zone__order")
        .annotate(n=Count("id"))
    )
    return {
        "by_kind": [
            (label, by_kind.get(value, 0), _changelist(kind__exact=value)) for value, label in Space.Kind.choices
        ],
        "by_status": [
            (label, by_status.get(value, 0), _changelist(status__exact=value)) for value, label in Space.Status.choices
        ],
        "by_zone": [(row["zone__name"], row["n"], _changelist(zone__id__exact=row["zone"])) for row in by_zone],
        "stale": Space.objects.public().on_offer().stale(settings.STALE_AFTER_DAYS).count(),
        "stale_url": _changelist(verification="due", is_published__exact=1),
    }
