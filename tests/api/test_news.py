"""/api/v1/news/ and /api/v1/events/, /data/news.* and /data/events.*: published items only, the
lists' own filters and order, public fields only."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from api.news import EventListFilter
from news.filters import NewsFilter
from news.models import NewsItem
from news.services import news_publish, news_save, news_submit, news_withdraw
from tests.factories import UserFactory
from tests.news_items import event, news_item

pytestmark = pytest.mark.django_db

ZONE = timezone.get_default_timezone()
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def at(year, month=6, day=1):
    return datetime.datetime(year, month, day, 9, tzinfo=ZONE)


@pytest.fixture
def items(db):
    """Published items of every column over three years, one pinned, and the states never published."""
    news_item(slug="n-2024", title="园区新闻旧", title_en="Old zone news", published_at=at(2024))
    news_item(slug="n-2025", title="园区新闻", title_en="Zone news", published_at=at(2025))
    news_item(
        slug="pinned", kind="notice", title="置顶通知", title_en="Pinned notice", published_at=at(2023), pinned=True
    )
    news_item(slug="notice", kind="notice", title="招商通知", title_en="Investment notice", published_at=at(2025, 3))
    news_item(
        slug="reading", kind="interpretation", title="政策解读", title_en="A policy explained", published_at=at(2025, 8)
    )
    event(slug="fair", title="招商推介会", title_en="Investment fair", starts_at=NOW + 10 * DAY, published_at=NOW - DAY)
    event(slug="forum", title="产业论坛", starts_at=NOW + 3 * DAY, published_at=NOW - 2 * DAY)
    event(slug="old-fair", title="往届推介会", starts_at=NOW - 30 * DAY, published_at=NOW - 40 * DAY)
    event(slug="older-fair", title="更早的推介会", starts_at=NOW - 60 * DAY, published_at=NOW - 70 * DAY)
    # Never in the open data:
    news_item(slug="draft", title="园区草稿", publish=False)
    news_item(slug="later", title="园区预告", published_at=NOW + DAY)
    event(slug="draft-event", title="未发布活动", publish=False)
    withdrawn = news_item(slug="withdrawn", title="撤回的园区新闻")
    news_withdraw(item=withdrawn, user=None)


HIDDEN = {"draft", "later", "draft-event", "withdrawn"}


def api_slugs(client, path, query=""):
    slugs, url = [], f"{path}?{query}&page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        slugs += [row["slug"] for row in body["results"]]
        url = body["next"]
    return slugs


def filter_slugs(filterset_class, queryset, query: str) -> list[str]:
    """What the HTML list's own FilterSet gives for the query, in its order."""
    from django.http import QueryDict

    filterset = filterset_class(data=QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.form.errors
    return list(filterset.qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query",
    ["", "kind=notice", "kind=event", "kind=interpretation", "year=2025", "year=2025&kind=news", "q=园区", "q=zone"],
)
def test_news_api_lists_what_the_news_filter_lists(client, items, query):
    api = api_slugs(client, "/api/v1/news/", query)
    assert api == filter_slugs(NewsFilter, NewsItem.objects.public(), query)
    assert not set(api) & HIDDEN


def test_news_api_order_is_pinned_then_newest_and_filters_narrow(client, items):
    assert api_slugs(client, "/api/v1/news/")[:3] == ["pinned", "fair", "forum"]
    assert api_slugs(client, "/api/v1/news/", "kind=notice") == ["pinned", "notice"]
    assert api_slugs(client, "/api/v1/news/", "year=2025") == ["reading", "n-2025", "notice"]
    assert api_slugs(client, "/api/v1/news/", "q=园区") == ["n-2025", "n-2024"]
    assert api_slugs(client, "/api/v1/news/", "year=2019") == []


@pytest.mark.parametrize("query", ["", "when=upcoming", "when=past", "q=推介会", "q=推介会&when=past"])
def test_events_api_lists_upcoming_soonest_first_then_past_latest_first(client, items, query):
    api = api_slugs(client, "/api/v1/events/", query)
    assert api == filter_slugs(EventListFilter, NewsItem.objects.public().events(), query)
    expected = {
        "": ["forum", "fair", "old-fair", "older-fair"],
        "when=upcoming": ["forum", "fair"],
        "when=past": ["old-fair", "older-fair"],
        "q=推介会": ["fair", "old-fair", "older-fair"],
        "q=推介会&when=past": ["old-fair", "older-fair"],
    }
    assert api == expected[query]


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/v1/news/?kind=galactic&year=abc", {"kind", "year"}),
        ("/api/v1/news/?year=1800", {"year"}),
        ("/api/v1/events/?when=tomorrow", {"when"}),
        ("/api/v1/news/?q=" + "x" * 201, {"q"}),
    ],
)
def test_bad_filter_values_are_400_naming_each_parameter(client, items, url, fields):
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_detail_by_slug_and_never_an_unpublished_item(client, items):
    row = client.get("/api/v1/news/notice/").json()
    assert row["title"] == "招商通知" and row["kind"] == "notice"
    assert row["kind_name_en"] == "Notices"
    assert row["url"] == "http://testserver/news/notice/"
    assert client.get("/api/v1/events/fair/").json()["url"] == "http://testserver/events/fair/"
    assert client.get("/api/v1/events/notice/").status_code == 404  # not an event
    for slug in HIDDEN:
        assert client.get(f"/api/v1/news/{slug}/").status_code == 404, slug
    assert client.get("/api/v1/events/draft-event/").status_code == 404
    # Scheduled: public once the job has published it.
    from news.services import news_publish_due

    news_publish_due(NOW + 2 * DAY)
    assert client.get("/api/v1/news/later/").status_code == 200


def test_item_publishes_the_page_s_content_and_source_line(client, db, settings):
    item = news_item(
        slug="reprint",
        title="转载",
        body="## 小标题\n\n**要点** <script>alert(1)</script>",
        source_publisher="报纸报道",
        source_publisher_en="Newspaper report",
        source_author="应陶",
        source_date=datetime.date(2022, 1, 1),
        source_date_precision="year",
        source_url="https://example.com/report",
        cover=SimpleUploadedFile("cover.png", png(), content_type="image/png"),
        cover_alt="园区航拍",
    )
    row = client.get("/api/v1/news/reprint/").json()
    assert row["body_html"] == item.body_html
    assert "<strong>要点</strong>" in row["body_html"] and "script" not in row["body_html"]
    assert "body" not in row and "body_en" not in row  # the editor's Markdown is theirs
    assert (row["source_publisher"], row["source_author"], row["source_date"]) == ("报纸报道", "应陶", "2022")
    assert row["source_date_precision"] == "year"
    assert row["cover"].startswith("http://testserver/") and row["cover"].endswith(".png")
    assert row["cover_alt"] == "园区航拍"
    assert row["published_at"] and row["starts_at"] is None
    assert client.get("/api/v1/news/?kind=news").json()["results"][0]["cover"] == row["cover"]


def test_an_item_without_cover_or_source_date_gives_nulls(client, db):
    news_item(slug="plain")
    row = client.get("/api/v1/news/plain/").json()
    assert row["cover"] is None and row["source_date"] is None


def test_an_event_gives_its_time_place_and_registration_window(client, db):
    starts = NOW + 10 * DAY
    event(
        slug="fair",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        attendance="hybrid",
        place="示例会场",
        place_en="Sample hall",
        online_url="https://example.com/live",
        capacity=5,
        registration_opens_at=NOW - DAY,
        registration_closes_at=starts - DAY,
    )
    row = client.get("/api/v1/events/fair/").json()
    assert row["starts_at"] == timezone.localtime(starts).isoformat()
    assert (row["attendance"], row["attendance_name_en"]) == ("hybrid", "In person and online")
    with translation.override("zh-hans"):
        assert row["attendance_name"] == str(NewsItem.Attendance.HYBRID.label)
    assert (row["place"], row["place_en"], row["online_url"], row["capacity"]) == (
        "示例会场",
        "Sample hall",
        "https://example.com/live",
        5,
    )
    assert row["registration_closes_at"] == timezone.localtime(starts - DAY).isoformat()
    assert "kind" not in row  # every row of /events/ is an event


def test_an_out_of_date_english_body_is_served_empty_with_its_html(client, db):
    item = news_item(slug="drift", body="中文正文", body_en="English body")
    item.body = "改过的中文正文"
    news_save(item=item)
    item.refresh_from_db()
    assert "body_en" in item.english_out_of_date
    row = client.get("/api/v1/news/drift/").json()
    assert row["body_html"] == "<p>改过的中文正文</p>"
    assert row["body_html_en"] == ""
    assert "body_en" in row["english_out_of_date"]


def test_no_writer_or_reviewer_in_any_answer(client, db):
    editor = UserFactory(username="editor-li", email="li.editor@example.gov.cn", first_name="李编辑")
    reviewer = UserFactory(username="reviewer-wang", email="wang.reviewer@example.gov.cn")
    reviewer.user_permissions.add(Permission.objects.get(codename="publish_newsitem"))
    item = news_save(item=NewsItem(slug="staffed", title="编辑写的新闻", summary="摘要"), user=editor)
    news_submit(item=item, user=editor)
    news_publish(item=item, user=reviewer)
    assert client.get("/api/v1/news/staffed/").status_code == 200
    bodies = client.get("/api/v1/news/").content + client.get("/api/v1/news/staffed/").content
    for url in ["/data/news.json", "/data/news.csv"]:
        bodies += b"".join(client.get(url).streaming_content)
    assert "编辑写的新闻".encode() in bodies
    for secret in [b"editor-li", b"li.editor", "李编辑".encode(), b"reviewer-wang", b"wang.reviewer"]:
        assert secret not in bodies


def _csv(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_news_download_is_the_filtered_list_without_html(client, items):
    rows = _csv(client, "/data/news.csv")
    assert [row["slug"] for row in rows] == api_slugs(client, "/api/v1/news/")
    assert "body_html" not in rows[0] and list(rows[0])[-1] == "url"
    assert rows[0]["title_en"] == "Pinned notice" and rows[0]["pinned"] == "true"
    notices = _csv(client, "/data/news.csv?kind=notice")
    assert [row["slug"] for row in notices] == ["pinned", "notice"]
    response = client.get("/data/news.json?year=2025")
    body = b"".join(response.streaming_content).decode()
    assert response["X-Total-Count"] == "3" and '"dataset": "news"' in body and "body_html" in body
    assert client.get("/data/news.csv?kind=blog").status_code == 400


def test_events_download_keeps_the_events_order_and_when(client, items):
    assert [row["slug"] for row in _csv(client, "/data/events.csv")] == ["forum", "fair", "old-fair", "older-fair"]
    assert [row["slug"] for row in _csv(client, "/data/events.csv?when=past")] == ["old-fair", "older-fair"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_catalogue_lists_news_and_events_with_full_descriptions(client, items, language):
    from api.datasets import DATASETS

    prefix = "" if language == "zh-hans" else "/en"
    page = client.get(f"{prefix}/data/").content.decode()
    for name in ("news", "events"):
        assert f'href="/data/{name}.csv"' in page and f"/api/v1/{name}/" in page
        with translation.override(language):
            description = str(DATASETS[name].description)
            title = str(DATASETS[name].title)
        assert len(description) >= 50, (name, language)
        assert description in page and title in page
        if language == "zh-hans":
            assert not description.isascii()  # translated, not the English source


def test_schema_describes_the_news_endpoints_and_their_parameters(client, db):
    schema = client.get("/api/schema/?format=json").json()
    for path in ["/api/v1/news/", "/api/v1/news/{key}/", "/api/v1/events/", "/api/v1/events/{key}/"]:
        assert path in schema["paths"], path
    news = {p["name"]: p for p in schema["paths"]["/api/v1/news/"]["get"]["parameters"]}
    assert {"q", "kind", "year", "page", "page_size"} <= set(news)
    assert set(news["kind"]["schema"]["enum"]) == {"", "news", "notice", "event", "interpretation"}
    events = {p["name"]: p for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert events["when"]["schema"]["enum"] == ["", "upcoming", "past"]
    item = schema["components"]["schemas"]["NewsItem"]["properties"]
    assert "written_by" not in item and "status" not in item and "body" not in item
    assert item["source_date"]["pattern"]


def _demo(n):
    call_command("generate_demo_data", news=n, stdout=io.StringIO())


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/news/",
        "/api/v1/news/?page=2",
        "/api/v1/news/?kind=event",
        "/api/v1/news/?q=示例",
        "/api/v1/events/",
        "/api/v1/events/?when=past",
    ],
)
def test_query_count_does_not_grow_with_rows(client, db, django_assert_max_num_queries, url):
    def read(limit):
        with django_assert_max_num_queries(limit) as captured:
            assert client.get(url, HTTP_COOKIE="sessionid=none").status_code == 200
        # The per-client counter clears ended windows on a window's first request (core.ratelimit).
        return [query["sql"] for query in captured.captured_queries if "news_newsitem" in query["sql"]]

    _demo(48)
    small = read(7)
    _demo(200)
    large = read(7)
    assert len(small) == len(large) <= 2  # the count and the page's rows
