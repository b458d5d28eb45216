"""Sample service requests (`generate_demo_data --service-requests N`), so /service/'s figures show on `make run`.

Every row has ``is_demo=True`` and an enterprise name starting with 示例; /service/ counts them only
while no real request exists, and labels the figures as samples. They are written through
service.services (the same reference counter, due dates and stage log as real requests) but send
no mail. No officer is invented: the requests are routed to the grids that exist.
"""

import datetime
import random

from django.utils import timezone

from service.models import ServiceCategory, ServiceRequest, ServiceStageLog
from service.services import service_request_move, service_request_submit
from zones.models import ServiceGrid, Zone

DEMO_PREFIX = "示例"


class DemoServiceError(Exception):
    pass


def demo_service_requests_generate(*, count: int, seed: int = 2022) -> int:
    grids = list(ServiceGrid.objects.select_related("zone"))
    zones = list(Zone.objects.all())
    categories = list(ServiceCategory.objects.for_enterprises())  # not the barrier reports of /accessibility/
    if not grids or not zones or not categories:
        raise DemoServiceError("Sample requests need service grids, zones and request categories: load the seed first.")
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    now = timezone.now()
    for number in range(count):
        grid = rng.choice(grids)
        created = now - datetime.timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 8))
        request = service_request_submit(
            form_data={
                "enterprise_name": f"{DEMO_PREFIX}企业{number + 1:04d}",
                "zone": grid.zone or rng.choice(zones),  # the report does not say which zone a grid serves
                "contact_name": "示例联系人",
                "phone": "",
                "email": "",
                "category": rng.choice(categories),
                "description": "示例诉求：用于演示，并非真实数据。",
                "consent": True,
            },
            is_demo=True,
            now=created,
        )
        if request.grid_id is None:
            request.grid = grid
            request.save(update_fields=["grid"])
        roll = rng.random()
        moved = None
        if roll < 0.75:
            resolved = created + datetime.timedelta(days=rng.randint(1, 20))
            if resolved < now:
                service_request_move(
                    service_request=request, to_stage=ServiceRequest.Stage.RESOLVED, user=None, now=resolved
                )
                moved = resolved
                if rng.random() < 0.6:
                    request.rating = rng.choice([3, 4, 4, 5, 5, 5])
                    request.stage = ServiceRequest.Stage.CONFIRMED
                    request.rated_at = resolved
                    request.save(update_fields=["rating", "stage", "rated_at"])
        elif roll < 0.85:
            moved = min(now, created + datetime.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6)))
            service_request_move(service_request=request, to_stage=ServiceRequest.Stage.ACCEPTED, user=None, now=moved)
        _date_stage_log(request, created=created, moved=moved)
    return count


def _date_stage_log(request, *, created, moved) -> None:
    """The stage log's times as the sample's story has them (the log stamps the moment a row is written): its
    receipt, and its one move; /figures/ measures the steps from them."""
    log = ServiceStageLog.objects.filter(request=request)
    move = log.filter(from_stage=ServiceRequest.Stage.SUBMITTED).exclude(to_stage=ServiceRequest.Stage.SUBMITTED)
    if moved is not None:
        move.update(changed_at=moved)
    log.exclude(pk__in=move.values("pk")).update(changed_at=created)


def demo_service_requests_remove() -> int:
    samples = ServiceRequest.objects.filter(is_demo=True)
    count = samples.count()
    samples.delete()
    return count
