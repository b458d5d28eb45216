"""Issue 11, finding 1: junk query parameters cannot flood the page cache or evict a rate-limit counter."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import resolve

from tests.factories import EnterpriseFactory, IndicatorFactory, ProjectFactory

pytestmark = pytest.mark.django_db

JUNK_REQUESTS = 40


def entries() -> int:
    """How many entries the local-memory page store holds now."""
    return len(cache._cache)


@pytest.fixture
def content(db):
    IndicatorFactory()
    ProjectFactory(stage="production", signed_on="2021-05-01")
    EnterpriseFactory()


@pytest.mark.parametrize("path", ["/", "/projects/", "/enterprises/", "/en/projects/", "/about/"])
def test_junk_parameters_add_no_cache_entries(client, content, path):
    assert client.get(path).status_code == 200
    warm = entries()
    for n in range(JUNK_REQUESTS):
        response = client.get(path, {"utm_source": f"n{n}", f"junk{n}": "x"})
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"  # served from the entry of its known parameters
    assert entries() == warm


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("path", ["/projects/", "/enterprises/", "/"])
def test_junk_parameters_add_no_fragment_entries(client, content, path):
    """Without the page cache the header and filter-form fragments are still cached: never per junk URL."""
    client.get(path)
    warm = entries()
    for n in range(JUNK_REQUESTS):
        assert client.get(path, {"utm_source": f"n{n}"}).status_code == 200
    assert entries() == warm


def test_junk_parameters_without_an_entry_are_rendered_and_not_stored(client, content):
    first = client.get("/projects/?stage=production&utm_source=a")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    # Only what the valid filter itself needs was stored (its count, its filter form), once.
    after_first = entries()
    for n in range(JUNK_REQUESTS):
        response = client.get("/projects/", {"utm_source": f"n{n}", "stage": "production"})
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert entries() == after_first
    assert client.get("/projects/?stage=production")["X-Page-Cache"] == "miss"  # stored on its own request
    assert client.get("/projects/?stage=production&utm_source=z")["X-Page-Cache"] == "hit"


def test_mistyped_paths_add_no_cache_entries(client, content):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/projects/no-such-project/").status_code == 404
    warm = entries()
    for n in range(JUNK_REQUESTS):
        assert client.get(f"/no-such-page-{n}/").status_code == 404
        assert client.get(f"/projects/no-such-project-{n}/").status_code == 404
    assert entries() == warm


def test_invalid_filter_form_is_rendered_not_cached(client, content):
    for _ in range(2):
        response = client.get("/projects/?year=abc")
        assert response.status_code == 200
        assert "has-error" in response.content.decode()
        assert "X-Page-Cache" not in response
    client.get("/enterprises/?zone=nowhere")
    warm = entries()
    for n in range(JUNK_REQUESTS):
        assert client.get("/projects/", {"year": f"abc{n}"}).status_code == 200
        assert client.get("/enterprises/", {"zone": f"nowhere{n}"}).status_code == 200
    assert entries() == warm


def test_oddly_spelled_values_are_rendered_not_stored(client, content):
    assert client.get("/projects/?year=2021")["X-Page-Cache"] == "miss"
    assert client.get("/projects/?year=2021")["X-Page-Cache"] == "hit"
    warm = entries()
    for n in range(1, 20):
        response = client.get("/projects/", {"year": "0" * n + "2021"})  # valid, same filter, endless spellings
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert entries() == warm


def test_equivalent_queries_share_the_entry_of_their_normalised_values(client, content):
    assert client.get("/projects/?stage=production")["X-Page-Cache"] == "miss"
    # The filter form submits every field, most of them empty; page=1 is the first page.
    submitted = client.get("/projects/?q=&zone=&stage=production&year=&page=1")
    assert submitted["X-Page-Cache"] == "hit"
    assert client.get("/projects/?stage=production&utm_source=x")["X-Page-Cache"] == "hit"
    other = client.get("/projects/?stage=construction")
    assert other["X-Page-Cache"] == "miss"
    assert other.content != submitted.content


def test_page_number_is_part_of_the_key(client, db):
    ProjectFactory.create_batch(21)
    first = client.get("/projects/")
    second = client.get("/projects/?page=2")
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    again = client.get("/projects/?page=2&utm_source=x")
    assert again["X-Page-Cache"] == "hit" and again.content == second.content != first.content
    odd = client.get("/projects/?page=02")
    assert odd.status_code == 200 and "X-Page-Cache" not in odd


def test_sitemap_declares_its_page_parameter():
    from core.cache import QueryContract, query_contract

    assert query_contract(resolve("/sitemap.xml").func) == QueryContract((), "p")
    assert query_contract(resolve("/about/").func) == QueryContract()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "flood",
            "OPTIONS": {"MAX_ENTRIES": 20},
        },
    },
    INQUIRY_STATUS_RATE_LIMIT=3,
)
def test_a_flood_of_cached_pages_does_not_evict_a_rate_limit_counter(client, content):
    lookup = {"reference": "QK2026-00001", "contact": "a@b.cn"}
    for _ in range(3):
        assert client.post("/inquiry/status/", lookup).status_code == 200
    assert client.post("/inquiry/status/", lookup).status_code == 429
    # Valid, distinct searches: each a new page entry; the small store evicts the oldest ones.
    for n in range(60):
        assert client.get("/projects/", {"q": f"word{n}"}).status_code == 200
    assert len(caches["default"]._cache) <= 20
    assert client.post("/inquiry/status/", lookup).status_code == 429
    assert client.post("/inquiry/status/", lookup, REMOTE_ADDR="10.0.0.9").status_code == 200
