"""Status lookup by reference and contact, and the per-address rate limits (also across cache clients)."""

import re
import uuid

import pytest
from django.core.cache import caches

from inquiries.models import Inquiry
from inquiries.views import STATUS_SCOPE, SUBMIT_SCOPE
from tests.factories import InquiryFactory
from tests.inquiries.conftest import fresh

pytestmark = pytest.mark.django_db

REDIS_LOCATION = "redis://127.0.0.1:6379/1"


@pytest.fixture
def inquiry(db):
    return InquiryFactory(
        reference="QK2026-00042", email="Li@Example.com", phone="13912345678", stage=Inquiry.Stage.CONTACTED
    )


@pytest.mark.parametrize("contact", ["li@example.com", "LI@EXAMPLE.COM", "13912345678", "+86 139 1234 5678"])
def test_status_with_the_right_pair_shows_only_the_stage(client, inquiry, contact):
    response = client.post("/inquiry/status/", {"reference": " qk2026-00042 ", "contact": contact})
    assert response.status_code == 200
    assert response.context["stage"] == "已联系"
    page = response.content.decode()
    assert "已联系" in page
    assert inquiry.company not in page and inquiry.contact_name not in page


def test_status_in_english(client, inquiry):
    response = client.post("/en/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"})
    assert "Contacted" in response.content.decode()


@pytest.mark.parametrize(
    ("reference", "contact"),
    [
        ("QK2026-00042", "other@example.com"),  # right reference, wrong e-mail
        ("QK2026-00042", "13900000000"),  # right reference, wrong phone
        ("QK2026-00043", "li@example.com"),  # wrong reference, right e-mail
        ("QK2026-00042", "not a contact"),
    ],
)
def test_status_with_a_wrong_pair_says_not_found_without_saying_which_part(client, inquiry, reference, contact):
    response = client.post("/inquiry/status/", {"reference": reference, "contact": contact})
    assert response.status_code == 200
    assert response.context.get("not_found") is True
    assert "stage" not in response.context
    assert "未找到与该受理编号和联系方式对应的咨询" in response.content.decode()


def test_all_wrong_pairs_get_the_same_page(client, inquiry):
    a = client.post("/inquiry/status/", {"reference": "QK2026-00042", "contact": "x@example.com"})
    b = client.post("/inquiry/status/", {"reference": "QK2026-99999", "contact": "li@example.com"})

    def strip(response, *typed):
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        for value in typed:
            page = page.replace(value, "")
        return page

    assert strip(a, "QK2026-00042", "x@example.com") == strip(b, "QK2026-99999", "li@example.com")


def test_anonymised_inquiry_is_not_found(client, inquiry):
    Inquiry.objects.filter(pk=inquiry.pk).update(anonymised_at="2026-01-01T00:00Z")
    response = client.post("/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"})
    assert response.context.get("not_found") is True


def test_status_form_with_missing_fields_says_what_is_missing(client):
    response = client.post("/inquiry/status/", {"reference": "", "contact": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reference", "contact"}


def test_status_lookups_are_rate_limited(client, inquiry, settings):
    settings.INQUIRY_STATUS_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post("/inquiry/status/", {"reference": "QK2026-00001", "contact": "a@b.cn"}).status_code == 200
    response = client.post("/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"})
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()
    # Another address is not affected.
    other = client.post(
        "/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 200


def test_submissions_are_rate_limited_with_a_readable_429(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    response = client.post("/en/inquiry/", fresh(form_data))
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.INQUIRY_RATE_WINDOW)
    assert "Too many requests" in response.content.decode()
    assert Inquiry.objects.count() == 2


def test_invalid_submissions_do_not_use_up_the_limit(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(5):
        assert client.post("/inquiry/", {**form_data, "email": "bad"}).status_code == 200
    assert client.post("/inquiry/", fresh(form_data)).status_code == 302


def test_caught_bots_count_against_the_limit(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        client.post("/inquiry/", {**form_data, "website": "spam"})
    assert client.post("/inquiry/", fresh(form_data)).status_code == 429
    assert Inquiry.objects.count() == 0


def test_the_limit_follows_the_client_address_behind_the_proxy(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.post("/inquiry/", fresh(form_data), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    assert client.post("/inquiry/", fresh(form_data), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    # A forged left-most entry does not give a new budget: only the proxy's entry counts.
    assert client.post("/inquiry/", fresh(form_data), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1").status_code == 429
    assert client.post("/inquiry/", fresh(form_data), HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302


@pytest.fixture
def two_redis_clients(settings):
    """Two cache aliases, two RedisCache instances with their own connection pools: two app servers."""
    prefix = f"test-{uuid.uuid4().hex}"
    config = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_LOCATION,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {**settings.CACHES, "server_a": config, "server_b": dict(config)}
    yield caches["server_a"], caches["server_b"]
    for alias in ("server_a", "server_b"):
        client = caches[alias]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_rate_limit_is_shared_between_two_redis_cache_clients(client, form_data, settings, two_redis_clients):
    server_a, server_b = two_redis_clients
    assert server_a is not server_b
    settings.INQUIRY_RATE_LIMIT = 3
    settings.INQUIRY_RATE_LIMIT_CACHE = "server_a"
    for _ in range(3):
        assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    settings.INQUIRY_RATE_LIMIT_CACHE = "server_b"
    response = client.post("/inquiry/", fresh(form_data))
    assert response.status_code == 429
    assert Inquiry.objects.count() == 3


def test_two_unshared_caches_would_not_share_the_limit(client, form_data, settings):
    """The control for the test above: with process-local caches each server counts on its own."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {**settings.CACHES, "a": {**local, "LOCATION": "a"}, "b": {**local, "LOCATION": "b"}}
    settings.INQUIRY_RATE_LIMIT = 1
    settings.INQUIRY_RATE_LIMIT_CACHE = "a"
    assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    settings.INQUIRY_RATE_LIMIT_CACHE = "b"
    assert client.post("/inquiry/", fresh(form_data)).status_code == 302


def test_rate_limit_keys_do_not_contain_the_address(settings, two_redis_clients):
    from inquiries.ratelimit import rate_limit_hit

    server_a, _server_b = two_redis_clients
    settings.INQUIRY_RATE_LIMIT_CACHE = "server_a"
    rate_limit_hit(scope=SUBMIT_SCOPE, ip="198.51.100.7", window=60)
    rate_limit_hit(scope=STATUS_SCOPE, ip="198.51.100.7", window=60)
    keys = [k.decode() for k in server_a._cache.get_client().scan_iter(f"{server_a.key_prefix}:*")]
    assert len(keys) == 2
    assert not any("198.51.100.7" in key for key in keys)


def test_a_cache_outage_does_not_take_the_form_down(client, form_data, settings):
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    settings.INQUIRY_RATE_LIMIT_CACHE = "down"
    assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    assert Inquiry.objects.count() == 1


def test_status_lookup_without_csrf_token_is_403(inquiry):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"}
    )
    assert response.status_code == 403
