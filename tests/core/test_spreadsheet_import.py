"""Spreadsheet import through the admin: preview, all-or-nothing write, re-import, bad files."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets.resources import StrictModelResource
from enterprises.models import Enterprise
from projects.models import Project, ProjectStageLog
from tests.factories import IndustryFactory, ProjectFactory, ServiceGridFactory, UserFactory, ZoneFactory
from tests.fixtures.make_fixtures import (
    ENGLISH_PROJECT_HEADERS,
    FIELD_PROJECT_HEADERS,
    GOOD_PROJECTS,
    PROJECT_HEADERS,
    csv_bytes,
    project_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CSV, XLSX = "0", "1"  # positions in core.spreadsheets.files.IMPORT_FORMATS


@pytest.fixture
def reference_data(db):
    zones = {
        slug: ZoneFactory(slug=slug, name=name)
        for slug, name in [("north", "北部"), ("central", "中部"), ("south", "南部")]
    }
    IndustryFactory(slug="new-materials", name="新材料")
    IndustryFactory(slug="life-health", name="生命健康")
    ServiceGridFactory(number=1, zone=zones["north"])
    return zones


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def upload(name, content):
    return SimpleUploadedFile(name, content)


def preview(client, name, content, fmt, model="project", app="projects"):
    return client.post(
        reverse(f"admin:{app}_{model}_import"),
        {"import_file": upload(name, content), "format": fmt, "resource": "0"},
    )


def confirm(client, response, model="project", app="projects"):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:{app}_{model}_process_import"), form.initial)


def fixture(name):
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(("name", "fmt"), [("good.csv", CSV), ("good.xlsx", XLSX), ("good_gb18030.csv", CSV)])
def test_good_file_previews_without_writing_then_imports(admin_client, reference_data, name, fmt):
    response = preview(admin_client, name, fixture(name), fmt)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    assert [row.import_type for row in result.rows] == ["new", "new", "new"]
    assert response.context["confirm_form"] is not None
    assert Project.objects.count() == 0  # the dry run wrote nothing

    response = confirm(admin_client, response)
    assert response.status_code == 302
    assert Project.objects.count() == 3
    project = Project.objects.get(code="QK-2021-00002")
    assert project.zone.slug == "south" and project.industry.slug == "life-health"
    assert str(project.investment) == "3.00" and project.investment_disclosed
    assert project.signed_on.isoformat() == "2021-07-15"
    assert project.stage == Project.Stage.SIGNED  # from the label "Signed"
    # Saved through projects.services.project_save: search text and the first stage-log row.
    assert "生物医药" in project.search_text
    assert ProjectStageLog.objects.filter(project=project, to_stage="signed").count() == 1
    record = project.history.latest()
    assert record.history_user.username == "root"
    assert "good" in record.history_change_reason


def test_reimporting_the_same_file_changes_nothing(admin_client, reference_data):
    confirm(admin_client, preview(admin_client, "good.xlsx", fixture("good.xlsx"), XLSX))
    histories = Project.history.count()
    logs = ProjectStageLog.objects.count()

    response = preview(admin_client, "good.xlsx", fixture("good.xlsx"), XLSX)
    assert [row.import_type for row in response.context["result"].rows] == ["skip", "skip", "skip"]
    confirm(admin_client, response)
    assert Project.history.count() == histories
    assert ProjectStageLog.objects.count() == logs


def test_preview_shows_what_was_typed_beside_what_it_replaces(admin_client, reference_data):
    confirm(admin_client, preview(admin_client, "good.csv", fixture("good.csv"), CSV))
    rows = [list(r) for r in GOOD_PROJECTS]
    rows[0][8] = "99.00"
    rows[0][10] = "开工"
    response = preview(admin_client, "changed.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["update", "skip", "skip"]
    report = response.context["report"]
    changed = report["rows"][0]
    assert changed["action_label"] == "修改"
    cells = {cell["column"]: cell for cell in changed["cells"]}
    assert set(cells) == {"总投资（亿元）", "阶段"}  # an update lists only what it changes
    assert (cells["阶段"]["typed"], cells["阶段"]["was"]) == ("开工", "签约")
    assert (cells["总投资（亿元）"]["typed"], cells["总投资（亿元）"]["was"]) == ("99.00", "12.50")
    page = response.content.decode()
    assert "开工" in page and "（原为 签约）" in page
    project = Project.objects.get(code="QK-2021-00001")
    assert project.investment == 12.5  # not yet written
    confirm(admin_client, response)
    project.refresh_from_db()
    assert project.investment == 99 and project.stage == "construction"
    log = ProjectStageLog.objects.filter(project=project).latest("id")
    assert (log.from_stage, log.to_stage) == ("signed", "construction")


def test_new_rows_are_labelled_add_not_the_inquiry_word(admin_client, reference_data):
    response = preview(admin_client, "good.csv", fixture("good.csv"), CSV)
    page = response.content.decode()
    assert "新增" in page
    assert "新提交" not in page


@pytest.mark.parametrize(("name", "fmt"), [("bad_values.xlsx", XLSX), ("bad_values.csv", CSV)])
def test_bad_values_are_reported_row_by_row_and_nothing_is_offered(admin_client, reference_data, name, fmt):
    response = preview(admin_client, name, fixture(name), fmt)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}  # as Excel numbers them: the header is row 1
    assert "zone" in invalid[2] and "atlantis" in str(invalid[2]["zone"])
    assert "investment" in invalid[3] and "约5亿" in str(invalid[3]["investment"])
    assert "signed_on" in invalid[4]
    assert Project.objects.count() == 0
    # Errors stand inline at their cell, under a heading that reads correctly.
    page = response.content.decode()
    assert "某些行验数据证失败" not in page
    assert "部分行有错误" in page
    report = response.context["report"]
    cells = {cell["column"]: cell for cell in report["rows"][0]["cells"]}
    assert cells["片区"]["typed"] == "atlantis" and "atlantis" in cells["片区"]["errors"][0]


def test_confirming_a_file_with_errors_writes_nothing(admin_client, reference_data):
    """Even if someone posts the confirm step by hand, one bad row rolls back the good ones."""
    good = preview(admin_client, "good.csv", fixture("good.csv"), CSV)
    initial = dict(good.context["confirm_form"].initial)
    bad = preview(admin_client, "bad_values.csv", fixture("bad_values.csv"), CSV)
    assert bad.context.get("confirm_form") is None
    # Swap in the bad file's stored copy under the confirmed name.
    from import_export.tmp_storages import TempFolderStorage

    Path(TempFolderStorage(name=initial["import_file_name"]).get_full_path()).write_bytes(fixture("bad_values.csv"))
    response = admin_client.post(reverse("admin:projects_project_process_import"), initial)
    assert response.status_code in {200, 302}
    assert Project.objects.count() == 0


def test_wrong_columns_are_refused_with_one_message(admin_client, reference_data):
    response = preview(admin_client, "bad_columns.csv", fixture("bad_columns.csv"), CSV)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_errors()
    messages = [str(e.error) for e in result.base_errors]
    assert any("片区" in m and "area" in m for m in messages), messages
    assert not result.row_errors()  # one message, not one per row
    assert response.context.get("confirm_form") is None
    assert "Traceback" not in response.content.decode()
    assert Project.objects.count() == 0


def test_repeated_key_is_refused(admin_client, reference_data):
    rows = list(project_rows(2))
    rows[1][0] = rows[0][0]
    response = preview(admin_client, "twice.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    assert response.context["result"].has_errors()
    assert rows[0][0] in response.content.decode()


def test_merged_cells_are_refused(admin_client, reference_data):
    response = preview(admin_client, "bad_merged.xlsx", fixture("bad_merged.xlsx"), XLSX)
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert "G2:G3" in errors[0]
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("fake.xlsx", b"not a zip at all", XLSX),
        ("binary.csv", bytes(range(256)) * 10, CSV),
        ("empty.csv", b"", CSV),
        ("image.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, XLSX),
    ],
)
def test_unreadable_files_get_a_form_error_not_a_500(admin_client, reference_data, name, content, fmt):
    response = preview(admin_client, name, content, fmt)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Project.objects.count() == 0


def test_a_50_mb_file_is_refused_by_size_before_parsing(admin_client, reference_data, monkeypatch):
    from core.spreadsheets import files as imports

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(imports.CSV, "create_dataset", must_not_parse)
    big = b"code,name\n" + b"QK-2021-00001,x\n" * (50 * 1024 * 1024 // 16)
    response = preview(admin_client, "big.csv", big, CSV)
    assert response.status_code == 200
    error = response.context["form"].errors["import_file"][0]
    assert "50.0" in error or "MB" in error
    assert Project.objects.count() == 0


def test_import_needs_add_and_change_rights(client, reference_data):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_project"))
    client.force_login(user)
    assert preview(client, "good.csv", fixture("good.csv"), CSV).status_code == 403
    assert client.get(reverse("admin:projects_project_import_template", args=["csv"])).status_code == 403


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_template_has_labelled_columns_and_an_example_row(admin_client, reference_data, extension):
    response = admin_client.get(reverse("admin:projects_project_import_template", args=[extension]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    from core.spreadsheets.files import CSV as CSVFormat
    from core.spreadsheets.files import XLSX as XLSXFormat

    fmt = CSVFormat() if extension == "csv" else XLSXFormat()
    dataset = fmt.create_dataset(response.content)
    assert dataset.headers[:2] == ["项目编号", "名称"]
    assert {"片区", "产业", "总投资（亿元）", "签约日期", "最近核实日期"} <= set(dataset.headers)
    assert len(dataset) == 1  # the example row
    example = dict(zip(dataset.headers, dataset[0], strict=True))
    assert example["片区"] == "北部" and example["阶段"] == "签约"


def test_the_untouched_template_imports_nothing(admin_client, reference_data):
    """The example row is recognised and left out, so a template uploaded as is writes no sample project."""
    content = admin_client.get(reverse("admin:projects_project_import_template", args=["csv"])).content
    response = preview(admin_client, "template.csv", content, CSV)
    assert response.context["form"].errors or not response.context["result"].rows


def test_xlsx_template_lists_the_allowed_values_on_a_second_sheet(admin_client, reference_data):
    from io import BytesIO

    from openpyxl import load_workbook

    from industries.models import Industry

    Industry.objects.create(slug="smart-core", name="智能制造", category="core")
    Industry.objects.create(slug="smart-chain", name="智能制造", category="chain")
    response = admin_client.get(reverse("admin:projects_project_import_template", args=["xlsx"]))
    book = load_workbook(BytesIO(response.content))
    assert len(book.worksheets) == 2
    allowed = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows()]
    assert allowed[0] == ["列", "可填写的值", "键", "也可填写"]
    rows = {(row[0], row[1], row[2]) for row in allowed[1:]}
    assert ("片区", "北部", "north") in rows
    assert ("产业", "智能制造（一智）", "smart-core") in rows  # industries with their 一智/五链 group
    assert ("产业", "智能制造（五链）", "smart-chain") in rows
    assert ("阶段", "签约", "signed") in rows and ("阶段", "投产", "production") in rows


def test_template_for_an_unknown_format_is_404(admin_client):
    assert admin_client.get(reverse("admin:projects_project_import_template", args=["exe"])).status_code == 404


def test_enterprise_import_by_slug_with_grid_number(admin_client, reference_data):
    from tests.fixtures.make_fixtures import ENTERPRISE_HEADERS, GOOD_ENTERPRISES

    content = csv_bytes(ENTERPRISE_HEADERS, GOOD_ENTERPRISES)
    response = preview(admin_client, "e.csv", content, CSV, model="enterprise", app="enterprises")
    assert not response.context["result"].has_validation_errors(), [
        r.error_dict for r in response.context["result"].invalid_rows
    ]
    confirm(admin_client, response, model="enterprise", app="enterprises")
    alpha = Enterprise.objects.get(slug="import-alpha")
    assert alpha.grid.number == 1 and alpha.zone.slug == "north"
    assert "阿尔法" in alpha.search_text
    beta = Enterprise.objects.get(slug="import-beta")
    assert beta.listing_status == "listed" and beta.exchange == "star" and beta.grid is None
    again = preview(admin_client, "e.csv", content, CSV, model="enterprise", app="enterprises")
    assert [row.import_type for row in again.context["result"].rows] == ["skip", "skip"]


def test_enterprise_row_that_breaks_model_rules_is_reported(admin_client, reference_data):
    from tests.fixtures.make_fixtures import ENTERPRISE_HEADERS

    rows = [["import-gamma", "伽马", "", "north", "", "new-materials", "2012", "listed", "", "", "1"]]
    response = preview(admin_client, "e.csv", csv_bytes(ENTERPRISE_HEADERS, rows), CSV, "enterprise", "enterprises")
    invalid = response.context["result"].invalid_rows
    assert invalid and "exchange" in invalid[0].error_dict  # model clean(): a listed enterprise names its exchange


def test_bulk_import_writes_history_stage_log_and_search_text_for_every_row(admin_client, reference_data):
    """The bulk service (projects_save_many) keeps the rules of project_save for each of many rows."""
    ProjectFactory(code="QK-2020-00001", stage="signed")  # an existing row among the new ones
    rows = list(project_rows(120))
    rows.append(
        [
            "QK-2020-00001",
            "改名项目",
            "",
            "",
            "投资方",
            "new-materials",
            "north",
            "1",
            "3",
            "2020-06-01",
            "投产",
            "on_track",
            "1",
            "",
        ]
    )
    response = preview(admin_client, "many.xlsx", xlsx_bytes(PROJECT_HEADERS, rows), XLSX)
    assert not response.context["result"].has_validation_errors()
    assert confirm(admin_client, response).status_code == 302
    assert Project.objects.count() == 121
    assert Project.history.filter(history_type="+").count() == 121  # the factory's row and 120 imported
    changed = Project.objects.get(code="QK-2020-00001")
    assert changed.name == "改名项目" and changed.history.latest().history_user.username == "root"
    assert ProjectStageLog.objects.filter(project=changed, from_stage="signed", to_stage="production").exists()
    assert ProjectStageLog.objects.filter(from_stage="", to_stage="signed").count() == 120
    assert "导入项目7" in Project.objects.get(code="QK-2021-00007").search_text
    assert Project.objects.get(code="QK-2021-00007").slug == "imported-2021-7"


def test_import_never_patches_full_clean(admin_client, reference_data, monkeypatch):
    """Validation is switched off by an argument to the service (validate=False), not by patching."""
    from projects import services

    calls = []
    original = services.projects_save_many

    def spy(**kwargs):
        calls.append(kwargs["validate"])
        assert all("full_clean" not in vars(project) for project in kwargs["projects"])
        return original(**kwargs)

    monkeypatch.setattr("projects.resources.projects_save_many", spy)
    confirm(admin_client, preview(admin_client, "good.csv", fixture("good.csv"), CSV))
    assert calls == [False]
    assert Project.objects.count() == 3


@pytest.mark.parametrize("headers", [ENGLISH_PROJECT_HEADERS, FIELD_PROJECT_HEADERS])
def test_english_labels_and_field_names_are_accepted_as_headers(admin_client, reference_data, headers):
    response = preview(admin_client, "en.csv", csv_bytes(headers, GOOD_PROJECTS), CSV)
    assert not response.context["result"].has_errors()
    assert not response.context["result"].has_validation_errors()
    confirm(admin_client, response)
    assert Project.objects.count() == 3


def test_a_file_typed_in_chinese_imports(admin_client, reference_data):
    """Full zone name, industry name, a stage label with 已, a date written 2023年5月1日, and no slug."""
    south = reference_data["south"]
    south.full_name = "南部创新创业片区"
    south.save()
    response = preview(admin_client, "chinese_names.csv", fixture("chinese_names.csv"), CSV)
    assert not response.context["result"].has_validation_errors(), response.context["report"]["rows"]
    confirm(admin_client, response)
    project = Project.objects.get(code="QK-2023-00001")
    assert project.zone == south and project.industry.slug == "life-health"
    assert project.stage == "production" and project.signed_on.isoformat() == "2023-05-01"
    assert project.slug == "qk-2023-00001"  # generated from the code


def test_an_ambiguous_industry_name_lists_the_candidates(admin_client, reference_data):
    from industries.models import Industry

    Industry.objects.create(slug="smart-core", name="智能制造", category="core")
    Industry.objects.create(slug="smart-chain", name="智能制造", category="chain")
    rows = [list(GOOD_PROJECTS[0])]
    rows[0][5] = "智能制造"
    response = preview(admin_client, "a.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    message = str(response.context["result"].invalid_rows[0].error_dict["industry"])
    assert "smart-core" in message and "smart-chain" in message and "一智" in message
    rows[0][5] = "智能制造（五链）"
    response = preview(admin_client, "b.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    assert not response.context["result"].has_validation_errors()


def test_an_unknown_choice_lists_the_labels_not_the_codes(admin_client, reference_data):
    rows = [list(GOOD_PROJECTS[0])]
    rows[0][10] = "筹建中"
    response = preview(admin_client, "a.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    message = str(response.context["result"].invalid_rows[0].error_dict["stage"])
    assert "签约、开工、投产" in message and "construction" not in message


def test_a_western_european_csv_is_read_as_windows_1252_with_a_note(admin_client, reference_data):
    response = preview(admin_client, "western.csv", fixture("western_cp1252.csv"), CSV)
    report = response.context["report"]
    assert not report["has_errors"], report
    assert report["notes"] and "Windows-1252" in report["notes"][0]
    confirm(admin_client, response)
    assert Project.objects.get(code="QK-2021-00021").investor == "Crédit Agricole"  # not "Cr閐it"


def test_a_csv_that_could_be_either_encoding_is_refused_with_advice(admin_client, reference_data):
    response = preview(admin_client, "either.csv", fixture("ambiguous_encoding.csv"), CSV)
    error = response.context["form"].errors["import_file"][0]
    assert "CSV UTF-8" in error
    assert Project.objects.count() == 0


def test_a_formula_cell_without_a_computed_value_is_an_error_on_that_cell(admin_client, reference_data):
    response = preview(admin_client, "formula.xlsx", fixture("formula_without_value.xlsx"), XLSX)
    invalid = response.context["result"].invalid_rows
    assert len(invalid) == 1
    message = str(invalid[0].error_dict["investment"])
    assert "I2" in message and "=10+2.5" in message
    assert response.context.get("confirm_form") is None


def test_import_page_offers_the_template_files(admin_client):
    response = admin_client.get(reverse("admin:projects_project_import"))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("admin:projects_project_import_template", args=["xlsx"]) in content
    assert reverse("admin:projects_project_import_template", args=["csv"]) in content


def test_a_zone_is_found_by_the_start_of_its_full_name_unless_two_share_it(admin_client, reference_data):
    from zones.models import Zone

    Zone.objects.create(slug="smart", name="北智", full_name="北部智能制造片区", order=9)
    Zone.objects.create(slug="smart2", name="北创", full_name="北部创新片区", order=10)
    rows = [list(GOOD_PROJECTS[0])]
    rows[0][6] = "北部智能"
    response = preview(admin_client, "a.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    assert not response.context["result"].has_validation_errors()
    rows[0][6] = "北部创"
    assert (
        not preview(admin_client, "b.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
        .context["result"]
        .has_validation_errors()
    )
    rows[0][6] = "北"  # one character is not enough to go on
    invalid = preview(admin_client, "c.csv", csv_bytes(PROJECT_HEADERS, rows), CSV).context["result"].invalid_rows
    assert "zone" in invalid[0].error_dict


def test_a_resource_without_a_bulk_service_writes_row_by_row(reference_data):
    """A resource that only has `save_with_service` (e.g. with many-to-many columns) still imports."""
    from core.spreadsheets.files import CSV as CSVFormat
    from enterprises.resources import EnterpriseResource
    from enterprises.services import enterprise_save
    from tests.fixtures.make_fixtures import ENTERPRISE_HEADERS, GOOD_ENTERPRISES

    saved = []

    class RowByRow(EnterpriseResource):
        save_many = StrictModelResource.save_many

        def save_with_service(self, instance, is_create):
            saved.append(instance.slug)
            enterprise_save(enterprise=instance, validate=False)

    dataset = CSVFormat().create_dataset(csv_bytes(ENTERPRISE_HEADERS, GOOD_ENTERPRISES))
    preview_result = RowByRow().import_data(dataset, dry_run=True)
    assert not preview_result.has_validation_errors() and saved == []
    dataset = CSVFormat().create_dataset(csv_bytes(ENTERPRISE_HEADERS, GOOD_ENTERPRISES))
    result = RowByRow().import_data(dataset, dry_run=False)
    assert not result.has_errors() and saved == ["import-alpha", "import-beta"]
    assert Enterprise.objects.count() == 2
