"""Each staff role logs in and is shown, by direct URL, exactly what it may do."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from enterprises.models import Enterprise, RecognitionType
from industries.models import Industry
from inquiries.models import Inquiry
from portal.models import Indicator, PageBlock
from projects.models import Project
from staff import roles
from tests.factories import (
    EnterpriseFactory,
    IndicatorFactory,
    InquiryFactory,
    PlatformFactory,
    ProjectFactory,
    RecognitionFactory,
    ServiceGridFactory,
    UserFactory,
    ZoneFactory,
)
from zones.models import Platform, ServiceGrid, Zone

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def groups(migrated_roles):
    """The groups as `migrate` made them (restored from tests/conftest.py's copy after a flushing test)."""
    return migrated_roles


@pytest.fixture
def data(db):
    zone = ZoneFactory()
    own_grid = ServiceGridFactory(zone=zone)
    other_grid = ServiceGridFactory(zone=zone)
    project = ProjectFactory(zone=zone)
    own = EnterpriseFactory(zone=zone, industry=project.industry, grid=own_grid)
    other = EnterpriseFactory(zone=zone, industry=project.industry, grid=other_grid)
    no_grid = EnterpriseFactory(zone=zone, industry=project.industry, grid=None)
    RecognitionFactory(enterprise=own)
    PlatformFactory(zone=zone)
    IndicatorFactory()
    PageBlock.objects.create(page="about", key="intro", title="简介", body="正文")
    InquiryFactory(zone=zone)
    return {"own_grid": own_grid, "own": own, "other": other, "no_grid": no_grid, "project": project}


def login(client, role, **extra):
    user = UserFactory(username=f"u-{role or 'none'}", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


def url(model, action, obj=None):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
    return reverse(name, args=[obj.pk] if obj is not None else [])


def statuses(client, model):
    obj = model._default_manager.first()
    assert obj is not None, model
    return (
        client.get(url(model, "changelist")).status_code,
        client.get(url(model, "add")).status_code,
        client.get(url(model, "change", obj)).status_code,
        client.get(url(model, "delete", obj)).status_code,
    )


FULL = (200, 200, 200, 200)
# Inquiries arrive only through the public form: nobody adds one in the admin (inquiries/admin.py).
INQUIRY_OFFICER = (200, 403, 200, 403)  # a closed inquiry is anonymised, not deleted (docs/roles.md)
INQUIRY_FULL = (200, 403, 200, 200)
VIEW_ONLY = (200, 403, 200, 403)
NONE = (403, 403, 403, 403)

CONTENT_MODELS = [Zone, ServiceGrid, Platform, Industry, Project, Enterprise, RecognitionType, Indicator, PageBlock]


def test_migration_group_names_match_staff_roles():
    migration = import_module("staff.migrations.0001_roles")
    assert {
        migration.CONTENT_EDITOR,
        migration.INVESTMENT_OFFICER,
        migration.GRID_OFFICER,
        migration.ADMINISTRATOR,
    } == set(roles.ROLE_LABELS)
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_LABELS)


def test_migration_can_be_reversed_and_reapplied():
    migration = import_module("staff.migrations.0001_roles")
    migration.remove_roles(django_apps, None)
    assert not Group.objects.filter(name__in=roles.ROLE_LABELS).exists()
    migration.create_roles(django_apps, None)
    migration.create_roles(django_apps, None)  # idempotent
    assert Group.objects.filter(name__in=roles.ROLE_LABELS).count() == 4


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_content_editor_manages_content(client, data, model):
    login(client, roles.CONTENT_EDITOR)
    assert statuses(client, model) == FULL


@pytest.mark.parametrize("model", [Inquiry, User, Group])
def test_content_editor_cannot_reach_inquiries_or_accounts(client, data, model):
    if model is User:
        UserFactory(username="someone")
    if model is Group:
        pass  # the role groups exist
    login(client, roles.CONTENT_EDITOR)
    assert statuses(client, model) == NONE


def test_content_editor_has_no_inquiry_permission_at_all():
    group = Group.objects.get(name=roles.CONTENT_EDITOR)
    assert not group.permissions.filter(content_type__app_label="inquiries").exists()


def test_investment_officer_works_inquiries_and_only_views_the_rest(client, data):
    user = login(client, roles.INVESTMENT_OFFICER)
    assert statuses(client, Inquiry) == INQUIRY_OFFICER
    assert user.has_perm("inquiries.view_inquiry_personal_data")
    assert user.has_perm("inquiries.export_inquiry")
    for model in [Project, Enterprise, Zone, Industry]:
        assert statuses(client, model) == VIEW_ONLY, model
    for model in [PageBlock, Indicator, User]:
        if model is User:
            UserFactory(username="someone")
        assert statuses(client, model) == NONE, model


def test_investment_officer_cannot_post_a_project_change(client, data):
    login(client, roles.INVESTMENT_OFFICER)
    project = data["project"]
    response = client.post(url(Project, "change", project), {"name": "改名"})
    assert response.status_code == 403
    response = client.post(url(Project, "delete", project), {"post": "yes"})
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk, name=project.name).exists()


def enterprise_form(enterprise, **changes):
    data = {
        "name": enterprise.name,
        "short_name": enterprise.short_name,
        "slug": enterprise.slug,
        "zone": enterprise.zone_id,
        "grid": enterprise.grid_id or "",
        "industry": enterprise.industry_id,
        "founded_year": enterprise.founded_year or "",
        "listing_status": enterprise.listing_status,
        "exchange": enterprise.exchange,
        "listed_on": "",
        "summary": enterprise.summary,
        "website": "",
        "is_published": "on",
        "last_verified_on": "",
        "name_en": "",
        "summary_en": "",
        "recognitions-TOTAL_FORMS": "0",
        "recognitions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_grid_officer_edits_own_grid_and_only_views_others(client, data):
    user = login(client, roles.GRID_OFFICER)
    data["own_grid"].officers.add(user)
    own, other, no_grid = data["own"], data["other"], data["no_grid"]

    assert client.get(url(Enterprise, "changelist")).status_code == 200
    assert client.get(url(Enterprise, "add")).status_code == 403
    assert client.get(url(Enterprise, "delete", own)).status_code == 403

    response = client.get(url(Enterprise, "change", own))
    assert response.status_code == 200 and response.context["has_change_permission"] is True
    for read_only in (other, no_grid):
        response = client.get(url(Enterprise, "change", read_only))
        assert response.status_code == 200 and response.context["has_change_permission"] is False

    response = client.post(url(Enterprise, "change", own), enterprise_form(own, summary="网格内更新"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.summary == "网格内更新"

    response = client.post(url(Enterprise, "change", other), enterprise_form(other, summary="越权"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.summary != "越权"


def test_grid_officer_cannot_revert_another_grids_enterprise_through_history(client, data):
    user = login(client, roles.GRID_OFFICER)
    data["own_grid"].officers.add(user)
    other = data["other"]
    record = other.history.earliest()
    history_url = reverse("admin:enterprises_enterprise_simple_history", args=[other.pk, record.history_id])
    assert client.get(history_url).status_code == 200  # may look
    response = client.post(history_url, enterprise_form(other, summary="越权"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.summary != "越权"


def test_grid_officer_mark_verified_touches_only_own_grid(client, data):
    user = login(client, roles.GRID_OFFICER)
    data["own_grid"].officers.add(user)
    Enterprise.objects.update(last_verified_on=None)
    response = client.post(
        url(Enterprise, "changelist"),
        {"action": "mark_verified", "_selected_action": [data["own"].pk, data["other"].pk]},
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=data["own"].pk).last_verified_on is not None
    assert Enterprise.objects.get(pk=data["other"].pk).last_verified_on is None


def test_grid_officer_sees_no_projects_or_inquiries(client, data):
    login(client, roles.GRID_OFFICER)
    for model in [Project, Inquiry, PageBlock, Indicator]:
        assert statuses(client, model) == NONE, model
    assert statuses(client, Zone) == VIEW_ONLY


def test_administrator_manages_accounts_and_everything(client, data):
    UserFactory(username="someone")
    login(client, roles.ADMINISTRATOR)
    for model in [User, Group, *CONTENT_MODELS]:
        assert statuses(client, model) == FULL, model
    assert statuses(client, Inquiry) == INQUIRY_FULL


def test_staff_without_a_role_sees_nothing(client, data):
    login(client, None)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in [Project, Enterprise, Inquiry, User]:
        assert client.get(url(model, "changelist")).status_code == 403, model


def test_anonymous_is_sent_to_login(client, data):
    response = client.get(url(Project, "changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_content_editor_who_is_also_grid_officer_is_not_limited(client, data):
    user = login(client, roles.GRID_OFFICER)
    user.groups.add(Group.objects.get(name=roles.CONTENT_EDITOR))
    response = client.get(url(Enterprise, "change", data["other"]))
    assert response.context["has_change_permission"] is True


def test_investment_officer_holds_every_inquiries_permission_but_adding_and_deleting_inquiries():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=roles.INVESTMENT_OFFICER)
    every = set(
        Permission.objects.filter(content_type__app_label="inquiries").exclude(
            codename__in=["add_inquiry", "delete_inquiry"]
        )
    )
    assert every and every <= set(group.permissions.all())
    assert not group.permissions.filter(codename__in=["add_inquiry", "delete_inquiry"]).exists()


def test_administrator_holds_every_inquiries_permission():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=roles.ADMINISTRATOR)
    assert set(Permission.objects.filter(content_type__app_label="inquiries")) <= set(group.permissions.all())


def test_service_grid_officer_choices_are_grid_officers_only(client, data):
    """Issue 11, finding 11: the officers widget listed every account name to content editors."""
    officer = UserFactory(username="grid-officer-wang", first_name="王", last_name="网格")
    officer.groups.add(Group.objects.get(name=roles.GRID_OFFICER))
    UserFactory(username="former-grid-officer", is_active=False).groups.add(Group.objects.get(name=roles.GRID_OFFICER))
    UserFactory(username="secret-administrator").groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    editor = login(client, roles.CONTENT_EDITOR)
    grid = ServiceGrid.objects.first()
    for page in (url(ServiceGrid, "add"), url(ServiceGrid, "change", grid)):
        response = client.get(page)
        assert response.status_code == 200
        choices = {str(user) for user in response.context["adminform"].form.fields["officers"].queryset}
        assert choices == {"grid-officer-wang"}
        html = response.content.decode()
        assert "secret-administrator" not in html and editor.username not in html.split("<form", 1)[1]
    form = {"number": grid.number, "name": grid.name, "zone": grid.zone_id or "", "order": grid.order}
    response = client.post(url(ServiceGrid, "change", grid), {**form, "officers": [editor.pk]})
    assert response.status_code == 200 and "officers" in response.context["adminform"].form.errors
    response = client.post(url(ServiceGrid, "change", grid), {**form, "officers": [officer.pk]})
    assert response.status_code == 302
    assert list(grid.officers.all()) == [officer]
