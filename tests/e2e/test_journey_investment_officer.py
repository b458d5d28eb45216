"""Issue 24, the investment officer's journey (招商专员, 1280 px) and a visitor looking for a contact (390 px).

On `make run`'s own data (`deployed_site`), with the officer's account made by the administrator in the
admin (`staff_account`): the officer publishes a phone number in their own profile; an investor sends
the public form; the administrator assigns the inquiry in the admin; the investor's status page then
names the officer with that phone number; the officer proposes a space and the mail to the investor
states the same contact. The visitor on a phone finds 联系我们 in the footer: on a fresh site it says how
to reach the zone (the seed publishes no contact), and once the administrator fills in the hotline in
the admin, the page shows it. Screenshots of /contact/ at 390 and 1280 px, in Chinese and English.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, WIDTHS, _new_page
from tests.e2e.helpers import admin_log_in, path_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"QK\d{4}-\d{5}")
OFFICER = "officer-zhou"
OFFICER_PHONE = "0571-8699 0000"
HOTLINE = "0571-8699 1234"
INVESTOR_EMAIL = "chen@example.com"


def submit(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()


def save(page):
    with page.expect_navigation():
        page.locator("#content-main input[name=_save], #content-main input[name=_continue]").first.click()


@pytest.fixture(autouse=True)
def _migration_rows(transactional_db):
    """The request categories a migration makes, again before `deployed_site`: the flush that ends a
    transactional test (the journey before this one) empties them, and `setup_site` needs them."""
    from importlib import import_module

    from django.apps import apps

    import_module("service.migrations.0002_categories_and_job_schedules").create(apps, None)


@pytest.fixture
def second_desktop(browser, console_errors):
    """Another person's browser at 1280 px (the officer's and the investor's, or the administrator's)."""
    context, page = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    yield page
    context.close()


@pytest.fixture
def phone(browser, console_errors):
    context, page = _new_page(browser, WIDTHS["phone"], console_errors, is_phone=True)
    yield page
    context.close()


def shoot(shots, page, name):
    """The `shots` fixture's numbered screenshot, of whichever person's browser is named."""
    shots.page = page
    shots(name)


def test_investment_officers_inquiry_names_a_real_contact(
    deployed_site, staff_account, desktop_page, second_desktop, shots, run_jobs, mailoutbox
):
    from industries.models import Industry
    from inquiries.models import Inquiry, SpaceProposal
    from portal.models import IndustryOfficer
    from spaces.models import Space
    from staff.roles import INVESTMENT_OFFICER

    site = deployed_site.url
    admin, investor = desktop_page, second_desktop

    # The administrator's dashboard says the public site has no contact details yet.
    admin_log_in(admin, site, deployed_site.admin_username, deployed_site.admin_password)
    warning = admin.locator("#dashboard-contact")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("服务热线")
    shoot(shots, admin, "admin-dashboard-contact-missing")

    # The administrator makes the officer's account in the admin; the officer publishes their phone.
    officer = staff_account(INVESTMENT_OFFICER, OFFICER, email="zhou@example.gov.cn", first_name="敏", last_name="周")
    officer_page = investor  # the officer's own browser, before the investor uses it
    admin_log_in(officer_page, site, OFFICER, STAFF_PASSWORD)
    officer_page.goto(f"{site}/admin/staff/officerprofile/add/")
    officer_page.locator("#id_name").fill("周敏")
    officer_page.locator("#id_show_name").check()
    officer_page.locator("#id_title").fill("招商专员")
    officer_page.locator("#id_show_title").check()
    officer_page.locator("#id_phone").fill(OFFICER_PHONE)
    officer_page.locator("#id_show_phone").check()
    officer_page.locator("#id_email").fill("zhou@example.gov.cn")  # kept private: not ticked
    save(officer_page)
    assert officer.officer_profile.show_phone
    officer_page.context.clear_cookies()  # the officer logs out; the investor uses this browser

    # An investor sends the public form.
    investor.goto(f"{site}/inquiry/")
    form = investor.locator("main form:has([name=contact_name])")
    form.locator("[name=contact_name]").fill("陈先生")
    form.locator("[name=company]").fill("浙江示例新材料有限公司")
    form.locator("[name=email]").fill(INVESTOR_EMAIL)
    form.locator("textarea[name=message]").fill("我们需要约五千平方米的标准厂房，层高八米。")
    form.locator("input[type=checkbox][name=consent]").check()
    submit(investor)
    reference = REFERENCE.search(investor.locator("main").inner_text()).group(0)
    status_link = investor.locator("main a.iq-status-url")
    expect(status_link).to_have_text(f"{site}/inquiry/status/?ref={reference}")
    shoot(shots, investor, "investor-thanks")
    run_jobs()
    ack = next(m for m in mailoutbox if m.to == [INVESTOR_EMAIL])
    assert reference in ack.subject

    # Before anyone owns it, the status page promises an officer and names none.
    with investor.expect_navigation():
        status_link.click()
    investor.locator("main form [name=contact]").fill(INVESTOR_EMAIL)
    submit(investor)
    dossier = investor.locator("main .iq-dossier")
    expect(dossier).to_contain_text("尚未指派专员")
    expect(dossier).to_contain_text("我们需要约五千平方米的标准厂房")  # what it was about
    shoot(shots, investor, "investor-status-unassigned")

    # The administrator assigns the inquiry to the officer in the admin.
    inquiry = Inquiry.objects.get(reference=reference)
    admin.goto(f"{site}/admin/inquiries/inquiry/{inquiry.pk}/change/")
    admin.locator("#id_owner").select_option(str(officer.pk))
    save(admin)
    inquiry.refresh_from_db()
    assert inquiry.owner == officer and inquiry.stage == Inquiry.Stage.ASSIGNED

    # The investor's status page now names the officer with the phone number they published.
    investor.goto(f"{site}/inquiry/status/?ref={reference}")
    investor.locator("main form [name=contact]").fill(INVESTOR_EMAIL)
    submit(investor)
    dossier = investor.locator("main .iq-dossier")
    expect(dossier).to_contain_text("周敏")
    expect(dossier).to_contain_text(OFFICER_PHONE)
    expect(dossier).not_to_contain_text("尚未指派专员")
    expect(dossier).not_to_contain_text("zhou@example.gov.cn")
    shoot(shots, investor, "investor-status-officer-named")

    # The officer proposes a space; the mail to the investor states the officer's published contact.
    investor.context.clear_cookies()
    admin_log_in(investor, site, OFFICER, STAFF_PASSWORD)
    investor.goto(f"{site}/admin/inquiries/inquiry/{inquiry.pk}/spaces/")
    space = Space.objects.public().on_offer().order_by("pk").first()
    row = investor.locator("table.match-table tr", has=investor.locator(f"input[name=space][value='{space.pk}']"))
    row.locator("textarea[name=note]").fill("可安排下周看房。")
    with investor.expect_navigation():
        row.locator("button[type=submit]").click()
    assert SpaceProposal.objects.filter(inquiry=inquiry, space=space, proposed_by=officer).exists()
    shoot(shots, investor, "officer-proposed")
    mailoutbox.clear()
    run_jobs()
    (proposal_mail,) = [m for m in mailoutbox if m.to == [INVESTOR_EMAIL]]
    assert "周敏" in proposal_mail.body and OFFICER_PHONE in proposal_mail.body
    assert "zhou@example.gov.cn" not in proposal_mail.body
    assert "专员的联系方式" not in proposal_mail.body  # the old, untrue "find the officer's contact on our website"

    # The investor reads the same file in English.
    investor.context.clear_cookies()
    investor.goto(f"{site}/en/inquiry/status/?ref={reference}")
    investor.locator("main form [name=contact]").fill(INVESTOR_EMAIL)
    submit(investor)
    dossier = investor.locator("main .iq-dossier")
    expect(dossier).to_contain_text(OFFICER_PHONE)
    expect(dossier).to_contain_text("What you asked about")
    shoot(shots, investor, "investor-status-en")

    # The administrator names the officer for an industry chain on the site's contact settings.
    chain = Industry.objects.filter(category=Industry.Category.CHAIN).order_by("order", "id").first()
    admin.goto(f"{site}/admin/portal/sitesettings/add/")
    admin.locator("#industry_officers-group .add-row a").click()
    admin.locator("#id_industry_officers-0-industry").select_option(str(chain.pk))
    officers = admin.locator("#id_industry_officers-0-officer option")
    expect(officers).to_have_count(2)  # "---------" and the one investment officer: no other account
    admin.locator("#id_industry_officers-0-officer").select_option(str(officer.pk))
    save(admin)
    assert IndustryOfficer.objects.filter(industry=chain, officer=officer).exists()

    # /contact/ at 1280 px, in both languages: the officer under the chain with the published phone; the
    # zone publishes no hotline yet, so the page says how to reach it instead.
    admin.goto(f"{site}/contact/")
    chains = admin.locator("section[aria-labelledby=contact-chains]")
    expect(chains).to_contain_text(chain.name)
    expect(chains).to_contain_text("周敏")
    expect(chains.locator(f"a[href='tel:{OFFICER_PHONE.replace(' ', '')}']")).to_have_text(OFFICER_PHONE)
    expect(admin.locator("#contact-fallback")).to_be_visible()
    shoot(shots, admin, "contact-zh-1280")
    admin.goto(f"{site}/en/contact/")
    expect(admin.locator("#contact-fallback")).to_contain_text("has not published a phone number")
    expect(admin.locator("section[aria-labelledby=contact-chains]")).to_contain_text(chain.name_en or chain.name)
    shoot(shots, admin, "contact-en-1280")


def test_a_visitor_on_a_phone_finds_how_to_reach_the_zone(deployed_site, phone, desktop_page, shots):
    from portal.models import SiteSettings

    site = deployed_site.url
    assert not SiteSettings.objects.exists()  # `make run` publishes no contact: the article gives none

    # From the footer of the home page to 联系我们.
    phone.goto(f"{site}/")
    link = phone.locator("footer a[href='/contact/']")
    expect(link).to_have_text("联系我们")
    with phone.expect_navigation():
        link.click()
    assert path_of(phone) == "/contact/"
    fallback = phone.locator("#contact-fallback")
    expect(fallback).to_contain_text("投资咨询表单")
    expect(phone.locator("main a[href^='tel:'], main a[href^='mailto:']")).to_have_count(0)
    expect(phone.locator("main a[href='/inquiry/']").first).to_be_visible()
    expect(phone.locator("main a[href='/service/request/']").first).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(shots, phone, "contact-zh-390-fallback")
    phone.goto(f"{site}/en/contact/")
    expect(phone.locator("#contact-fallback")).to_contain_text("investment inquiry form")
    shoot(shots, phone, "contact-en-390-fallback")

    # The administrator fills in the hotline, the address and the hours in the admin.
    admin = desktop_page
    admin_log_in(admin, site, deployed_site.admin_username, deployed_site.admin_password)
    admin.goto(f"{site}/admin/portal/sitesettings/add/")
    admin.locator("#id_hotline").fill(HOTLINE)
    admin.locator("#id_address").fill("杭州市钱塘区示例路1号")
    admin.locator("#id_hours").fill("工作日 8:30–17:00")
    english = admin.locator("#id_address_en")
    if not english.is_visible():
        admin.locator(
            "fieldset:has(#id_address_en) summary, fieldset:has(#id_address_en) .collapse-toggle"
        ).first.click()
    english.fill("1 Example Road, Qiantang District, Hangzhou")
    admin.locator("#id_hours_en").fill("Working days 8:30–17:00")
    save(admin)
    assert SiteSettings.current().hotline == HOTLINE

    # The visitor sees the published values, and no longer the fallback for the zone.
    phone.goto(f"{site}/contact/")
    zone = phone.locator("#contact-zone-section")
    expect(zone.locator(f"a[href='tel:{HOTLINE.replace('-', '').replace(' ', '')}']")).to_have_text(HOTLINE)
    expect(zone).to_contain_text("工作日 8:30–17:00")
    expect(phone.locator("#contact-fallback")).to_have_count(0)
    expect(phone.locator("#desk-fallback")).to_be_visible()  # the desk's own phone is still not published
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(shots, phone, "contact-zh-390-published")
    phone.goto(f"{site}/en/contact/")
    expect(phone.locator("#contact-zone-section")).to_contain_text("1 Example Road, Qiantang District, Hangzhou")
    shoot(shots, phone, "contact-en-390-published")
    admin.goto(f"{site}/contact/")
    shoot(shots, admin, "contact-zh-1280-published")
    admin.goto(f"{site}/en/contact/")
    shoot(shots, admin, "contact-en-1280-published")
