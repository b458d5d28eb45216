from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetExportMixin
from portal.models import Indicator, PageBlock, SiteSettings
from portal.resources import IndicatorResource
from staff.admin_tools import GuardedHistoryMixin

admin.site.site_header = _("Qianjiang Economic Development Zone — back office")
admin.site.site_title = _("Qiankaiqu back office")
admin.site.index_title = _("Administration")


@admin.register(Indicator)
class IndicatorAdmin(EnglishDriftAdminMixin, SpreadsheetExportMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    resource_classes = [IndicatorResource]
    history_list_display = ["value", "period", "is_published"]
    list_display = ["label", "value_with_unit", "period", "source", "is_published", "order"]
    list_editable = ["order"]
    list_filter = ["is_published", "period"]
    search_fields = ["label", "label_en", "source"]
    fieldsets = [
        (None, {"fields": ["label", "value", "is_lower_bound", "unit", "period", "source"]}),
        (_("Publication"), {"fields": ["is_published", "order"]}),
        (_("English"), {"fields": ["label_en", "unit_en", "period_en", "source_en"]}),
    ]

    @admin.display(description=_("value"), ordering="value")
    def value_with_unit(self, obj):
        return f"{obj.display_value}{'+' if obj.is_lower_bound else ''} {obj.unit}"


@admin.register(PageBlock)
class PageBlockAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["title", "page", "key", "is_published", "order"]
    list_editable = ["order"]
    list_filter = ["page", "is_published"]
    search_fields = ["title", "title_en", "body"]
    fieldsets = [
        (None, {"fields": ["page", "key", "title", "body"]}),
        (_("Publication"), {"fields": ["is_published", "order"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(EnglishDriftAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    """One row: the footer's ICP number, 网站标识码, hotline and address."""

    list_display = ["__str__", "icp_number", "site_code", "hotline"]
    fieldsets = [
        (None, {"fields": ["icp_number", "site_code", "hotline", "address"]}),
        (_("English"), {"fields": ["address_en"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
