"""Large imports and exports as background jobs (django-q2), with progress and the result kept.

An import job checks every row first (the same preview as in the request, stored on the job),
waits for the user to confirm, then checks again and writes all rows or none. An export job
writes its file into private storage for download from the job's admin page.

The job functions take the job's id and re-read everything from the database, so a job handed
out again after a worker was killed simply starts over: the check writes nothing, the write is
one transaction, an export file is replaced.
"""

import logging
import pickle
import tempfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from core.models import SpreadsheetJob
from core.spreadsheets.files import CSV, XLSX, SpreadsheetError, write_file
from core.spreadsheets.report import build_report

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
    else:
        return  # already finished (a repeat delivery of the task)
    job.progress = 0
    job.save(update_fields=["status", "progress"])
    with translation.override(job.language):
        try:
            with job.upload.open("rb") as stream:
                dataset = _format(job.file_format).create_dataset(stream.read())
            resource = import_string(job.source)()
            resource.on_progress = _progress(job.pk)
            user = get_user_model().objects.filter(pk=job.created_by_id).first()
            result = resource.import_data(
                dataset,
                dry_run=not write,
                raise_errors=False,
                use_transactions=False,  # progress stays visible; the write itself is one transaction
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
        _finish(job, Status.FAILED, report=report, error=gettext("Nothing was written: correct the rows below."))
    elif write:
        _finish(job, Status.DONE, report=report)
    else:
        _finish(job, Status.CHECKED, report=report, finished=False)


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
    )
    _enqueue("core.spreadsheets.jobs.run_export", job.pk, pickle.dumps(queryset.query))
    return job


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
