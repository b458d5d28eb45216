from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_guard import ObjectGuardAdmin
from staff.models import OfficerProfile
from staff.permissions import user_group_names
from staff.roles import ADMINISTRATOR, CONTENT_EDITOR


@admin.register(OfficerProfile)
class OfficerProfileAdmin(ObjectGuardAdmin, admin.ModelAdmin):
    # An officer keeps their own public profile; administrators keep everyone's.
    scope_field = "user"
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
                    "show_grids",
                ]
            },
        ),
        (_("English"), {"fields": ["name_en", "title_en"], "classes": ["collapse"]}),
    ]

    def _sees_all(self, request) -> bool:
        return not self.is_scoped(request.user, "change")

    def is_scoped(self, user, action):
        groups = user_group_names(user)
        if user.is_superuser or ADMINISTRATOR in groups:
            return False
        return action != "view" or CONTENT_EDITOR not in groups  # editors read every profile

    def in_scope(self, user, obj):
        return obj.user_id == user.pk

    def scope_queryset(self, user, queryset):
        return queryset.filter(user=user)

    def get_readonly_fields(self, request, obj=None):
        return [] if self._sees_all(request) else ["user"]

    def save_model(self, request, obj, form, change):
        if not self._sees_all(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)
