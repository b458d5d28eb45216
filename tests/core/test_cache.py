import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

import core.cache.version
from core.cache import VERSION_KEY, PublicPageCacheMiddleware, content_changed, content_version
from projects.services import project_save
from tests.factories import IndicatorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    user = UserFactory(username="editor", is_superuser=True)
    client.force_login(user)
    return client


def _indicator_post(indicator, **changes):
    data = {
        "label": indicator.label,
        "label_en": indicator.label_en,
        "value": str(indicator.value),
        "unit": indicator.unit,
        "unit_en": indicator.unit_en,
        "period": indicator.period,
        "period_en": indicator.period_en,
        "source": indicator.source,
        "source_en": indicator.source_en,
        "order": indicator.order,
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_second_anonymous_request_is_served_from_the_cache(client):
    IndicatorFactory(label="签约项目数")
    first = client.get("/")
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_admin_edit_shows_on_the_next_public_request(client, admin_client_logged_in, django_user_model):
    from django.test import Client

    indicator = IndicatorFactory(label="签约项目数")
    anonymous = Client()
    assert "签约项目数" in anonymous.get("/").content.decode()
    assert anonymous.get("/")["X-Page-Cache"] == "hit"

    url = reverse("admin:portal_indicator_change", args=[indicator.pk])
    response = admin_client_logged_in.post(url, _indicator_post(indicator, label="累计签约项目"))
    assert response.status_code == 302, response.content.decode()[:2000]

    page = anonymous.get("/")
    assert page["X-Page-Cache"] == "miss"
    assert "累计签约项目" in page.content.decode()
    assert "签约项目数" not in page.content.decode()


def test_admin_delete_shows_on_the_next_public_request(admin_client_logged_in):
    from django.test import Client

    indicator = IndicatorFactory(label="机器换人项目")
    anonymous = Client()
    assert "机器换人项目" in anonymous.get("/").content.decode()
    url = reverse("admin:portal_indicator_delete", args=[indicator.pk])
    assert admin_client_logged_in.post(url, {"post": "yes"}).status_code == 302
    assert "机器换人项目" not in anonymous.get("/").content.decode()


def test_service_edit_of_a_project_shows_on_its_cached_detail_page(client):
    project = ProjectFactory(name="旧名称项目")
    url = project.get_absolute_url()
    assert "旧名称项目" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    project.name = "新名称项目"
    project_save(project=project, previous_stage=project.stage)
    assert "新名称项目" in client.get(url).content.decode()


def test_matching_if_none_match_gets_304(client, monkeypatch):
    IndicatorFactory()
    # Last-Modified is sent once the second after the last edit has begun (see the test below).
    real_now = core.cache.version._now_ms
    monkeypatch.setattr(core.cache.version, "_now_ms", lambda: real_now() + 1000)
    first = client.get("/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get("/", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_etag_changes_after_an_edit(client):
    indicator = IndicatorFactory(label="甲")
    etag = client.get("/")["ETag"]
    indicator.label = "乙"
    indicator.save()
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_304_also_without_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    IndicatorFactory()
    first = client.get("/")
    assert "X-Page-Cache" not in first
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_logged_in_users_are_never_served_or_stored(admin_client_logged_in):
    IndicatorFactory()
    first = admin_client_logged_in.get("/")
    second = admin_client_logged_in.get("/")
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_responses_that_set_cookies_are_not_stored(rf):
    # A form page sets the CSRF cookie: caching it would hand one visitor's token to the next.
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("form")
        response.set_cookie("csrftoken", f"token-{len(calls)}")
        return response

    middleware = PublicPageCacheMiddleware(view)
    first = middleware(rf.get("/inquiry/"))
    second = middleware(rf.get("/inquiry/"))
    assert len(calls) == 2
    assert "X-Page-Cache" not in first
    assert second.cookies["csrftoken"].value == "token-2"


def test_post_requests_are_not_stored(rf):
    calls = []

    def view(request):
        calls.append(request)
        return HttpResponse("ok")

    middleware = PublicPageCacheMiddleware(view)
    middleware(rf.post("/inquiry/"))
    middleware(rf.post("/inquiry/"))
    assert len(calls) == 2


def test_never_cache_responses_are_not_stored(client):
    client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/healthz")


def test_languages_are_cached_apart(client):
    IndicatorFactory(label="签约项目数", label_en="Signed projects")
    assert "签约项目数" in client.get("/").content.decode()
    english = client.get("/en/")
    assert english["X-Page-Cache"] == "miss"
    assert "Signed projects" in english.content.decode()
    assert "Signed projects" in client.get("/en/").content.decode()
    assert "签约项目数" in client.get("/").content.decode()


def test_content_version_moves_forward_and_survives_a_lost_key():
    first = content_version()
    content_changed()
    assert content_version() > first
    cache.delete(VERSION_KEY)
    assert content_version() > 0


def test_if_modified_since_after_an_edit_in_the_same_second_is_not_a_stale_304(client, monkeypatch):
    """Issue 11, finding 12: an If-Modified-Since-only client, an edit within the second it fetched the page."""
    from django.utils.http import http_date

    second = 1_800_000_000
    clock = [second * 1000 + 200]
    monkeypatch.setattr(core.cache.version, "_now_ms", lambda: clock[0])
    indicator = IndicatorFactory(label="甲")  # the version: 200 ms into `second`
    clock[0] += 300
    first = client.get("/")
    assert "甲" in first.content.decode()
    clock[0] += 300  # 800 ms: an edit, still in the same second
    indicator.label = "乙"
    indicator.save()
    clock[0] += 100
    # The client holds the Last-Modified it got, or at most the second it fetched the page in.
    since = first.get("Last-Modified") or http_date(second)
    response = client.get("/", HTTP_IF_MODIFIED_SINCE=since)
    assert response.status_code == 200
    assert "乙" in response.content.decode()

    # Once the second is over, Last-Modified is sent, and an unchanged page is a 304 again.
    clock[0] += 2000
    latest = client.get("/")
    assert latest["Last-Modified"] == http_date(second + 1)
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=latest["Last-Modified"]).status_code == 304


def test_the_content_version_is_read_once_per_request(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False  # fragments, counts and rows still ask for the version
    ProjectFactory(is_published=True)
    client.get("/projects/")
    reads = []
    original_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == VERSION_KEY:
            reads.append(key)
        return original_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    assert client.get("/projects/").status_code == 200
    assert len(reads) == 1


def test_an_edit_during_a_request_is_seen_by_the_rest_of_it(rf):
    seen = []

    def view(request):
        before = content_version()
        content_changed()
        seen.extend([before, content_version()])
        return HttpResponse("ok")

    PublicPageCacheMiddleware(view)(rf.get("/"))
    assert seen[1] > seen[0]


def test_redis_cache_reuses_one_client_per_connection_pool():
    from core.cache_backends import ResilientRedisCache

    backend = ResilientRedisCache("redis://127.0.0.1:1/0", {})  # no connection is made to build clients
    first = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is first
    assert backend._cache.get_client("a-key", write=True) is first
