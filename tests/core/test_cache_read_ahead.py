"""A page rendered anew reads its counts, fragments and cards in one round trip (core.cache, "Read ahead")."""

import pytest
from django.core.cache import caches

from core.cache import content_changed
from core.cache import version as cache_version
from projects.services import project_save
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call the request makes on the default cache, by method name (not the backend's own
    calls inside one: local memory's ``get_many`` calls ``get`` per key)."""
    backend = caches["default"]
    calls = []
    depth = [0]
    for name in ("get", "get_many", "set", "set_many", "add"):
        original = getattr(backend, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            if not depth[0]:
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return calls


@pytest.fixture
def uncached_pages(settings):
    settings.PAGE_CACHE_ENABLED = False


def _reads(calls):
    return [name for name in calls if name in ("get", "get_many")]


@pytest.mark.parametrize("url", ["/projects/", "/projects/?q=芯片", "/", "/api/v1/projects/"])
def test_the_second_rendering_of_a_url_reads_the_cache_once(client, uncached_pages, cache_calls, url):
    ProjectFactory.create_batch(3, name="芯片封装项目")
    first = client.get(url)
    assert first.status_code == 200
    assert len(_reads(cache_calls)) > 1  # learnt: the version, then each value on its own

    cache_calls.clear()
    second = client.get(url)
    assert second.status_code == 200
    assert _reads(cache_calls) == ["get_many"]
    assert "set" not in cache_calls and "set_many" not in cache_calls  # everything was found
    assert second.content == first.content


def test_after_an_edit_the_page_shows_it_and_learns_its_keys_again(client, uncached_pages, cache_calls):
    project = ProjectFactory(name="旧名称项目")
    client.get("/projects/")
    client.get("/projects/")

    project.name = "新名称项目"
    project_save(project=project, previous_stage=project.stage)
    cache_calls.clear()
    body = client.get("/projects/").content.decode()
    assert "新名称项目" in body and "旧名称项目" not in body
    assert len(_reads(cache_calls)) > 1  # the keys read ahead were the old version's: not used

    cache_calls.clear()
    assert "新名称项目" in client.get("/projects/").content.decode()
    assert _reads(cache_calls) == ["get_many"]


def test_a_value_read_ahead_under_the_old_version_is_never_served(client, uncached_pages):
    ProjectFactory(name="甲项目")
    client.get("/projects/")
    client.get("/projects/")
    ProjectFactory(name="乙项目")  # saved through the ORM: the version moves on (core.cache.watch)
    assert "乙项目" in client.get("/projects/").content.decode()


def test_a_lost_version_orphans_what_was_read_ahead(client, uncached_pages):
    ProjectFactory(name="甲项目")
    client.get("/projects/")
    caches["default"].delete(cache_version.VERSION_KEY)
    ProjectFactory(name="乙项目")
    content_changed()
    assert "乙项目" in client.get("/projects/").content.decode()


def test_the_urls_remembered_are_bounded(client, uncached_pages, monkeypatch):
    monkeypatch.setattr(cache_version, "READ_AHEAD_URLS", 3)
    ProjectFactory()
    for page in range(6):
        client.get(f"/projects/?utm_source={page}")
    assert len(cache_version._read_ahead) == 3
    assert all("utm_source=" in url for url in cache_version._read_ahead)
    assert any(url.endswith("utm_source=5") for url in cache_version._read_ahead)


def test_a_stored_page_is_served_without_reading_ahead(client, cache_calls):
    ProjectFactory()
    client.get("/projects/")
    client.get("/projects/")
    cache_calls.clear()
    response = client.get("/projects/")
    assert response["X-Page-Cache"] == "hit"
    assert _reads(cache_calls) == ["get_many"]
