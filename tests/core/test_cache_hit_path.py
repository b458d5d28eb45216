"""The page cache's hit path (issue 25): a stored page comes back exactly as it was stored, its lookup
is worked out once per distinct request, and the Redis backend's ``get_many`` answers as Django's."""

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import Client

import core.cache.middleware
from tests.core.test_cache_outage import clock, live_redis  # noqa: F401 - fixtures: the default cache on Redis
from tests.factories import IndicatorFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_lookups():
    core.cache.middleware._lookups.clear()
    yield
    core.cache.middleware._lookups.clear()


def test_a_stored_page_has_the_headers_of_the_rendered_one(client):
    IndicatorFactory()
    miss, hit = client.get("/projects/"), client.get("/projects/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    rendered = {name: value for name, value in miss.items() if name != "X-Page-Cache"}
    stored = {name: value for name, value in hit.items() if name != "X-Page-Cache"}
    assert stored == rendered  # names spelt as rendered, values as sent
    assert "ETag" in stored and hit.content == miss.content


def test_a_stored_page_answers_preconditions(client):
    IndicatorFactory()
    etag = client.get("/").headers["ETag"]
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert client.get("/", HTTP_IF_MATCH='"something-else"').status_code == 412


def test_the_lookup_is_worked_out_once_per_distinct_request(client, monkeypatch):
    ProjectFactory()
    calls = []
    normalise = core.cache.middleware.normalise_query
    monkeypatch.setattr(
        core.cache.middleware, "normalise_query", lambda *a, **kw: calls.append(1) or normalise(*a, **kw)
    )
    for _ in range(3):
        assert client.get("/projects/?stage=construction").status_code == 200
    assert len(calls) == 1
    client.get("/projects/?stage=operating")
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("url", "first", "second"),
    [
        ("/api/schema/", {}, {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}),  # negotiated format
        ("/api/v1/projects/", {}, {"HTTP_HOST": "localhost"}),  # another host
        ("/api/v1/projects/", {}, {"QUERY_STRING": "stage=construction"}),  # another query
    ],
)
def test_requests_that_differ_in_what_the_key_reads_do_not_share_a_lookup(client, url, first, second):
    ProjectFactory(stage="operating")
    one = client.get(url, **first)
    two = client.get(url, **second)
    assert one.status_code == two.status_code == 200
    again = client.get(url, **second)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == two.content
    assert (one["Content-Type"], one.content) != (again["Content-Type"], again.content)


def test_the_display_mode_cookie_is_part_of_the_lookup():
    IndicatorFactory()
    standard, large = Client(), Client()
    large.cookies["kaiqu_display"] = "large"
    first = standard.get("/")
    assert large.get("/").content != first.content
    assert large.get("/")["X-Page-Cache"] == "hit"
    assert standard.get("/").content == first.content


def test_a_disallowed_host_is_refused_after_an_allowed_one_was_stored(client):
    IndicatorFactory()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_get_many_answers_as_djangos_redis_backend(live_redis):  # noqa: F811
    prefix = live_redis.key_prefix
    plain = RedisCache(live_redis._servers[0], {"KEY_PREFIX": prefix})
    values = {f"k-{uuid.uuid4().hex}": value for value in (1, "二", {"b": b"x" * 30_000}, [None, 2.5], 0)}
    live_redis.set_many(values)
    live_redis.set("versioned", "v2", version=2)
    asked = [*values, "missing", "versioned"]
    assert live_redis.get_many(asked) == plain.get_many(asked) == values
    assert live_redis.get_many(["versioned", "missing"], version=2) == {"versioned": "v2"}
    assert live_redis.get_many([]) == {}
    live_redis.delete_many([*values, "versioned"])


def test_a_value_kept_in_the_process_is_computed_once_per_content_version():
    from core.cache import cached_value, content_changed

    computed = []

    def compute():
        computed.append(1)
        return ["rows"]

    first = cached_value("t-in-process", ("a",), compute, in_process=True)
    assert cached_value("t-in-process", ("a",), compute, in_process=True) is first  # no cache read, same object
    assert len(computed) == 1
    content_changed()
    assert cached_value("t-in-process", ("a",), compute, in_process=True) == ["rows"]
    assert len(computed) == 2
