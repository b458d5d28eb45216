"""News duties on the staff dashboard (issue 27): days since the home page and each column last had
something new — a warning at NEWS_WARNING_DAYS, an alarm at NEWS_ALARM_DAYS, an empty column said
so — and the items waiting for review; each to the roles it concerns."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import NewsItem
from news.services import news_save, news_submit
from portal.dashboard import ALARM, EMPTY, FRESH, WARNING, news_freshness
from staff import roles
from tests.portal.news_builders import news_item
from tests.portal.test_dashboard import login_as
from tests.staff.test_roles import groups  # noqa: F401  (recreates the role groups if needed)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.news_stub_urls")]

DAY = datetime.timedelta(days=1)


def column(freshness, kind):
    return next(row for row in freshness["columns"] if row["kind"] == kind)


@pytest.mark.parametrize(
    ("days", "level"), [(0, FRESH), (9, FRESH), (10, WARNING), (13, WARNING), (14, ALARM), (40, ALARM)]
)
def test_a_columns_level_follows_the_days_since_its_newest_item(days, level):
    now = timezone.now()
    news_item(kind=NewsItem.Kind.NOTICE, at=now - days * DAY)
    news_item(kind=NewsItem.Kind.NOTICE, at=now - (days + 20) * DAY)  # an older one does not count
    notices = column(news_freshness(now), NewsItem.Kind.NOTICE)
    assert (notices["days"], notices["level"]) == (days, level)


def test_the_home_page_counts_from_the_newest_item_of_any_column_and_an_empty_column_says_so():
    now = timezone.now()
    news_item(kind=NewsItem.Kind.NEWS, at=now - 15 * DAY)
    news_item(kind=NewsItem.Kind.NOTICE, at=now - 3 * DAY)
    news_item(kind=NewsItem.Kind.INTERPRETATION, publish=False)  # a draft is not something new
    news_item(kind=NewsItem.Kind.EVENT, at=now - 1 * DAY, is_demo=True, starts_at=now + 3 * DAY, attendance="online")
    fresh = news_freshness(now)
    assert (fresh["home"]["days"], fresh["home"]["level"]) == (3, FRESH)
    assert column(fresh, NewsItem.Kind.NEWS)["level"] == ALARM
    # Nothing real published: samples are left out as from the other figures.
    for kind in (NewsItem.Kind.INTERPRETATION, NewsItem.Kind.EVENT):
        row = column(fresh, kind)
        assert (row["last"], row["days"], row["level"]) == (None, None, EMPTY)


def test_nothing_published_at_all_is_empty_everywhere():
    fresh = news_freshness()
    assert fresh["home"]["level"] == EMPTY and {row["level"] for row in fresh["columns"]} == {EMPTY}


def test_the_thresholds_are_settings(settings):
    settings.NEWS_WARNING_DAYS, settings.NEWS_ALARM_DAYS = 3, 5
    news_item(at=timezone.now() - 4 * DAY)
    assert column(news_freshness(), NewsItem.Kind.NEWS)["level"] == WARNING


def test_the_editor_reads_the_states_in_words_not_colour_alone(client):
    now = timezone.now()
    news_item(kind=NewsItem.Kind.NEWS, at=now - 14 * DAY)
    news_item(kind=NewsItem.Kind.NOTICE, at=now - 10 * DAY)
    news_item(kind=NewsItem.Kind.INTERPRETATION, at=now - 2 * DAY)
    login_as(client, roles.CONTENT_EDITOR)
    response = client.get(reverse("admin:index"))
    body = response.content.decode()
    assert 'id="dashboard-freshness"' in body
    assert "告警：</strong> 已有 14 天没有新内容" in body
    assert "提示：</strong> 已有 10 天没有新内容" in body
    assert "尚未发布任何内容：首页不显示该栏目" in body  # events
    assert "更新正常" in body and "首页（任一栏目）" in body
    assert 'id="dashboard-news-review"' not in body  # the queue is the reviewer's


def test_the_english_dashboard_says_the_same(client):
    news_item(at=timezone.now() - 10 * DAY)
    login_as(client, roles.ADMINISTRATOR)
    body = client.get("/en/admin/").content.decode()
    assert "Warning:</strong> nothing new for 10 days" in body and "Home page (any column)" in body
    assert "Nothing published yet: the home page does not show this column" in body


def test_the_reviewer_sees_the_freshness_and_the_items_waiting_for_review(client):
    editor = login_as(client, roles.CONTENT_EDITOR)
    for title in ("稿件一", "稿件二"):
        news_submit(item=news_save(item=NewsItem(title=title, summary="摘要"), user=editor), user=editor)
    news_save(item=NewsItem(title="草稿", summary="摘要"), user=editor)  # not submitted
    reviewer = login_as(client, roles.REVIEWER)
    own = news_save(item=NewsItem(title="审核人自己写的", summary="摘要"), user=reviewer)
    news_submit(item=own, user=reviewer)
    response = client.get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    assert (dashboard.news_review["others"], dashboard.news_review["own"]) == (2, 1)
    assert dashboard.freshness is not None
    body = response.content.decode()
    assert 'id="dashboard-news-review"' in body and "他人提交，待您审核发布" in body
    # A reviewer sees none of the editors' or officers' blocks.
    assert dashboard.stale == [] and dashboard.inquiries is None and dashboard.projects_by_stage == []


@pytest.mark.parametrize(
    ("role", "freshness", "review"),
    [
        (roles.CONTENT_EDITOR, True, False),
        (roles.REVIEWER, True, True),
        (roles.ADMINISTRATOR, True, True),
        (roles.INVESTMENT_OFFICER, False, False),
        (roles.GRID_OFFICER, False, False),
        (roles.SERVICE_DESK, False, False),
    ],
)
def test_the_news_blocks_per_role(client, role, freshness, review):
    news_item()
    login_as(client, role)
    response = client.get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    body = response.content.decode()
    assert (dashboard.freshness is not None, 'id="dashboard-freshness"' in body) == (freshness, freshness)
    assert (dashboard.news_review is not None, 'id="dashboard-news-review"' in body) == (review, review)


@pytest.mark.parametrize("rows", [2, 12])
def test_the_news_blocks_cost_the_same_queries_at_any_size(client, rows):
    now = timezone.now()
    for i in range(rows):
        news_item(kind=NewsItem.Kind.values[i % 2], at=now - i * DAY)
    login_as(client, roles.REVIEWER)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:index"))
    news_queries = [q["sql"] for q in queries.captured_queries if '"news_newsitem"' in q["sql"]]
    assert len(news_queries) == 2  # the columns' latest publish times; the review queue
