"""Admin mixins: import with a readable preview, export streamed or as a job, the template to fill in.

Mix `SpreadsheetImportMixin` (import and export) or `SpreadsheetExportMixin` (export only) in
before the ModelAdmin. Files above the settings' row counts go to a background job
(core/spreadsheets/jobs.py) and the user is taken to the job's page, `SpreadsheetJobAdmin` below
(registered here, with the module every spreadsheet admin imports, so `core/admin.py` stays the
job runner's).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm

from core.admin_guard import ObjectGuardAdmin
from core.models import SpreadsheetJob
from core.spreadsheets import jobs
from core.spreadsheets.files import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    XLSX_CONTENT_TYPE,
    csv_chunks,
    export_response,
    write_xlsx,
)
from core.spreadsheets.report import build_report, write_failure, written_counts, written_message


def max_upload_bytes() -> int:
    return settings.IMPORT_EXPORT_MAX_UPLOAD_BYTES


def export_or_job(request, *, queryset, filename: str, fmt: str, rows_function: str, options: dict):
    """Every export's one path: streamed in the request, or a background job above the row limit."""
    if queryset.count() > settings.SPREADSHEET_EXPORT_JOB_ROWS:
        job = jobs.start_export(
            user=request.user,
            queryset=queryset,
            rows_function=rows_function,
            options=options,
            file_name=filename,
            file_format=fmt,
        )
        messages.info(
            request,
            gettext("The export runs in the background; its file can be downloaded from this page when done."),
        )
        return HttpResponseRedirect(job.get_absolute_url())
    from django.utils.module_loading import import_string

    headers, rows = import_string(rows_function)(queryset, **options)
    return export_response(filename, fmt, headers, rows)


class SizeLimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported. Split it into smaller files."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


class LabelledExportForm(SelectableFieldsExportForm):
    """The export's column checkboxes titled with the columns' labels (签约日期), not the field names (Signed On)."""

    def _get_field_label(self, resource, field_name):
        return resource().fields[field_name].column_name


class SpreadsheetExportMixin(ExportMixin):
    """Export through the one export path (`export_or_job`), for a view or change permission."""

    export_form_class = LabelledExportForm

    def get_export_formats(self):
        return EXPORT_FORMATS

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        fields = self.get_export_resource_fields_from_form(export_form) if export_form is not None else None
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return export_or_job(
            request,
            queryset=queryset,
            filename=f"{self.opts.model_name}-{stamp}",
            fmt=file_format.get_extension(),
            rows_function="core.spreadsheets.jobs.resource_rows",
            options={
                "resource": f"{resource_class.__module__}.{resource_class.__qualname__}",
                "fields": list(fields) if fields else None,
            },
        )


class SpreadsheetImportMixin(SpreadsheetExportMixin, ImportMixin):
    """Import (preview, then all-or-nothing) and export for a changelist."""

    import_form_class = SizeLimitedImportForm
    import_template_name = "core/spreadsheet_import.html"
    # The changelist shows 导入 beside 导出 (for users who may import): the export mixin's template,
    # first in this class's bases, showed only 导出 and left the import page reachable by URL alone.
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"

    def get_import_formats(self):
        return IMPORT_FORMATS

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The confirmed write is one transaction, undone as a whole if any row fails after all.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_dataset(self, dataset, form, request, **kwargs):
        request.spreadsheet_rows_before = self.model._default_manager.count()
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        """The confirmed write's outcome: what the table holds, or why nothing was written (never both)."""
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, write_failure(result))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        before = getattr(request, "spreadsheet_rows_before", 0)
        messages.success(request, written_message(written_counts(self.model, before=before, result=result), self.model))

    def add_data_read_fail_error_to_form(self, form, e):
        from core.spreadsheets.files import SpreadsheetError

        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", gettext("The file could not be read. Check that you chose the right format."))

    def import_action(self, request, **kwargs):
        """The library's first step, with large files handed to a job and our own preview report."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = self.get_import_context_data()
        form = self.create_import_form(request)
        resource_class = self.get_import_resource_classes(request)[0]
        if request.POST and form.is_valid():
            input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
            import_file = form.cleaned_data["import_file"]
            data = b"".join(import_file.chunks())
            dataset = None
            try:
                dataset = input_format.create_dataset(data)
            except Exception as error:  # noqa: BLE001 - any unreadable file is a form error, never a 500
                self.add_data_read_fail_error_to_form(form, error)
            else:
                if not len(dataset):
                    form.add_error("import_file", gettext("The file has no rows to import."))
            if not form.errors and len(dataset) > settings.SPREADSHEET_IMPORT_JOB_ROWS:
                job = jobs.start_import(
                    user=request.user,
                    resource_class=resource_class,
                    model=self.model,
                    file_name=import_file.name,
                    file_format=input_format.get_extension(),
                    data=data,
                    rows=len(dataset),
                )
                messages.info(request, gettext("The file is checked in the background; this page shows the progress."))
                return HttpResponseRedirect(job.get_absolute_url())
            if not form.errors:
                tmp_storage = self.write_to_tmp_storage(import_file, input_format)
                import_file.tmp_storage_name = tmp_storage.name
                resource = resource_class(**self.get_import_resource_kwargs(request, form=form, **kwargs))
                result = resource.import_data(
                    dataset,
                    dry_run=True,
                    raise_errors=False,
                    file_name=import_file.name,
                    user=request.user,
                    **self.get_import_data_kwargs(request=request, form=form, **kwargs),
                )
                context["result"] = result
                context["report"] = build_report(resource, result, notes=getattr(dataset, "notes", ()))
                if not result.has_errors() and not result.has_validation_errors():
                    context["confirm_form"] = self.create_confirm_form(request, import_form=form)
        context.update(self.admin_site.each_context(request))
        context["title"] = _("Import")
        context["form"] = form
        context["opts"] = self.model._meta
        context["media"] = self.media + form.media
        context["fields_list"] = [
            (resource_class.get_display_name(), [f.column_name for f in resource_class().get_user_visible_fields()])
        ]
        context["template_formats"] = [fmt().get_extension() for fmt in EXPORT_FORMATS]
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, extension):
        """A sheet to fill in: the columns in the staff's language, an example row, and the allowed values."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in {"csv", "xlsx"}:
            raise Http404
        resource = self.get_import_resource_classes(request)[0]()
        headers, example, allowed = resource.template_sheets()
        filename = f"{self.opts.model_name}-template.{extension}"
        if extension == "csv":
            response = HttpResponse(b"".join(csv_chunks(headers, [example])), content_type="text/csv; charset=utf-8")
        else:
            import io

            buffer = io.BytesIO()
            write_xlsx(buffer, headers, [example], sheets=[allowed])
            response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(SpreadsheetJob)
class SpreadsheetJobAdmin(ObjectGuardAdmin, admin.ModelAdmin):
    """Large imports and exports: their progress, the check's report, the confirm button, the file.

    Everyone with staff access sees only the jobs they started (superusers see all) and downloads a
    result only while they still hold the permissions it was made with (`jobs.may_download`). Files
    are kept `SPREADSHEET_JOB_FILES_DAYS` days.
    """

    change_form_template = "core/spreadsheetjob_change_form.html"
    list_display = ["file_name", "kind", "model_label", "status", "progress_display", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    fields = ["kind", "model_label", "file_name", "status", "progress_display", "created_by", "created_at"]
    readonly_fields = fields
    scope_field = "created_by"

    def is_scoped(self, user, action):
        return not user.is_superuser

    def in_scope(self, user, obj):
        return obj.created_by_id == user.pk

    def scope_queryset(self, user, queryset):
        return queryset.filter(created_by=user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and self._within("view", request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) if obj is not None else request.user.is_superuser

    @admin.display(description=_("progress"))
    def progress_display(self, obj):
        return f"{obj.progress} / {obj.total} ({obj.percent}%)"

    def get_urls(self):
        return [
            path("<int:pk>/write/", self.admin_site.admin_view(self.write_view), name="core_spreadsheetjob_write"),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="core_spreadsheetjob_download",
            ),
            *super().get_urls(),
        ]

    def _own_job(self, request, pk) -> SpreadsheetJob:
        job = self.get_object(request, str(pk))
        if job is None:
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return job

    def write_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        job = self._own_job(request, pk)
        app_label, model_name = job.model_label.split(".")
        if not (
            request.user.has_perm(f"{app_label}.add_{model_name}")
            and request.user.has_perm(f"{app_label}.change_{model_name}")
        ):
            raise PermissionDenied
        if job.status != SpreadsheetJob.Status.CHECKED:
            messages.error(request, gettext("Only a checked import without errors can be written."))
        else:
            jobs.confirm_import(job)
            messages.info(request, gettext("The rows are being written; this page shows the progress."))
        return HttpResponseRedirect(job.get_absolute_url())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "files_days": settings.SPREADSHEET_JOB_FILES_DAYS}
        return super().change_view(request, object_id, form_url, extra_context)

    def download_view(self, request, pk):
        job = self._own_job(request, pk)
        if not jobs.may_download(request.user, job):
            raise PermissionDenied
        if not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.file_name)
