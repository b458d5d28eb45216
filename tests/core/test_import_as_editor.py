"""The content editor's import (issue 24, item 1): the admin's own template, filled in Chinese with the
delay reason left empty, imported through the admin pages, writes its rows and says what the table holds."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Project
from tests.factories import UserFactory
from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db

XLSX = "1"  # position in core.spreadsheets.files.IMPORT_FORMATS
EDITOR = "内容编辑"


@pytest.fixture
def editor_client(client, seeded, migrated_roles):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    editor = create_staff(client, "editor", EDITOR)
    client.logout()
    client.force_login(editor)
    return client


def filled_template(client, rows: int = 5, *, change=None, blank_before=()) -> bytes:
    """The project template downloaded from the admin, its example row replaced by `rows` projects as an
    editor types them: Chinese labels, dates as text, the reason for a delay left empty (on track)."""
    response = client.get(reverse("admin:projects_project_import_template", args=["xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert "延期或终止原因" in headers
    sheet.delete_rows(2, sheet.max_row)
    for number in range(1, rows + 1):
        values = {
            "项目编号": f"QK-2026-{number:03d}",
            "名称": f"测试智能装备项目{number}",
            "投资方": f"某装备集团{number}有限公司",
            "产业": "智能制造（一智）",
            "片区": "北部",
            "已披露投资额": "是",
            "总投资（亿元）": 2 + number,
            "签约日期": "2026-03-01",
            "阶段": "签约",
            "状态": "正常",
            "延期或终止原因": None,
            "已发布": "否",
        }
        values.update((change or {}).get(number, {}))
        if number in blank_before:
            sheet.append([None] * len(headers))  # an empty row, which the import leaves out
        sheet.append([values.get(header) for header in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_through_admin(client, content: bytes, name="项目.xlsx"):
    response = client.post(
        reverse("admin:projects_project_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": XLSX, "resource": "0"},
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is not None, [
        (r["cells"], r["errors"]) for r in response.context.get("report", {}).get("rows")
    ][:1]
    return client.post(
        reverse("admin:projects_project_process_import"), response.context["confirm_form"].initial, follow=True
    )


def test_editor_imports_the_chinese_template_with_empty_reasons(editor_client):
    before = Project.objects.count()
    response = import_through_admin(editor_client, filled_template(editor_client))
    assert Project.objects.count() == before + 5
    project = Project.objects.get(code="QK-2026-003")
    assert project.status_reason == ""
    assert project.name_en == "" and project.summary == ""
    shown = [str(m) for m in response.context["messages"]]
    # What the table holds afterwards, counted again after the write.
    assert shown == [f"已写入：新增 5 条，修改 0 条；签约项目现有 {before + 5} 条。"]
    assert "QK-2026-005" in response.content.decode()  # back on the list, which shows the new rows


def check(client, content: bytes):
    response = client.post(
        reverse("admin:projects_project_import"),
        {"import_file": SimpleUploadedFile("项目.xlsx", content), "format": XLSX, "resource": "0"},
    )
    assert response.status_code == 200
    return response


def test_errors_name_the_row_as_excel_shows_it_and_the_column_to_fill(editor_client):
    # The third project sits on Excel's row 4 (the header is row 1); after an empty row, the fifth is on row 7.
    content = filled_template(
        editor_client,
        change={3: {"总投资（亿元）": None}, 5: {"签约日期": "明年"}},
        blank_before=(5,),
    )
    response = check(editor_client, content)
    report = response.context["report"]
    assert report["has_errors"]
    assert [row["number"] for row in report["rows"]] == [4, 7]
    cells = {cell["column"]: cell["errors"] for cell in report["rows"][0]["cells"]}
    assert cells["总投资（亿元）"] == ["请在“总投资（亿元）”列填写金额；金额未公开时，在“已披露投资额”列填写“否”。"]
    page = response.content.decode()
    assert "<td>4</td>" in page and "<td>7</td>" in page
    assert "取消勾选" not in page


def test_a_refused_write_names_the_excel_row(editor_client, monkeypatch):
    """A row the database refuses late (after the check) is named by its Excel row in the admin's message."""
    from core.spreadsheets.report import row_errors, write_failure
    from projects.resources import ProjectResource

    content = filled_template(editor_client, 3)
    resource = ProjectResource()
    from core.spreadsheets.files import XLSX as XLSXFormat

    dataset = XLSXFormat().create_dataset(content)

    def refuse(self, instance, is_create, row, **kwargs):
        if instance.code == "QK-2026-002":
            raise RuntimeError("refused")

    monkeypatch.setattr(ProjectResource, "save_instance", refuse)
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    assert [number for number, _errors in row_errors(result)] == [3]
    assert "第 3 行：refused" in write_failure(result)


IMPORTABLE = [
    "projects.resources.ProjectResource",
    "enterprises.resources.EnterpriseResource",
    "spaces.resources.SpaceResource",
    "policies.resources.PolicyResource",
]


@pytest.mark.parametrize("path", IMPORTABLE)
def test_an_empty_cell_of_any_text_field_becomes_an_empty_string(path):
    """Every text field of every importable model: an empty cell (None from an xlsx, "" from a CSV) is ""."""
    from django.db import models
    from django.utils.module_loading import import_string

    resource = import_string(path)()
    text_fields = []
    for field in resource.get_import_fields():
        try:
            model_field = resource._meta.model._meta.get_field(field.attribute)
        except Exception:  # noqa: BLE001, S112 - a computed column
            continue
        if isinstance(model_field, models.CharField | models.TextField) and not model_field.null:
            text_fields.append(field)
    assert text_fields
    for empty in (None, "", "  "):
        instance = resource._meta.model()
        for field in text_fields:
            try:
                resource.import_field(field, instance, {field.column_name: empty})
            except ValueError:
                continue  # a required lookup or choice says so as a row error
            value = getattr(instance, field.attribute)
            assert value is not None, (field.column_name, empty)
