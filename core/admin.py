"""The job runner's pages in the admin (django-q2: `manage.py qcluster`), in place of the package's own.

The package's admin classes fail without an object (their `get_readonly_fields` reads
`obj._meta`) and label their columns in English. These show the same tables with Chinese labels:
schedules (timing editable, the function not: a dotted path is code), finished and failed jobs
read-only, and the queue. A failed job can be queued again from its list.
"""

import axes.admin
import django_q.admin  # noqa: F401 - registers the package's classes first, so that they can be replaced
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_q.models import Failure, OrmQ, Schedule, Success
from django_q.tasks import async_task

from core.models import WorkingDayOverride

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


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(admin.ModelAdmin):
    """Days staff set by hand over the holiday calendar (core.workdays): every due date follows them."""

    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


# django-axes's lock-out records are evidence: read and deleted (to lift a lock-out), never edited.
# The package's pages show every field read-only yet offer a save button (docs/roles.md).
for _model, _admin_class in (
    (AccessAttempt, axes.admin.AccessAttemptAdmin),
    (AccessLog, axes.admin.AccessLogAdmin),
    (AccessFailureLog, axes.admin.AccessFailureLogAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(
        _model,
        type(_admin_class.__name__, (_admin_class,), {"has_change_permission": lambda self, request, obj=None: False}),
    )
