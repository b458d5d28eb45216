"""Chinese and English do not drift apart silently (issue 13), at 390 px and 1280 px.

An editor changes a project's Chinese summary in the admin; the English page then shows the Chinese
with a note instead of the old translation; the admin warns about it; once the editor confirms the
English (on the phone) or writes a new one (on the desktop) the note is gone.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.e2e.helpers import assert_fits_width

pytestmark = pytest.mark.e2e

NOTE = "The English translation of this text is being updated; the Chinese original is shown."
OLD_ENGLISH = "One of the key industrial projects the zone has brought in over the past three years."


def log_in(page, site):
    page.goto(site.url + "/admin/")
    page.locator("#id_username").fill(STAFF_USERNAME)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit], form [type=submit]").first.click()


def test_editor_changes_the_chinese_and_the_english_page_says_so_until_the_english_is_seen_to(
    site, staff_user, page, shots, console_errors
):
    from projects.models import Project

    project = Project.objects.get(slug="qiangxin-technology")
    assert project.summary_en == OLD_ENGLISH
    new_summary = f"强新科技项目已完成主体结构封顶，进入设备安装阶段（{page.width_name}）。"
    english_url = site.url + "/en" + project.get_absolute_url()
    change_url = f"{site.url}/admin/projects/project/{project.pk}/change/"

    log_in(page, site)
    page.goto(change_url)
    expect(page.locator(".english-drift-warning")).to_have_count(0)
    page.locator("#id_summary").fill(new_summary)
    with page.expect_navigation():
        page.locator("input[name=_save], button[name=_save]").first.click()
    project.refresh_from_db()
    assert project.english_out_of_date == ["summary_en"]

    # The English page: the Chinese original with one note, not the old translation.
    page.goto(english_url)
    main = page.locator("main")
    expect(main).to_contain_text(new_summary)
    expect(main).not_to_contain_text(OLD_ENGLISH)
    note = page.locator(".translation-note")
    expect(note).to_have_count(1)
    expect(note).to_have_text(NOTE)
    expect(note).to_be_visible()
    assert_fits_width(page)
    shots("english-page-with-note")
    # The Chinese page is as it was: the new summary, no note.
    page.goto(site.url + project.get_absolute_url())
    expect(page.locator("main")).to_contain_text(new_summary)
    expect(page.locator(".translation-note")).to_have_count(0)

    # The admin: the warning names the field, beside it too, and the list filter finds the project.
    page.goto(change_url)
    warning = page.locator(".english-drift-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("公开简介（英文）")
    expect(page.locator(".english-out-of-date")).to_have_count(1)
    expect(page.locator("#id_summary_en")).to_be_visible()  # the English fieldset is open
    shots("admin-warning")
    page.goto(site.url + "/admin/projects/project/?english_out_of_date=yes")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    shots("admin-list-filter")

    page.goto(change_url)
    if page.width_name == "phone":
        # The English is still right: confirm it.
        with page.expect_navigation():
            warning.get_by_role("button", name="英文仍然正确").click()
        expect(page.locator(".english-drift-warning")).to_have_count(0)
        expected_english = OLD_ENGLISH
    else:
        # Write the new English.
        expected_english = "Qiangxin's main structure is topped out; equipment is being installed."
        page.locator("#id_summary_en").fill(expected_english)
        with page.expect_navigation():
            page.locator("input[name=_save], button[name=_save]").first.click()
    shots("admin-after")
    project.refresh_from_db()
    assert project.english_out_of_date == []

    page.goto(english_url)
    expect(page.locator("main")).to_contain_text(expected_english)
    expect(page.locator(".translation-note")).to_have_count(0)
    shots("english-page-without-note")
    assert not [e for e in console_errors if "/admin/" not in e and "favicon" not in e]
