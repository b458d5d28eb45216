"""Report-card indicators as a spreadsheet (export only: figures are entered one by one, with their source)."""

from import_export import fields

from core.spreadsheets.cells import AmountWidget, BooleanWidget
from core.spreadsheets.resources import ExportResource
from portal.models import Indicator


class IndicatorResource(ExportResource):
    value = fields.Field(attribute="value", widget=AmountWidget())
    is_lower_bound = fields.Field(attribute="is_lower_bound", widget=BooleanWidget())
    is_published = fields.Field(attribute="is_published", widget=BooleanWidget())

    class Meta:
        model = Indicator
        fields = [
            "label",
            "label_en",
            "value",
            "is_lower_bound",
            "unit",
            "unit_en",
            "period",
            "period_en",
            "source",
            "source_en",
            "order",
            "is_published",
        ]
        export_order = fields
