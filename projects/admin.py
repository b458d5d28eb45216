from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetImportMixin
from projects.forms import ProjectImageForm
from projects.models import Project, ProjectImage, ProjectStageLog
from projects.resources import ProjectResource
from projects.services import project_save
from staff.admin_tools import GuardedHistoryMixin, VerificationListFilter, mark_verified_today


class ProjectImageInline(admin.StackedInline):
    model = ProjectImage
    form = ProjectImageForm
    extra = 0
    fields = ["image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]


class ProjectStageLogInline(admin.TabularInline):
    """The stage log is written by the service on every stage change; staff only read it."""

    model = ProjectStageLog
    extra = 0
    can_delete = False
    fields = ["changed_on", "from_stage", "to_stage", "changed_by", "note", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Project)
class ProjectAdmin(EnglishDriftAdminMixin, SpreadsheetImportMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    resource_classes = [ProjectResource]
    history_list_display = ["stage", "status", "investment", "is_published", "last_verified_on"]
    actions = ["mark_verified"]
    list_display = [
        "code",
        "name",
        "zone",
        "industry",
        "stage",
        "status",
        "investment_display",
        "signed_on",
        "is_published",
        "last_verified_on",
    ]
    list_display_links = ["code", "name"]
    list_filter = [
        "stage",
        "status",
        "zone",
        "industry",
        "is_published",
        "investment_disclosed",
        VerificationListFilter,
        "is_demo",
    ]
    list_select_related = ["zone", "industry"]
    search_fields = ["code", "name", "name_en", "investor"]
    autocomplete_fields = ["zone", "industry", "chain_node", "investor_enterprise"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "signed_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProjectImageInline, ProjectStageLogInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "slug", "investor", "investor_enterprise", "industry", "chain_node", "zone"]},
        ),
        (_("Investment and space"), {"fields": ["investment_disclosed", "investment", "land_mu", "floor_area_m2"]}),
        (
            _("Progress"),
            {
                "fields": [
                    "signed_on",
                    "stage",
                    "started_on",
                    "production_on",
                    "status",
                    "status_reason",
                    "status_changed_on",
                ]
            },
        ),
        (_("Description"), {"fields": ["summary", "internal_notes"]}),
        (_("Publication"), {"fields": ["is_published", "last_verified_on", "created_at", "updated_at"]}),
        (_("English"), {"fields": ["name_en", "investor_en", "summary_en"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("investment (100 million yuan)"), ordering="investment")
    def investment_display(self, obj):
        return obj.investment if obj.investment_disclosed else _("undisclosed")

    def save_model(self, request, obj, form, change):
        # From the database, not form.initial: a revert's form starts from the old version's stage.
        previous_stage = Project.objects.filter(pk=obj.pk).values_list("stage", flat=True).first() if change else None
        project_save(project=obj, user=request.user, previous_stage=previous_stage)

    @admin.action(description=_("Mark selected projects as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        mark_verified_today(self, request, queryset)
