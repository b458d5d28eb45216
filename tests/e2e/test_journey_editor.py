"""The content editor's day at 1280 px, on what `make run` creates (issue 24): from the project list's
导入 button, the template downloaded, five projects typed in Chinese with the delay reasons left empty
(they are on track), checked and written; the message states what the table holds and the five are in
the list. Then a policy added through the admin. The account is made by the administrator in the admin."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.helpers import admin_log_in, path_of

pytestmark = pytest.mark.e2e

CODES = [f"QK-2026-9{n:02d}" for n in range(1, 6)]


def fill_template(path):
    """Five projects as an editor types them over the template's example row."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert "延期或终止原因" in headers
    sheet.delete_rows(2, sheet.max_row)
    for number, code in enumerate(CODES, 1):
        values = {
            "项目编号": code,
            "名称": f"旅程测试装备项目{number}",
            "投资方": f"旅程测试装备集团{number}有限公司",
            "产业": "智能制造（一智）",
            "片区": "北部",
            "已披露投资额": "是",
            "总投资（亿元）": 1 + number,
            "签约日期": "2026-03-01",
            "阶段": "签约",
            "状态": "正常",
            "延期或终止原因": None,  # on track: no reason
            "已发布": "否",
        }
        sheet.append([values.get(header) for header in headers])
    book.save(path)


def test_content_editor_imports_projects_and_adds_a_policy(deployed_site, staff_account, desktop_page, shots, tmp_path):
    from policies.models import Policy
    from projects.models import Project

    page, url = desktop_page, deployed_site.url
    editor = staff_account("内容编辑", "editor-journey", first_name="编辑")
    admin_log_in(page, url, editor.username, STAFF_PASSWORD)
    shots("admin-index")

    # The project list: 导入 stands beside 导出.
    page.locator("a[href$='/admin/projects/project/']").first.click()
    page.wait_for_url("**/admin/projects/project/")
    before = Project.objects.count()
    tools = page.locator(".object-tools")
    expect(tools.locator("a", has_text="导出")).to_be_visible()
    expect(tools.locator("a", has_text="导入")).to_be_visible()
    shots("project-list")
    with page.expect_navigation():
        tools.locator("a", has_text="导入").click()
    assert path_of(page) == "/admin/projects/project/import/"

    # The template, downloaded from the import page and filled in.
    with page.expect_download() as download:
        page.locator("a[href$='/import/template.xlsx']").click()
    sheet = tmp_path / "项目导入.xlsx"
    download.value.save_as(sheet)
    fill_template(sheet)

    page.locator("#id_import_file").set_input_files(str(sheet))
    page.locator("#id_format").select_option(label="xlsx")
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    report = page.locator(".sheet-report")
    expect(report).to_contain_text("5")
    expect(report.locator(".cell-error")).to_have_count(0)
    shots("import-preview")
    with page.expect_navigation():
        page.locator("input[name=confirm]").click()

    # What the table holds afterwards, and the five in the list.
    after = Project.objects.count()
    assert after == before + 5
    message = page.locator(".messagelist")
    expect(message).to_contain_text("新增 5 条")
    expect(message).to_contain_text(f"现有 {after} 条")
    for code in CODES:
        expect(page.locator("#result_list")).to_contain_text(code)
    assert Project.objects.get(code=CODES[0]).status_reason == ""
    shots("import-written")

    # A policy, added through the admin.
    page.goto(f"{url}/admin/policies/policy/")
    with page.expect_navigation():
        page.locator(".object-tools a.addlink").click()
    page.locator("#id_title").fill("旅程测试：支持装备制造业发展的若干政策")
    page.locator("#id_slug").fill("journey-equipment-support")
    page.locator("#id_issuer").fill("钱塘区人民政府")
    page.locator("#id_level").select_option(value="district")
    page.locator("#id_in_force_from").fill("2026-01-01")
    page.locator("#id_in_force_until").fill("2028-12-31")
    shots("policy-add")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("旅程测试：支持装备制造业发展的若干政策")
    expect(page.locator(".messagelist")).to_contain_text("。")
    assert Policy.objects.filter(slug="journey-equipment-support").exists()
    shots("policy-added")
