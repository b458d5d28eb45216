"""Builders and measuring helpers shared by the public-site tests."""

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise
from projects.models import Project, ProjectImage, ProjectStageLog
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    ProjectFactory,
    RecognitionFactory,
    RecognitionTypeFactory,
    ZoneFactory,
)
from zones.models import ServiceGrid


def make_project(**kwargs) -> Project:
    """A project whose search text is filled in, as projects.services would do."""
    project = ProjectFactory(**kwargs)
    project.refresh_search()
    project.save(update_fields=["search_text", "search_tokens"])
    return project


def make_enterprise(**kwargs) -> Enterprise:
    enterprise = EnterpriseFactory(**kwargs)
    enterprise.refresh_search()
    enterprise.save(update_fields=["search_text", "search_tokens"])
    return enterprise


def populate(n: int) -> dict:
    """Add n published projects and n enterprises spread over three zones, with logs, images and recognitions."""
    zones = [
        ZoneFactory(slug=slug, name=name) for slug, name in (("north", "北智"), ("central", "中居"), ("south", "南创"))
    ]
    industries = [IndustryFactory(slug="life-health", name="生命健康"), IndustryFactory(slug="new-materials")]
    grids = [
        ServiceGrid.objects.get_or_create(number=i, defaults={"name": f"第{i}网格", "zone": zones[0]})[0]
        for i in (1, 2)
    ]
    kinds = [RecognitionTypeFactory(slug="high-tech"), RecognitionTypeFactory(slug="hidden-champion")]
    enterprises, projects = [], []
    for i in range(n):
        enterprise = make_enterprise(
            zone=zones[0] if i % 3 == 0 else zones[i % 3],
            industry=industries[i % 2],
            grid=grids[i % 2] if i % 3 == 0 else None,
            founded_year=2000 + i % 20,
        )
        RecognitionFactory(enterprise=enterprise, kind=kinds[i % 2])
        enterprises.append(enterprise)
        project = make_project(
            zone=zones[i % 3],
            industry=industries[i % 2],
            investor_enterprise=enterprise,
            investment=Decimal(i + 1),
            signed_on=datetime.date(2019 + i % 4, 1 + i % 12, 1),
        )
        ProjectStageLog.objects.create(project=project, to_stage="signed", changed_on=project.signed_on)
        ProjectImage.objects.create(project=project, image=f"projects/images/{i}.jpg", alt_text=f"图片{i}")
        projects.append(project)
    return {"zones": zones, "industries": industries, "grids": grids, "kinds": kinds, "projects": projects}


def count_queries(client, url: str) -> int:
    """Queries of one GET on a cold cache (the worst case), after checking it answers 200."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)
