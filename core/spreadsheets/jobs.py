"""Large imports and exports as background jobs (django-q2), with progress and the result kept.

An import job checks every row first (the same preview as in the request, stored on the job),
waits for the user to confirm, then checks again and writes all rows or none: the whole write,
every resource (bulk services and row-by-row ones alike), is one database transaction, so a row
refused late (a slug taken since the check) or a worker killed half-way leaves the table exactly
as it was. An export job writes its file into private storage for download from the job's page.

The job functions take the job's id and re-read everything from the database. A check or an
export handed out again after its worker was killed simply starts over. A write is not started
twice: `writing_started_at` is committed before its transaction begins, and a write task that
finds it set reports the job as interrupted — nothing written — for the user to start again
(the data may have changed since it was checked and confirmed).

Job files are kept `SPREADSHEET_JOB_FILES_DAYS` days (`job_files_delete_expired`, scheduled by
migration core/0007); anonymising a case deletes every export of its model at once
(`export_files_delete`, called by cases.privacy), since any of them may hold the erased data.
"""

import datetime
import logging
import pickle
import tempfile

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from core.models import SpreadsheetJob
from core.spreadsheets.files import CSV, XLSX, SpreadsheetError, write_file
from core.spreadsheets.report import build_report, write_failure, written_counts, written_message

logger = logging.getLogger(__name__)
Status = SpreadsheetJob.Status


def _enqueue(function: str, *args) -> None:
    from django_q.tasks import async_task

    async_task(function, *args)


def _progress(job_id: int):
    def report(done: int) -> None:
        SpreadsheetJob.objects.filter(pk=job_id).update(progress=done)

    return report


def _format(name: str):
    return XLSX() if name == "xlsx" else CSV()


# --- Imports ---------------------------------------------------------------------------------


def start_import(*, user, resource_class, model: type[Model], file_name: str, file_format: str, data: bytes, rows: int):
    job = SpreadsheetJob(
        kind=SpreadsheetJob.Kind.IMPORT,
        created_by=user,
        model_label=model._meta.label_lower,
        source=f"{resource_class.__module__}.{resource_class.__qualname__}",
        language=translation.get_language() or "zh-hans",
        file_name=file_name,
        file_format=file_format,
        total=rows,
    )
    job.upload.save(f"{timezone.now():%Y%m%d-%H%M%S}.{file_format}", ContentFile(data), save=False)
    job.save()
    _enqueue("core.spreadsheets.jobs.run_import", job.pk)
    return job


def confirm_import(job: SpreadsheetJob) -> None:
    """Queue the write of a checked import (the caller has checked the user's rights)."""
    updated = SpreadsheetJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(status=Status.WRITING, progress=0)
    if updated:
        _enqueue("core.spreadsheets.jobs.run_import", job.pk)


def run_import(job_id: int) -> None:
    job = SpreadsheetJob.objects.get(pk=job_id)
    if job.status in {Status.QUEUED, Status.CHECKING}:
        write = False
        job.status = Status.CHECKING
    elif job.status == Status.WRITING:
        write = True
        if job.writing_started_at is not None:
            with translation.override(job.language):
                _finish(job, Status.FAILED, error=interrupted_message())
            return
        job.writing_started_at = timezone.now()
    else:
        return  # already finished (a repeat delivery of the task)
    job.progress = 0
    job.save(update_fields=["status", "progress", "writing_started_at"])  # committed before the write begins
    model = apps.get_model(job.model_label)
    with translation.override(job.language):
        try:
            with job.upload.open("rb") as stream:
                dataset = _format(job.file_format).create_dataset(stream.read())
            resource = import_string(job.source)()
            # The check's progress is written row by row; the write's progress would be rolled back
            # with the write and would hold the job's row locked, so the page shows "writing" until it ends.
            resource.on_progress = None if write else _progress(job.pk)
            user = get_user_model().objects.filter(pk=job.created_by_id).first()
            before = model._default_manager.count()
            result = resource.import_data(
                dataset,
                dry_run=not write,
                raise_errors=False,
                use_transactions=True,  # all rows or none, for every resource; a rolled-back write leaves nothing
                rollback_on_validation_errors=True,
                file_name=job.file_name,
                user=user,
            )
        except SpreadsheetError as error:
            _finish(job, Status.FAILED, error=str(error))
            return
        except Exception:
            logger.exception("Spreadsheet import job %s failed", job.pk)
            _finish(job, Status.FAILED, error=gettext("The import failed unexpectedly; nothing was written."))
            raise
        report = build_report(resource, result, notes=getattr(dataset, "notes", ()))
        if report["has_errors"]:
            _finish(job, Status.FAILED, report=report, error=write_failure(result))
        elif write:
            report["written"] = written_counts(model, before=before, result=result)
            report["written_message"] = written_message(report["written"], model)
            _finish(job, Status.DONE, report=report)
        else:
            _finish(job, Status.CHECKED, report=report, finished=False)


def interrupted_message() -> str:
    return gettext(
        "The worker stopped while writing (it was restarted or killed). The write is one transaction, "
        "so nothing was written; start the import again."
    )


def _finish(job, status, *, report=None, error="", finished=True):
    job.status = status
    job.progress = job.total if status in {Status.CHECKED, Status.DONE} else job.progress
    if report is not None:
        job.report = report
    job.error = error
    job.finished_at = timezone.now() if finished else None
    job.save(update_fields=["status", "progress", "report", "error", "finished_at"])


# --- Exports ---------------------------------------------------------------------------------


def resource_rows(queryset, *, resource: str, fields=None, **options):
    """Headers and rows of a model export through its import-export resource (fields by name)."""
    instance = import_string(resource)()
    selected = list(fields) if fields else None
    queryset = instance.prepare_export_queryset(queryset)
    headers = instance.get_export_headers(selected_fields=selected)
    rows = (
        instance.export_resource(obj, selected_fields=selected, force_native_type=True)
        for obj in instance.iter_queryset(queryset)
    )
    return headers, rows


def start_export(*, user, queryset, rows_function: str, options: dict, file_name: str, file_format: str):
    job = SpreadsheetJob.objects.create(
        kind=SpreadsheetJob.Kind.EXPORT,
        created_by=user,
        model_label=queryset.model._meta.label_lower,
        source=rows_function,
        options=options,
        language=translation.get_language() or "zh-hans",
        file_name=f"{file_name}.{file_format}",
        file_format=file_format,
        total=queryset.count(),
        download_permissions=permissions_held(user, queryset.model),
    )
    _enqueue("core.spreadsheets.jobs.run_export", job.pk, pickle.dumps(queryset.query))
    return job


def permissions_held(user, model: type[Model]) -> list[str]:
    """The user's permissions on the model that decide what an export holds: view, change and the
    model's own (export, personal data…). Add and delete change nothing in a file."""
    opts = model._meta
    codenames = [f"view_{opts.model_name}", f"change_{opts.model_name}", *(c for c, _label in opts.permissions)]
    return sorted(f"{opts.app_label}.{c}" for c in codenames if user.has_perm(f"{opts.app_label}.{c}"))


def may_download(user, job: SpreadsheetJob) -> bool:
    """Asked at every download, not only when the export was made: a user who lost a role (the model's
    view or change permission, or any permission the file was made with) no longer gets the file."""
    app_label, model_name = job.model_label.split(".")
    if not (user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(f"{app_label}.change_{model_name}")):
        return False
    return all(user.has_perm(permission) for permission in job.download_permissions)


# --- Keeping job files for a limited time -----------------------------------------------------


def _delete_files(jobs_queryset) -> int:
    """Delete the uploaded and result files of these jobs; a checked import can no longer be written."""
    count = 0
    for job in jobs_queryset.exclude(upload="", result=""):
        for field in (job.upload, job.result):
            if field:
                field.delete(save=False)
        job.files_deleted_at = timezone.now()
        fields = ["upload", "result", "files_deleted_at"]
        if job.status == Status.CHECKED:
            job.status, job.finished_at = Status.FAILED, timezone.now()
            with translation.override(job.language):
                job.error = gettext(
                    "The uploaded file was deleted before the import was confirmed; nothing was written."
                )
            fields += ["status", "finished_at", "error"]
        job.save(update_fields=fields)
        count += 1
    return count


def job_files_delete_expired(*, days: int | None = None) -> str:
    """The scheduled job (daily): delete job files older than SPREADSHEET_JOB_FILES_DAYS, and report
    imports whose worker died while writing (a write outlives the job timeout only when it was killed)."""
    days = settings.SPREADSHEET_JOB_FILES_DAYS if days is None else days
    now = timezone.now()
    deleted = _delete_files(SpreadsheetJob.objects.filter(created_at__lt=now - datetime.timedelta(days=days)))
    stale = now - datetime.timedelta(seconds=settings.Q_CLUSTER["retry"])
    interrupted = 0
    for job in SpreadsheetJob.objects.filter(status=Status.WRITING, writing_started_at__lt=stale):
        with translation.override(job.language):
            _finish(job, Status.FAILED, error=interrupted_message())
        interrupted += 1
    return f"files of {deleted} jobs deleted, {interrupted} interrupted writes reported"


def export_files_delete(*, model_label: str) -> int:
    """Delete every export file of this model made so far (anonymising: any of them may hold the erased rows)."""
    finished = SpreadsheetJob.objects.filter(kind=SpreadsheetJob.Kind.EXPORT, model_label=model_label)
    return _delete_files(finished.exclude(result=""))


def run_export(job_id: int, query: bytes) -> None:
    job = SpreadsheetJob.objects.get(pk=job_id)
    if job.status == Status.DONE:
        return
    job.status, job.progress = Status.WRITING, 0
    job.save(update_fields=["status", "progress"])
    model = apps.get_model(job.model_label)
    queryset = model._default_manager.all()
    queryset.query = pickle.loads(query)  # noqa: S301 - our own signed task argument, never user input
    tick = _progress(job.pk)
    with translation.override(job.language):
        headers, rows = import_string(job.source)(queryset, **job.options)

        def counted(rows):
            for number, row in enumerate(rows, 1):
                if number % 1000 == 0:
                    tick(number)
                yield row

        try:
            with tempfile.TemporaryFile() as spool:
                write_file(spool, job.file_format, headers, counted(rows))
                spool.seek(0)
                job.result.save(job.file_name, File(spool), save=False)
        except Exception:
            logger.exception("Spreadsheet export job %s failed", job.pk)
            _finish(job, Status.FAILED, error=gettext("The export failed unexpectedly."))
            raise
    job.save(update_fields=["result"])
    _finish(job, Status.DONE)
