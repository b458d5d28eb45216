"""Admin pages of core: large spreadsheet jobs, and the job runner's pages (django-q2:
`manage.py qcluster`) in place of the package's own.

The package's admin classes fail without an object (their `get_readonly_fields` reads
`obj._meta`) and label their columns in English. These show the same tables with Chinese labels:
schedules (timing editable, the function not: a dotted path is code), finished and failed jobs
read-only, and the queue. A failed job can be queued again from its list.
"""

import django_q.admin  # noqa: F401 - registers the package's classes first, so that they can be replaced
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.defaultfilters import truncatechars
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_q.models import Failure, OrmQ, Schedule, Success
from django_q.tasks import async_task

from core.models import SpreadsheetJob
from core.spreadsheets.jobs import confirm_import

for _model in (Schedule, Success, Failure, OrmQ):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "func", "schedule_type", "minutes", "next_run", "last_run_succeeded"]
    list_display_links = ["name"]
    list_filter = ["schedule_type"]
    search_fields = ["name", "func"]
    fieldsets = [
        (_("Job"), {"fields": ["name", "func", "args", "kwargs"]}),
        (_("When"), {"fields": ["schedule_type", "minutes", "cron", "repeats", "next_run"]}),
        (_("Last run"), {"fields": ["task"]}),
    ]
    readonly_fields = ["func", "args", "kwargs", "task"]

    def has_add_permission(self, request):
        return False  # schedules come from migrations (inquiries 0005_job_schedules)

    def get_queryset(self, request):
        from django.db.models import OuterRef, Subquery
        from django_q.models import Task

        last = Task.objects.filter(id=OuterRef("task")).values("success")[:1]
        return super().get_queryset(request).annotate(last_success=Subquery(last))

    @admin.display(description=_("last run succeeded"), boolean=True)
    def last_run_succeeded(self, obj):
        return obj.last_success


@admin.action(description=_("Queue the selected jobs again"))
def run_again(model_admin, request, queryset):
    count = 0
    for task in queryset:
        async_task(task.func, *(task.args or ()), group=task.group, **(task.kwargs or {}))
        task.delete()
        count += 1
    messages.success(
        request, ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", count) % {"count": count}
    )


class _TaskAdmin(_ReadOnlyAdmin):
    list_filter = ["group"]
    search_fields = ["name", "func", "group"]
    date_hierarchy = "started"
    fields = ["id", "name", "func", "group", "args", "kwargs", "started", "stopped", "attempt_count", "result"]
    readonly_fields = fields

    @admin.display(description=_("seconds"))
    def seconds(self, obj):
        return round(obj.time_taken(), 2)


@admin.register(Success)
class SuccessAdmin(_TaskAdmin):
    list_display = ["name", "func", "group", "started", "seconds", "result_summary"]

    @admin.display(description=_("result"))
    def result_summary(self, obj):
        return truncatechars(str(obj.result), 80)


@admin.register(Failure)
class FailureAdmin(_TaskAdmin):
    list_display = ["name", "func", "group", "started", "attempt_count", "error"]
    actions = [run_again]

    @admin.display(description=_("error"))
    def error(self, obj):
        return truncatechars(str(obj.result), 120)


@admin.register(OrmQ)
class QueuedJobAdmin(_ReadOnlyAdmin):
    list_display = ["job_name", "job_func", "lock"]
    fields = ["id", "key", "job_name", "job_func", "lock"]
    readonly_fields = fields

    @admin.display(description=_("name"))
    def job_name(self, obj):
        return obj.name()

    @admin.display(description=_("function"))
    def job_func(self, obj):
        return obj.func()


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
