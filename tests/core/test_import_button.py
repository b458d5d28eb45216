"""Every changelist with an import shows 导入 beside 导出 to the roles that may import, and only to them (issue 24)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.spreadsheets.admin import SpreadsheetImportMixin
from tests.factories import UserFactory
from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db

IMPORTABLE = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SpreadsheetImportMixin)
)


# Who imports: the content editor and the administrator the directories; the confidential firm-year
# figures of the 亩均 evaluation only the efficiency officer and the administrator (docs/roles.md).
IMPORTERS = {("efficiency", "firmyear"): ("亩均评价专员", "系统管理员")}
EDITORS = ("内容编辑", "系统管理员")


def test_the_importable_changelists_are_the_five_directories_and_the_firm_years():
    assert IMPORTABLE == [
        ("efficiency", "firmyear"),
        ("enterprises", "enterprise"),
        ("news", "newsitem"),
        ("policies", "policy"),
        ("projects", "project"),
        ("spaces", "space"),
    ]


@pytest.fixture
def accounts(client, migrated_roles):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    roles = ["内容编辑", "系统管理员", "招商专员", "亩均评价专员"]
    made = {role: create_staff(client, f"u{i}", role) for i, role in enumerate(roles)}
    client.logout()
    return made


@pytest.mark.parametrize(("app", "model"), IMPORTABLE)
def test_the_importing_roles_see_import_beside_export(client, accounts, app, model):
    import_url = reverse(f"admin:{app}_{model}_import")
    for role in IMPORTERS.get((app, model), EDITORS):
        client.force_login(accounts[role])
        page = client.get(reverse(f"admin:{app}_{model}_changelist")).content.decode()
        assert f'href="{import_url}"' in page or f"href='{import_url}'" in page, role
        assert ">导入</a>" in page and ">导出</a>" in page, role


@pytest.mark.parametrize(("app", "model"), [("projects", "project"), ("spaces", "space")])
def test_a_role_that_may_only_export_sees_no_import(client, accounts, app, model):
    client.force_login(accounts["招商专员"])
    page = client.get(reverse(f"admin:{app}_{model}_changelist")).content.decode()
    assert ">导出</a>" in page
    assert reverse(f"admin:{app}_{model}_import") not in page


@pytest.mark.parametrize("role", ["内容编辑", "招商专员"])
def test_other_roles_reach_neither_the_firm_years_nor_their_import(client, accounts, role):
    client.force_login(accounts[role])
    for name in ("changelist", "import", "export"):
        assert client.get(reverse(f"admin:efficiency_firmyear_{name}")).status_code == 403, name
