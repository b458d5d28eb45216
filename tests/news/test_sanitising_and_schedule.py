"""Bodies are sanitised by the write service (scripts and raw HTML removed, not escaped into view;
javascript: links dropped), and scheduled items appear on the cached /news/ page once published."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Status
from news.services import news_publish_due, news_publish_unattended
from tests.news.builders import news_item

pytestmark = pytest.mark.django_db
D = datetime.timedelta

HOSTILE = """# 标题

<script>alert("x")</script>

正文<img src=x onerror=alert(1)>结束 <b>粗</b>

<iframe src="https://evil.example/"></iframe>

[点我](javascript:alert(1)) 和 [正常链接](https://example.com/ok)

<div onclick="steal()">块级 HTML</div>
"""


def test_script_raw_html_and_javascript_links_are_removed_not_shown(client):
    item = news_item(body=HOSTILE, body_en="<script>alert(2)</script>\n\nEnglish **body**")
    html = item.body_html
    for gone in ("<script", 'alert("x")', "<img", "onerror", "<iframe", "evil.example", "onclick", "<div", "steal"):
        assert gone not in html, gone
    # markdown-it refuses the javascript: link: no link is made (its Markdown stays as plain text).
    assert 'href="javascript' not in html and "<a href" not in html.split("正常链接")[0].rsplit("和", 1)[0]
    for shown_as_text in ("&lt;script", "&lt;img", "&lt;iframe", "&lt;div", "&lt;b&gt;"):
        assert shown_as_text not in html, shown_as_text
    assert "<h2>标题</h2>" in html
    assert '<a href="https://example.com/ok" rel="noopener noreferrer">正常链接</a>' in html
    page = client.get(f"/news/{item.slug}/").content.decode()
    assert 'alert("x")' not in page and "evil.example" not in page and "&lt;script" not in page
    english = client.get(f"/en/news/{item.slug}/").content.decode()
    assert "<strong>body</strong>" in english and "alert(2)" not in english


def test_only_the_body_is_marked_safe_the_title_and_summary_are_escaped(client):
    item = news_item(title="<em>标题</em>", summary="<b>摘要</b>")
    page = client.get(f"/news/{item.slug}/").content.decode()
    assert "&lt;em&gt;标题&lt;/em&gt;" in page and "<em>标题</em>" not in page
    assert "&lt;b&gt;摘要&lt;/b&gt;" in page


def test_a_scheduled_item_appears_on_the_cached_list_once_the_job_publishes_it(client):
    news_item(title="已经发布的")
    later = timezone.now() + D(hours=3)
    scheduled = news_item(title="三小时后发布", at=later)
    assert scheduled.status == Status.SCHEDULED
    first = client.get("/news/").content.decode()
    assert "已经发布的" in first and "三小时后发布" not in first
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/news/").content.decode()
    assert len(queries) == 0, "the second visit is served from the page cache"
    assert "三小时后发布" not in cached
    assert news_publish_due(now=later - D(minutes=1)) == 0
    assert news_publish_due(now=later + D(minutes=1)) == 1
    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED
    assert "三小时后发布" in client.get("/news/").content.decode()
    assert client.get(f"/news/{scheduled.slug}/").status_code == 200


def test_a_publish_time_in_the_past_publishes_at_once(client):
    item = news_item(title="昨天的时间", publish=False)
    news_publish_unattended(item=item, at=timezone.now() - D(days=1))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert "昨天的时间" in client.get("/news/").content.decode()
