"""The import preview as a content editor sees it at 1280 px: what was typed, what it replaces, errors at the cell."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME
from tests.e2e.helpers import assert_fits_width
from tests.fixtures.make_fixtures import PROJECT_HEADERS, csv_bytes

pytestmark = pytest.mark.e2e


def test_import_preview_is_readable_at_1280_px(site, staff_user, desktop_page, shots, tmp_path):
    from projects.models import Project

    page = desktop_page
    existing = Project.objects.get(slug="qiangxin-technology")
    rows = [
        # changes an existing project: stage and investment, typed in Chinese
        [existing.code, existing.name, "", existing.slug, existing.investor, "新材料", "北部", "是", "12.5",
         "2021-06-01", "已投产", "正常", "是", ""],
        # a new project with a full zone name, an industry name and no slug
        ["QK-2025-00777", "示例新项目", "", "", "某投资方", "生命健康", "南部创新创业片区", "否", "", "",
         "签约", "正常", "否", ""],
        # errors: an unknown zone, a word for an amount, a date that is not one
        ["QK-2025-00778", "有错误的项目", "", "", "某投资方", "新材料", "亚特兰蒂斯", "是", "约5亿", "明年",
         "签约", "正常", "是", ""],
    ]  # fmt: skip
    upload = tmp_path / "项目.csv"
    upload.write_bytes(csv_bytes(PROJECT_HEADERS, rows))

    page.goto(site.url + "/admin/login/?next=/admin/projects/project/import/")
    page.locator("#id_username").fill(STAFF_USERNAME)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit], form [type=submit]").first.click()
    page.locator("#id_import_file").set_input_files(str(upload))
    page.locator("#id_format").select_option(value="0")
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] [type=submit]").click()

    report = page.locator(".sheet-report")
    expect(report).to_contain_text("部分行有错误")
    expect(report).to_contain_text("亚特兰蒂斯")
    expect(report.locator(".cell-error").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("某些行验数据证失败")
    shots("import-preview-errors")
    assert_fits_width(page)

    rows.pop()  # without the faulty row the file can be confirmed
    upload.write_bytes(csv_bytes(PROJECT_HEADERS, rows))
    page.goto(site.url + "/admin/projects/project/import/")
    page.locator("#id_import_file").set_input_files(str(upload))
    page.locator("#id_format").select_option(value="0")
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
    expect(report).to_contain_text("投产")
    expect(report).to_contain_text("（原为")
    expect(report).to_contain_text("新增")
    expect(page.locator("body")).not_to_contain_text("新提交")
    shots("import-preview-changes")
    assert_fits_width(page)
    with page.expect_navigation():
        page.locator("input[name=confirm]").click()
    assert Project.objects.filter(code="QK-2025-00777", slug="qk-2025-00777").exists()
