"""Issue 11, finding 2: with Redis unreachable the site answers normally, uncached, and says so once a minute.

The caches come from kaiqu/settings.py evaluated with REDIS_URL pointing at a closed port, exactly as
production would configure them.
"""

import importlib.util
import logging
import os
import socket
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

import core.cache
import core.cache_backends
from inquiries.models import Inquiry
from portal.models import Indicator
from projects.services import project_save
from tests.core.test_cache import _indicator_post
from tests.factories import IndicatorFactory, ProjectFactory, UserFactory
from tests.inquiries.conftest import form_data, fresh, industry, zone  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "kaiqu" / "settings.py"
LIVE_REDIS = "redis://127.0.0.1:6379/1"


def caches_for(redis_url: str) -> dict:
    """CACHES as kaiqu/settings.py builds them with REDIS_URL set."""
    with mock.patch.dict(os.environ, {"REDIS_URL": redis_url}):
        spec = importlib.util.spec_from_file_location("kaiqu_settings_probe", SETTINGS_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module.CACHES


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(core.cache_backends, "_clock", clock)
    monkeypatch.setattr(core.cache_backends, "_HEALTH", {})  # no breaker state from another test
    return clock


@pytest.fixture
def redis_down(settings, clock):
    settings.CACHES = caches_for(f"redis://127.0.0.1:{closed_port()}/0")
    return settings


def cache_warnings(caplog):
    return [r for r in caplog.records if r.name == "kaiqu.cache" and r.levelno == logging.WARNING]


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/admin/login/", "/inquiry/", "/robots.txt", "/projects/", "/en/enterprises/"]
)
def test_pages_answer_uncached_when_redis_is_unreachable(client, redis_down, path):
    IndicatorFactory()
    ProjectFactory()
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get("X-Page-Cache") != "hit"


def test_healthz_reports_the_degraded_cache_and_still_answers_200(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "up", "cache": "down"}


def test_content_edits_save_when_redis_is_unreachable(client, redis_down):
    indicator = IndicatorFactory(label="旧")  # the invalidation signal runs here
    project = ProjectFactory(name="旧名称")
    project.name = "新名称"
    project_save(project=project, previous_stage=project.stage)
    editor = UserFactory(username="editor", is_superuser=True, is_staff=True)
    client.force_login(editor)
    url = reverse("admin:portal_indicator_change", args=[indicator.pk])
    response = client.post(url, _indicator_post(indicator, label="新"))
    assert response.status_code == 302
    assert Indicator.objects.get().label == "新"
    assert "新名称" in client.get(project.get_absolute_url()).content.decode()


def test_staff_log_in_when_redis_is_unreachable(client, redis_down):
    UserFactory(username="officer", password="s3cret-pass-word", is_staff=True, is_superuser=True)  # noqa: S106
    assert client.get("/admin/login/?next=/admin/").status_code == 200
    response = client.post("/admin/login/", {"username": "officer", "password": "s3cret-pass-word", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_inquiry_is_saved_and_rate_limits_still_count_when_redis_is_unreachable(client, redis_down, form_data):  # noqa: F811
    redis_down.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    assert client.post("/inquiry/", fresh(form_data)).status_code == 429  # the limits live in the database
    assert Inquiry.objects.count() == 2


def test_the_outage_is_logged_at_most_once_a_minute(client, redis_down, clock, caplog):
    caplog.set_level(logging.INFO, logger="kaiqu.cache")
    IndicatorFactory()
    for _ in range(10):
        assert client.get("/").status_code == 200
        clock.now += 5.5  # past the breaker's retry: every request tries Redis again
    assert len(cache_warnings(caplog)) == 1  # 55 s
    for _ in range(2):
        clock.now += 5.5
        assert client.get("/").status_code == 200
    assert len(cache_warnings(caplog)) == 2  # 66 s: a minute after the first


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(settings, clock):
    settings.CACHES = caches_for(f"redis://127.0.0.1:{closed_port()}/0")
    refused = RedisConnectionError("refused")
    with mock.patch("django.core.cache.backends.redis.RedisCacheClient.get", side_effect=refused) as get:
        assert cache.get("a", "fallback") == "fallback"
        for _ in range(20):
            assert cache.get("a") is None
        assert get.call_count == 1  # a dead Redis costs one connection attempt, not one per call
        clock.now += core.cache_backends.RETRY_SECONDS + 0.1
        cache.get("a")
        assert get.call_count == 2


@pytest.fixture
def live_redis(settings, clock):
    caches = caches_for(LIVE_REDIS)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    try:
        cache.get("probe")
    except Exception:  # noqa: BLE001
        pytest.skip("no Redis on 127.0.0.1:6379")
    if cache.is_down():
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield cache
    cache.delete_many([core.cache.VERSION_KEY])


def test_an_edit_during_an_outage_moves_the_version_on_when_redis_returns(live_redis, clock, caplog):
    """Redis kept its data through a network outage: the pages from before the edit must not come back."""
    caplog.set_level(logging.INFO, logger="kaiqu.cache")
    before = core.cache.content_version()
    with mock.patch.object(live_redis._cache, "get_client", side_effect=RedisConnectionError("partition")):
        core.cache.content_changed()  # an edit while Redis cannot be reached
        assert live_redis.is_down()
    clock.now += core.cache_backends.RETRY_SECONDS + 0.1
    after = core.cache.content_version()
    assert after > before
    assert not live_redis.is_down()
    assert any(r.getMessage() == "cache available again" for r in caplog.records)


def test_pages_are_cached_again_when_redis_returns(client, live_redis, clock):
    IndicatorFactory()
    with mock.patch.object(live_redis._cache, "get_client", side_effect=RedisConnectionError("down")):
        assert client.get("/").status_code == 200
        assert client.get("/healthz").json()["cache"] == "down"
    clock.now += core.cache_backends.RETRY_SECONDS + 0.1
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/healthz").json() == {"status": "ok", "database": "up", "cache": "up"}
