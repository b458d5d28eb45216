"""The API in operation: page cache under the content version, ETag/304, throttling, logging."""

import logging
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis import connection as redis_connection
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.models import RateCounter
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_list_is_cached_and_a_write_moves_it_on(client):
    ProjectFactory(slug="one")
    first = client.get("/api/v1/projects/?sort=name")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/api/v1/projects/?sort=name")["X-Page-Cache"] == "hit"
    ProjectFactory(slug="two")
    again = client.get("/api/v1/projects/?sort=name")
    assert again["X-Page-Cache"] == "miss" and again.json()["count"] == 2


def _page_keys():
    return [key for key in cache._cache if ":page:" in key]  # locmem's store


@pytest.mark.parametrize(
    "query",
    ["utm_source=x", "year=02021", "year=abc", "page_size=500", "page=01", "zone=north&zone=south", "format=api"],
)
def test_unknown_or_odd_parameters_make_no_entry(client, seeded, query):
    before = len(_page_keys())
    response = client.get(f"/api/v1/projects/?{query}")
    assert response.status_code in (200, 400, 404)  # format=api: DRF's browsable API is off
    assert "X-Page-Cache" not in response
    assert len(_page_keys()) == before


def test_format_json_is_an_entry_of_its_own(client, db):
    """``format`` is read by DRF's negotiation, so it is a known parameter (core/cache/, "Negotiated formats")."""
    ProjectFactory.create_batch(3)
    assert client.get("/api/v1/projects/?format=json&page_size=2")["X-Page-Cache"] == "miss"
    stored = client.get("/api/v1/projects/?format=json&page_size=2")
    assert stored["X-Page-Cache"] == "hit"
    assert "format=json" in stored.json()["next"]
    assert "format=json" not in client.get("/api/v1/projects/?page_size=2").json()["next"]


def test_page_size_is_part_of_the_key(client, db):
    ProjectFactory.create_batch(3)
    assert client.get("/api/v1/projects/?page_size=2")["X-Page-Cache"] == "miss"
    assert len(client.get("/api/v1/projects/?page_size=2").json()["results"]) == 2
    assert len(client.get("/api/v1/projects/").json()["results"]) == 3


def test_etag_answers_304(client, db):
    ProjectFactory()
    etag = client.get("/api/v1/projects/")["ETag"]
    assert etag
    assert client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def _limit_keys() -> list[str]:
    return list(RateCounter.objects.values_list("key", flat=True))


@pytest.fixture
def three_a_minute(monkeypatch):
    from api.throttling import ClientRateThrottle

    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api": "3/min"})
    return ClientRateThrottle


def test_throttle_counts_in_the_counter_table_and_answers_429(client, db, settings, three_a_minute):
    settings.PAGE_CACHE_ENABLED = False  # every request reaches the view
    statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/zones/")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    # One counter per client, under a digest of the address: the store keeps no address.
    keys = _limit_keys()
    assert len(keys) == 1 and "api-rate:api:" in keys[0] and "127.0.0.1" not in keys[0]
    assert not [key for key in cache._cache if "rate" in key]
    assert client.get("/data/zones.csv").status_code == 429


def test_answers_from_the_page_cache_count_against_the_limit(client, db, three_a_minute):
    ProjectFactory()
    first = [client.get("/api/v1/projects/") for _ in range(3)]
    assert [r["X-Page-Cache"] for r in first] == ["miss", "hit", "hit"]
    refused = client.get("/api/v1/projects/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "X-Page-Cache" not in refused and "detail" in refused.json()
    # A conditional request for the stored answer counts too, and so do other stored URLs.
    etag = first[0]["ETag"]
    assert client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag).status_code == 429
    # Another client still gets the stored answer.
    assert client.get("/api/v1/projects/", REMOTE_ADDR="10.0.0.9")["X-Page-Cache"] == "hit"


def test_the_limit_starts_again_in_the_next_window(client, db, three_a_minute, monkeypatch):
    now = [1_800_000_000.0]  # the start of a minute
    monkeypatch.setattr(three_a_minute, "timer", lambda self: now[0])
    statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    now[0] += 45
    refused = client.get("/api/v1/zones/")
    assert refused.status_code == 429 and refused["Retry-After"] == "15"
    now[0] += 15
    assert client.get("/api/v1/zones/").status_code == 200


def test_a_stored_answer_costs_the_counter_and_no_other_query(client, db, three_a_minute):
    ProjectFactory()
    client.get("/api/v1/projects/")
    client.get("/api/v1/projects/")  # the counter's row exists now
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/projects/")
    assert response["X-Page-Cache"] == "hit"
    # One statement: the counter's upsert (core.ratelimit). Inside the test's transaction it runs in a
    # savepoint; a request in production runs outside any transaction and sends the upsert alone.
    statements = [q["sql"] for q in queries.captured_queries]
    counted = [sql for sql in statements if "SAVEPOINT" not in sql]
    assert len(counted) == 1 and counted[0].startswith('INSERT INTO "core_ratecounter"'), statements


def test_api_requests_are_logged_like_pages(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="kaiqu.request"):
        client.get("/api/v1/projects/?q=secret-word")
    record = next(r for r in caplog.records if r.name == "kaiqu.request")
    assert record.path == "/api/v1/projects/" and record.status == 200 and record.view == "api:project-list"
    assert "secret-word" not in caplog.text


def test_a_stored_zone_outline_counts_against_the_limit(client, db, three_a_minute):
    """/data/zones.geojson is a plain 200 the page cache stores; its stored answers count like the API's."""
    statuses = [client.get("/data/zones.geojson") for _ in range(3)]
    assert [r["X-Page-Cache"] for r in statuses] == ["miss", "hit", "hit"]
    refused = client.get("/data/zones.geojson")
    assert refused.status_code == 429 and refused["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The default cache as kaiqu/settings.py builds it with REDIS_URL set, on a live Redis, own key prefix."""
    import core.cache_backends
    from tests.core.test_cache_outage import LIVE_REDIS, caches_for

    monkeypatch.setattr(core.cache_backends, "_HEALTH", {})
    configured = caches_for(LIVE_REDIS)
    configured["default"]["KEY_PREFIX"] = prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = configured
    assert cache.set("probe", 1) is None and cache.get("probe") == 1, "no Redis on 127.0.0.1:6379"
    client = cache._cache.get_client(write=True)
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_with_redis_a_stored_answer_is_counted_in_the_same_round_trip_and_costs_no_query(
    client, db, redis_cache, three_a_minute
):
    redis, prefix = redis_cache
    ProjectFactory()
    assert client.get("/api/v1/projects/")["X-Page-Cache"] == "miss"  # counted once, by the page cache
    sends = []
    real_send = redis_connection.AbstractConnection.send_packed_command

    def send(self, command, *args, **kwargs):
        sends.append(command)
        return real_send(self, command, *args, **kwargs)

    with (
        mock.patch.object(redis_connection.AbstractConnection, "send_packed_command", send),
        CaptureQueriesContext(connection) as queries,
    ):
        hit = client.get("/api/v1/projects/")
    assert hit["X-Page-Cache"] == "hit"
    assert len(sends) == 1, sends  # one write to Redis: the page, the version and the counter together
    assert not queries.captured_queries  # no SQL: not the counter table, nothing else
    assert not RateCounter.objects.exists()
    # One counter per client and window, keyed by a digest of the address, gone when the window ends.
    [key] = [k.decode() for k in redis.scan_iter(f"{prefix}:*rate:*")]
    assert "api-rate:api:" in key and "127.0.0.1" not in key
    assert int(redis.get(key)) == 2 and 0 < redis.ttl(key) <= 60
    assert client.get("/api/v1/projects/")["X-Page-Cache"] == "hit"
    refused = client.get("/api/v1/projects/")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/projects/", REMOTE_ADDR="10.0.0.9")["X-Page-Cache"] == "hit"


def test_with_redis_a_request_the_page_cache_skips_is_counted_by_the_view_in_the_same_counter(
    client, db, redis_cache, settings, three_a_minute
):
    client.get("/api/v1/zones/")  # counted by the page cache
    settings.PAGE_CACHE_ENABLED = False
    assert [client.get("/api/v1/zones/").status_code for _ in range(3)] == [200, 200, 429]  # by the throttle
    assert not RateCounter.objects.exists()


def test_with_redis_away_the_api_counts_in_the_database(client, db, redis_cache, three_a_minute):
    from redis.exceptions import ConnectionError as RedisConnectionError

    with mock.patch.object(cache._cache, "get_client", side_effect=RedisConnectionError("down")):
        statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert RateCounter.objects.get().count == 4


def test_with_redis_a_refused_count_falls_back_to_the_database(client, db, redis_cache, three_a_minute, monkeypatch):
    import core.ratelimit

    ProjectFactory()
    monkeypatch.setattr(core.ratelimit, "_cache_key", lambda key, slot: "not-a-number")
    cache.set("not-a-number", "text")  # INCR on it is an error reply, after the MGET's reply
    statuses = [client.get("/api/v1/projects/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert RateCounter.objects.get().count == 4
    assert cache.get("not-a-number") == "text" and not cache.is_down()


def test_with_redis_a_reply_lost_mid_way_leaves_no_reply_for_the_next_caller(
    client, db, redis_cache, three_a_minute, monkeypatch
):
    """A time-out after the first of two replies: the second must not be read by the next command."""
    import core.cache_backends

    ProjectFactory()
    cache.set("marker", "mine")
    client.get("/api/v1/projects/")
    real_read = redis_connection.AbstractConnection.read_response
    calls = []

    def read(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RedisTimeoutError("slow")
        return real_read(self, *args, **kwargs)

    with mock.patch.object(redis_connection.AbstractConnection, "read_response", read):
        assert client.get("/api/v1/projects/").status_code == 200  # counted in the database instead
    assert RateCounter.objects.get().count == 1
    monkeypatch.setattr(core.cache_backends, "_clock", lambda: 10**9)  # past the breaker's pause
    assert cache.get("marker") == "mine"
