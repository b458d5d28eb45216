"""An investor on a phone finds space, asks about it, and later sees the space proposed on the status page."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import WIDTHS, _new_page
from tests.e2e.helpers import assert_fits_width, go_via_nav, path_of, query_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"\bQK\d{4}-\d{5}\b")


@pytest.fixture
def phone_page(browser, console_errors):
    context, page = _new_page(browser, WIDTHS["phone"], console_errors, is_phone=True)
    page.width_name = "phone"
    yield page
    context.close()


@pytest.fixture
def spaces(site):
    from spaces.models import Space
    from spaces.services import space_save
    from zones.models import Zone

    north = Zone.objects.get(slug="north")
    made = {}
    for code, name, kind, power, area in [
        ("ZT-2026-901", "演示高标厂房甲", Space.Kind.FACTORY, "2500", "8000"),
        ("ZT-2026-902", "演示小厂房乙", Space.Kind.FACTORY, "800", "2000"),
        ("ZT-2026-903", "演示研发楼丙", Space.Kind.OFFICE, "3000", "1500"),
    ]:
        made[code] = space_save(
            space=Space(
                code=code,
                name=name,
                slug=code.lower(),
                kind=kind,
                zone=north,
                power_kva=Decimal(power),
                floor_area_m2=Decimal(area),
                offers_lease=True,
                clear_height_m=Decimal("9"),
            )
        )
    return made


def test_investor_filters_spaces_on_a_phone_asks_and_sees_the_proposal(site, spaces, phone_page, console_errors):
    from django.contrib.auth import get_user_model

    from inquiries.models import Inquiry
    from inquiries.services import space_propose

    page = phone_page
    page.goto(site.url + "/")
    go_via_nav(page, "/spaces/")
    assert path_of(page) == "/spaces/"
    assert_fits_width(page)

    form = page.locator("main form:has(select[name=kind])")
    form.locator("select[name=kind]").select_option("factory")
    form.locator("input[name=min_power_kva]").fill("2000")
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    assert query_of(page)["kind"] == ["factory"] and query_of(page)["min_power_kva"] == ["2000"]
    main = page.locator("main")
    expect(main).to_contain_text("演示高标厂房甲")
    expect(main).not_to_contain_text("演示小厂房乙")
    expect(main).not_to_contain_text("演示研发楼丙")
    assert_fits_width(page)
    assert_accessible(page, "filtered space list on a phone")

    # A bad number (the browser's own check stops it in the form; a shared link can carry one)
    # keeps the other filter and says what is wrong.
    page.goto(site.url + "/spaces/?kind=factory&min_power_kva=-5")
    expect(page.locator("main [role=alert]").first).to_be_visible()
    expect(page.locator("main select[name=kind]")).to_have_value("factory")

    page.goto(site.url + "/spaces/?kind=factory&min_power_kva=2000")
    with page.expect_navigation():
        page.locator("main a", has_text="演示高标厂房甲").first.click()
    expect(page.locator("h1")).to_contain_text("演示高标厂房甲")
    expect(page.locator("main")).to_contain_text("2,500 kVA")
    assert_fits_width(page)
    assert_accessible(page, "space detail on a phone")

    with page.expect_navigation():
        page.locator("main a[href*='/inquiry/?space=']").first.click()
    assert path_of(page) == "/inquiry/"
    expect(page.locator("main")).to_contain_text("演示高标厂房甲")  # the form says what it is about
    form = page.locator("main form:has([name=contact_name])")
    expect(form.locator("select[name=need_kind]")).to_have_value("factory")
    form.locator("[name=contact_name]").fill("周敏")
    form.locator("[name=company]").fill("杭州示例新材料有限公司")
    form.locator("[name=email]").fill("zhoumin@example.com")
    form.locator("[name=need_power_kva]").fill("2000")
    form.locator("input[type=checkbox][name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    match = REFERENCE.search(page.locator("main").inner_text())
    assert match, "no reference number on the thank-you page"
    inquiry = Inquiry.objects.get(reference=match.group(0))
    assert inquiry.about_space == spaces["ZT-2026-901"] and inquiry.need_power_kva == 2000

    # Later, an officer proposes the space; the investor looks the inquiry up.
    officer = get_user_model().objects.create_user("officer-e2e", email="officer@example.gov.cn")
    space_propose(inquiry=inquiry, space=spaces["ZT-2026-901"], user=officer, note="可预约看厂房")
    page.goto(site.url + "/inquiry/status/")
    status_form = page.locator("main form:has([name=reference])")
    status_form.locator("[name=reference]").fill(inquiry.reference)
    status_form.locator("[name=contact]").fill("zhoumin@example.com")
    with page.expect_navigation():
        status_form.locator("button[type=submit]").first.click()
    main = page.locator("main")
    expect(main).to_contain_text("为您推荐的载体")
    # The space is named twice: what the inquiry was about, and the proposal.
    expect(main.locator("a", has_text="演示高标厂房甲").last).to_be_visible()
    expect(main).to_contain_text("可预约看厂房")
    assert_fits_width(page)
    assert_accessible(page, "status page with a proposed space")
    relevant = [e for e in console_errors if "favicon" not in e]
    assert not relevant, "\n".join(relevant)
