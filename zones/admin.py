from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.geojson import BoundaryFormField, BoundaryWidget
from core.i18n_admin import EnglishDriftAdminMixin
from staff.models import OfficerProfile
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


# --- The zones an officer looks after, on their public profile's page ---------------------------
# The profile is staff's; which zones it names is this app's (Zone.officer_profiles), so the field is
# added here, to the profile admin staff registered, keeping the page as it was.

_OfficerProfileAdmin = type(admin.site._registry[OfficerProfile])


class OfficerProfileZonesForm(_OfficerProfileAdmin.form):
    zones = forms.ModelMultipleChoiceField(
        queryset=Zone.objects.ordered(),
        required=False,
        label=_("zones looked after"),
        widget=FilteredSelectMultiple(_("zones looked after"), is_stacked=False),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "zones" in self.fields:
            self.fields["zones"].initial = list(self.instance.zones.all())

    def _save_m2m(self):
        super()._save_m2m()
        if "zones" in self.cleaned_data:
            self.instance.zones.set(self.cleaned_data["zones"])


class OfficerProfileAdmin(_OfficerProfileAdmin):
    form = OfficerProfileZonesForm

    def get_fieldsets(self, request, obj=None):
        # Read-only pages show the zones as text (a reverse relation has no display of its own).
        zones = "zones" if self.has_change_permission(request, obj) else "zones_looked_after"
        return [
            (name, {**options, "fields": [(zones, f) if f == "show_zones" else f for f in options["fields"]]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("zones looked after"))
    def zones_looked_after(self, obj):
        return "、".join(zone.name for zone in obj.zones.all()) or "—"


admin.site.unregister(OfficerProfile)
admin.site.register(OfficerProfile, OfficerProfileAdmin)
