"""The API in operation: page cache under the content version, ETag/304, throttling, logging."""

import logging

import pytest
from django.core.cache import cache, caches

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
    ["utm_source=x", "year=02021", "year=abc", "page_size=500", "page=01", "zone=north&zone=south", "format=json"],
)
def test_unknown_or_odd_parameters_make_no_entry(client, seeded, query):
    before = len(_page_keys())
    response = client.get(f"/api/v1/projects/?{query}")
    assert response.status_code in (200, 400)
    assert "X-Page-Cache" not in response
    assert len(_page_keys()) == before


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


def test_throttle_counts_in_the_limits_cache_and_answers_429(client, db, settings, monkeypatch):
    from api.throttling import ClientRateThrottle

    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api": "3/min"})
    settings.PAGE_CACHE_ENABLED = False  # every request reaches the view
    caches["limits"].clear()
    statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/zones/")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert caches["limits"].get("throttle_api_127.0.0.1")
    assert not [key for key in cache._cache if "throttle" in key]
    assert client.get("/data/zones.csv").status_code == 429
    caches["limits"].clear()


def test_api_requests_are_logged_like_pages(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="kaiqu.request"):
        client.get("/api/v1/projects/?q=secret-word")
    record = next(r for r in caplog.records if r.name == "kaiqu.request")
    assert record.path == "/api/v1/projects/" and record.status == 200 and record.view == "api:project-list"
    assert "secret-word" not in caplog.text
