"""The content editor adds a policy on a freshly migrated database, and a refusal in the admin is the
admin's own page (issue 24, item 5). Accounts are made as an administrator makes them."""

import pytest
from django.urls import reverse

from policies.models import Policy
from tests.factories import UserFactory
from tests.staff.accounts import create_staff, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_staff(client, migrated_roles):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)

    def make(username, role):
        client.force_login(root)
        user = create_staff(client, username, role)
        client.logout()
        client.force_login(user)
        return user

    return make


def inline_management(response) -> dict:
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value() or 0
    return data


def test_editor_sees_policies_and_adds_one(client, make_staff):
    make_staff("editor", "内容编辑")
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:policies_policy_changelist") in index
    add_url = reverse("admin:policies_policy_add")
    response = client.get(add_url)
    assert response.status_code == 200
    data = form_data(response.context["adminform"].form)
    data.update(inline_management(response))
    data.update(
        title="关于支持先进制造业发展的若干政策",
        slug="advanced-manufacturing-support",
        issuer="钱塘区人民政府",
        level="district",
        in_force_from="2026-01-01",
        in_force_until="2028-12-31",
        _save="",
    )
    response = client.post(add_url, data, follow=True)
    assert response.status_code == 200, response.content[:500]
    policy = Policy.objects.get(slug="advanced-manufacturing-support")
    assert policy.title == "关于支持先进制造业发展的若干政策"
    assert any("关于支持先进制造业发展的若干政策" in str(m) for m in response.context["messages"])
    change = client.get(reverse("admin:policies_policy_change", args=[policy.pk]))
    assert change.status_code == 200 and change.context["has_change_permission"]


def test_a_refusal_in_the_admin_is_the_admins_styled_page(client, make_staff):
    make_staff("officer", "招商专员")  # may view policies, not add them
    response = client.get(reverse("admin:policies_policy_add"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "403 Forbidden" not in page
    assert 'id="site-name"' in page  # the admin's header: the page extends admin/base_site.html
    assert "admin.css" in page
    assert "<h1>您没有此项权限</h1>" in page
    assert f'href="{reverse("admin:index")}"' in page and "返回管理首页" in page


def test_a_refusal_in_the_english_admin_is_styled_in_english(client, make_staff):
    make_staff("officer", "招商专员")
    response = client.get("/en/admin/policies/policy/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>You may not do this</h1>" in page and 'href="/en/admin/"' in page
