"""Spreadsheet import through the admin: preview, all-or-nothing write, re-import, bad files."""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Enterprise
from projects.models import Project, ProjectStageLog
from tests.factories import IndustryFactory, ProjectFactory, ServiceGridFactory, UserFactory, ZoneFactory
from tests.fixtures.make_fixtures import PROJECT_HEADERS, csv_bytes, project_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CSV, XLSX = "0", "1"  # positions in staff.imports.IMPORT_FORMATS


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


def test_preview_lists_the_change_of_an_existing_row(admin_client, reference_data):
    confirm(admin_client, preview(admin_client, "good.csv", fixture("good.csv"), CSV))
    rows = [list(r) for r in __import__("tests.fixtures.make_fixtures", fromlist=["GOOD_PROJECTS"]).GOOD_PROJECTS]
    rows[0][8] = "99.00"
    rows[0][10] = "construction"
    response = preview(admin_client, "changed.csv", csv_bytes(PROJECT_HEADERS, rows), CSV)
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["update", "skip", "skip"]
    diff = " ".join(str(cell) for cell in result.rows[0].diff)
    assert "99" in diff and "construction" in diff
    project = Project.objects.get(code="QK-2021-00001")
    assert project.investment == 12.5  # not yet written
    confirm(admin_client, response)
    project.refresh_from_db()
    assert project.investment == 99 and project.stage == "construction"
    log = ProjectStageLog.objects.filter(project=project).latest("id")
    assert (log.from_stage, log.to_stage) == ("signed", "construction")


@pytest.mark.parametrize(("name", "fmt"), [("bad_values.xlsx", XLSX), ("bad_values.csv", CSV)])
def test_bad_values_are_reported_row_by_row_and_nothing_is_offered(admin_client, reference_data, name, fmt):
    response = preview(admin_client, name, fixture(name), fmt)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {1, 2, 3}
    assert "zone" in invalid[1] and "atlantis" in str(invalid[1]["zone"])
    assert "investment" in invalid[2] and "约5亿" in str(invalid[2]["investment"])
    assert "signed_on" in invalid[3]
    assert Project.objects.count() == 0


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
    assert any("zone" in m and "area" in m for m in messages), messages
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
    from staff import imports

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
def test_template_file_has_the_import_columns(admin_client, extension):
    response = admin_client.get(reverse("admin:projects_project_import_template", args=[extension]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    from staff.imports import CSV as CSVFormat
    from staff.imports import XLSX as XLSXFormat

    fmt = CSVFormat() if extension == "csv" else XLSXFormat()
    dataset = fmt.create_dataset(response.content)
    assert dataset.headers[:2] == ["code", "name"]
    assert {"zone", "industry", "investment", "signed_on", "last_verified_on"} <= set(dataset.headers)
    assert len(dataset) == 0


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


def test_ten_thousand_rows_import_completes(admin_client, reference_data, capsys):
    ProjectFactory(code="QK-2020-00001")  # an existing row among the new ones
    content = xlsx_bytes(PROJECT_HEADERS, project_rows(10_000))
    cpu_started = time.process_time()
    started = time.perf_counter()
    response = preview(admin_client, "big.xlsx", content, XLSX)
    previewed = time.perf_counter()
    assert response.status_code == 200
    assert not response.context["result"].has_validation_errors()
    response = confirm(admin_client, response)
    finished = time.perf_counter()
    assert response.status_code == 302
    assert Project.objects.count() == 10_001
    with capsys.disabled():
        print(
            f"\n10,000-row xlsx ({len(content) / 1e6:.1f} MB): preview {previewed - started:.1f} s, "
            f"write {finished - previewed:.1f} s, total {finished - started:.1f} s wall, "
            f"{time.process_time() - cpu_started:.1f} s CPU"
        )


def test_import_page_offers_the_template_files(admin_client):
    response = admin_client.get(reverse("admin:projects_project_import"))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("admin:projects_project_import_template", args=["xlsx"]) in content
    assert reverse("admin:projects_project_import_template", args=["csv"]) in content
