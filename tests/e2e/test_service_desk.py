"""The 钱小二 desk end to end: an enterprise raises a space request on a phone, the grid officer links a
space and resolves it in the admin, the enterprise rates the answer; axe on every public step."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import WIDTHS, _new_page

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"FW\d{4}-\d{5}")
OFFICER, PASSWORD = "grid-officer-e2e", "Correct-Horse-Battery-43"  # noqa: S105


@pytest.fixture
def desk(site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from enterprises.models import Enterprise
    from staff.roles import GRID_OFFICER
    from tests.factories import SpaceFactory
    from tests.service.conftest import ensure_desk_rows
    from zones.models import ServiceGrid

    ensure_desk_rows()
    enterprise = Enterprise.objects.public().select_related("zone").filter(name__contains="卡深").first()
    grid = ServiceGrid.objects.order_by("number").first()
    enterprise.grid = grid
    enterprise.save(update_fields=["grid"])
    officer = get_user_model().objects.create_user(
        username=OFFICER, password=PASSWORD, email="grid@example.gov.cn", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=GRID_OFFICER))
    grid.officers.add(officer)
    space = SpaceFactory(name="钱江闲置厂房", kind="factory", zone=enterprise.zone)
    return enterprise, space


def test_enterprise_raises_a_space_request_on_a_phone_officer_resolves_it_enterprise_rates_it(
    site, desk, browser, console_errors
):
    from service.models import ServiceRequest

    enterprise, space = desk
    context, phone = _new_page(browser, WIDTHS["phone"], console_errors, is_phone=True)
    phone.goto(site.url + "/service/")
    expect(phone.locator("h1")).to_contain_text("钱小二")
    assert_accessible(phone, "/service/")
    with phone.expect_navigation():
        phone.locator("main a[href$='/service/request/']").first.click()
    form = phone.locator("main form:has([name=contact_name])")
    form.locator("select[name=enterprise]").select_option(str(enterprise.pk))
    form.locator("[name=contact_name]").fill("李经理")
    form.locator("[name=phone]").fill("13912345678")
    form.locator("[name=email]").fill("li@example.com")
    form.locator("select[name=category]").select_option("space")
    form.locator("[name=description]").fill("新产线急需厂房。")
    form.locator("select[name=need_kind]").select_option("factory")
    form.locator("input[name=consent]").check()
    assert_accessible(phone, "/service/request/")
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    reference = REFERENCE.search(phone.locator("main").inner_text()).group(0)
    assert_accessible(phone, "thank-you page")
    request = ServiceRequest.objects.get(reference=reference)
    assert request.grid == enterprise.grid and request.need_kind == "factory"

    # The grid officer, on a desktop, proposes the space and resolves the request.
    office_context, office = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    office.goto(site.url + "/admin/")
    office.locator("#id_username").fill(OFFICER)
    office.locator("#id_password").fill(PASSWORD)
    with office.expect_navigation():
        office.locator("form [type=submit]").first.click()
    office.goto(site.url + f"/admin/service/servicerequest/{request.pk}/change/")
    office.locator("select[name=propose_space]").select_option(str(space.pk))
    office.locator("select[name=move_to]").select_option("resolved")
    office.locator("textarea[name=reply]").fill("已为贵司匹配钱江闲置厂房，可随时看房。")
    with office.expect_navigation():
        office.locator("input[name=_save]").click()
    request.refresh_from_db()
    assert request.stage == "resolved" and list(request.spaces.all()) == [space]
    office_context.close()

    # Back on the phone: the status, the reply, the space, and a rating.
    phone.goto(site.url + "/service/status/")
    lookup = phone.locator("main form:has([name=reference]):has([name=contact])").last
    lookup.locator("[name=reference]").fill(reference)
    lookup.locator("[name=contact]").fill("li@example.com")
    with phone.expect_navigation():
        lookup.locator("button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text("已为贵司匹配钱江闲置厂房")
    expect(phone.locator("main")).to_contain_text("钱江闲置厂房")
    assert_accessible(phone, "status with a resolved request")
    phone.locator("input[name=rating][value='5']").check()
    phone.locator("input[name=solved][value=yes]").check()
    with phone.expect_navigation():
        phone.locator("main form:has([name=rating]) button[type=submit]").click()
    expect(phone.locator("main [role=status]")).to_be_visible()
    assert_accessible(phone, "status after rating")
    request.refresh_from_db()
    assert request.rating == 5 and request.stage == "confirmed"
    context.close()
