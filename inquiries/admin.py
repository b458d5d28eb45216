from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inquiries.models import Inquiry, InquiryNote, InquiryStageLog


class InquiryNoteInline(admin.TabularInline):
    model = InquiryNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class InquiryStageLogInline(admin.TabularInline):
    model = InquiryStageLog
    extra = 0
    can_delete = False
    fields = ["from_stage", "to_stage", "changed_by", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inquiry)
class InquiryAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "company", "industry", "zone", "stage", "owner", "due_at", "created_at"]
    list_filter = ["stage", "zone", "industry", "owner"]
    list_select_related = ["industry", "zone", "owner"]
    search_fields = ["reference", "company", "contact_name"]
    autocomplete_fields = ["industry", "zone", "about_project", "about_enterprise", "project"]
    readonly_fields = ["reference", "consent_at", "created_at", "updated_at", "anonymised_at"]
    inlines = [InquiryNoteInline, InquiryStageLogInline]
    fieldsets = [
        (None, {"fields": ["reference", "stage", "owner", "due_at", "closed_reason", "project"]}),
        (_("Contact"), {"fields": ["contact_name", "company", "job_title", "phone", "email", "country"]}),
        (
            _("Request"),
            {
                "fields": [
                    "industry",
                    "investment_band",
                    "investment_amount",
                    "land_mu",
                    "floor_area_m2",
                    "zone",
                    "timing",
                    "message",
                    "about_project",
                    "about_enterprise",
                ]
            },
        ),
        (_("Record"), {"fields": ["consent_at", "language", "created_at", "updated_at", "anonymised_at"]}),
    ]
