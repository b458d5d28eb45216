from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.i18n_admin import EnglishDriftAdminMixin
from industries.models import Industry


@admin.register(Industry)
class IndustryAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["name", "category", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["category"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "order"]}),
        (_("English"), {"fields": ["name_en", "description_en"]}),
    ]
