"""The service desk's figures on the staff home page: open, overdue and resolved this month, per grid.

Counted over the real requests the user may see (a grid officer: their grids; the desk: all), in one
query; samples (is_demo) are left out, as everywhere on the dashboard.
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from service.models import ServiceRequest
from service.permissions import visible_requests


def _changelist(**params) -> str:
    url = reverse("admin:service_servicerequest_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def service_counts(user) -> list | None:
    """None for staff who may not see requests; else per grid: (name, open, overdue, resolved this month, url)."""
    if not user.has_perm("service.view_servicerequest"):
        return None
    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    open_q = Q(stage__in=ServiceRequest.OPEN_STAGES)
    overdue_q = open_q & (
        Q(stage=ServiceRequest.Stage.SUBMITTED, acknowledge_due_at__lt=now) | Q(resolve_due_at__lt=now)
    )
    rows = (
        visible_requests(user, ServiceRequest.objects.filter(is_demo=False))
        .order_by("grid__order", "grid__number")
        .values("grid", "grid__name", "grid__order", "grid__number")
        .annotate(
            open=Count("id", filter=open_q),
            overdue=Count("id", filter=overdue_q),
            resolved=Count("id", filter=Q(resolved_at__gte=month_start)),
        )
    )
    return [
        (
            row["grid__name"] or "—",
            row["open"],
            row["overdue"],
            row["resolved"],
            (
                _changelist(grid__id__exact=row["grid"], is_demo__exact=0)
                if row["grid"]
                else _changelist(grid__isnull="True", is_demo__exact=0)
            ),
        )
        for row in rows
    ]
