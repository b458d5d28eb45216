"""Report-card indicators as a spreadsheet (export only: figures are entered one by one, with their source)."""

from import_export import fields, resources

from portal.models import Indicator
from staff.imports import AmountWidget, BooleanWidget


class IndicatorResource(resources.ModelResource):
    value = fields.Field(attribute="value", column_name="value", widget=AmountWidget())
    is_lower_bound = fields.Field(attribute="is_lower_bound", column_name="is_lower_bound", widget=BooleanWidget())
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=BooleanWidget())

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
