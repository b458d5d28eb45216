"""Large imports and exports run as django-q2 jobs, with progress in the admin and the result kept."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import SpreadsheetJob
from projects.models import Project, ProjectStageLog
from tests.core.test_spreadsheet_import import CSV, fixture, preview, reference_data  # noqa: F401
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sync_jobs(monkeypatch):
    """Run django-q2 tasks in this process, as Q_CLUSTER["sync"] does (read once by django-q2 at start-up)."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    return user


def test_a_large_import_is_checked_by_a_job_then_written_on_confirmation(
    client,
    root,
    reference_data,  # noqa: F811
    settings,
    sync_jobs,
):
    settings.SPREADSHEET_IMPORT_JOB_ROWS = 2  # good.csv has 3 rows
    response = preview(client, "good.csv", fixture("good.csv"), CSV)
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.created_by, job.total, job.progress) == ("import", "checked", root, 3, 3)
    assert job.report["totals"]["new"] == 3
    assert Project.objects.count() == 0  # checked, not written

    page = client.get(job.get_absolute_url()).content.decode()
    assert "确认导入" in page and "100%" in page and "QK-2021-00001" in page

    response = client.post(reverse("admin:core_spreadsheetjob_write", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.finished_at is not None
    assert Project.objects.count() == 3
    assert ProjectStageLog.objects.count() == 3
    assert Project.objects.get(code="QK-2021-00001").history.latest().history_user == root


def test_a_job_import_with_errors_writes_nothing_and_cannot_be_confirmed(
    client,
    root,
    reference_data,  # noqa: F811
    settings,
    sync_jobs,
):
    settings.SPREADSHEET_IMPORT_JOB_ROWS = 2
    preview(client, "bad_values.csv", fixture("bad_values.csv"), CSV)
    job = SpreadsheetJob.objects.get()
    assert job.status == "failed"
    assert {row["number"] for row in job.report["rows"]} == {2, 3, 4}  # as Excel numbers them
    client.post(reverse("admin:core_spreadsheetjob_write", args=[job.pk]))
    assert Project.objects.count() == 0
    assert "atlantis" in client.get(job.get_absolute_url()).content.decode()


def test_a_large_export_is_a_job_whose_file_only_its_owner_downloads(client, root, settings, sync_jobs):
    settings.SPREADSHEET_EXPORT_JOB_ROWS = 2
    for n in range(3):
        ProjectFactory(code=f"QK-2021-{n + 501:05d}")
    response = client.post(
        reverse("admin:projects_project_export"), {"format": "1", "resource": "0", "projectresource_code": "on"}
    )
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total) == ("export", "done", 3)
    download = reverse("admin:core_spreadsheetjob_download", args=[job.pk])
    content = b"".join(client.get(download).streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert rows[0] == ("项目编号",)
    assert sorted(rows[1:]) == [("QK-2021-00501",), ("QK-2021-00502",), ("QK-2021-00503",)]
    # The file is kept outside MEDIA_ROOT, which the web server publishes.
    assert not str(job.result.path).startswith(str(settings.MEDIA_ROOT))

    other = UserFactory(username="other", is_staff=True)
    client.force_login(other)
    assert client.get(download).status_code == 403  # found, then refused (core.admin_guard)
    assert client.get(job.get_absolute_url()).status_code == 403


def test_a_large_inquiry_export_is_a_job_too(client, settings, sync_jobs):
    from tests.factories import InquiryFactory
    from tests.inquiries.conftest import user_with_perms

    settings.SPREADSHEET_EXPORT_JOB_ROWS = 1
    InquiryFactory.create_batch(2, company="某公司\x07")
    officer = user_with_perms("officer", "view_inquiry", "export_inquiry")
    client.force_login(officer)
    response = client.get(reverse("admin:inquiries_inquiry_export", args=["csv"]))
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302 and job.status == "done"
    text = b"".join(client.get(reverse("admin:core_spreadsheetjob_download", args=[job.pk])).streaming_content)
    lines = text.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "某公司" not in lines[0]  # no personal columns without the permission


def test_the_job_reports_progress_while_it_runs(root, reference_data, monkeypatch):  # noqa: F811
    """The job function itself, called directly: progress is written as rows are checked."""
    from core.spreadsheets import jobs
    from projects.resources import ProjectResource
    from tests.fixtures.make_fixtures import PROJECT_HEADERS, csv_bytes, project_rows

    seen = []
    original = jobs._progress

    def spy(job_id):
        report = original(job_id)

        def wrapped(done):
            report(done)
            seen.append(SpreadsheetJob.objects.get(pk=job_id).progress)

        return wrapped

    content = csv_bytes(PROJECT_HEADERS, project_rows(450))
    job = SpreadsheetJob.objects.create(
        kind="import",
        created_by=root,
        model_label="projects.project",
        source=f"{ProjectResource.__module__}.{ProjectResource.__qualname__}",
        file_name="many.csv",
        file_format="csv",
        total=450,
    )
    from django.core.files.base import ContentFile

    job.upload.save("many.csv", ContentFile(content))
    monkeypatch.setattr(jobs, "_progress", spy)
    jobs.run_import(job.pk)
    job.refresh_from_db()
    assert seen == [200, 400]
    assert job.status == "checked" and job.progress == 450
