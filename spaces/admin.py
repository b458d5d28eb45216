from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.i18n_admin import EnglishDriftAdminMixin
from core.spreadsheets.admin import SpreadsheetImportMixin
from spaces.forms import SpaceAdminForm, SpaceImageForm
from spaces.models import Space, SpaceImage, SpaceStatusLog
from spaces.resources import SpaceResource
from spaces.services import space_save
from staff.admin_tools import GuardedHistoryMixin, VerificationListFilter, mark_verified_today


def criteria_html(result) -> str:
    """A spaces.matching result's criteria, each with its outcome and reason, for the case admins' matching columns."""
    return format_html(
        '<ul class="match-criteria">{}</ul>',
        format_html_join("", '<li class="match-{}">{}</li>', ((c.outcome, c.reason) for c in result.criteria))
        or format_html("<li>{}</li>", gettext("No needs given.")),
    )


class SpaceImageInline(admin.StackedInline):
    model = SpaceImage
    form = SpaceImageForm
    extra = 0
    fields = ["image", "alt_text", "alt_text_en", "caption", "caption_en", "order"]


class SpaceStatusLogInline(admin.TabularInline):
    """The status log is written by the service on every status change; staff only read it."""

    model = SpaceStatusLog
    extra = 0
    can_delete = False
    fields = ["changed_on", "date_precision", "from_status", "to_status", "changed_by", "note", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Space)
class SpaceAdmin(EnglishDriftAdminMixin, SpreadsheetImportMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    form = SpaceAdminForm
    resource_classes = [SpaceResource]
    history_list_display = ["status", "is_published", "last_verified_on"]
    actions = ["mark_verified"]
    list_display = ["code", "name", "kind", "zone", "status", "area_display", "is_published", "last_verified_on"]
    list_display_links = ["code", "name"]
    list_filter = [
        "status",
        "kind",
        "zone",
        "is_published",
        VerificationListFilter,
        "offers_lease",
        "offers_sale",
        "offers_transfer",
        "is_demo",
    ]
    list_select_related = ["zone"]
    search_fields = ["code", "name", "name_en", "address", "operator"]
    autocomplete_fields = ["target_industries"]
    radio_fields = {"zone": admin.HORIZONTAL}  # three zones: all in view, one click
    readonly_fields = ["area_m2", "created_at", "updated_at"]
    inlines = [SpaceImageInline, SpaceStatusLogInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "slug", "kind", "zone", "address", "status", "available_from"]}),
        (
            _("Land"),
            {
                "fields": [
                    "area_mu",
                    "land_use",
                    "plot_ratio",
                    "height_limit_m",
                    "offers_transfer",
                    "land_price_disclosed",
                    "land_price",
                ],
                "description": _("For land parcels; a renewal site may give its land area in mu."),
            },
        ),
        (
            _("Building"),
            {
                "fields": [
                    "floor_area_m2",
                    "area_is_lower_bound",
                    "floors",
                    "floor_numbers",
                    "clear_height_m",
                    "floor_load_kn",
                    "lifts_cranes",
                    "offers_lease",
                    "rent_disclosed",
                    "rent",
                    "offers_sale",
                    "sale_price_disclosed",
                    "sale_price",
                ],
                "description": _("For factories, offices, incubators and renewal space; never for land parcels."),
            },
        ),
        (
            _("Fit and conditions"),
            {"fields": ["power_kva", "target_industries", "operator"]},
        ),
        (
            _("Entry bar (亩均论英雄)"),
            {
                "fields": [
                    "min_investment_intensity",
                    "min_tax_per_mu",
                    "min_value_added_per_mu",
                    "bar_years",
                ],
                "description": _(
                    "What a firm moving in must reach per mu of land; the space's page says it in plain words, "
                    "and matching holds an investor's projections against it over the land area in mu."
                ),
            },
        ),
        (_("Description"), {"fields": ["summary", "floor_plan", "internal_notes", "officer"]}),
        (_("Map position"), {"fields": ["latitude", "longitude"], "classes": ["collapse"]}),
        (_("Publication"), {"fields": ["is_published", "last_verified_on", "area_m2", "created_at", "updated_at"]}),
        (
            _("English"),
            {
                "fields": ["name_en", "address_en", "lifts_cranes_en", "operator_en", "summary_en"],
                "classes": ["collapse"],
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "zone" and field is not None:
            field.queryset = field.queryset.order_by("order", "id")
            field.label_from_instance = lambda zone: zone.name_i18n  # 南创 / South: Innovation
        return field

    @admin.display(description=_("area"), ordering="area_m2")
    def area_display(self, obj):
        if obj.area_m2 is None:
            return _("undisclosed")
        return f"{obj.area_m2:,.0f} m²"

    def save_model(self, request, obj, form, change):
        # From the database, not form.initial: a revert's form starts from the old version's status.
        previous = Space.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
        space_save(space=obj, user=request.user, previous_status=previous)

    @admin.action(description=_("Mark selected spaces as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        mark_verified_today(self, request, queryset)
