"""Every import, every resource, all or nothing: a write that fails late leaves the table as it was.

The resources are read from the admin registry (every admin that mixes in `SpreadsheetImportMixin`),
so a resource added later is covered by these tests without a new one; it needs a factory in
`FACTORIES` (the test says so when one is missing).
"""

import re

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse

from core.models import SpreadsheetJob
from core.spreadsheets import jobs
from core.spreadsheets.admin import SpreadsheetImportMixin
from tests.efficiency.admin_factories import FirmYearFactory
from tests.factories import EnterpriseFactory, ProjectFactory, SpaceFactory, UserFactory
from tests.news_items import news_item
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db

ROWS = 5
FACTORIES = {
    "projects.project": ProjectFactory,
    "enterprises.enterprise": EnterpriseFactory,
    "spaces.space": SpaceFactory,
    "policies.policy": PolicyFactory,
    "news.newsitem": None,  # below: drafts written through the news service
    "efficiency.firmyear": FirmYearFactory,
}


class NewsItemDrafts:
    @staticmethod
    def create_batch(n):
        return [news_item(publish=False) for _ in range(n)]


FACTORIES["news.newsitem"] = NewsItemDrafts
IMPORT_ADMINS = sorted(
    (model._meta.label_lower, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SpreadsheetImportMixin)
)


def test_every_import_resource_has_a_factory_here():
    assert IMPORT_ADMINS, "no spreadsheet import found in the admin registry"
    assert sorted(label for label, _ in IMPORT_ADMINS) == sorted(FACTORIES)


@pytest.fixture
def sync_jobs(monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def sheet_of_new_rows(label: str, model_admin, n: int = ROWS) -> bytes:
    """A CSV of `n` valid rows new to the table: made by the factory, exported by the resource, deleted again."""
    resource_class = model_admin.get_import_resource_classes(None)[0]
    model = model_admin.model
    objects = FACTORIES[label].create_batch(n)
    dataset = resource_class().export(model._default_manager.filter(pk__in=[o.pk for o in objects]).order_by("pk"))
    model._default_manager.filter(pk__in=[o.pk for o in objects]).delete()
    return dataset.export("csv").encode("utf-8-sig")


class FailLateWrite:
    """A database that refuses a write after rows of the model's table were already written.

    The statement after the `after`-th write to `table` fails with an IntegrityError, once: as a
    constraint failing late would (a slug taken by someone else between the check and the write).
    The job's own bookkeeping (core_spreadsheetjob, the queue) is left alone.
    """

    def __init__(self, table: str, after: int = 1):
        self.table, self.after, self.writes, self.fired = table, after, 0, False

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        is_write = statement.startswith(("INSERT", "UPDATE", "DELETE"))
        bookkeeping = "CORE_SPREADSHEETJOB" in statement or "DJANGO_Q" in statement
        if is_write and not bookkeeping and not self.fired and self.writes >= self.after:
            self.fired = True
            raise IntegrityError("forced failure while writing")
        result = execute(sql, params, many, context)
        if is_write and re.search(rf'\b"?{self.table.upper()}"?\s', statement):
            self.writes += 1
        return result


def checked_job(user, label, model_admin, content: bytes) -> SpreadsheetJob:
    resource_class = model_admin.get_import_resource_classes(None)[0]
    job = jobs.start_import(
        user=user,
        resource_class=resource_class,
        model=model_admin.model,
        file_name="late.csv",
        file_format="csv",
        data=content,
        rows=ROWS,
    )
    job.refresh_from_db()
    assert job.status == "checked", (job.error, job.report.get("base_errors"), job.report.get("rows"))
    return job


@pytest.mark.parametrize(("label", "model_admin"), IMPORT_ADMINS, ids=[label for label, _ in IMPORT_ADMINS])
def test_a_job_import_that_fails_while_writing_leaves_the_table_as_it_was(client, root, sync_jobs, label, model_admin):
    model = model_admin.model
    content = sheet_of_new_rows(label, model_admin)
    job = checked_job(root, label, model_admin, content)
    before = model._default_manager.count()
    failure = FailLateWrite(model._meta.db_table)
    with connection.execute_wrapper(failure):
        jobs.confirm_import(job)
    assert failure.fired, "the forced failure never happened: nothing was written at all"
    assert model._default_manager.count() == before
    job.refresh_from_db()
    assert job.status == "failed"
    assert "未写入任何数据" in job.error and "forced failure while writing" in job.error
    client.force_login(root)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "未写入任何数据" in page and "forced failure while writing" in page


def test_a_slug_taken_between_check_and_confirm_writes_no_row_of_the_file(client, root, sync_jobs):
    from spaces.models import Space

    label, model_admin = next((label, a) for label, a in IMPORT_ADMINS if label == "spaces.space")
    content = sheet_of_new_rows(label, model_admin)
    job = checked_job(root, label, model_admin, content)
    codes_and_slugs = [line.split(",") for line in content.decode("utf-8-sig").strip().splitlines()[1:]]
    headers = content.decode("utf-8-sig").splitlines()[0].split(",")
    slug_column = headers.index(model_admin.get_import_resource_classes(None)[0]().fields["slug"].column_name)
    last_slug = codes_and_slugs[-1][slug_column]
    SpaceFactory(slug=last_slug)  # someone else saves a space with that slug meanwhile
    before = Space.objects.count()
    jobs.confirm_import(job)
    job.refresh_from_db()
    assert Space.objects.count() == before
    assert job.status == "failed" and "未写入任何数据" in job.error


def test_a_sync_import_that_fails_while_writing_says_so_and_writes_nothing(client, root):
    """Below the job threshold the admin imports in the request: the message states what the table holds."""
    from spaces.models import Space

    label, model_admin = next((label, a) for label, a in IMPORT_ADMINS if label == "spaces.space")
    content = sheet_of_new_rows(label, model_admin)
    client.force_login(root)
    response = client.post(
        reverse("admin:spaces_space_import"),
        {"import_file": SimpleUploadedFile("late.csv", content), "format": "0", "resource": "0"},
    )
    assert response.context["confirm_form"] is not None
    before = Space.objects.count()
    with connection.execute_wrapper(FailLateWrite(Space._meta.db_table)):
        response = client.post(reverse("admin:spaces_space_process_import"), response.context["confirm_form"].initial)
    assert Space.objects.count() == before
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert not [m for m in shown if "导入成功" in m or "Import finished" in m], shown
    assert any("未写入任何数据" in m and "forced failure while writing" in m for m in shown), shown


def test_a_sync_import_counts_what_the_table_holds_after_the_write(client, root):
    from spaces.models import Space

    label, model_admin = next((label, a) for label, a in IMPORT_ADMINS if label == "spaces.space")
    content = sheet_of_new_rows(label, model_admin)
    SpaceFactory()
    client.force_login(root)
    response = client.post(
        reverse("admin:spaces_space_import"),
        {"import_file": SimpleUploadedFile("ok.csv", content), "format": "0", "resource": "0"},
    )
    response = client.post(reverse("admin:spaces_space_process_import"), response.context["confirm_form"].initial)
    assert Space.objects.count() == ROWS + 1
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert f"新增 {ROWS} 条" in shown and f"现有 {ROWS + 1} 条" in shown, shown


def test_a_job_import_reports_what_the_table_holds_after_the_write(client, root, sync_jobs):
    label, model_admin = next((label, a) for label, a in IMPORT_ADMINS if label == "spaces.space")
    content = sheet_of_new_rows(label, model_admin)
    job = checked_job(root, label, model_admin, content)
    jobs.confirm_import(job)
    job.refresh_from_db()
    assert job.status == "done" and job.report["written"] == {"added": ROWS, "changed": 0, "total": ROWS}
    client.force_login(root)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"新增 {ROWS} 条" in page and f"现有 {ROWS} 条" in page


def test_a_write_handed_out_again_after_the_worker_died_is_reported_as_interrupted(client, root, sync_jobs):
    """The write is one transaction: a worker killed in it wrote nothing, and the job says so."""
    from spaces.models import Space

    label, model_admin = next((label, a) for label, a in IMPORT_ADMINS if label == "spaces.space")
    job = checked_job(root, label, model_admin, sheet_of_new_rows(label, model_admin))
    # As the killed worker left it: the write had begun, its transaction died with the process.
    SpreadsheetJob.objects.filter(pk=job.pk).update(status="writing", writing_started_at=job.created_at)
    jobs.run_import(job.pk)  # the task, handed out again by the queue
    job.refresh_from_db()
    assert job.status == "failed" and "写入时中断" in job.error and "未写入任何数据" in job.error
    assert Space.objects.count() == 0
