"""Spreadsheet rows ↔ enterprises. Keyed by the slug; zone and industry by slug, grid by number."""

from import_export import fields

from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from industries.models import Industry
from staff.imports import BooleanWidget, ChoiceWidget, DateWidget, IntegerWidget, LookupWidget, StrictModelResource
from zones.models import ServiceGrid, Zone


class EnterpriseResource(StrictModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=LookupWidget(Zone, "slug", also=("name",)))
    grid = fields.Field(
        attribute="grid", column_name="grid", widget=LookupWidget(ServiceGrid, "number", also=("name",))
    )
    industry = fields.Field(
        attribute="industry", column_name="industry", widget=LookupWidget(Industry, "slug", also=("name",))
    )
    founded_year = fields.Field(attribute="founded_year", column_name="founded_year", widget=IntegerWidget())
    listing_status = fields.Field(
        attribute="listing_status",
        column_name="listing_status",
        widget=ChoiceWidget(Enterprise.ListingStatus.choices),
    )
    exchange = fields.Field(
        attribute="exchange", column_name="exchange", widget=ChoiceWidget(Enterprise.Exchange.choices)
    )
    listed_on = fields.Field(attribute="listed_on", column_name="listed_on", widget=DateWidget())
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=BooleanWidget())
    last_verified_on = fields.Field(attribute="last_verified_on", column_name="last_verified_on", widget=DateWidget())

    required_columns = ("slug", "name", "zone", "industry")

    export_select_related = ("zone", "grid", "industry")

    class Meta:
        model = Enterprise
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "name_en",
            "short_name",
            "zone",
            "grid",
            "industry",
            "founded_year",
            "listing_status",
            "exchange",
            "listed_on",
            "website",
            "summary",
            "summary_en",
            "is_published",
            "last_verified_on",
        ]
        export_order = fields

    def save_with_service(self, instance, is_create):
        enterprise_save(enterprise=instance)
