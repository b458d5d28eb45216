"""The visitor's and the editor's journeys, each at 390 px (phone) and 1280 px (desktop) wide."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import FILTERED_PROJECTS, STAFF_PASSWORD, STAFF_USERNAME
from tests.e2e.helpers import (
    assert_fits_width,
    go_via_nav,
    html_lang,
    nav_label,
    path_of,
    project_names_on_page,
    query_of,
    switch_language,
)

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u4e00-\u9fff]")
REFERENCE = re.compile(r"\b[A-Z]{1,4}-?\d{4}-?\d{3,6}\b")
SUBMIT = "main form button[type=submit], main form input[type=submit]"


def assert_clean_console(console_errors) -> None:
    """No blocked inline script/style (CSP), no JavaScript error, no failed asset while browsing."""
    relevant = [e for e in console_errors if "favicon" not in e]
    assert not relevant, "browser console errors:\n" + "\n".join(relevant)


def test_visitor_finds_a_project_and_sends_an_inquiry(site, page, shots, console_errors):
    from inquiries.models import Inquiry
    from projects.models import Project

    # Home, in Chinese by default.
    page.goto(site.url + "/")
    assert html_lang(page) == "zh-CN"
    assert CJK.search(nav_label(page, "/projects/")), "the Chinese page shows an English menu"
    expect(page.locator("h1").first).to_be_visible()
    assert_fits_width(page)
    shots("home-zh")

    # Over to English and back.
    switch_language(page, "en")
    assert path_of(page).startswith("/en/")
    assert not CJK.search(nav_label(page, "/projects/")), "the English page shows a Chinese menu"
    assert_fits_width(page)
    shots("home-en")
    switch_language(page, "zh-hans")
    assert not path_of(page).startswith("/en/")
    assert CJK.search(nav_label(page, "/projects/"))
    shots("home-zh-again")

    # The project directory, filtered by zone and stage through its form.
    go_via_nav(page, "/projects/")
    assert path_of(page) == "/projects/"
    shots("projects")
    form = page.locator("main form:has(select[name=zone])")
    form.locator("select[name=zone]").select_option("north")
    form.locator("select[name=stage]").select_option("construction")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    assert query_of(page)["zone"] == ["north"]
    assert query_of(page)["stage"] == ["construction"]
    assert_fits_width(page)
    shots("projects-filtered-page1")
    first_page = project_names_on_page(page, "演示")
    assert first_page, "the filtered list shows none of the demo projects"
    assert all("northconstruction" in name for name in first_page), first_page
    expect(page.locator("main")).to_contain_text(str(FILTERED_PROJECTS))  # the result count

    # Page 2 keeps the filters and shows the rest.
    with page.expect_navigation():
        page.locator("main a[rel=next], main nav a[href*='page=2']").first.click()
    assert query_of(page)["page"] == ["2"]
    assert query_of(page)["zone"] == ["north"] and query_of(page)["stage"] == ["construction"]
    shots("projects-filtered-page2")
    second_page = project_names_on_page(page, "演示")
    assert all("northconstruction" in name for name in second_page), second_page
    assert not first_page & second_page
    assert len(first_page | second_page) == FILTERED_PROJECTS

    # One project, then the inquiry form from it.
    name = sorted(second_page)[0]
    project = Project.objects.get(name=name)
    with page.expect_navigation():
        page.locator("main a", has_text=name).first.click()
    assert path_of(page) == project.get_absolute_url()
    expect(page.locator("h1")).to_contain_text(name)
    assert_fits_width(page)
    shots("project-detail")
    with page.expect_navigation():
        page.locator("main a[href*='/inquiry/']").first.click()
    assert path_of(page) == "/inquiry/"
    shots("inquiry-form")

    # A mistake: a phone number that is not one, and no consent.
    form = page.locator("main form:has([name=contact_name])")
    form.locator("[name=contact_name]").fill("李明")
    form.locator("[name=company]").fill("浙江示例智能装备有限公司")
    form.locator("[name=phone]").fill("12345")
    form.locator("[name=email]").fill("liming@example.com")
    if form.locator("textarea[name=message]").count():
        form.locator("textarea[name=message]").fill("我们希望了解北部片区的标准厂房。")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    assert path_of(page) == "/inquiry/"
    errors = page.locator("main .errorlist, main [role=alert], main .error, main [aria-invalid=true]")
    expect(errors.first).to_be_visible()
    expect(form.locator("[name=contact_name]")).to_have_value("李明")  # what was typed is kept
    assert Inquiry.objects.count() == 0
    shots("inquiry-errors")
    assert_accessible(page, "inquiry form with errors")

    # Corrected and sent.
    form.locator("[name=phone]").fill("13800138000")
    form.locator("input[type=checkbox][name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    shots("inquiry-thanks")
    match = REFERENCE.search(page.locator("main").inner_text())
    assert match, "no reference number on the thank-you page"
    inquiry = Inquiry.objects.get(reference=match.group(0))
    assert inquiry.contact_name == "李明" and inquiry.phone.endswith("13800138000")
    assert_accessible(page, "thank-you page")

    # The investor checks the stage of the inquiry.
    page.goto(site.url + "/inquiry/status/")
    status_form = page.locator("main form:has([name=reference])")
    status_form.locator("[name=reference]").fill(inquiry.reference)
    status_form.locator("input:not([type=hidden]):not([name=reference])").first.fill("liming@example.com")
    with page.expect_navigation():
        status_form.locator("button[type=submit], input[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(str(inquiry.get_stage_display()))
    assert_fits_width(page)
    shots("inquiry-status")
    assert_accessible(page, "status page with a result")
    assert_clean_console(console_errors)


def test_editor_changes_a_summary_and_the_site_shows_it(site, staff_user, page, shots, console_errors):
    from projects.models import Project

    project = Project.objects.get(slug="qiangxin-technology")
    new_summary = f"强新科技项目已完成主体结构封顶（{page.width_name}）。"

    page.goto(site.url + "/admin/")
    page.locator("#id_username").fill(STAFF_USERNAME)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    shots("admin-login")
    with page.expect_navigation():
        page.locator("#login-form [type=submit], form [type=submit]").first.click()
    assert path_of(page) == "/admin/"
    shots("admin-index")

    with page.expect_navigation():
        page.locator("a[href$='/admin/projects/project/']").first.click()
    shots("admin-projects")
    with page.expect_navigation():
        page.locator(f"#result_list a[href*='/admin/projects/project/{project.pk}/change/']").first.click()
    summary = page.locator("#id_summary")
    expect(summary).to_be_visible()
    summary.fill(new_summary)
    shots("admin-project-edit")
    with page.expect_navigation():
        page.locator("input[name=_save], button[name=_save]").first.click()
    expect(page.locator(".messagelist .success, ul.messagelist li").first).to_be_visible()
    shots("admin-saved")
    project.refresh_from_db()
    assert project.summary == new_summary

    page.goto(site.url + project.get_absolute_url())
    expect(page.locator("main")).to_contain_text(new_summary)
    shots("public-project-updated")
    assert_clean_console([e for e in console_errors if "/admin/" not in e])
