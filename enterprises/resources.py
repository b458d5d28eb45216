"""Spreadsheet rows ↔ enterprises. Keyed by the slug; zone and industry by any name, grid by number or name."""

from import_export import fields

from core.spreadsheets.cells import BooleanWidget, ChoiceWidget, DateWidget, IntegerWidget, LookupWidget
from core.spreadsheets.resources import StrictModelResource
from enterprises.models import Enterprise
from enterprises.services import enterprises_save_many
from industries.models import Industry
from zones.models import ServiceGrid, Zone


class EnterpriseResource(StrictModelResource):
    zone = fields.Field(attribute="zone", widget=LookupWidget(Zone, "slug", also=Zone.SPREADSHEET_NAMES))
    grid = fields.Field(attribute="grid", widget=LookupWidget(ServiceGrid, "number", also=("name",)))
    industry = fields.Field(
        attribute="industry", widget=LookupWidget(Industry, "slug", also=Industry.SPREADSHEET_NAMES)
    )
    founded_year = fields.Field(attribute="founded_year", widget=IntegerWidget())
    listing_status = fields.Field(attribute="listing_status", widget=ChoiceWidget(Enterprise.ListingStatus.choices))
    exchange = fields.Field(attribute="exchange", widget=ChoiceWidget(Enterprise.Exchange.choices))
    listed_on = fields.Field(attribute="listed_on", widget=DateWidget())
    is_published = fields.Field(attribute="is_published", widget=BooleanWidget())
    last_verified_on = fields.Field(attribute="last_verified_on", widget=DateWidget())

    required_columns = ("slug", "name", "zone", "industry")
    export_select_related = ("zone", "grid", "industry")
    example = {
        "slug": "example-enterprise",
        "name": "示例：某某科技有限公司（请删除本行）",
        "short_name": "某某科技",
        "zone": "北部",
        "industry": "新材料",
        "founded_year": "2015",
        "listing_status": "未上市",
        "is_published": "否",
    }

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

    def save_many(self, rows):
        enterprises = [instance for instance, _is_new in rows]
        enterprises_save_many(
            enterprises=enterprises,
            note=str(getattr(enterprises[0], "_change_reason", "")),
            validate=False,  # every row was validated by the resource just before
        )
