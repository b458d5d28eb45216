"""Importing firm-year figures from a spreadsheet (efficiency/resources.py), as the efficiency officer does
it in the admin: columns in Chinese, a preview, then one transaction. Every bad input is a message at its
row (or for the whole sheet) and nothing is written; rows with no matching enterprise are imported and listed.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efficiency.models import FirmYear
from staff.roles import CONTENT_EDITOR, EFFICIENCY_OFFICER
from tests.efficiency.admin_factories import FirmYearFactory, credit_code, rule_set_with_group
from tests.efficiency.pages import messages_of
from tests.factories import EnterpriseFactory
from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db

HEADER = ",".join(
    [
        *("年份", "统一社会信用代码", "报送的企业名称", "分组", "地块", "自有用地（亩）", "租赁用地（亩）"),
        *("实缴税收（万元）", "营业收入（万元）", "用地在建", "公用事业", "记录联系人", "记录联系电话"),
    ]
)


@pytest.fixture
def officer_client(client, migrated_roles, admin_client):
    client.force_login(create_staff(admin_client, "muxun", EFFICIENCY_OFFICER))
    return client


def sheet(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def row(code, *, year=2024, name="杭州某某制造有限公司", group="gsgy", parcel="", own="20", leased="", tax="500",
        revenue="9000", building="否", utility="否", contact="李经理", phone="0571-86000000"):  # fmt: skip
    cells = (year, code, name, group, parcel, own, leased, tax, revenue, building, utility, contact, phone)
    return ",".join(str(v) for v in cells)


def preview(client, content: bytes):
    response = client.post(
        reverse("admin:efficiency_firmyear_import"),
        {"import_file": SimpleUploadedFile("firms.csv", content), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    return response


def confirm(client, response):
    assert response.context.get("confirm_form") is not None, response.context["report"]
    return client.post(reverse("admin:efficiency_firmyear_process_import"), response.context["confirm_form"].initial)


def report_text(response) -> str:
    report = response.context["report"]
    parts = [*report["base_errors"], *report["notes"]]
    for shown in report["rows"]:
        parts += shown["errors"]
        for cell in shown["cells"]:
            parts += cell["errors"]
    return "\n".join(parts)


def test_a_good_sheet_is_previewed_then_written_with_enterprises_matched(officer_client):
    rule_set_with_group(year=2024)
    matched, unmatched = credit_code(), credit_code()
    enterprise = EnterpriseFactory(credit_code=matched)
    content = sheet(
        row(f" {matched[:8].lower()} {matched[8:]} ", name="甲公司"),  # typed with gaps and in lower case
        row(unmatched, name="乙公司", own="", leased="12.5", group="规上工业"),  # the group by its name
    )
    response = preview(officer_client, content)
    assert not FirmYear.objects.exists()
    notes = "\n".join(response.context["report"]["notes"])
    assert "有 1 行的统一社会信用代码未匹配到企业" in notes and "乙公司" in notes and "甲公司" not in notes
    written = confirm(officer_client, response)
    assert written.status_code == 302
    first, second = FirmYear.objects.get(credit_code=matched), FirmYear.objects.get(credit_code=unmatched)
    assert first.enterprise == enterprise and first.land_own_mu == Decimal("20") and first.contact_name == "李经理"
    assert second.enterprise is None and second.group_code == "gsgy" and second.land_mu == Decimal("12.5")
    shown = " ".join(messages_of(written))
    assert "新增 2 条" in shown
    assert "未匹配到企业" in shown and "matched=no" in shown
    # The same sheet again changes nothing.
    again = preview(officer_client, content)
    assert again.context["report"]["totals"]["skip"] == 2


def test_an_enterprise_added_later_is_matched_when_the_sheet_is_imported_again(officer_client):
    code = credit_code()
    content = sheet(row(code))
    confirm(officer_client, preview(officer_client, content))
    assert FirmYear.objects.get().enterprise is None
    enterprise = EnterpriseFactory(credit_code=code)
    confirm(officer_client, preview(officer_client, content))
    assert FirmYear.objects.get().enterprise == enterprise


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tax": "-5"}, "确保该值大于或等于0"),
        ({"tax": "200000000"}, "不是合理的实缴税收（万元）"),
        ({"own": "150000"}, "不是合理的自有用地（亩）"),
        ({"own": "0"}, "用地面积为零"),
        ({"own": "", "leased": ""}, "用地面积为零"),
        ({"code": "91330110MA2XXXXXX1"}, "统一社会信用代码"),
        ({"code": "913301"}, "统一社会信用代码"),
        ({"tax": "五百"}, "不是数字"),
        ({"group": "fuwu"}, "2024 年度的评价办法中没有分组“fuwu”；现有分组为：gsgy。"),
    ],
)
def test_each_bad_row_is_a_message_and_nothing_is_written(officer_client, changes, message):
    rule_set_with_group(year=2024)
    FirmYearFactory(year=2023)
    before = list(FirmYear.objects.values_list("pk", "tax"))
    code = changes.pop("code", credit_code())
    content = sheet(row(credit_code(), name="好的一行"), row(code, **changes))
    response = preview(officer_client, content)
    assert response.context.get("confirm_form") is None
    assert message in report_text(response), report_text(response)
    assert list(FirmYear.objects.values_list("pk", "tax")) == before


def test_zero_land_is_accepted_where_the_land_is_under_construction_or_a_utility(officer_client):
    content = sheet(row(credit_code(), own="0", building="是"), row(credit_code(), own="", utility="是"))
    confirm(officer_client, preview(officer_client, content))
    assert FirmYear.objects.count() == 2


def test_the_same_firm_twice_for_one_year_refuses_the_sheet(officer_client):
    code = credit_code()
    content = sheet(row(code), row(credit_code()), row(code.lower(), name="重复的一行"))
    response = preview(officer_client, content)
    errors = " ".join(response.context["report"]["base_errors"])
    assert f"企业 {code} 在 2024 年度出现了不止一次（第 2、4 行）" in errors
    assert response.context.get("confirm_form") is None and not FirmYear.objects.exists()
    # The same firm in two years is two firm-years.
    confirm(officer_client, preview(officer_client, sheet(row(code), row(code, year=2023))))
    assert FirmYear.objects.filter(credit_code=code).count() == 2


def test_a_year_without_rule_sets_is_taken_with_a_note(officer_client):
    response = preview(officer_client, sheet(row(credit_code(), year=2025, group="anything")))
    assert "2025 年度尚无评价办法" in " ".join(response.context["report"]["notes"])
    confirm(officer_client, response)
    assert FirmYear.objects.get().group_code == "anything"


def test_a_missing_required_column_refuses_the_sheet(officer_client):
    response = preview(officer_client, sheet("2024,某公司", header="年度,报送的企业名称"))
    errors = " ".join(response.context["report"]["base_errors"]) + str(response.context["form"].errors)
    assert "统一社会信用代码" in errors and "分组" in errors
    assert not FirmYear.objects.exists()


def test_the_export_is_the_officers_only(officer_client, client, admin_client):
    FirmYearFactory(name="保密企业")
    response = officer_client.post(
        reverse("admin:efficiency_firmyear_export"), {"format": "0", "export_items": [], "resource": "0"}
    )
    assert response.status_code in (200, 302)
    editor = create_staff(admin_client, "editor", CONTENT_EDITOR)
    client.force_login(editor)
    assert client.get(reverse("admin:efficiency_firmyear_export")).status_code == 403
    assert client.get(reverse("admin:efficiency_firmyear_import_template", args=["csv"])).status_code == 403


def test_the_template_has_the_chinese_columns(officer_client):
    response = officer_client.get(reverse("admin:efficiency_firmyear_import_template", args=["csv"]))
    header = response.content.decode("utf-8-sig").splitlines()[0]
    for column in ("年份", "统一社会信用代码", "实缴税收（万元）", "综合能耗（吨标准煤）", "记录联系人"):
        assert column in header
