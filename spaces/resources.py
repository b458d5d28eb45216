"""Spreadsheet rows ↔ spaces. Keyed by the space code; zone by slug (or name); industries by slugs."""

from import_export import fields, widgets

from core.spreadsheets.cells import AmountWidget, BooleanWidget, ChoiceWidget, DateWidget, IntegerWidget, LookupWidget
from core.spreadsheets.resources import StrictModelResource
from industries.models import Industry
from spaces.models import Space
from spaces.services import space_save
from zones.models import Zone

AMOUNTS = [
    "area_mu",
    "plot_ratio",
    "height_limit_m",
    "land_price",
    "floor_area_m2",
    "clear_height_m",
    "floor_load_kn",
    "rent",
    "sale_price",
    "power_kva",
    "min_investment_intensity",
    "min_tax_per_mu",
    "min_value_added_per_mu",
    "latitude",
    "longitude",
]
FLAGS = [
    "land_price_disclosed",
    "offers_transfer",
    "area_is_lower_bound",
    "rent_disclosed",
    "sale_price_disclosed",
    "offers_lease",
    "offers_sale",
    "is_published",
]


class SpaceResource(StrictModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=LookupWidget(Zone, "slug", also=("name",)))
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Space.Kind.choices))
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(Space.Status.choices))
    land_use = fields.Field(attribute="land_use", column_name="land_use", widget=ChoiceWidget(Space.LandUse.choices))
    floors = fields.Field(attribute="floors", column_name="floors", widget=IntegerWidget())
    bar_years = fields.Field(attribute="bar_years", column_name="bar_years", widget=IntegerWidget())
    available_from = fields.Field(attribute="available_from", column_name="available_from", widget=DateWidget())
    last_verified_on = fields.Field(attribute="last_verified_on", column_name="last_verified_on", widget=DateWidget())
    target_industries = fields.Field(
        attribute="target_industries",
        column_name="target_industries",
        widget=widgets.ManyToManyWidget(Industry, field="slug", separator=","),
    )
    locals().update(
        {name: fields.Field(attribute=name, column_name=name, widget=AmountWidget()) for name in AMOUNTS}
        | {name: fields.Field(attribute=name, column_name=name, widget=BooleanWidget()) for name in FLAGS}
    )

    required_columns = ("code", "name", "slug", "kind", "zone")
    export_select_related = ("zone",)

    class Meta:
        model = Space
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "name_en",
            "slug",
            "kind",
            "zone",
            "address",
            "address_en",
            "status",
            "available_from",
            "area_mu",
            "land_use",
            "plot_ratio",
            "height_limit_m",
            "land_price_disclosed",
            "land_price",
            "offers_transfer",
            "floor_area_m2",
            "area_is_lower_bound",
            "floors",
            "floor_numbers",
            "clear_height_m",
            "floor_load_kn",
            "lifts_cranes",
            "lifts_cranes_en",
            "rent_disclosed",
            "rent",
            "sale_price_disclosed",
            "sale_price",
            "offers_lease",
            "offers_sale",
            "power_kva",
            "target_industries",
            "min_investment_intensity",
            "min_tax_per_mu",
            "min_value_added_per_mu",
            "bar_years",
            "operator",
            "operator_en",
            "summary",
            "summary_en",
            "internal_notes",
            "latitude",
            "longitude",
            "is_published",
            "last_verified_on",
        ]
        export_order = fields

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.prefetch_related("target_industries")
        return super().export(queryset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._status_before_import = None if new else instance.status

    def save_with_service(self, instance, is_create):
        # The service refreshes the area and search text and logs a status change, as the admin does.
        space_save(
            space=instance,
            user=getattr(instance, "_history_user", None),
            previous_status=instance._status_before_import,
            note=str(getattr(instance, "_change_reason", "")),
        )
