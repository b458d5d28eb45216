"""Spreadsheet job files are kept for a limited time, downloaded only with the rights they were made with,
and deleted when a case they may contain is anonymised; /privacy/ says how long."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.models import SpreadsheetJob
from core.spreadsheets import jobs
from tests.factories import InquiryFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sync_jobs(monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


def officer_with(*codenames, username="officer"):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def inquiry_export(client, settings, user) -> SpreadsheetJob:
    settings.SPREADSHEET_EXPORT_JOB_ROWS = 1
    client.force_login(user)
    response = client.get(reverse("admin:inquiries_inquiry_export", args=["csv"]))
    assert response.status_code == 302
    job = SpreadsheetJob.objects.latest("pk")
    assert job.status == "done" and job.result
    return job


def download(client, job):
    return client.get(reverse("admin:core_spreadsheetjob_download", args=[job.pk]))


def test_an_officer_who_lost_the_personal_data_permission_no_longer_downloads_the_export(client, settings, sync_jobs):
    InquiryFactory.create_batch(2)
    officer = officer_with("view_inquiry", "export_inquiry", "view_inquiry_personal_data")
    job = inquiry_export(client, settings, officer)
    assert download(client, job).status_code == 200
    assert "inquiries.view_inquiry_personal_data" in job.download_permissions

    officer.user_permissions.remove(Permission.objects.get(codename="view_inquiry_personal_data"))
    officer = type(officer).objects.get(pk=officer.pk)  # permissions are cached on the user object
    client.force_login(officer)
    assert download(client, job).status_code == 403


def test_an_officer_who_lost_the_role_no_longer_downloads_the_export(client, settings, sync_jobs):
    InquiryFactory.create_batch(2)
    officer = officer_with("view_inquiry", "export_inquiry")
    job = inquiry_export(client, settings, officer)
    assert download(client, job).status_code == 200
    officer.user_permissions.clear()
    client.force_login(type(officer).objects.get(pk=officer.pk))
    assert download(client, job).status_code in {403, 404}


def test_anonymising_an_inquiry_deletes_the_earlier_inquiry_exports(
    client, settings, sync_jobs, django_capture_on_commit_callbacks
):
    from inquiries.models import Inquiry
    from inquiries.services import inquiry_anonymise

    inquiries = InquiryFactory.create_batch(2, contact_name="李四", stage=Inquiry.Stage.CLOSED, closed_reason="其他")
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    job = inquiry_export(client, settings, root)
    assert "李四" in b"".join(download(client, job).streaming_content).decode("utf-8-sig")
    path = job.result.path
    project_export = SpreadsheetJob.objects.create(
        kind="export", created_by=root, model_label="projects.project", file_name="p.csv", file_format="csv"
    )
    project_export.result.save("p.csv", ContentFile(b"code\n"))

    with django_capture_on_commit_callbacks(execute=True):
        inquiry_anonymise(inquiry=inquiries[0], user=root)

    job.refresh_from_db()
    assert not job.result and job.files_deleted_at is not None
    assert not _exists(path)
    assert download(client, job).status_code == 404
    project_export.refresh_from_db()
    assert project_export.result  # another model's exports stay
    page = client.get(job.get_absolute_url()).content.decode()
    assert "文件已于" in page


def _exists(path) -> bool:
    import os

    return os.path.exists(path)


def test_the_scheduled_job_deletes_files_older_than_the_setting(settings, sync_jobs):
    settings.SPREADSHEET_JOB_FILES_DAYS = 7
    root = UserFactory(username="root", is_superuser=True)
    ProjectFactory()

    def job_with_files(age_days, status="done"):
        job = SpreadsheetJob.objects.create(
            kind="import",
            status=status,
            created_by=root,
            model_label="projects.project",
            source="projects.resources.ProjectResource",
            file_name="a.csv",
            file_format="csv",
        )
        job.upload.save("a.csv", ContentFile(b"x"), save=False)
        job.result.save("a.csv", ContentFile(b"y"), save=False)
        job.save()
        SpreadsheetJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=age_days, minutes=1)
        )
        return job

    old, old_checked, recent = job_with_files(7), job_with_files(8, status="checked"), job_with_files(6)
    paths = [old.upload.path, old.result.path, old_checked.upload.path]
    summary = jobs.job_files_delete_expired()
    assert summary.startswith("files of 2 jobs deleted")
    for job in (old, old_checked, recent):
        job.refresh_from_db()
    assert not old.upload and not old.result and old.files_deleted_at is not None
    assert not any(_exists(p) for p in paths)
    assert old_checked.status == "failed" and "未写入任何数据" in old_checked.error  # can no longer be confirmed
    assert recent.upload and recent.result and recent.files_deleted_at is None


def test_the_scheduled_job_reports_a_write_whose_worker_died(settings):
    root = UserFactory(username="root", is_superuser=True)
    job = SpreadsheetJob.objects.create(
        kind="import",
        status="writing",
        created_by=root,
        model_label="projects.project",
        source="projects.resources.ProjectResource",
        file_name="a.csv",
        file_format="csv",
        writing_started_at=timezone.now() - datetime.timedelta(seconds=settings.Q_CLUSTER["retry"] + 60),
    )
    jobs.job_files_delete_expired()
    job.refresh_from_db()
    assert job.status == "failed" and "写入时中断" in job.error


def test_the_deletion_is_scheduled_daily_by_a_migration():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="core.spreadsheets.jobs.job_files_delete_expired")
    assert schedule.schedule_type == Schedule.DAILY


@pytest.mark.parametrize(("prefix", "text"), [("", "保存 7 天后删除"), ("/en", "for 7 days and then deleted")])
def test_the_privacy_notice_says_how_long_job_files_are_kept(client, settings, prefix, text):
    settings.SPREADSHEET_JOB_FILES_DAYS = 7
    page = client.get(f"{prefix}/privacy/").content.decode()
    assert text in page
