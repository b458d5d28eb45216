"""Staff see and export the registrations, per event (the `event` filter), and cancel, move up or
anonymise them through registrations.services, so that the status log and the mails follow. What a
registrant typed is kept as typed: nobody adds or edits a registration here."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_guard import ObjectGuardAdmin
from core.spreadsheets.admin import export_or_job
from registrations.models import Registration, RegistrationMail, RegistrationStatusLog
from registrations.services import registration_anonymise, registration_cancel, registrations_fill_seats

EXPORT_PERM = "registrations.export_registration"


class _ReadOnlyChildInline(admin.TabularInline):
    """The status log and the mail are the registration's record: its own permissions decide, nobody edits them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("registrations.view_registration") or request.user.has_perm(
            "registrations.change_registration"
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusLogInline(_ReadOnlyChildInline):
    model = RegistrationStatusLog
    fields = ["changed_at", "from_stage", "to_stage", "changed_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class MailInline(_ReadOnlyChildInline):
    model = RegistrationMail
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("mail")


class EventFilter(admin.RelatedOnlyFieldListFilter):
    """Only events that have registrations, newest first."""

    def field_choices(self, field, request, model_admin):
        events = model_admin.get_queryset(request).values("event")
        return [
            (event.pk, f"{event.starts_at:%Y-%m-%d} {event.title}" if event.starts_at else event.title)
            for event in field.related_model.objects.filter(pk__in=events).order_by("-starts_at", "-id")
        ]


@admin.register(Registration)
class RegistrationAdmin(ObjectGuardAdmin, SimpleHistoryAdmin):
    # A revert would skip the status log and the waiting list's order, and could bring an anonymised
    # registration back to life.
    revert_allowed = False
    change_list_template = "admin/registrations/registration/change_list.html"
    list_display = ["reference", "event", "contact_name", "company", "status", "created_column"]
    list_filter = [("event", EventFilter), "status", "language"]
    list_select_related = ["event"]
    search_fields = ["reference", "contact_name", "company", "email", "phone", "event__title"]
    fieldsets = [
        (None, {"fields": ["reference", "event", "status", "created_at", "cancelled_at"]}),
        (_("Registrant"), {"fields": ["contact_name", "company", "email", "phone"]}),
        (_("Record"), {"fields": ["consent_at", "language", "updated_at", "anonymised_at"]}),
    ]
    readonly_fields = [
        "reference",
        "event",
        "status",
        "created_at",
        "cancelled_at",
        "contact_name",
        "company",
        "email",
        "phone",
        "consent_at",
        "language",
        "updated_at",
        "anonymised_at",
    ]
    inlines = [StatusLogInline, MailInline]
    actions = ["cancel", "fill_seats", "anonymise"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # registrations come from the event's page, which numbers and confirms them

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(EXPORT_PERM) and self.has_view_permission(request)

    @admin.display(description=_("registered"), ordering="created_at")
    def created_column(self, obj):
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    # --- Actions ----------------------------------------------------------------------------

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED).filter(anonymised_at=None):
            promoted += len(registration_cancel(registration=registration, user=request.user))
            cancelled += 1
        msg = ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled)
        self.message_user(request, msg % {"count": cancelled}, messages.SUCCESS)
        if promoted:
            msg = ngettext(
                "%(count)d person moved up from the waiting list.",
                "%(count)d people moved up from the waiting list.",
                promoted,
            )
            self.message_user(request, msg % {"count": promoted}, messages.SUCCESS)

    @admin.action(description=_("Give free seats of these events to their waiting lists"), permissions=["change"])
    def fill_seats(self, request, queryset):
        events = {registration.event for registration in queryset.select_related("event")}
        promoted = sum(len(registrations_fill_seats(event=event, user=request.user)) for event in events)
        msg = ngettext(
            "%(count)d person moved up from the waiting list.",
            "%(count)d people moved up from the waiting list.",
            promoted,
        )
        self.message_user(request, msg % {"count": promoted}, messages.SUCCESS if promoted else messages.INFO)

    @admin.action(description=_("Anonymise the selected registrations"), permissions=["change"])
    def anonymise(self, request, queryset):
        done = skipped = 0
        now = timezone.now()
        for registration in queryset.select_related("event"):
            over = (registration.event.ends_at or registration.event.starts_at) < now
            if registration.anonymised_at or not (over or registration.is_cancelled):
                skipped += 1
                continue
            try:
                registration_anonymise(registration=registration)
                done += 1
            except ValidationError:
                skipped += 1
        if done:
            msg = ngettext("%(count)d registration anonymised.", "%(count)d registrations anonymised.", done)
            self.message_user(request, msg % {"count": done}, messages.SUCCESS)
        if skipped:
            msg = ngettext(
                "%(count)d registration left unchanged: only cancelled ones and those of past events are anonymised.",
                "%(count)d registrations left unchanged: only cancelled ones and those of past events are anonymised.",
                skipped,
            )
            self.message_user(request, msg % {"count": skipped}, messages.WARNING)

    # --- Export -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=f"{info[0]}_{info[1]}_export"),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def export_queryset(self, request):
        """The changelist's own queryset: the same event, filters and search as on screen."""
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            raise BadRequest(gettext("The filters of this list are not valid.")) from None
        return changelist.get_queryset(request)

    def export_view(self, request, fmt):
        if fmt not in ("csv", "xlsx") or not self.has_export_permission(request):
            raise PermissionDenied
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return export_or_job(
            request,
            queryset=self.export_queryset(request),
            filename=f"registrations-{stamp}",
            fmt=fmt,
            rows_function="registrations.exports.registration_rows",
            options={},
        )
