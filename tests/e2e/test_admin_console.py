"""Every admin list and page the role matrix opens, in a real browser, with an overdue service request
present: nothing blocked by the Content-Security-Policy, no script error (issue 22, finding 8).

The pages and roles are those of tests/staff/test_role_matrix.py (docs/roles.md): for each role,
each registered model's changelist where the role may list it, and the change page of each row it may
open, inside and outside its scope.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.e2e.test_journeys import assert_clean_console
from tests.staff.accounts import PASSWORD, create_staff
from tests.staff.test_role_matrix import NO_ROLE, ROLES, TABLE_ROWS, build_rows, rows_for

pytestmark = pytest.mark.e2e


def overdue_request(grid):
    from service.models import ServiceRequest

    request = ServiceRequest.objects.order_by("pk").first()
    past = timezone.now() - datetime.timedelta(days=30)
    ServiceRequest.objects.filter(pk=request.pk).update(
        grid=grid, stage=ServiceRequest.Stage.SUBMITTED, acknowledge_due_at=past, resolve_due_at=past
    )
    request.refresh_from_db()
    assert request.is_overdue
    return request


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_log_no_console_error(
    role, live_server, transactional_db, migrated_roles, admin_client, desktop_page, console_errors, job_schedules
):
    from tests.factories import ServiceGridFactory, ZoneFactory

    build_rows()
    user = create_staff(admin_client, f"console-{ROLES.index(role)}", None if role == NO_ROLE else role)
    zone = ZoneFactory()
    own, other = ServiceGridFactory(zone=zone), ServiceGridFactory(zone=zone)
    own.officers.add(user)
    overdue_request(own)

    page = desktop_page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()

    visited = 0
    for model in admin.site._registry:
        grant = TABLE_ROWS[model._meta.label_lower][role]
        if not (grant.any("v") or grant.any("c")):
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        page.goto(live_server.url + reverse(f"{info}_changelist"))
        visited += 1
        if model._meta.label_lower == "service.servicerequest":
            badge = page.locator("#result_list .sv-overdue").first
            assert badge.is_visible()
            assert badge.evaluate("el => getComputedStyle(el).color") == "rgb(186, 33, 33)"  # static/css/admin.css
        for obj, inside in rows_for(model, user, (own, other)):
            if grant.allows("v", inside) or grant.allows("c", inside):
                page.goto(live_server.url + reverse(f"{info}_change", args=[obj.pk]))
                visited += 1
    assert visited, f"{role} opened no admin page"
    assert_clean_console(console_errors)
