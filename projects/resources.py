"""Spreadsheet rows ↔ projects. Keyed by the project code; zone and industry by slug (or name)."""

from import_export import fields

from core.dates import DatePrecision
from enterprises.models import Enterprise
from industries.models import Industry
from projects.models import Project
from projects.services import project_save
from staff.imports import (
    AmountWidget,
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    LookupWidget,
    StrictModelResource,
)
from zones.models import Zone


class PrecisionWidget(ChoiceWidget):
    """A date's precision (day, month, year; 日/月/年 by label); an empty cell means a full date."""

    def __init__(self, **kwargs):
        super().__init__(DatePrecision.choices, **kwargs)

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or DatePrecision.DAY


class ProjectResource(StrictModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=LookupWidget(Zone, "slug", also=("name",)))
    industry = fields.Field(
        attribute="industry", column_name="industry", widget=LookupWidget(Industry, "slug", also=("name",))
    )
    investor_enterprise = fields.Field(
        attribute="investor_enterprise",
        column_name="investor_enterprise",
        widget=LookupWidget(Enterprise, "slug"),
    )
    investment = fields.Field(attribute="investment", column_name="investment", widget=AmountWidget())
    land_mu = fields.Field(attribute="land_mu", column_name="land_mu", widget=AmountWidget())
    floor_area_m2 = fields.Field(attribute="floor_area_m2", column_name="floor_area_m2", widget=AmountWidget())
    investment_disclosed = fields.Field(
        attribute="investment_disclosed", column_name="investment_disclosed", widget=BooleanWidget()
    )
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=BooleanWidget())
    stage = fields.Field(attribute="stage", column_name="stage", widget=ChoiceWidget(Project.Stage.choices))
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(Project.Status.choices))
    signed_on = fields.Field(attribute="signed_on", column_name="signed_on", widget=DateWidget())
    started_on = fields.Field(attribute="started_on", column_name="started_on", widget=DateWidget())
    production_on = fields.Field(attribute="production_on", column_name="production_on", widget=DateWidget())
    status_changed_on = fields.Field(
        attribute="status_changed_on", column_name="status_changed_on", widget=DateWidget()
    )
    last_verified_on = fields.Field(attribute="last_verified_on", column_name="last_verified_on", widget=DateWidget())
    signed_on_precision = fields.Field(
        attribute="signed_on_precision", column_name="signed_on_precision", widget=PrecisionWidget()
    )
    started_on_precision = fields.Field(
        attribute="started_on_precision", column_name="started_on_precision", widget=PrecisionWidget()
    )
    production_on_precision = fields.Field(
        attribute="production_on_precision", column_name="production_on_precision", widget=PrecisionWidget()
    )

    required_columns = ("code", "name", "slug", "investor", "industry", "zone")

    export_select_related = ("zone", "industry", "investor_enterprise")

    class Meta:
        model = Project
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "name_en",
            "slug",
            "investor",
            "investor_en",
            "investor_enterprise",
            "industry",
            "zone",
            "investment_disclosed",
            "investment",
            "land_mu",
            "floor_area_m2",
            "signed_on",
            "signed_on_precision",
            "stage",
            "started_on",
            "started_on_precision",
            "production_on",
            "production_on_precision",
            "status",
            "status_reason",
            "status_changed_on",
            "summary",
            "summary_en",
            "internal_notes",
            "is_published",
            "last_verified_on",
        ]
        export_order = fields

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stage_before_import = None if new else instance.stage

    def save_with_service(self, instance, is_create):
        # The service refreshes the search text and logs a stage change, as the admin does.
        project_save(
            project=instance,
            user=getattr(instance, "_history_user", None),
            previous_stage=instance._stage_before_import,
            note=str(getattr(instance, "_change_reason", "")),
        )
