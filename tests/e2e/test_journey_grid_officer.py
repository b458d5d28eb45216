"""Journey (issue 24): the grid officer's day, on `make run`'s data, at 1280 px and on a 390 px phone.

An enterprise of their grid asks for a factory; the officer gets the mail, follows its link to the
request, sees what the firm needs and the spaces on offer ranked by fit with the reasons, and works the
case with one button per step: accept, propose the best-fitting space, resolve with a reply. Each step
shows one banner saying what was done.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import admin_log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def service_rows(transactional_db):
    """The request categories and role groups from the data migrations, made again when a transactional
    test before this one emptied the tables (setup_site's sample requests need the categories)."""
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()


def banner(page):
    return page.locator("ul.messagelist li")


def test_grid_officer_accepts_proposes_a_space_and_resolves(
    service_rows, deployed_site, staff_account, page, shots, settings
):
    from django.core import mail
    from django.utils import timezone

    from enterprises.models import Enterprise
    from service.models import ServiceCategory, ServiceRequest
    from service.services import OUTBOX, service_request_submit
    from staff.roles import GRID_OFFICER
    from tests.e2e.conftest import STAFF_PASSWORD
    from zones.models import ServiceGrid

    settings.SITE_URL = deployed_site.url
    grid = ServiceGrid.objects.get(number=1)
    officer = staff_account(
        GRID_OFFICER, "wang-grid1", email="wang.fang@example.gov.cn", grids=[grid], first_name="芳", last_name="王"
    )
    enterprise = Enterprise.objects.public().order_by("pk").first()
    enterprise.grid = grid  # as an editor records it on the enterprise's page
    enterprise.save(update_fields=["grid"])

    # An enterprise of grid 1 asks for a factory (the public form's one write path).
    service_request = service_request_submit(
        form_data={
            "enterprise": enterprise,
            "contact_name": "李经理",
            "phone": "13912345678",
            "email": "li@example.com",
            "category": ServiceCategory.objects.get(slug=ServiceCategory.SPACE),
            "description": "新产线需要厂房，年内投产。",
            "consent": True,
            "need_kind": "factory",
            "need_min_area_m2": Decimal("3000"),
            "need_power_kva": Decimal("1000"),
            "need_clear_height_m": Decimal("8"),
        },
        now=timezone.now(),
    )
    assert service_request.queue == ServiceRequest.Queue.GRID
    OUTBOX.send_pending()
    [arrived] = [m for m in mail.outbox if m.to == ["wang.fang@example.gov.cn"]]
    assert service_request.reference in arrived.subject
    link = re.search(r"https?://\S+/admin/service/servicerequest/\d+/change/", arrived.body).group(0)
    assert link.startswith(deployed_site.url)

    # The officer logs in and follows the mail's link.
    admin_log_in(page, deployed_site.url, officer.username, STAFF_PASSWORD)
    page.goto(link)
    main = page.locator("#content-main")
    expect(page.locator("fieldset h2").first).to_have_text("企业诉求")
    expect(main).not_to_contain_text("投资需求")
    expect(page.locator(".field-need_kind")).to_contain_text("标准厂房")
    expect(page.locator(".field-need_power_kva")).to_contain_text("1000")
    expect(page.locator(".field-need_clear_height_m")).to_contain_text("8")
    rows = page.locator(".sv-ranking tbody tr")
    assert rows.count() >= 1
    expect(rows.first.locator(".match-criteria")).to_contain_text("所需")  # the reasons, with the figures
    shots("request-with-needs-and-ranked-spaces")

    # Accept: one button, one save, one banner.
    with page.expect_navigation():
        page.locator("button[name=_quick][value=accept]").click()
    expect(banner(page)).to_have_count(1)
    expect(banner(page)).to_contain_text("已转为“已受理”")
    expect(banner(page)).to_contain_text("由您负责")
    expect(page.locator(".field-stage")).to_contain_text("已受理")
    shots("accepted")

    # Propose the best-fitting space.
    best = page.locator(".sv-ranking tbody tr").first
    code = best.locator("a").first.inner_text().split()[0]
    with page.expect_navigation():
        best.locator("button[name=_quick]").click()
    expect(banner(page)).to_have_count(1)
    expect(banner(page)).to_contain_text(f"已推荐载体 {code}")
    expect(page.locator(".field-spaces_proposed")).to_contain_text(code)
    shots("space-proposed")

    # Resolve with a reply for the enterprise.
    page.locator("textarea[name=reply]").fill(f"已为贵司推荐载体 {code}，可随时联系看房。")
    with page.expect_navigation():
        page.locator("button[name=_quick][value=resolve]").click()
    expect(banner(page)).to_have_count(1)
    expect(banner(page)).to_contain_text("已转为“已办结”")
    expect(page.locator(".field-stage")).to_contain_text("已办结")
    expect(page.locator("button[name=_quick]")).to_have_count(0)
    shots("resolved")

    # The same page in English.
    page.goto(link.replace("/admin/", "/en/admin/", 1))
    expect(page.locator("fieldset h2").first).to_have_text("Service request")
    expect(page.locator("#content-main")).to_contain_text("Spaces to propose")
    expect(page.locator(".sv-ranking tbody tr").first.locator(".match-criteria")).to_contain_text("needed")
    shots("resolved-english")

    service_request.refresh_from_db()
    assert service_request.stage == ServiceRequest.Stage.RESOLVED and service_request.owner == officer
    assert [s.code for s in service_request.spaces.all()] == [code]
