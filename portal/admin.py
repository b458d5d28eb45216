from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetExportMixin
from portal.admin_news import attach_news_links
from portal.models import Indicator, IndustryOfficer, PageBlock, SiteSettings
from portal.resources import IndicatorResource
from staff.admin_tools import GuardedHistoryMixin
from staff.roles import INVESTMENT_OFFICER

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


class IndustryOfficerInline(admin.TabularInline):
    """The investment officers /contact/ names for each industry chain (each shows what they publish)."""

    model = IndustryOfficer
    extra = 0
    fields = ["industry", "officer", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            # Only investment officers: the widget would otherwise list every account name.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=INVESTMENT_OFFICER, is_active=True)
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SiteSettings)
class SiteSettingsAdmin(EnglishDriftAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    """One row: the footer's ICP number, 网站标识码, and the contacts of /contact/ (联系我们)."""

    list_display = ["__str__", "icp_number", "site_code", "hotline", "desk_phone"]
    fieldsets = [
        (None, {"fields": ["icp_number", "site_code"]}),
        (
            _("Contact (联系我们)"),
            {
                "fields": ["hotline", "email", "address", "hours"],
                "description": _(
                    "Shown on /contact/ and in the footer. Leave a field empty until the zone publishes it: "
                    "the page then points visitors to the inquiry and service request forms."
                ),
            },
        ),
        (_("钱小二 service desk"), {"fields": ["desk_phone", "desk_email", "desk_hours"]}),
        (_("English"), {"fields": ["address_en", "hours_en", "desk_hours_en"]}),
    ]
    inlines = [IndustryOfficerInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


attach_news_links(admin.site)  # the news item's links, on the news admin's page (portal.admin_news)
