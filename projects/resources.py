"""Spreadsheet rows ↔ projects. Keyed by the project code; zone and industry by any of their names or slug."""

from django.utils.translation import gettext
from import_export import fields

from core.dates import DatePrecision
from core.spreadsheets.cells import AmountWidget, BooleanWidget, ChoiceWidget, DateWidget, LookupWidget
from core.spreadsheets.resources import StrictModelResource
from industries.models import Industry
from projects.models import Project
from projects.services import projects_save_many
from zones.models import Zone


class PrecisionWidget(ChoiceWidget):
    """A date's precision (day, month, year; 日/月/年 by label); an empty cell means a full date."""

    def __init__(self, **kwargs):
        super().__init__(DatePrecision.choices, **kwargs)

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or DatePrecision.DAY


class ProjectResource(StrictModelResource):
    zone = fields.Field(attribute="zone", widget=LookupWidget(Zone, "slug", also=Zone.SPREADSHEET_NAMES))
    industry = fields.Field(
        attribute="industry", widget=LookupWidget(Industry, "slug", also=Industry.SPREADSHEET_NAMES)
    )
    investor_enterprise = fields.Field(
        attribute="investor_enterprise",
        # The enterprise model through the foreign key: projects never import the enterprises app.
        widget=LookupWidget(
            Project._meta.get_field("investor_enterprise").related_model, "slug", also=("name", "short_name")
        ),
    )
    investment = fields.Field(attribute="investment", widget=AmountWidget())
    land_mu = fields.Field(attribute="land_mu", widget=AmountWidget())
    floor_area_m2 = fields.Field(attribute="floor_area_m2", widget=AmountWidget())
    investment_disclosed = fields.Field(attribute="investment_disclosed", widget=BooleanWidget())
    is_published = fields.Field(attribute="is_published", widget=BooleanWidget())
    stage = fields.Field(attribute="stage", widget=ChoiceWidget(Project.Stage.choices))
    status = fields.Field(attribute="status", widget=ChoiceWidget(Project.Status.choices))
    signed_on = fields.Field(attribute="signed_on", widget=DateWidget())
    started_on = fields.Field(attribute="started_on", widget=DateWidget())
    production_on = fields.Field(attribute="production_on", widget=DateWidget())
    status_changed_on = fields.Field(attribute="status_changed_on", widget=DateWidget())
    last_verified_on = fields.Field(attribute="last_verified_on", widget=DateWidget())
    signed_on_precision = fields.Field(attribute="signed_on_precision", widget=PrecisionWidget())
    started_on_precision = fields.Field(attribute="started_on_precision", widget=PrecisionWidget())
    production_on_precision = fields.Field(attribute="production_on_precision", widget=PrecisionWidget())

    required_columns = ("code", "name", "investor", "industry", "zone")
    generated_slug = "slug"
    export_select_related = ("zone", "industry", "investor_enterprise")
    example = {
        "code": "QK-2025-001",
        "name": "示例：智能装备产业园（请删除本行）",
        "investor": "某装备集团有限公司",
        "industry": "智能制造（一智）",
        "zone": "北部",
        "investment_disclosed": "是",
        "investment": "12.5",
        "signed_on": "2025-06-01",
        "stage": "签约",
        "status": "正常",
        "is_published": "否",
    }

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

    def reword(self, attribute, message):
        # The model's message asks to untick a box of the admin's form; a sheet has a column instead.
        if attribute == "investment" and message == gettext("Enter the amount, or untick “investment disclosed”."):
            return gettext(
                "Write the amount in the column “%(amount)s”, or write 否 (no) in the column “%(disclosed)s” "
                "when the amount has not been made public."
            ) % {
                "amount": self.fields["investment"].column_name,
                "disclosed": self.fields["investment_disclosed"].column_name,
            }
        return message

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stage_before_import = None if new else instance.stage

    def save_many(self, rows):
        # One call to the bulk service: search text, history and stage log as in the admin.
        projects = [instance for instance, _is_new in rows]
        projects_save_many(
            projects=projects,
            previous_stages={p.code: p._stage_before_import for p in projects if p._stage_before_import},
            note=str(getattr(projects[0], "_change_reason", "")),
            validate=False,  # every row was validated by the resource just before
        )
