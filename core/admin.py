from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import SpreadsheetJob
from core.spreadsheets.jobs import confirm_import


@admin.register(SpreadsheetJob)
class SpreadsheetJobAdmin(admin.ModelAdmin):
    """Large imports and exports: their progress, the check's report, the confirm button, the file.

    Everyone with staff access sees and downloads only the jobs they started; superusers see all.
    """

    change_form_template = "core/spreadsheetjob_change_form.html"
    list_display = ["file_name", "kind", "model_label", "status", "progress_display", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    fields = ["kind", "model_label", "file_name", "status", "progress_display", "created_by", "created_at", "error"]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is not None and not (request.user.is_superuser or obj.created_by_id == request.user.pk):
            return False
        return request.user.is_active and request.user.is_staff

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
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None:
            raise Http404
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
            confirm_import(job)
            messages.info(request, gettext("The rows are being written; this page shows the progress."))
        return HttpResponseRedirect(job.get_absolute_url())

    def download_view(self, request, pk):
        job = self._own_job(request, pk)
        if not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.file_name)
