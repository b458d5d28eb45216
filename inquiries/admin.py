from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_notices import NoticeAdminMixin
from core.admin_guard import ObjectGuardAdmin
from core.spreadsheets.admin import export_or_job
from industries.models import ChainNode
from inquiries.admin_spaces import InquiryProposalInline, matching_spaces_link, matching_spaces_view
from inquiries.models import Inquiry, InquiryNote, InquiryNotice, InquiryStageLog, OutboxMail
from inquiries.services import (
    PERSONAL_FIELDS,
    SUBMITTED_FIELDS,
    inquiry_add_note,
    inquiry_anonymise,
    inquiry_assign,
    inquiry_move,
    investment_officers,
    move_problem,
)
from staff.names import staff_choice_label, staff_name

PERSONAL_PERM = "inquiries.view_inquiry_personal_data"
EXPORT_PERM = "inquiries.export_inquiry"


def can_see_personal(request) -> bool:
    return request.user.has_perm(PERSONAL_PERM)


class InquiryAdminForm(forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["stage", "owner", "due_at", "closed_reason"]  # the admin adds the rest of its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = investment_officers().order_by("last_name", "first_name", "username")
            self.fields["owner"].label_from_instance = staff_choice_label  # full names, not logins
            self.fields["owner"].help_text = _("Only active investment officers can own an inquiry.")
        if "project" in self.fields and self.instance.project_id:
            url = reverse("admin:projects_project_change", args=[self.instance.project_id])
            self.fields["project"].help_text = format_html('<a href="{}">{}</a>', url, _("Open the resulting project"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") == Inquiry.Stage.CLOSED and not (cleaned.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("A closed inquiry needs a reason."))
        elif self.instance.pk and cleaned.get("stage"):
            # The move from the saved stage, by the table of allowed moves (inquiry_move does the same).
            saved = Inquiry.objects.only("stage").get(pk=self.instance.pk).stage
            owner = cleaned.get("owner") if "owner" in self.fields else self.instance.owner
            project = cleaned.get("project", self.instance.project)
            problem = move_problem(
                from_stage=saved,
                to_stage=cleaned["stage"],
                owner=owner,
                project=project,
                reason=cleaned.get("closed_reason") or "",
            )
            for field, message in (problem or {}).items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned


class _ParentPermissionInline:
    """Notes and stage history are part of working an inquiry: the inquiry's own permissions decide."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("inquiries.view_inquiry") or request.user.has_perm("inquiries.change_inquiry")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InquiryNoteInline(_ParentPermissionInline, admin.TabularInline):
    model = InquiryNote
    extra = 1
    fields = ["created_at", "author", "text"]
    readonly_fields = ["author", "created_at"]
    verbose_name_plural = _("notes timeline")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("inquiries.change_inquiry")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class InquiryStageLogInline(_ParentPermissionInline, admin.TabularInline):
    model = InquiryStageLog
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class OutboxMailInline(_ParentPermissionInline, admin.TabularInline):
    """Mail about the inquiry and whether it went out; the job worker retries failed ones at `next_attempt_at`."""

    model = OutboxMail
    extra = 0
    fields = ["kind", "status", "attempts", "last_error", "created_at", "last_attempt_at", "next_attempt_at", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("mail")

    def has_add_permission(self, request, obj=None):
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = _("first response")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=Inquiry.objects.overdue().values("pk"))
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    """Who owns an inquiry, in one filter: the signed-in officer (one click, ``?owner=me``, the
    dashboard's link), nobody yet, or an officer named as people know them, not by log-in name."""

    title = _("owner")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        owner_ids = model_admin.get_queryset(request).exclude(owner=None).values("owner")
        owners = get_user_model().objects.filter(pk__in=owner_ids).order_by("last_name", "first_name", "username")
        return [
            ("me", _("My inquiries")),
            ("none", _("Unassigned")),
            *((str(user.pk), staff_choice_label(user)) for user in owners),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(owner=request.user)
        if value == "none":
            return queryset.filter(owner=None)
        if value and value.isdigit():
            return queryset.filter(owner_id=int(value))
        return queryset


class ChainNodeFilter(admin.RelatedFieldListFilter):
    """Inquiries by the chain link they answered (``?chain_node__id__exact=<pk>``): the investment officer's
    view of the answers to each investment target. Offers only the targets and the links that have
    inquiries, not every link of every chain."""

    def field_choices(self, field, request, model_admin):
        answered = Inquiry.objects.exclude(chain_node=None).values("chain_node")
        nodes = ChainNode.objects.filter(Q(is_target=True) | Q(pk__in=answered)).select_related("industry")
        return [(node.pk, str(node)) for node in nodes]


@admin.register(Inquiry)
class InquiryAdmin(NoticeAdminMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    form = InquiryAdminForm
    # History rows show the personal fields as they were; a revert would skip the pipeline's stage
    # log and could bring an anonymised inquiry back to life.
    history_permission = PERSONAL_PERM
    revert_allowed = False
    notice_model = InquiryNotice
    change_list_template = "admin/inquiries/inquiry/change_list.html"
    # The officer's working columns first (stage, owner, due), so that they stay in sight on a phone,
    # where admin.css lets industry and zone go (the filters still offer them); industry over zone in
    # one column, so that the list fits beside both sidebars at 1280 px.
    list_display = ["reference", "company", "stage", "owner_column", "due_column", "created_column", "interest_column"]
    list_filter = [OwnerFilter, OverdueFilter, "stage", "zone", "industry", ("chain_node", ChainNodeFilter)]
    list_select_related = ["industry", "zone", "owner"]
    search_fields = ["reference", "company", "contact_name", "email", "phone"]
    autocomplete_fields = ["industry", "zone", "about_project", "about_enterprise", "about_space", "project"]
    readonly_fields = [
        "matching_spaces",
        "reference",
        "consent_at",
        "language",
        "created_at",
        "updated_at",
        "anonymised_at",
    ]
    inlines = [InquiryNoteInline, InquiryProposalInline, InquiryStageLogInline, OutboxMailInline]
    actions = ["anonymise"]
    date_hierarchy = "created_at"
    # What the investor sent is kept as sent (read-only, get_readonly_fields): a correction is a note,
    # which the notes timeline logs with its author and time. The message comes first.
    contact_fieldset = (
        _("Contact"),
        {
            "fields": ["contact_name", "company", "job_title", "phone", "email", "country"],
            "description": _("As the investor submitted it. To record a correction, add a note below."),
        },
    )
    fieldsets = [
        (_("Message"), {"fields": ["message"]}),
        (None, {"fields": ["reference", "stage", "owner", "due_at", "next_step", "closed_reason", "project"]}),
        contact_fieldset,
        (
            _("Request"),
            {
                "fields": [
                    "industry",
                    "chain_node",
                    "investment_band",
                    "investment_amount",
                    "expected_annual_tax",
                    "expected_annual_value_added",
                    "planned_jobs",
                    "land_mu",
                    "floor_area_m2",
                    "zone",
                    "timing",
                    "about_project",
                    "about_enterprise",
                    "about_space",
                ]
            },
        ),
        (
            _("Space needs"),
            {
                "fields": [
                    "matching_spaces",
                    "need_kind",
                    ("need_min_area_m2", "need_max_area_m2"),
                    "need_power_kva",
                    "need_clear_height_m",
                    "need_floor_load_kn",
                    "need_tenure",
                    "need_by",
                ]
            },
        ),
        (_("Record"), {"fields": ["consent_at", "language", "created_at", "updated_at", "anonymised_at"]}),
    ]

    class Media:
        css = {"all": ["inquiries/admin.css"]}

    # --- Who sees what ----------------------------------------------------------------------

    def has_add_permission(self, request):
        return False  # inquiries arrive through the public form, which numbers and acknowledges them

    def get_list_display(self, request):
        if can_see_personal(request):
            return self.list_display
        return [name for name in self.list_display if name not in PERSONAL_FIELDS]

    def get_search_fields(self, request):
        if can_see_personal(request):
            return self.search_fields
        return ["reference"]

    def lookup_allowed(self, lookup, value, request):
        # `?email__startswith=z` would let someone who may not see the e-mail guess it letter by
        # letter from the row count (or the export); the changelist then answers 400.
        if lookup.split(LOOKUP_SEP, 1)[0] in PERSONAL_FIELDS and not can_see_personal(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        if can_see_personal(request):
            return self.fieldsets
        fieldsets = []
        for name, options in self.fieldsets:
            if name == self.contact_fieldset[0]:
                continue
            fields = [f for f in options["fields"] if f not in PERSONAL_FIELDS]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None:
            readonly += [name for name in SUBMITTED_FIELDS if name not in readonly]
        return readonly

    def get_inlines(self, request, obj):
        if can_see_personal(request):
            return self.inlines
        return [InquiryProposalInline, InquiryStageLogInline, OutboxMailInline]  # notes may quote names and numbers

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(EXPORT_PERM) and self.has_view_permission(request)

    # --- Columns ----------------------------------------------------------------------------

    @admin.display(description=_("first response due"), ordering="due_at")
    def due_column(self, obj):
        due = timezone.localtime(obj.due_at).strftime("%Y-%m-%d %H:%M")
        if obj.is_overdue:
            return format_html('<span class="inquiry-overdue">{} · {}</span>', due, gettext("Overdue"))
        return due

    @admin.display(description=_("owner"), ordering="owner__last_name")
    def owner_column(self, obj):
        return staff_name(obj.owner) or "—"

    @admin.display(description=_("industry / zone"))
    def interest_column(self, obj):
        return format_html("{}<br>{}", obj.industry or "—", obj.zone or "—")

    @admin.display(description=Inquiry._meta.get_field("created_at").verbose_name, ordering="created_at")
    def created_column(self, obj):
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("matching spaces"))
    def matching_spaces(self, obj):
        return matching_spaces_link(obj)

    # --- Saving through the services --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        new_stage, new_owner, reason = obj.stage, obj.owner, obj.closed_reason
        # From the database, not form.initial (which a history form fills from an old version), so
        # that every stage move goes through inquiry_move and its log.
        saved = Inquiry.objects.values("stage", "owner_id", "closed_reason").get(pk=obj.pk)
        old_stage = saved["stage"]
        obj.stage = old_stage
        obj.owner_id = saved["owner_id"]
        if old_stage != Inquiry.Stage.CLOSED:
            obj.closed_reason = saved["closed_reason"]
        super().save_model(request, obj, form, change)
        if new_owner != obj.owner:
            inquiry_assign(inquiry=obj, officer=new_owner, user=request.user)
        if new_stage != old_stage:
            inquiry_move(inquiry=obj, to_stage=new_stage, user=request.user, reason=reason)
        elif old_stage == Inquiry.Stage.CLOSED and reason != obj.closed_reason:
            obj.closed_reason = reason
            obj.save(update_fields=["closed_reason", "updated_at"])

    def save_formset(self, request, form, formset, change):
        if formset.model is InquiryNote:
            # Notes are only added (the inline cannot change or delete them), by the logged-in user.
            for note in formset.save(commit=False):
                if note.pk is None:
                    inquiry_add_note(inquiry=form.instance, author=request.user, text=note.text)
            return
        super().save_formset(request, form, formset, change)

    # --- Actions ----------------------------------------------------------------------------

    @admin.action(description=_("Anonymise the selected closed inquiries"), permissions=["change"])
    def anonymise(self, request, queryset):
        done = skipped = 0
        for inquiry in queryset:
            if inquiry.stage != Inquiry.Stage.CLOSED:
                skipped += 1
                continue
            try:
                inquiry_anonymise(inquiry=inquiry, user=request.user)
                done += 1
            except ValidationError:
                skipped += 1
        if done:
            msg = ngettext("%(count)d inquiry anonymised.", "%(count)d inquiries anonymised.", done)
            self.message_user(request, msg % {"count": done}, messages.SUCCESS)
        if skipped:
            msg = ngettext(
                "%(count)d inquiry left unchanged: only closed inquiries can be anonymised.",
                "%(count)d inquiries left unchanged: only closed inquiries can be anonymised.",
                skipped,
            )
            self.message_user(request, msg % {"count": skipped}, messages.WARNING)

    # --- Export -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=f"{info[0]}_{info[1]}_export"),
            path(
                "<path:object_id>/spaces/",
                self.admin_site.admin_view(lambda request, object_id: matching_spaces_view(self, request, object_id)),
                name=f"{info[0]}_{info[1]}_spaces",
            ),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def export_queryset(self, request):
        """The changelist's own queryset: same filters, search and order as on screen."""
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            raise BadRequest(gettext("The filters of this list are not valid.")) from None
        return changelist.get_queryset(request)

    def export_view(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise PermissionDenied
        if not self.has_export_permission(request):
            raise PermissionDenied
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return export_or_job(
            request,
            queryset=self.export_queryset(request),
            filename=f"inquiries-{stamp}",
            fmt=fmt,
            rows_function="inquiries.exports.inquiry_rows",
            options={"personal": can_see_personal(request)},
        )
