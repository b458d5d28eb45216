"""Issue 29, the entry bar on space (亩均论英雄), on `make run`'s own data (`deployed_site`), staff made by
the administrator (`staff_account`):

- a content editor (1280 px) adds a land parcel of 50 mu with its bar — 300 万元/亩 investment, 30 万元/亩
  tax and 150 万元/亩 value added a year, within 3 years of production — in the admin;
- an investor on a phone (390 px) reads the bar in plain words on the parcel's page, asks about it, sees
  the bar again above the form and sends it with projections: 2 亿元 of investment (400 万元 per mu), 1,250
  万元 of tax (25 per mu, short by 5) and 10,000 万元 of value added (200 per mu);
- the investment officer (1280 px) sees on the inquiry's matching page the parcel judged against those
  projections — met, short by how much — and proposes it; the investor's status page then shows the
  same comparison.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import STAFF_PASSWORD, WIDTHS, _new_page
from tests.e2e.helpers import admin_log_in, assert_fits_width, path_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"QK\d{4}-\d{5}")
PARCEL = "仁和亩均示范地块（端到端）"
INVESTOR_EMAIL = "xu@example.com"
BAR_IN_WORDS = (
    "入驻企业须达到：亩均投资强度不低于 300 万元/亩，亩均税收不低于 30 万元/亩·年，"
    "亩均增加值不低于 150 万元/亩·年，投产后 3 年内达到。"
)
TAX_SHORT = "亩均税收：预计 25 万元/亩·年（1,250 万元/年 ÷ 50 亩）< 门槛 30 万元/亩·年（差 5 万元/亩·年）"
INTENSITY_MET = "亩均投资强度：预计 400 万元/亩（20,000 万元 ÷ 50 亩）≥ 门槛 300 万元/亩"


@pytest.fixture(autouse=True)
def _migration_rows(transactional_db):
    """The request categories a migration makes, again before `deployed_site`: the flush that ends a
    transactional test empties them, and `setup_site` needs them for its sample service requests."""
    from importlib import import_module

    from django.apps import apps

    import_module("service.migrations.0002_categories_and_job_schedules").create(apps, None)


@pytest.fixture
def staff_desktop(browser, console_errors):
    """The staff's browser at 1280 px (the editor's, then the officer's)."""
    context, page = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    yield page
    context.close()


def save(page):
    with page.expect_navigation():
        page.locator("#content-main input[name=_continue]").first.click()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_investor_sees_a_parcels_bar_sends_projections_and_the_officer_sees_them_matched(
    deployed_site, staff_account, page, staff_desktop, shots, console_errors
):
    from inquiries.models import Inquiry, SpaceProposal
    from spaces.models import Space
    from staff.roles import CONTENT_EDITOR, INVESTMENT_OFFICER
    from zones.models import Zone

    site = deployed_site.url
    staff = staff_desktop

    # The editor adds the parcel with its bar in the admin.
    staff_account(CONTENT_EDITOR, "bar-editor", first_name="静", last_name="何")
    admin_log_in(staff, site, "bar-editor", STAFF_PASSWORD)
    staff.goto(f"{site}/admin/spaces/space/add/")
    form = staff.locator("#space_form")
    form.locator("#id_name").fill(PARCEL)
    form.locator("#id_kind").select_option("land")
    form.locator(f"input[type=radio][name=zone][value='{Zone.objects.get(slug='north').pk}']").check()
    form.locator("#id_area_mu").fill("50")
    form.locator("#id_offers_transfer").check()
    form.locator("#id_min_investment_intensity").fill("300")
    form.locator("#id_min_tax_per_mu").fill("30")
    form.locator("#id_min_value_added_per_mu").fill("150")
    form.locator("#id_bar_years").fill("3")
    shots.page = staff
    shots("editor-parcel-with-bar")
    save(staff)
    expect(staff.locator(".messagelist")).to_contain_text("成功")
    parcel = Space.objects.get(name=PARCEL)
    assert (parcel.min_value_added_per_mu, parcel.bar_years, parcel.area_mu) == (150, 3, 50)
    staff.context.clear_cookies()

    # The investor, on a phone, reads the bar in plain words on the parcel's page.
    shots.page = page
    page.goto(site + parcel.get_absolute_url())
    main = page.locator("main")
    expect(main.locator(".entry-bar")).to_have_text(BAR_IN_WORDS)
    assert_fits_width(page)
    assert_accessible(page, "space page with an entry bar (zh, phone)")
    shots("investor-parcel-bar")

    # She asks about it: the form names the parcel and states its bar above the projections she gives.
    with page.expect_navigation():
        main.locator(f"a[href*='/inquiry/?space={parcel.pk}']").first.click()
    assert path_of(page) == "/inquiry/"
    expect(main.locator(".entry-bar")).to_have_text(BAR_IN_WORDS)
    form = main.locator("form:has([name=contact_name])")
    form.locator("[name=contact_name]").fill("徐女士")
    form.locator("[name=company]").fill("浙江某智能装备有限公司")
    form.locator("[name=email]").fill(INVESTOR_EMAIL)
    form.locator("[name=investment_amount]").fill("2")
    form.locator("[name=expected_annual_tax]").fill("1250")
    form.locator("[name=expected_annual_value_added]").fill("10000")
    form.locator("[name=planned_jobs]").fill("180")
    form.locator("input[type=checkbox][name=consent]").check()
    form.locator("[name=expected_annual_tax]").scroll_into_view_if_needed()
    assert_fits_width(page)
    shots("investor-projections")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    reference = REFERENCE.search(main.inner_text()).group(0)
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.about_space == parcel and inquiry.planned_jobs == 180
    assert (inquiry.investment_amount, inquiry.expected_annual_tax) == (2, 1250)

    # The officer sees the parcel judged against her projections, and proposes it.
    officer = staff_account(INVESTMENT_OFFICER, "bar-officer", first_name="涛", last_name="应")
    admin_log_in(staff, site, "bar-officer", STAFF_PASSWORD)
    staff.goto(f"{site}/admin/inquiries/inquiry/{inquiry.pk}/change/")
    expect(staff.locator(".field-expected_annual_tax")).to_contain_text("1250")
    staff.goto(f"{site}/admin/inquiries/inquiry/{inquiry.pk}/spaces/")
    row = staff.locator("table.match-table tr", has=staff.locator(f"input[name=space][value='{parcel.pk}']"))
    expect(row.locator("li.match-met")).to_contain_text([INTENSITY_MET])
    expect(row.locator("li.match-short")).to_have_text([TAX_SHORT])
    expect(row).to_contain_text("亩均增加值：预计 200 万元/亩·年")
    shots.page = staff
    shots("officer-matching-against-projections")
    with staff.expect_navigation():
        row.locator("button[type=submit]").click()
    assert SpaceProposal.objects.filter(inquiry=inquiry, space=parcel, proposed_by=officer).exists()

    # Her status page shows the proposed parcel with its bar and her projections against it.
    shots.page = page
    page.goto(f"{site}/inquiry/status/?ref={reference}")
    main.locator("form [name=contact]").fill(INVESTOR_EMAIL)
    with page.expect_navigation():
        main.locator("form button[type=submit]").click()
    dossier = main.locator(".iq-dossier")
    expect(dossier.locator(".entry-bar")).to_have_text(BAR_IN_WORDS)
    expect(dossier.locator(".iq-bar--short")).to_contain_text("未达到")
    expect(dossier.locator(".iq-bar--short")).to_contain_text(TAX_SHORT)
    assert_fits_width(page)
    assert_accessible(page, "status page with a proposed space's bar (zh, phone)")
    shots("investor-status-bar")
    assert not console_errors, console_errors
