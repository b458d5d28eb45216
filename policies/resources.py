"""Spreadsheet rows ↔ policies. Keyed by the slug; themes and industries as slugs separated by "|"."""

from import_export import fields, widgets

from core.spreadsheets.cells import BooleanWidget, ChoiceWidget, DateWidget
from core.spreadsheets.resources import StrictModelResource
from industries.models import Industry
from policies.models import Policy, Theme
from policies.services import policy_save


class PolicyResource(StrictModelResource):
    level = fields.Field(attribute="level", column_name="level", widget=ChoiceWidget(Policy.Level.choices))
    published_on = fields.Field(attribute="published_on", column_name="published_on", widget=DateWidget())
    in_force_from = fields.Field(attribute="in_force_from", column_name="in_force_from", widget=DateWidget())
    in_force_until = fields.Field(attribute="in_force_until", column_name="in_force_until", widget=DateWidget())
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=widgets.ManyToManyWidget(Theme, separator="|", field="slug")
    )
    industries = fields.Field(
        attribute="industries",
        column_name="industries",
        widget=widgets.ManyToManyWidget(Industry, separator="|", field="slug"),
    )
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=BooleanWidget())
    last_verified_on = fields.Field(attribute="last_verified_on", column_name="last_verified_on", widget=DateWidget())

    required_columns = ("slug", "title", "issuer", "level")

    class Meta:
        model = Policy
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "title_en",
            "document_number",
            "issuer",
            "issuer_en",
            "level",
            "published_on",
            "in_force_from",
            "in_force_until",
            "themes",
            "industries",
            "summary",
            "summary_en",
            "source_url",
            "is_published",
            "last_verified_on",
        ]
        export_order = fields

    def get_export_queryset(self, request=None):
        return super().get_export_queryset(request).prefetch_related("themes", "industries")

    def save_with_service(self, instance, is_create):
        policy_save(policy=instance)
