"""Spreadsheet rows → news items. Keyed by the slug; imported items are drafts written by the importer.

Events are entered in the admin (their times, place and registration window do not fit a sheet
well), so the column cell takes news, notices and interpretations only. An import never
publishes: each new row is a draft that the importer submits and a reviewer publishes, as in the
admin; a row that changes an item already on the site changes it through the same service.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from core.spreadsheets.cells import BooleanWidget, ChoiceWidget, DateWidget
from core.spreadsheets.resources import StrictModelResource
from news.models import Kind, NewsItem, Status
from news.services import can_publish, news_save

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

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._importer = kwargs.get("user")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        live = (
            instance.pk is not None
            and instance._import_original is not None
            and instance.status
            in (
                Status.PUBLISHED,
                Status.SCHEDULED,
            )
        )
        if live:
            user = getattr(instance, "_importer", None)
            allowed = can_publish(instance, user) or (
                instance.written_by_id is None and user is not None and user.has_perm("news.publish_newsitem")
            )
            if not allowed:
                errors = dict(import_validation_errors or {})
                errors["slug"] = ValidationError(
                    _("This item is on the site: only a reviewer who did not write it may change it."), code="live"
                )
                import_validation_errors = errors
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def save_with_service(self, instance, is_create):
        news_save(item=instance, user=getattr(instance, "_history_user", None))
