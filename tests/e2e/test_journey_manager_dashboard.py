"""Journey (issue 30): a manager views the inquiry funnel on the staff dashboard, at 1280 px and on a 390 px phone.

The manager is the zone's administrator (系统管理员: docs/roles.md has no manager role; the administrator is
the one who oversees every officer's work, and the only one who sees each officer's speed). On `make run`'s
data (`deployed_site`), with the manager's and an investment officer's accounts made by the administrator in
the admin (`staff_account`), five inquiries come in through the public form's write path — one of them half a
year ago — and the officer works them. The manager opens the dashboard, chooses the last 90 days and the north
zone, and sees the address carry both (a bookmark shows the same view), the funnel's table give the expected
numbers and the officer's first replies beside their name; the page fits a phone. The officer sees the funnel
but no officer's speed. Screenshots in Chinese and English.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.helpers import admin_log_in, assert_fits_width, query_of

pytestmark = pytest.mark.e2e


@pytest.fixture
def service_rows(transactional_db):
    """The request categories and role groups from the data migrations, made again when a transactional
    test before this one emptied the tables (setup_site's sample requests need the categories)."""
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()


def funnel_table(page) -> list[tuple[str, str]]:
    rows = page.locator("#dashboard-funnel table tbody tr")
    return [
        (rows.nth(i).locator("th").inner_text().strip(), rows.nth(i).locator("td").inner_text().strip())
        for i in range(rows.count())
    ]


def test_manager_views_the_funnel_for_a_period_and_a_zone(service_rows, deployed_site, staff_account, page, shots):
    from django.utils import timezone

    from inquiries.models import Inquiry
    from inquiries.services import inquiry_assign, inquiry_move, inquiry_submit
    from staff.roles import ADMINISTRATOR, INVESTMENT_OFFICER
    from zones.models import Zone

    S = Inquiry.Stage
    site = deployed_site.url
    manager = staff_account(ADMINISTRATOR, "manager-wu", first_name="刚", last_name="吴")
    officer = staff_account(INVESTMENT_OFFICER, "officer-zhou", first_name="敏", last_name="周")
    north, south = Zone.objects.get(slug="north"), Zone.objects.get(slug="south")

    def received(zone, *stages):
        inquiry = inquiry_submit(
            form_data={
                "contact_name": "陈先生",
                "company": "浙江示例新材料有限公司",
                "email": "chen@example.com",
                "message": "我们需要约五千平方米的标准厂房。",
                "zone": zone,
                "consent": True,
            },
            ip="203.0.113.9",
            language="zh-hans",
        )
        if stages:
            inquiry_assign(inquiry=inquiry, officer=officer, user=manager)
        for stage in stages[1:]:
            inquiry_move(inquiry=inquiry, to_stage=stage, user=officer)
        return inquiry

    received(north)
    received(north, S.ASSIGNED, S.CONTACTED)
    received(north, S.ASSIGNED, S.CONTACTED, S.SITE_VISIT)
    received(south, S.ASSIGNED, S.CONTACTED)
    old = received(north, S.ASSIGNED)
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=200))

    # The manager opens the dashboard: the last 12 months, every zone.
    admin_log_in(page, site, manager.username, STAFF_PASSWORD)
    funnel = page.locator("#dashboard-funnel")
    expect(funnel).to_be_visible()
    assert funnel_table(page)[0] == ("新提交", "5")
    shots("dashboard-default")

    # The last 90 days in the north zone.
    form = page.locator("form.dashboard-filters")
    form.locator("select[name=period]").select_option("90d")
    form.locator("select[name=zone]").select_option("north")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    query = query_of(page)
    assert query["period"] == ["90d"] and query["zone"] == ["north"]
    expect(page.locator("#dashboard-view")).to_contain_text(north.name)
    assert funnel_table(page) == [
        ("新提交", "3"),
        ("已分派", "2"),
        ("已联系", "2"),
        ("实地考察", "1"),
        ("洽谈中", "0"),
        ("签约", "0"),
    ]
    officers = page.locator("#dashboard-officers")
    expect(officers).to_be_visible()
    expect(officers.locator("#dashboard-officers-inquiries table")).to_contain_text("周敏 · 2件")
    funnel.scroll_into_view_if_needed()
    assert_fits_width(page)
    shots("dashboard-north-90d")

    # The address is the view: opened again (a bookmark, a link sent to a colleague) it shows the same.
    bookmark = page.url
    page.goto(f"{site}/admin/")
    assert funnel_table(page)[0] == ("新提交", "5")
    page.goto(bookmark)
    expect(page.locator("form.dashboard-filters select[name=zone]")).to_have_value("north")
    assert funnel_table(page)[0] == ("新提交", "3")

    # A bad value in the address is said, and the figures fall back to the default view.
    page.goto(f"{site}/admin/?zone=atlantis")
    expect(page.locator(".dashboard-filter-errors")).to_be_visible()
    assert funnel_table(page)[0] == ("新提交", "5")

    # The same view in English.
    page.goto(f"{site}/en/admin/?period=90d&zone=north")
    expect(page.locator("#dashboard-funnel table tbody tr").first).to_contain_text("New")
    assert [cells for _stage, cells in funnel_table(page)] == ["3", "2", "2", "1", "0", "0"]
    assert_fits_width(page)
    shots("dashboard-north-90d-en")

    # The officer sees the funnel, not each officer's speed.
    page.context.clear_cookies()
    admin_log_in(page, site, officer.username, STAFF_PASSWORD)
    page.goto(f"{site}/admin/?period=90d&zone=north")
    assert [cells for _stage, cells in funnel_table(page)] == ["3", "2", "2", "1", "0", "0"]
    expect(page.locator("#dashboard-officers")).to_have_count(0)
    shots("dashboard-officer")
