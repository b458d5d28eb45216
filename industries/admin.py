from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from industries.models import ChainNode, Industry
from staff.admin_tools import GuardedHistoryMixin


@admin.register(Industry)
class IndustryAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    search_fields = ["name", "name_en", "slug"]
    list_display = ["name", "category", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["category"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "order"]}),
        (_("English"), {"fields": ["name_en", "description_en"]}),
    ]


@admin.register(ChainNode)
class ChainNodeAdmin(EnglishDriftAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    """The chains' links and the zone's investment targets; whether a link is present is derived, never typed."""

    list_display = ["name", "industry", "stage", "parent", "order", "is_target", "target_kind", "is_demo"]
    list_editable = ["order"]
    list_filter = ["industry", "stage", "is_target", "target_kind", "is_demo"]
    list_select_related = ["industry", "parent__industry"]
    search_fields = ["name", "name_en", "target_brief"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["industry", "stage", "name", "parent", "order"]}),
        (_("Investment target"), {"fields": ["is_target", "target_kind", "target_brief"]}),
        (_("English"), {"fields": ["name_en", "target_brief_en"]}),
    ]
