"""The tables of `core`: background spreadsheet jobs (large imports and exports), working-day overrides.

The job table belongs to the spreadsheet module (core/spreadsheets/) and points at no domain model: the job
names its model by label and its resource by dotted path, so `core` still imports no domain app.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PrivateJobStorage(FileSystemStorage):
    """Uploaded sheets and export results: beside MEDIA_ROOT, never under it (media is served publicly)."""

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT).parent / "private" / "spreadsheet-jobs")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def job_storage():
    return PrivateJobStorage()


class SpreadsheetJob(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        CHECKING = "checking", _("Checking the rows")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="spreadsheet_jobs",
    )
    model_label = models.CharField(_("records"), max_length=100, help_text=_("app_label.model_name"))
    source = models.CharField(_("row source"), max_length=200, help_text=_("Dotted path of the resource class."))
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    upload = models.FileField(_("uploaded file"), storage=job_storage, upload_to="uploads/", blank=True)
    result = models.FileField(_("result file"), storage=job_storage, upload_to="results/", blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    progress = models.PositiveIntegerField(_("rows done"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error message"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set (and committed) before an import's write transaction begins: a write task that finds it set
    # was handed out again after its worker died, and its transaction died with it (core.spreadsheets.jobs).
    writing_started_at = models.DateTimeField(_("writing started"), null=True, blank=True)
    # The permissions on the model (view, change, its own such as export or personal data) the user
    # held when the export was made; the download asks for every one of them again.
    download_permissions = models.JSONField(_("permissions to download"), default=list, blank=True)
    # When the uploaded and result files were deleted (kept SPREADSHEET_JOB_FILES_DAYS, or anonymising).
    files_deleted_at = models.DateTimeField(_("files deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spreadsheet job")
        verbose_name_plural = _("spreadsheet jobs")

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"

    def get_absolute_url(self):
        return reverse("admin:core_spreadsheetjob_change", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.progress / self.total)) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.WRITING}


class WorkingDayOverride(models.Model):
    """A day whose working status staff set by hand, over the calendar library (core.workdays):
    a holiday the library does not know yet (a year it has no data for), or a changed 调休 day."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"), help_text=_("Ticked: a working day; not ticked: a day off."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class RateCounter(models.Model):
    """One client's request count in the current fixed window of a rate limit (core.ratelimit).

    One row per client key, rewritten in place when a new window starts; rows whose window has ended
    are deleted as new windows begin. On PostgreSQL the table is UNLOGGED (migration 0004): a crash
    empties it, which forgets at most one window of counts, and a write to it never waits for the disk.
    """

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    slot = models.BigIntegerField(
        _("window"), help_text=_("The window's number: seconds since the epoch divided by the period.")
    )
    count = models.PositiveIntegerField(_("count"))
    ends_at = models.BigIntegerField(
        _("window ends"), db_index=True, help_text=_("Seconds since the epoch when the window ends.")
    )

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        db_table = "core_ratecounter"  # named in core.ratelimit's upsert

    def __str__(self):
        return f"{self.key}: {self.count}"
