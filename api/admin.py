from django.contrib import admin

from api.models import CatalogueSettings


@admin.register(CatalogueSettings)
class CatalogueSettingsAdmin(admin.ModelAdmin):
    list_display = ["licence_name", "licence_url", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CatalogueSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
