"""Edit history (who, when, old → new, revert, deletion kept) and data freshness (filter, action)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from projects.models import Project
from tests.factories import EnterpriseFactory, IndicatorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_superuser=True)
    client.force_login(user)
    return user


def project_form(project, **changes):
    data = {
        "code": project.code,
        "name": project.name,
        "slug": project.slug,
        "investor": project.investor,
        "industry": project.industry_id,
        "zone": project.zone_id,
        "investment_disclosed": "on",
        "investment": str(project.investment),
        "signed_on": project.signed_on.isoformat(),
        "stage": project.stage,
        "status": project.status,
        "is_published": "on",
        "last_verified_on": project.last_verified_on.isoformat() if project.last_verified_on else "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "stage_log-TOTAL_FORMS": "0",
        "stage_log-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_history_page_shows_who_when_and_old_to_new(client, editor):
    project = ProjectFactory(investment=Decimal("10.50"))
    response = client.post(
        reverse("admin:projects_project_change", args=[project.pk]), project_form(project, investment="20.00")
    )
    assert response.status_code == 302
    response = client.get(reverse("admin:projects_project_history", args=[project.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    latest = project.history.latest()
    assert latest.history_user == editor
    assert "editor" in content
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("investment", Decimal("10.50"), Decimal("20.00"))]
    assert "10.50" in content and "20.00" in content  # the Changes column: old → new


def test_revert_restores_an_earlier_version(client, editor):
    project = ProjectFactory(name="原名称")
    client.post(reverse("admin:projects_project_change", args=[project.pk]), project_form(project, name="新名称"))
    project.refresh_from_db()
    assert project.name == "新名称"
    first = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    response = client.get(url)
    assert response.status_code == 200 and "原名称" in response.content.decode()
    response = client.post(url, project_form(project, name="原名称"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "原名称"
    assert project.history.count() == 3
    assert "原名称" in project.search_text  # the revert went through the service


def test_revert_needs_change_permission(client):
    from django.contrib.auth.models import Permission

    project = ProjectFactory(name="原名称")
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_project"))
    client.force_login(viewer)
    record = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, record.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, project_form(project, name="被篡改")).status_code == 403
    project.refresh_from_db()
    assert project.name == "原名称"


def test_deleting_a_published_project_asks_for_confirmation_and_keeps_history(client, editor):
    project = ProjectFactory(is_published=True)
    pk = project.pk
    url = reverse("admin:projects_project_delete", args=[pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.templates[0].name.endswith("delete_confirmation.html")
    assert Project.objects.filter(pk=pk).exists()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=pk).exists()
    records = Project.history.filter(id=pk)
    assert records.count() == 2
    deletion = records.latest()
    assert deletion.history_type == "-" and deletion.history_user == editor


@pytest.mark.parametrize(
    ("factory", "admin_name"),
    [(EnterpriseFactory, "enterprises_enterprise"), (IndicatorFactory, "portal_indicator")],
)
def test_history_pages_of_other_models(client, editor, factory, admin_name):
    obj = factory()
    response = client.get(reverse(f"admin:{admin_name}_history", args=[obj.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [("stale", {"stale"}), ("fresh", {"fresh"}), ("never", {"never"}), ("due", {"stale", "never"}), (None, None)],
)
def test_verification_filter(client, editor, settings, value, expected):
    settings.STALE_AFTER_DAYS = 180
    today = datetime.date.today()
    rows = {
        "fresh": ProjectFactory(last_verified_on=today - datetime.timedelta(days=180)),
        "stale": ProjectFactory(last_verified_on=today - datetime.timedelta(days=181)),
        "never": ProjectFactory(last_verified_on=None),
    }
    params = {"verification": value} if value else {}
    shown = set(client.get(reverse("admin:projects_project_changelist"), params).context["cl"].result_list)
    wanted = set(rows.values()) if expected is None else {rows[name] for name in expected}
    assert shown == wanted


@pytest.mark.parametrize(("factory", "model"), [(ProjectFactory, Project), (EnterpriseFactory, Enterprise)])
def test_mark_verified_today_action(client, editor, factory, model):
    old = factory(last_verified_on=datetime.date(2020, 1, 1))
    untouched = factory(last_verified_on=None)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(url, {"action": "mark_verified", "_selected_action": [old.pk]})
    assert response.status_code == 302
    old.refresh_from_db()
    untouched.refresh_from_db()
    assert old.last_verified_on == datetime.date.today()
    assert untouched.last_verified_on is None
    record = old.history.latest()
    assert record.history_user == editor and record.last_verified_on == datetime.date.today()


def test_export_respects_changelist_filters(client, editor):
    ProjectFactory(code="QK-2021-00101", stage=Project.Stage.SIGNED)
    ProjectFactory(code="QK-2021-00102", stage=Project.Stage.CONSTRUCTION, started_on=datetime.date(2022, 1, 1))
    url = reverse("admin:projects_project_export") + "?stage__exact=construction"
    response = client.post(
        url, {"format": "0", "resource": "0", "projectresource_code": "on", "projectresource_stage": "on"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # streamed (core.spreadsheets)
    assert "QK-2021-00102" in text and "QK-2021-00101" not in text


@pytest.mark.parametrize(
    ("admin_name", "factory"),
    [
        ("projects_project", ProjectFactory),
        ("enterprises_enterprise", EnterpriseFactory),
        ("portal_indicator", IndicatorFactory),
    ],
)
def test_export_to_xlsx(client, editor, admin_name, factory):
    factory()
    response = client.get(reverse(f"admin:{admin_name}_export"))
    assert response.status_code == 200
    form = response.context["form"]
    data = {"format": "1", "resource": "0"}
    data.update({name: "on" for name in form.fields if name not in {"format", "resource", "export_items"}})
    response = client.post(reverse(f"admin:{admin_name}_export"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # streamed (core.spreadsheets)


def test_export_defuses_formulas_but_keeps_numbers(client, editor):
    ProjectFactory(code="QK-2021-00201", name='=HYPERLINK("http://evil")', investment=Decimal("7.25"))
    response = client.post(
        reverse("admin:projects_project_export"),
        {"format": "1", "resource": "0", "projectresource_name": "on", "projectresource_investment": "on"},
    )
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0].startswith("'=")
    assert rows[1][1] == 7.25


def test_reverting_a_stage_change_is_logged(client, editor):
    from projects.models import ProjectStageLog

    project = ProjectFactory(stage=Project.Stage.SIGNED)
    change_url = reverse("admin:projects_project_change", args=[project.pk])
    client.post(change_url, project_form(project, stage="construction", started_on="2022-01-01"))
    project.refresh_from_db()
    assert project.stage == "construction"
    first = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    assert client.post(url, project_form(project, stage="signed", started_on="")).status_code == 302
    log = ProjectStageLog.objects.filter(project=project).latest("id")
    assert (log.from_stage, log.to_stage) == ("construction", "signed")
