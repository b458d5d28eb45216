"""Issue 13, "a smooth day" for staff, in both admin languages (the /en/ prefix) at 390 and 1280 px.

The investment officer: the assignment notice on the dashboard, "my inquiries", the inquiry with the
message first and what the investor sent read-only, a note, stage moves (a refused one says why), the
signing with its project. The content editor: the verification queue without samples, the list of
what is due (real rows, the name readable), a spreadsheet import with its preview, a record verified.

Transactional tests flush every table, the role groups and permissions too: `roles` makes them again.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.e2e.helpers import path_of, query_of
from tests.fixtures.make_fixtures import PROJECT_HEADERS, csv_bytes

pytestmark = pytest.mark.e2e

OFFICER = "officer-e2e"
TEXT = {
    "en": {
        "refused": "cannot move from",
        "needs_project": "needs its resulting project",
        "verified": "marked as verified today",
        "imported": "Import finished",
    },
    "zh-hans": {
        "refused": "不能从",
        "needs_project": "须关联落地项目",
        "verified": "已标记为今日已核实",
        "imported": "导入完成",
    },
}


@pytest.fixture
def roles(transactional_db, migrated_roles):
    """The role groups with the rights `migrate` gave them (tests/conftest.py keeps a copy; a flush removes them)."""
    return migrated_roles


def log_in(page, site, prefix, username, password=STAFF_PASSWORD):
    page.goto(f"{site.url}{prefix}/admin/login/?next={prefix}/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    assert path_of(page) == f"{prefix}/admin/"


def visible_in_viewport(page, selector: str) -> bool:
    """The whole element is within the window's width, without scrolling sideways."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1


def table_fits(page) -> bool:
    """The changelist's table needs no sideways scrolling in its box (nothing cut off at the right)."""
    return page.evaluate(
        """() => { const t = document.querySelector('#result_list');
                   const box = t.closest('.results') || t.parentElement;
                   return t.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1; }"""
    )


def save_and_continue(page):
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_investment_officers_day(site, roles, page, shots, language):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from inquiries.models import Inquiry, InquiryNote, InquiryNotice
    from inquiries.services import inquiry_assign
    from projects.models import Project
    from staff.roles import INVESTMENT_OFFICER
    from tests.factories import InquiryFactory

    prefix = "/en" if language == "en" else ""
    text = TEXT[language]
    tag = f"{language}-{page.width_name}"
    users = get_user_model().objects
    # No e-mail address: the dashboard notice is the only way the assignment reaches this officer.
    officer = users.create_user(
        OFFICER, password=STAFF_PASSWORD, email="", is_staff=True, first_name="芳", last_name="王"
    )
    officer.groups.add(Group.objects.get(name=INVESTMENT_OFFICER))
    chief = users.create_superuser("chief-e2e", password=STAFF_PASSWORD, email="")
    inquiry = InquiryFactory(
        company="示例智能装备有限公司",
        contact_name="李明",
        message="我们希望了解北部片区的标准厂房，约五千平方米。",
        due_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2),
    )
    InquiryFactory(company="另一家公司")  # someone else's, new
    inquiry_assign(inquiry=inquiry, officer=officer, user=chief)
    project = Project.objects.get(slug="qiangxin-technology")

    # The dashboard: the notice on top, by reference only, and the officer's own figures.
    log_in(page, site, prefix, OFFICER)
    notices = page.locator("#dashboard-notices")
    expect(notices).to_contain_text(inquiry.reference)
    expect(notices).not_to_contain_text("示例智能装备")
    expect(page.locator("#dashboard-verification")).to_have_count(0)  # the editors' queue is not theirs
    expect(page.locator("#dashboard-inquiries")).to_be_visible()
    shots(f"dashboard-{tag}")

    # One click to "my inquiries": stage and owner stay in sight on a phone too.
    with page.expect_navigation():
        page.locator("#dashboard-inquiries a[href*='owner=me']").first.click()
    assert query_of(page)["owner"] == ["me"]
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    shots(f"my-inquiries-{tag}")
    for cell in ("column-reference", "column-stage", "column-owner_column", "field-stage", "field-owner_column"):
        assert visible_in_viewport(page, f"#result_list .{cell}"), f"{cell} is off screen"
    expect(page.locator("#result_list td.field-owner_column")).to_have_text("王芳")  # the name, not the login
    if page.width_name == "desktop":
        assert table_fits(page), "the list is cut off at the right (提交时间)"
        assert visible_in_viewport(page, "#result_list td.field-created_column")

    # The inquiry: the message first, what the investor sent is read-only.
    with page.expect_navigation():
        page.locator(f"#result_list a:text-is('{inquiry.reference}')").click()
    first_fieldset = page.locator("#inquiry_form fieldset").first
    expect(first_fieldset).to_contain_text(inquiry.message)
    expect(page.locator("input[name=company], textarea[name=message]")).to_have_count(0)
    expect(page.locator(".field-company .readonly")).to_contain_text("示例智能装备有限公司")
    assert InquiryNotice.objects.get().read_at is not None  # opened: the notice is read
    shots(f"inquiry-{tag}")

    # A note, kept on the timeline.
    page.locator("textarea[name='notes-0-text']").fill("已电话联系，约下周考察厂房。")
    page.locator("#id_stage").select_option(Inquiry.Stage.CONTACTED)
    save_and_continue(page)
    assert InquiryNote.objects.get().text == "已电话联系，约下周考察厂房。"
    inquiry.refresh_from_db()
    assert inquiry.stage == Inquiry.Stage.CONTACTED

    # A move the pipeline does not allow is refused, with the moves that are.
    page.locator("#id_stage").select_option(Inquiry.Stage.SIGNED)
    save_and_continue(page)
    expect(page.locator(".errorlist").first).to_contain_text(text["refused"])
    inquiry.refresh_from_db()
    assert inquiry.stage == Inquiry.Stage.CONTACTED
    shots(f"refused-move-{tag}")

    page.locator("#id_stage").select_option(Inquiry.Stage.NEGOTIATING)
    save_and_continue(page)
    # Signing without the resulting project says what is missing…
    page.locator("#id_stage").select_option(Inquiry.Stage.SIGNED)
    save_and_continue(page)
    expect(page.locator(".errorlist").first).to_contain_text(text["needs_project"])
    # …and with it, the inquiry is signed.
    page.locator(".field-project .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(project.code)
    page.locator(".select2-results__option", has_text=project.code).first.click()
    save_and_continue(page)
    inquiry.refresh_from_db()
    assert (inquiry.stage, inquiry.project) == (Inquiry.Stage.SIGNED, project)
    shots(f"signed-{tag}")

    page.goto(f"{site.url}{prefix}/admin/")
    expect(page.locator("#dashboard-notices")).to_have_count(0)
    shots(f"dashboard-after-{tag}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_content_editors_day(site, roles, staff_user, page, shots, tmp_path, language):
    from django.conf import settings

    from projects.models import Project
    from staff.roles import CONTENT_EDITOR

    prefix = "/en" if language == "en" else ""
    text = TEXT[language]
    tag = f"{language}-{page.width_name}"
    assert staff_user.groups.filter(name=CONTENT_EDITOR).exists()
    old = datetime.date.today() - datetime.timedelta(days=settings.STALE_AFTER_DAYS + 30)
    Project.objects.filter(slug__startswith="e2e-north-construction").update(last_verified_on=old)
    sample = Project.objects.filter(slug__startswith="e2e-south").first()
    Project.objects.filter(pk=sample.pk).update(is_demo=True, last_verified_on=None, name="示例样本项目")
    due = Project.objects.public().filter(is_demo=False).stale(settings.STALE_AFTER_DAYS)
    due_before = due.count()

    # The dashboard: the verification queue, counting real records only.
    log_in(page, site, prefix, STAFF_USERNAME)
    queue = page.locator("#dashboard-verification")
    expect(queue).to_be_visible()
    project_row = queue.locator("tr", has=page.locator("a[href*='/projects/project/']"))
    expect(project_row.locator("td")).to_have_text(str(due_before))
    expect(page.locator("#dashboard-inquiries")).to_have_count(0)
    shots(f"dashboard-{tag}")

    # The list of what is due: real rows only, the name readable.
    with page.expect_navigation():
        project_row.locator("a").click()
    assert query_of(page)["verification"] == ["due"]
    expect(page.locator("#result_list")).not_to_contain_text("示例样本项目")
    expect(page.locator("#result_list tbody tr")).to_have_count(min(due_before, 100))
    name = page.locator("#result_list td.field-name, #result_list th.field-name").first
    assert name.bounding_box()["width"] >= 120, "the name column is squeezed"
    assert visible_in_viewport(page, "#result_list th.column-name")
    shots(f"due-list-{tag}")

    # Verify one record from the list.
    first = Project.objects.get(pk=page.locator("#result_list input.action-select").first.get_attribute("value"))
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option("mark_verified")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text(text["verified"])
    first.refresh_from_db()
    assert first.last_verified_on == datetime.date.today()
    shots(f"verified-{tag}")

    # A small spreadsheet, previewed before it is written.
    existing = Project.objects.get(slug="qiangxin-technology")
    rows = [
        [existing.code, existing.name, "", existing.slug, existing.investor, "新材料", "北部", "是", "12.5",
         "2021-06-01", "已投产", "正常", "是", datetime.date.today().isoformat()],
    ]  # fmt: skip
    upload = tmp_path / "projects.csv"
    upload.write_bytes(csv_bytes(PROJECT_HEADERS, rows))
    page.goto(f"{site.url}{prefix}/admin/projects/project/import/")
    page.locator("#id_import_file").set_input_files(str(upload))
    page.locator("#id_format").select_option(value="0")
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    expect(page.locator(".sheet-report")).to_contain_text("12.5")
    expect(page.locator(".sheet-report .cell-error")).to_have_count(0)
    shots(f"import-preview-{tag}")
    with page.expect_navigation():
        page.locator("input[name=confirm]").click()
    existing.refresh_from_db()
    assert existing.investment == 12.5 and existing.last_verified_on == datetime.date.today()
    shots(f"imported-{tag}")

    page.goto(f"{site.url}{prefix}/admin/")
    expect(project_row.locator("td")).to_have_text(str(due.count()))
    assert due.count() < due_before
