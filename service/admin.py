"""Staff work the requests here. A grid officer sees only the requests of their grids (another grid's,
by direct URL, answers 403); the desk role sees all (service.permissions). Stage moves, notes and
linked spaces go through service.services, so the log and the mails follow."""

from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_notices import NoticeAdminMixin
from core.admin_guard import ObjectGuardAdmin
from core.spreadsheets.admin import export_or_job
from service.admin_requester import RequesterCheckAdminMixin
from service.models import (
    ServiceAttachment,
    ServiceCategory,
    ServiceNotice,
    ServiceRequest,
    ServiceRequestNote,
    ServiceStageLog,
)
from service.permissions import can_see_request, sees_all_requests, visible_requests
from service.services import (
    service_desk_officers,
    service_request_add_note,
    service_request_anonymise,
    service_request_assign,
    service_request_link_space,
    service_request_move,
)
from spaces.admin import criteria_html
from spaces.models import Space
from staff.names import staff_choice_label


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "acknowledge_working_days", "resolve_working_days", "order"]
    list_editable = ["acknowledge_working_days", "resolve_working_days", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


class NoteInline(admin.TabularInline):
    model = ServiceRequestNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StageLogInline(admin.TabularInline):
    model = ServiceStageLog
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ServiceAttachment
    extra = 0
    fields = ["download", "content_type", "size", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class ServiceRequestAdminForm(forms.ModelForm):
    move_to = forms.ChoiceField(label=_("move to stage"), required=False)
    move_reason = forms.CharField(label=_("reason (closing)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_note = forms.CharField(label=_("add a note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    propose_space = forms.ModelChoiceField(label=_("propose a space"), required=False, queryset=Space.objects.none())

    class Meta:
        model = ServiceRequest
        fields = ["owner", "grid", "resolve_due_at", "reply", "referred_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"].choices = [("", "—"), *ServiceRequest.Stage.choices]
        if "owner" in self.fields:
            # The officers who may take it, and whoever has it now (kept when another field is edited).
            allowed = Q(pk__in=service_desk_officers().values("pk")) | Q(pk=self.instance.owner_id)
            self.fields["owner"].queryset = (
                get_user_model().objects.filter(allowed).order_by("last_name", "first_name", "username")
            )
            self.fields["owner"].label_from_instance = staff_choice_label  # full names, not logins
            self.fields["owner"].help_text = _("Only active grid officers and service desk staff can be in charge.")
        self.fields["propose_space"].queryset = (
            Space.objects.filter(is_published=True).exclude(status__in=Space.NOT_PROPOSABLE).order_by("code")
        )


@admin.register(ServiceRequest)
class ServiceRequestAdmin(RequesterCheckAdminMixin, NoticeAdminMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    form = ServiceRequestAdminForm
    # A grid officer works the requests of their own grids: list, page, history, export, attachments.
    scope_field = "grid"
    # A revert would skip the stage log, the owner's notice and the anonymiser.
    revert_allowed = False
    notice_model = ServiceNotice
    list_display = [
        "reference",
        "created_at",
        "enterprise_name",
        "category",
        "grid",
        "stage_badge",
        "resolve_due_at",
        "owner",
    ]
    list_filter = ["stage", "grid", "category", "is_demo"]
    search_fields = ["reference", "enterprise_name"]
    list_select_related = ["category", "grid", "owner"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline, NoteInline, StageLogInline]
    actions = ["export_csv", "anonymise"]
    readonly_fields = [
        "reference",
        "stage",
        "enterprise",
        "enterprise_name",
        "credit_code",
        "zone",
        "contact_name",
        "phone",
        "email",
        "category",
        "description",
        "acknowledge_due_at",
        "resolved_at",
        "referred_on",
        "spaces_proposed",
        "rating",
        "rating_comment",
        "is_demo",
        "created_at",
    ]
    fieldsets = [
        (_("Request"), {"fields": ["reference", "stage", "category", "description", "created_at", "is_demo"]}),
        (
            _("Enterprise"),
            {"fields": ["enterprise", "enterprise_name", "credit_code", "zone", "contact_name", "phone", "email"]},
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "grid",
                    "owner",
                    "acknowledge_due_at",
                    "resolve_due_at",
                    "resolved_at",
                    "move_to",
                    "move_reason",
                    "referred_to",
                    "referred_on",
                    "reply",
                    "new_note",
                ]
            },
        ),
        (_("Space"), {"fields": ["spaces_proposed", "propose_space"]}),
        (_("Satisfaction"), {"fields": ["rating", "rating_comment"]}),
    ]

    def is_scoped(self, user, action):
        return not sees_all_requests(user)

    def in_scope(self, user, obj):
        return can_see_request(user, obj)

    def scope_queryset(self, user, queryset):
        return visible_requests(user, queryset)

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="service_servicerequest_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id, attachment_id):
        """A request's attachment, to those who may view the request (the same guard as its page)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        attachment = get_object_or_404(obj.attachments.all(), pk=attachment_id)
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj):
        if obj.is_overdue:
            return format_html(
                '<strong class="sv-overdue">{} · {}</strong>',
                obj.get_stage_display(),
                _("overdue"),
            )
        return obj.get_stage_display()

    @admin.display(description=_("spaces proposed"))
    def spaces_proposed(self, obj):
        return ", ".join(f"{s.code} {s.name}" for s in obj.spaces.all()) or "—"

    def save_model(self, request, obj, form, change):
        new_owner = obj.owner
        if change:
            # A new officer in charge goes through service_request_assign, which tells them.
            obj.owner_id = ServiceRequest.objects.values_list("owner_id", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if change and new_owner != obj.owner:
            service_request_assign(service_request=obj, officer=new_owner, user=request.user)
        data = form.cleaned_data
        try:
            if data.get("propose_space"):
                service_request_link_space(service_request=obj, space=data["propose_space"], user=request.user)
            if data.get("new_note"):
                service_request_add_note(service_request=obj, author=request.user, text=data["new_note"])
            if data.get("move_to"):
                service_request_move(
                    service_request=obj,
                    to_stage=data["move_to"],
                    user=request.user,
                    reason=data.get("move_reason", ""),
                    referred_to=data.get("referred_to", ""),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))

    @admin.action(description=_("Export the selected requests (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return export_or_job(
            request,
            queryset=queryset,
            filename=f"service-requests-{stamp}",
            fmt="csv",
            rows_function="service.exports.service_request_rows",
            options={"personal": request.user.has_perm("service.change_servicerequest")},
        )

    def has_export_permission(self, request):
        return request.user.has_perm("service.export_servicerequest")

    @admin.action(description=_("Anonymise the selected requests that have ended"), permissions=["change"])
    def anonymise(self, request, queryset):
        done = 0
        for obj in queryset:
            try:
                service_request_anonymise(service_request=obj)
                done += 1
            except ValidationError as exc:
                messages.warning(request, f"{obj.reference}: {' '.join(exc.messages)}")
        messages.info(request, _("%(count)d requests anonymised.") % {"count": done})


# --- The space admin, with the open space requests it fits (spaces.matching) -----------------
# inquiries.admin_spaces registered the space admin with the inquiries it fits; this adds the
# service requests, registered from here because spaces never import the cases floor.

_SpaceAdmin = type(admin.site._registry[Space])
# Who is looking at the space page (readonly-field callables get only the object); a ContextVar is
# per thread and per task, unlike an attribute on the shared admin instance.
_viewer: ContextVar = ContextVar("service_admin_viewer")
admin.site.unregister(Space)


@admin.register(Space)
class SpaceWithRequestsAdmin(_SpaceAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and request.user.has_perm("service.view_servicerequest"):
            fieldsets.append((_("Open space requests this space fits"), {"fields": ["fitting_requests"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "fitting_requests"]

    @admin.display(description=_("open space requests, best fit first"))
    def fitting_requests(self, obj):
        from service.matching import ranked_space_requests

        if obj is None or obj.pk is None:
            return "—"
        user = _viewer.get(None)
        rows = [(r, m) for r, m in ranked_space_requests(obj) if user is not None and can_see_request(user, r)]
        if not rows:
            return _("No open space request that this space fits.")
        return format_html(
            '<table class="match-table"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td></tr>',
                ((r.get_absolute_url(), f"{r.reference} {r.enterprise_name}", criteria_html(m)) for r, m in rows),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        token = _viewer.set(request.user)  # the list shows only the requests this user may see
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the viewer is known: a TemplateResponse renders later otherwise
            return response
        finally:
            _viewer.reset(token)
