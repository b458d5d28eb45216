from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.geojson import BoundaryFormField, BoundaryWidget
from core.i18n_admin import EnglishDriftAdminMixin
from staff.roles import GRID_OFFICER
from zones.models import Platform, ServiceGrid, Zone


@admin.register(Zone)
class ZoneAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "positioning", "area_km2", "has_boundary", "project_count", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "slug", "positioning"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "full_name", "positioning", "description", "area_km2", "order"]}),
        (_("English"), {"fields": ["name_en", "full_name_en", "positioning_en", "description_en"]}),
        (_("Boundary"), {"fields": ["boundary"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "boundary":
            # Pasted GeoJSON: parsed, unwrapped from a Feature and rewound, then shown as an outline.
            kwargs.update(form_class=BoundaryFormField, widget=BoundaryWidget)
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_project_count=Count("projects", distinct=True))

    @admin.display(description=_("projects"), ordering="_project_count")
    def project_count(self, obj):
        return obj._project_count

    @admin.display(description=_("boundary"), boolean=True)
    def has_boundary(self, obj):
        return obj.boundary is not None


@admin.register(ServiceGrid)
class ServiceGridAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "zone", "officer_names", "order"]
    list_filter = ["zone"]
    list_select_related = ["zone"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["zone"]
    filter_horizontal = ["officers"]
    fieldsets = [
        (None, {"fields": ["number", "name", "zone", "description", "officers", "order"]}),
        (_("English"), {"fields": ["name_en", "description_en"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("officers")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "officers":
            # Only grid officers: the widget would otherwise list every account name to content editors.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=GRID_OFFICER, is_active=True)
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("responsible officers"))
    def officer_names(self, obj):
        return "、".join(o.get_full_name() or o.get_username() for o in obj.officers.all()) or "—"


@admin.register(Platform)
class PlatformAdmin(EnglishDriftAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "zone", "opened_year", "recognition", "is_published", "order"]
    list_filter = ["kind", "zone", "is_published"]
    list_select_related = ["zone"]
    search_fields = ["name", "name_en", "recognition"]
    autocomplete_fields = ["zone"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "zone", "opened_year", "recognition", "summary"]}),
        (_("Publication"), {"fields": ["is_published", "order"]}),
        (_("English"), {"fields": ["name_en", "recognition_en", "summary_en"]}),
    ]
