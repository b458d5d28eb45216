"""Spreadsheet rows → news items. Keyed by the slug; imported items are drafts written by the importer.

Events are entered in the admin (their times, place and registration window do not fit a sheet
well), so the column cell takes news, notices and interpretations only. An import never
publishes: each new row is a draft that the importer submits and a reviewer publishes, as in the
admin; a row that changes an item already on the site changes it through the same service.
"""

from import_export import fields

from core.spreadsheets.cells import BooleanWidget, ChoiceWidget, DateWidget
from core.spreadsheets.resources import StrictModelResource
from news.models import Kind, NewsItem
from news.services import news_save

IMPORTED_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.EVENT]


class NewsItemResource(StrictModelResource):
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(IMPORTED_KINDS))
    source_date = fields.Field(attribute="source_date", column_name="source_date", widget=DateWidget())
    pinned = fields.Field(attribute="pinned", column_name="pinned", widget=BooleanWidget())

    required_columns = ("slug", "kind", "title", "summary")

    class Meta:
        model = NewsItem
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "body",
            "body_en",
            "source_publisher",
            "source_publisher_en",
            "source_author",
            "source_date",
            "source_url",
            "pinned",
        ]
        export_order = fields

    def save_with_service(self, instance, is_create):
        news_save(item=instance, user=getattr(instance, "_history_user", None))
