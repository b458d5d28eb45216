"""News from a spreadsheet: through the write service (rendered, sanitised), as drafts, all rows or none."""

import pytest
import tablib

from news.models import NewsItem
from news.resources import NewsItemResource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADERS = ["slug", "kind", "title", "summary", "body", "source_date"]


def run(rows, user=None):
    return NewsItemResource().import_data(
        tablib.Dataset(*rows, headers=HEADERS),
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )


def test_imported_rows_are_drafts_of_the_importer_with_their_bodies_sanitised():
    editor = UserFactory(username="importer", is_staff=True)
    result = run(
        [
            [
                "land-auction",
                "notice",
                "土地出让公告",
                "一宗工业用地挂牌。",
                "**挂牌**<script>x()</script>",
                "2026-11-02",
            ],
            ["fair", "news", "招商推介会", "推介会举行。", "", ""],
        ],
        user=editor,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    notice = NewsItem.objects.get(slug="land-auction")
    assert (notice.kind, notice.status, notice.written_by) == ("notice", "draft", editor)
    assert notice.body_html == "<p><strong>挂牌</strong></p>"
    assert NewsItem.objects.public().count() == 0  # an import never publishes


def test_one_bad_row_refuses_the_whole_sheet():
    result = run(
        [
            ["ok-row", "news", "好的一行", "摘要。", "", ""],
            ["event-row", "event", "活动", "摘要。", "", ""],  # events are entered in the admin
            ["bad-date", "news", "坏日期", "摘要。", "", "明天"],
        ]
    )
    assert result.has_errors() or result.has_validation_errors()
    assert not NewsItem.objects.exists()


def test_a_sheet_cannot_change_a_published_item_without_review():
    from news.services import news_publish_unattended, news_save

    item = news_save(item=NewsItem(slug="live", kind="news", title="已发布", summary="摘要。"))
    news_publish_unattended(item=item)
    editor = UserFactory(username="sheet-editor", is_staff=True)
    result = run([["live", "news", "改过的标题", "摘要。", "", ""]], user=editor)
    assert result.has_validation_errors()
    item.refresh_from_db()
    assert item.title == "已发布"
