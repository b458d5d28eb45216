"""Every export goes one way (core.spreadsheets.files): cleaned of control characters, one formula guard, streamed."""

import datetime
import io
import tracemalloc
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.spreadsheets.files import clean_cell, csv_chunks, defuse, write_xlsx
from tests.factories import InquiryFactory, ProjectFactory, UserFactory, ZoneFactory
from tests.inquiries.conftest import user_with_perms

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def officer(db):
    return user_with_perms("officer", "view_inquiry", "view_inquiry_personal_data", "export_inquiry")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_inquiry_export_survives_a_control_character_in_a_related_name(client, officer, fmt):
    """Finding 7: a zone named with a control character made the Excel export answer 500."""
    InquiryFactory(zone=ZoneFactory(name="北部\x07片区"), company="甲\x1b公司")
    client.force_login(officer)
    response = client.get(reverse("admin:inquiries_inquiry_export", args=[fmt]))
    assert response.status_code == 200
    content = body(response)
    if fmt == "xlsx":
        values = [cell for row in openpyxl.load_workbook(io.BytesIO(content)).active.values for cell in row]
    else:
        values = content.decode("utf-8-sig").replace("\r\n", ",").split(",")
    assert "北部片区" in values and "甲公司" in values


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("+123", "+123"),  # a signed number stays a number
        ("-4.5", "-4.5"),
        ("+86 138 0000 0000", "'+86 138 0000 0000"),
        ("-1+1", "'-1+1"),
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("普通文字", "普通文字"),
    ],
)
def test_one_formula_guard(typed, written):
    assert defuse(typed) == written


def test_inquiry_and_project_exports_apply_the_same_guard(client, officer):
    """Before, `+123` passed the inquiry export and not the staff exports: now both run one rule."""
    superuser = UserFactory(username="root", is_superuser=True)
    InquiryFactory(company="+123")
    ProjectFactory(code="QK-2021-00301", name="+123", investor="-1+1")
    client.force_login(officer)
    inquiry = body(client.get(reverse("admin:inquiries_inquiry_export", args=["csv"]))).decode("utf-8-sig")
    client.force_login(superuser)
    project = body(
        client.post(
            reverse("admin:projects_project_export"),
            {"format": "0", "resource": "0", "projectresource_name": "on", "projectresource_investor": "on"},
        )
    ).decode("utf-8-sig")
    assert ",+123," in inquiry
    assert "+123,'-1+1" in project


def test_numbers_and_dates_stay_native_and_text_is_cleaned():
    assert clean_cell(Decimal("7.25")) == Decimal("7.25")
    assert clean_cell(datetime.date(2021, 6, 1)) == datetime.date(2021, 6, 1)
    assert clean_cell(None) == ""
    assert clean_cell("a\x00b\x0bc") == "abc"


def test_project_export_headers_are_the_labels_in_the_admin_language(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    ProjectFactory(code="QK-2021-00401", stage="construction", started_on=datetime.date(2022, 1, 1))
    response = client.post(
        reverse("admin:projects_project_export"),
        {"format": "0", "resource": "0", "projectresource_code": "on", "projectresource_stage": "on"},
    )
    lines = body(response).decode("utf-8-sig").splitlines()
    assert lines[0] == "项目编号,阶段"
    assert lines[1] == "QK-2021-00401,开工"
    page = client.get(reverse("admin:projects_project_export")).content.decode()
    assert "Select all" not in page and "Land Mu" not in page and "用地面积（亩）" in page


def _rows(n):
    for i in range(n):
        yield [f"QK-2021-{i:05d}", f"项目名称{i}" * 3, Decimal(i) / 4, datetime.date(2021, 6, 1), "说明" * 20]


def _peak(function) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_memory_stays_flat_whatever_the_row_count(fmt, tmp_path):
    """Finding 8: 20,000 rows need about the memory of 2,000 (before: +157 MB for an xlsx of 20,000)."""
    headers = ["编号", "名称", "投资", "日期", "说明"]

    def export(n):
        def run():
            if fmt == "csv":
                for _chunk in csv_chunks(headers, _rows(n)):
                    pass
            else:
                with open(tmp_path / f"{n}.xlsx", "wb") as target:
                    write_xlsx(target, headers, _rows(n))

        return run

    small, large = _peak(export(2_000)), _peak(export(20_000))
    assert large < small * 1.5 + 256 * 1024, (small, large)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(tmp_path / "20000.xlsx", read_only=True).active
        assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 20_001
