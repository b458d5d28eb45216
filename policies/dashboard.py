"""The policies' part of the staff home page: what ends within 90 days, so staff can verify or renew it."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse

from policies.models import Policy, Status

EXPIRING_SHOWN = 20


def expiring_policies(user, *, day: datetime.date | None = None) -> dict | None:
    """Policies in force that end within 90 days, soonest first; None when the user may not see policies.

    Rendered by the template policies/includes/dashboard_expiring.html.
    """
    if not user.has_perm("policies.view_policy"):
        return None
    queryset = Policy.objects.expiring(day).order_by("in_force_until", "id")
    changelist = reverse("admin:policies_policy_changelist")
    return {
        "policies": list(queryset[:EXPIRING_SHOWN]),
        "count": queryset.count(),
        "url": f"{changelist}?{urlencode({'status': Status.EXPIRING})}",
    }
