"""The page cache's lookup resolves a path once per process (core.cache.keys._request_view)."""

import pytest
from django.test import RequestFactory, override_settings

from core.cache import keys

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty():
    keys._resolved.clear()
    yield
    keys._resolved.clear()


def test_a_path_is_resolved_once_and_answers_the_same_view(monkeypatch):
    calls = []
    original = keys.resolve

    def counted(path, urlconf=None):
        calls.append(path)
        return original(path, urlconf)

    monkeypatch.setattr(keys, "resolve", counted)
    factory = RequestFactory()
    first = keys._request_view(factory.get("/projects/"))
    second = keys._request_view(factory.get("/projects/?zone=north"))
    english = keys._request_view(factory.get("/en/projects/"))
    assert first is second and first is not None
    assert english is not None
    assert keys._request_view(factory.get("/no-such-page/")) is None
    assert keys._request_view(factory.get("/no-such-page/")) is None
    assert calls == ["/projects/", "/en/projects/", "/no-such-page/"]


def test_the_paths_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(keys, "RESOLVED_PATHS", 3)
    factory = RequestFactory()
    for number in range(6):
        keys._request_view(factory.get(f"/projects/x{number}/"))
    assert len(keys._resolved) == 3


def test_another_urlconf_forgets_them():
    keys._request_view(RequestFactory().get("/projects/"))
    assert keys._resolved
    with override_settings(ROOT_URLCONF="kaiqu.urls"):
        assert not keys._resolved
