"""Every admin changelist, add and change page answers 200 for a superuser, in bounded queries."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from api.models import CatalogueSettings
from core.models import SpreadsheetJob, WorkingDayOverride
from news.models import NewsItem
from news.services import news_save
from portal.models import SiteSettings
from tests.efficiency.admin_factories import make_efficiency_rows
from tests.factories import (
    EnterpriseFactory,
    IndicatorFactory,
    InquiryFactory,
    OfficerProfileFactory,
    PlatformFactory,
    ProjectFactory,
    RecognitionFactory,
    ServiceGridFactory,
    SpaceFactory,
    UserFactory,
)
from tests.policies.factories import ConditionFactory, MeasureFactory, PolicyFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    return client


def make_rows(n):
    for _ in range(n):
        project = ProjectFactory()
        enterprise = EnterpriseFactory(zone=project.zone, industry=project.industry)
        RecognitionFactory(enterprise=enterprise)
        PlatformFactory(zone=project.zone)
        IndicatorFactory()
        InquiryFactory(zone=project.zone, industry=project.industry)
        grid = ServiceGridFactory(zone=project.zone)
        grid.officers.add(UserFactory())
        ConditionFactory(measure=MeasureFactory(policy=PolicyFactory()), kind="employees", minimum=10)
        ThemeFactory()
        SpaceFactory(zone=project.zone).target_industries.add(project.industry)
        chain_node_row(project.industry)
        OfficerProfileFactory()
        service_request_row(project.zone)
        subscription_row()
        make_efficiency_rows(1)
    Group.objects.get_or_create(name="editors")
    if not SiteSettings.objects.exists():  # a single row (the footer facts)
        SiteSettings.objects.create(hotline="0571-0000 0000")
    CatalogueSettings.objects.get_or_create()  # the open-data licence: one row once staff save it
    SpreadsheetJob.objects.create(
        kind="export", model_label="projects.project", source="core.spreadsheets.jobs.resource_rows", file_name="p.csv"
    )
    WorkingDayOverride.objects.get_or_create(date=datetime.date(2027, 1, 1), defaults={"is_working_day": False})
    news_save(item=NewsItem(title="资讯", summary="摘要", body="正文"), user=UserFactory())
    registration_row()  # last: its event is a published news item, which must not be the first news row opened


def chain_node_row(industry):
    """A link of the industry's chain, with a sub-link under it (issue 28)."""
    from industries.models import ChainNode

    top = ChainNode.objects.create(industry=industry, stage="upstream", name=f"上游{ChainNode.objects.count()}")
    ChainNode.objects.create(industry=industry, stage="upstream", name="子环节", parent=top)


def subscription_row():
    """A confirmed e-mail subscription (alerts), as the reader's confirm link leaves it."""
    from django.utils import timezone

    from alerts.models import Subscription
    from alerts.tokens import new_key

    now = timezone.now()
    Subscription.objects.create(
        email="reader@example.com", language="zh-hans", key=new_key(), events=True, confirmed_at=now
    )


def service_request_row(zone):
    """A service request with a note, a stage change, a mail and an attachment, for the desk's admin pages."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from service.models import ServiceAttachment
    from service.services import service_request_add_note
    from tests.service.conftest import ensure_desk_rows, make_request

    ensure_desk_rows()
    request = make_request(enterprise=EnterpriseFactory(zone=zone))
    service_request_add_note(service_request=request, author=UserFactory(), text="note")
    ServiceAttachment.objects.create(
        request=request,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=15,
    )


def registration_row():
    """An event with a confirmed registration and one on the waiting list."""
    from tests.registrations.conftest import make_event, register

    event = make_event(capacity=1)
    register(event, email="first@example.com")
    register(event, phone="13812345678")


def registered_models():
    return list(admin.site._registry)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("rows", [2, 12])
def test_every_changelist_answers_200_in_bounded_queries(superuser_client, django_assert_max_num_queries, rows):
    make_rows(rows)
    for model in registered_models():
        with django_assert_max_num_queries(MAX_QUERIES):
            response = superuser_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, model


def test_changelist_queries_do_not_grow_with_rows(superuser_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = {}
        for model in registered_models():
            with CaptureQueriesContext(connection) as ctx:
                superuser_client.get(admin_url(model, "changelist"))
            result[model.__name__] = len(ctx.captured_queries)
        return result

    make_rows(2)
    small = counts()
    make_rows(10)
    large = counts()
    assert small == large


def test_every_add_page_answers_200(superuser_client):
    for model in registered_models():
        response = superuser_client.get(admin_url(model, "add"))
        assert response.status_code in {200, 403}, model
        if response.status_code == 403:
            assert not admin.site._registry[model].has_add_permission(response.wsgi_request)


def make_job_rows():
    """A finished job, a failed one and one still queued, for the job runner's admin pages."""
    from django_q.tasks import async_task

    from tests.conftest import run_queued_jobs

    async_task("math.floor", 1.5)
    async_task("math.floor", "not a number")
    run_queued_jobs()
    async_task("math.floor", 2.5)


def test_every_change_page_answers_200_in_bounded_queries(
    seeded, job_schedules, superuser_client, django_assert_max_num_queries
):
    make_rows(3)
    make_job_rows()
    for model in registered_models():
        obj = model._default_manager.first()
        if model._meta.app_label == "axes":
            continue  # lock-out records exist only after failed log-ins; tested with the lock-out
        assert obj is not None, f"no {model.__name__} to open"
        with django_assert_max_num_queries(MAX_QUERIES):
            response = superuser_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, model


def test_admin_refuses_a_negative_investment_with_a_message(superuser_client):
    project = ProjectFactory()
    data = {
        "code": project.code,
        "name": project.name,
        "slug": project.slug,
        "investor": project.investor,
        "industry": project.industry_id,
        "zone": project.zone_id,
        "investment_disclosed": "on",
        "investment": "-5",
        "signed_on": "2021-06-01",
        "production_on": "2021-01-01",
        "stage": "signed",
        "status": "on_track",
        "is_published": "on",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "stage_log-TOTAL_FORMS": "0",
        "stage_log-INITIAL_FORMS": "0",
    }
    response = superuser_client.post(admin_url(type(project), "change", project.pk), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "investment" in errors and "production_on" in errors
    project.refresh_from_db()
    assert project.investment == 10.5
