from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from staff.models import OfficerProfile
from staff.permissions import user_group_names
from staff.roles import ADMINISTRATOR


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "title", "show_name", "show_phone", "show_email"]
    list_select_related = ["user"]
    search_fields = ["name", "name_en", "user__username"]
    filter_horizontal = ["zones"]
    raw_id_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["user"]}),
        (
            _("What the public sees (each only when “publish” is ticked)"),
            {
                "fields": [
                    ("name", "show_name"),
                    ("title", "show_title"),
                    ("phone", "show_phone"),
                    ("email", "show_email"),
                    ("zones", "show_zones"),
                    ("languages", "show_languages"),
                ]
            },
        ),
        (_("English"), {"fields": ["name_en", "title_en"], "classes": ["collapse"]}),
    ]

    def _sees_all(self, request) -> bool:
        return request.user.is_superuser or ADMINISTRATOR in user_group_names(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self._sees_all(request) else queryset.filter(user=request.user)  # their own only

    def get_readonly_fields(self, request, obj=None):
        return [] if self._sees_all(request) else ["user"]

    def save_model(self, request, obj, form, change):
        if not self._sees_all(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)
