from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetImportMixin
from enterprises.forms import EnterpriseAdminForm
from enterprises.models import Enterprise, Recognition, RecognitionType
from enterprises.permissions import can_change_enterprise, changeable_enterprises, is_limited_to_own_grids
from enterprises.resources import EnterpriseResource
from enterprises.services import enterprise_save
from staff.admin_tools import ObjectGuardAdmin, VerificationListFilter, mark_verified_today


@admin.register(RecognitionType)
class RecognitionTypeAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["kind", "level", "year", "note"]
    autocomplete_fields = ["kind"]


@admin.register(Enterprise)
class EnterpriseAdmin(EnglishDriftAdminMixin, SpreadsheetImportMixin, ObjectGuardAdmin, SimpleHistoryAdmin):
    # Grid officers see every enterprise and change only those of their own grids.
    scope_field = "grid"
    scope_actions = frozenset({"change", "delete"})
    form = EnterpriseAdminForm
    resource_classes = [EnterpriseResource]
    history_list_display = ["listing_status", "grid", "is_published", "last_verified_on"]
    actions = ["mark_verified"]
    list_display = [
        "name",
        "short_name",
        "zone",
        "grid",
        "industry",
        "listing_status",
        "founded_year",
        "is_published",
        "last_verified_on",
    ]
    list_filter = [
        "zone",
        "grid",
        "industry",
        "listing_status",
        "recognitions__kind",
        "is_published",
        VerificationListFilter,
        "is_demo",
    ]
    list_select_related = ["zone", "grid", "industry"]
    search_fields = ["name", "name_en", "short_name"]
    autocomplete_fields = ["zone", "grid", "industry", "chain_node", "lead_of"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [RecognitionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "slug",
                    "credit_code",
                    "zone",
                    "grid",
                    "industry",
                    "chain_node",
                    "lead_of",
                    "founded_year",
                ]
            },
        ),
        (_("Capital market"), {"fields": ["listing_status", "exchange", "listed_on"]}),
        (_("Description"), {"fields": ["summary", "website", "logo"]}),
        (_("Publication"), {"fields": ["is_published", "last_verified_on", "created_at", "updated_at"]}),
        (_("English"), {"fields": ["name_en", "summary_en"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # The recognition filter joins a to-many relation; distinct keeps one row per enterprise.
        return super().get_queryset(request).distinct()

    def save_model(self, request, obj, form, change):
        enterprise_save(enterprise=obj)

    def is_scoped(self, user, action):
        return is_limited_to_own_grids(user)

    def in_scope(self, user, obj):
        return can_change_enterprise(user, obj)

    def scope_queryset(self, user, queryset):
        return changeable_enterprises(user, queryset)

    @admin.action(description=_("Mark selected enterprises as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        mark_verified_today(self, request, queryset, narrow=changeable_enterprises)
