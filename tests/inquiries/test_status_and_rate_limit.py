"""Status look-ups by reference and contact, and the per-address rate limits (rows in the database)."""

import re
from unittest import mock

import pytest
from django.db import DatabaseError

from core.models import RateCounter
from inquiries.models import Inquiry
from inquiries.views import SUBMIT_SCOPE
from tests.factories import InquiryFactory
from tests.inquiries.conftest import fresh

pytestmark = pytest.mark.django_db


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
    assert 1 <= int(response["Retry-After"]) <= settings.INQUIRY_RATE_WINDOW
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


def test_the_limit_lasts_the_whole_window_not_five_minutes_after_the_last_request(client, form_data, settings):
    """The database cache's incr() rewrote a counter with its 300 s default timeout: an hour's limit of 5
    let a client send 5 more after 5 quiet minutes. The counter now lives until its window ends."""
    settings.INQUIRY_RATE_LIMIT = 2
    hour = 1_800_000_000  # the start of a clock hour
    now = [hour + 60]
    with mock.patch("core.ratelimit.time.time", lambda: now[0]):
        for _ in range(2):
            assert client.post("/inquiry/", fresh(form_data)).status_code == 302
        now[0] += 301
        refused = client.post("/inquiry/", fresh(form_data))
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(3600 - 361)  # the seconds left in the hour
        assert "请在 54 分钟后重试" in refused.content.decode()  # 3,239 s, not "60 minutes"
        now[0] = hour + 3600  # the next window
        assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    assert Inquiry.objects.count() == 3


def test_counters_are_shared_rows_keyed_without_the_address(client, form_data, settings):
    """One table for every app server (the stack test checks two servers behind nginx)."""
    settings.INQUIRY_RATE_LIMIT = 1
    assert client.post("/inquiry/", fresh(form_data), REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post("/inquiry/status/", {"reference": "QK2026-00001", "contact": "a@b.cn"}, REMOTE_ADDR="198.51.100.7")
    keys = list(RateCounter.objects.values_list("key", flat=True))
    # The status look-ups, every POST to the form, the accepted submissions: three budgets.
    assert len(keys) == 3 and all(key.startswith("inquiry-rate:") for key in keys)
    assert not any("198.51.100.7" in key for key in keys)
    # A second server is another connection to the same table: a count made elsewhere is seen here.
    RateCounter.objects.filter(key__contains=f":{SUBMIT_SCOPE}:").update(count=5)  # the accepted budget
    assert client.post("/inquiry/", fresh(form_data), REMOTE_ADDR="198.51.100.7").status_code == 429


def test_a_counter_store_outage_does_not_take_the_form_down(client, form_data, monkeypatch):
    from core import ratelimit

    def broken(*args, **kwargs):
        raise DatabaseError("counter table away")

    monkeypatch.setattr(ratelimit, "_upsert", broken)
    monkeypatch.setattr(ratelimit.RateCounter.objects, "filter", broken)
    assert client.post("/inquiry/", fresh(form_data)).status_code == 302
    assert Inquiry.objects.count() == 1


def test_status_lookup_without_csrf_token_is_403(inquiry):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/inquiry/status/", {"reference": "QK2026-00042", "contact": "li@example.com"}
    )
    assert response.status_code == 403
