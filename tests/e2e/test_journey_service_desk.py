"""Journey (issue 24): the 钱小二 service desk at 1280 px, on `make run`'s data.

A new enterprise in 北智 sends a request on the public form. The seed's grids have no zone (the article
gives none), so no grid has it: the thank-you page says the desk has it and when it answers, and the
desk's addresses — the desk account `make run` creates, and a desk member an administrator made — get
the mail. A desk member opens the request, sets its grid, and the grid's officer is mailed.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import admin_log_in

pytestmark = pytest.mark.e2e

VALID_CODE = "91350100M000100Y43"


@pytest.fixture
def service_rows(transactional_db):
    """The request categories and role groups from the data migrations (see the grid officer's journey)."""
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()


def test_a_grid_less_request_lands_with_the_desk_which_routes_it_to_the_grid(
    service_rows, deployed_site, staff_account, desktop_page, shots, settings
):
    from django.core import mail
    from django.utils import timezone

    from service.models import ServiceRequest
    from service.services import OUTBOX
    from staff.roles import GRID_OFFICER, SERVICE_DESK
    from tests.e2e.conftest import STAFF_PASSWORD
    from zones.models import ServiceGrid

    page = desktop_page
    settings.SITE_URL = deployed_site.url
    assert "Service desk (钱小二服务台) account created" in deployed_site.setup_output
    desk_address = re.search(r"Service desk .*E-mail: (\S+)", deployed_site.setup_output).group(1)
    grid = ServiceGrid.objects.get(number=2)
    desk = staff_account(SERVICE_DESK, "zhao-desk", email="zhao.min@example.gov.cn", first_name="敏", last_name="赵")
    staff_account(
        GRID_OFFICER, "sun-grid2", email="sun.li@example.gov.cn", grids=[grid], first_name="丽", last_name="孙"
    )

    # The enterprise, new to the register, names its zone (北智) on the public form.
    page.goto(deployed_site.url + "/service/request/")
    form = page.locator("main form:has([name=contact_name])")
    form.locator("select[name=enterprise]").select_option("")
    form.locator("[name=enterprise_name]").fill("北智新材料有限公司")
    form.locator("[name=credit_code]").fill(VALID_CODE)
    form.locator("select[name=zone]").select_option("north")
    form.locator("[name=contact_name]").fill("李经理")
    form.locator("[name=email]").fill("li@example.com")
    form.locator("select[name=category]").select_option("other")
    form.locator("[name=description]").fill("新厂房的施工许可证办理进度咨询。")
    form.locator("input[name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    main = page.locator("main")
    reference = re.search(r"FW\d{4}-\d{5}", main.inner_text()).group(0)
    saved = ServiceRequest.objects.get(reference=reference)
    assert saved.grid is None and saved.queue == ServiceRequest.Queue.DESK
    due = timezone.localtime(saved.acknowledge_due_at).strftime("%Y-%m-%d %H:%M")
    expect(main).to_contain_text(f"由钱小二服务台办理，将于 {due}")
    expect(main).not_to_contain_text("所在网格的专员将于")
    shots("thank-you-names-the-desk")
    page.goto(deployed_site.url + "/en/service/request/thanks/")
    expect(page.locator("main")).to_contain_text(f"It is with the 钱小二 service desk, which acknowledges it by {due}")
    shots("thank-you-in-english")

    OUTBOX.send_pending()
    [to_desk] = [m for m in mail.outbox if reference in m.subject and "li@example.com" not in m.to]
    assert sorted(to_desk.to) == sorted([desk_address, "zhao.min@example.gov.cn"])
    assert f"{deployed_site.url}/admin/service/servicerequest/{saved.pk}/change/" in to_desk.body
    mail.outbox.clear()

    # A desk member finds it among the desk's requests and sets the grid.
    admin_log_in(page, deployed_site.url, desk.username, STAFF_PASSWORD)
    page.goto(deployed_site.url + "/admin/service/servicerequest/?queue__exact=desk&is_demo__exact=0")
    row = page.locator("#result_list tbody tr", has_text=reference)
    expect(row).to_contain_text("钱小二服务台")
    shots("desk-queue")
    with page.expect_navigation():
        row.locator("th a, td a").first.click()
    expect(page.locator(".field-queue_column")).to_contain_text("钱小二服务台")
    page.locator("select[name=grid]").select_option(str(grid.pk))
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    banner = page.locator("ul.messagelist li")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text(f"网格设为{grid.name}")
    shots("grid-set")

    saved.refresh_from_db()
    assert saved.grid == grid and saved.queue == ServiceRequest.Queue.GRID
    OUTBOX.send_pending()
    [routed] = [m for m in mail.outbox if reference in m.subject]
    assert routed.to == ["sun.li@example.gov.cn"]
    assert grid.name in routed.body and f"{deployed_site.url}/admin/" in routed.body
