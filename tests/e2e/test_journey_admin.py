"""The administrator's day at 1280 px, on what `make run` creates (issue 24): logs in with the account
`setup_site` printed, makes one staff account per role through the admin's user pages (staff status and
the role's group), sees the role groups on the group list and on each account, and a page a role may not
open answers with the admin's own styled 403 page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import admin_log_in, path_of

pytestmark = pytest.mark.e2e

ROLES = ["内容编辑", "招商专员", "网格服务专员", "钱小二服务台", "系统管理员"]
PASSWORD = "Journey-Staff-Passphrase-31"  # noqa: S105


def add_account(page, url, username, role):
    page.goto(f"{url}/admin/auth/user/add/")
    page.locator("#id_username").fill(username)
    usable = page.locator("input[name=usable_password][value=true]")
    if usable.count():
        usable.check()
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert path_of(page).endswith("/change/"), page.url
    page.locator("#id_is_staff").check()
    page.locator("#id_groups_from").select_option(label=role)
    page.locator("#id_groups_add").click()
    expect(page.locator("#id_groups_to option")).to_have_text([role])
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text(username)


def test_administrator_makes_one_account_per_role(deployed_site, browser, desktop_page, shots):
    from django.contrib.auth import get_user_model

    page, url = desktop_page, deployed_site.url
    # The credentials `setup_site` (make run) printed.
    assert deployed_site.admin_username in deployed_site.setup_output
    admin_log_in(page, url, deployed_site.admin_username, deployed_site.admin_password)
    shots("admin-index")

    page.goto(f"{url}/admin/auth/group/")
    for role in ROLES:
        expect(page.locator("#result_list")).to_contain_text(role)
    shots("role-groups")

    for number, role in enumerate(ROLES, 1):
        add_account(page, url, f"staff-{number}", role)
    shots("account-saved")
    users = get_user_model().objects.filter(username__startswith="staff-")
    assert {u.username: [g.name for g in u.groups.all()] for u in users} == {
        f"staff-{n}": [role] for n, role in enumerate(ROLES, 1)
    }
    assert all(u.is_staff and not u.is_superuser for u in users)

    page.goto(f"{url}/admin/auth/user/?q=staff-")
    expect(page.locator("#result_list tbody tr")).to_have_count(len(ROLES))
    shots("accounts")

    # The investment officer opens a page the role may not: the admin's styled 403.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    officer = context.new_page()
    admin_log_in(officer, url, "staff-2", PASSWORD)
    response = officer.goto(f"{url}/admin/policies/policy/add/")
    assert response.status == 403
    expect(officer.locator("#site-name")).to_be_visible()
    expect(officer.locator("#content h1")).to_have_text("您没有此项权限")
    expect(officer.locator("body")).not_to_contain_text("403 Forbidden")
    back = officer.locator("#content a", has_text="返回管理首页")
    expect(back).to_be_visible()
    officer.screenshot(path=str(shots.folder / "99-officer-403.png"), full_page=True)
    with officer.expect_navigation():
        back.click()
    assert path_of(officer) == "/admin/"
    # The same refusal in the English admin.
    response = officer.goto(f"{url}/en/admin/policies/policy/add/")
    assert response.status == 403
    expect(officer.locator("#content h1")).to_have_text("You may not do this")
    expect(officer.locator("#content a", has_text="Back to the admin home page")).to_have_attribute(
        "href", "/en/admin/"
    )
    officer.screenshot(path=str(shots.folder / "99-officer-403-en.png"), full_page=True)
    context.close()
