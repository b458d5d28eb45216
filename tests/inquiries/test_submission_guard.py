"""A saved inquiry always ends on its thank-you page: a second click never makes a second row
(finding 3), and a failure after the commit never turns the saved inquiry into an error page (finding 4)."""

import logging
import threading

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, connections

import inquiries.services
from inquiries.models import Inquiry, OutboxMail
from inquiries.services import inquiry_submit

pytestmark = pytest.mark.django_db


def reference_on_thanks_page(client) -> str:
    page = client.get("/inquiry/thanks/").content.decode()
    [reference] = {ref for ref in Inquiry.objects.values_list("reference", flat=True) if ref in page}
    return reference


def test_the_same_form_sent_again_with_the_cache_gone_shows_the_first_inquiry(client, form_data):
    """The guard is the database's: the cache may have been cleared or be down in between."""
    assert client.post("/inquiry/", form_data).status_code == 302
    first = Inquiry.objects.get()
    cache.clear()
    client.cookies.clear()
    assert client.post("/inquiry/", form_data).status_code == 302
    assert Inquiry.objects.count() == 1
    assert reference_on_thanks_page(client) == first.reference
    assert OutboxMail.objects.count() == 2


def test_a_second_insert_of_the_same_form_resolves_to_the_first_inquiry(client, form_data, monkeypatch):
    """The race: the repeat looked before the first had committed, so it reaches the insert,
    where the unique token stops it and sends it to the first inquiry's thank-you page."""
    assert client.post("/inquiry/", form_data).status_code == 302
    first = Inquiry.objects.get()
    looked = []
    real = inquiries.services._submitted_earlier

    def looked_too_early(token):
        looked.append(token)
        return None if len(looked) == 1 else real(token)

    monkeypatch.setattr(inquiries.services, "_submitted_earlier", looked_too_early)
    client.cookies.clear()
    assert client.post("/inquiry/", form_data).status_code == 302
    assert len(looked) == 2  # the look-up, then the look-up after the IntegrityError
    assert Inquiry.objects.count() == 1 and OutboxMail.objects.count() == 2
    assert reference_on_thanks_page(client) == first.reference


def test_the_submission_token_is_unique_in_the_database():
    assert Inquiry._meta.get_field("submission_token").unique
    assert not Inquiry._meta.get_field("submission_token").editable


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises all writers; runs when DATABASE_URL is PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_click_makes_one_inquiry_on_postgresql():
    clicks = 6
    start = threading.Barrier(clicks)
    references, errors = [], []

    def click():
        try:
            start.wait()
            inquiry = inquiry_submit(
                form_data={"contact_name": "王", "company": "并发公司", "email": "w@example.com", "consent": True},
                ip="192.0.2.1",
                language="zh-hans",
                submission_token="a" * 64,
            )
            references.append(inquiry.reference)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(references) == clicks and len(set(references)) == 1
    assert Inquiry.objects.count() == 1 and OutboxMail.objects.count() == 2


# --- Finding 4 -------------------------------------------------------------------------------


def test_after_commit_callbacks_can_be_logged_by_robust_on_commit(django_capture_on_commit_callbacks):
    """Django's robust on_commit logs a failing callback by its __qualname__ (functools.partial has none)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inquiry_submit(
            form_data={"contact_name": "王", "company": "某公司", "email": "w@example.com", "consent": True},
            ip="192.0.2.1",
            language="zh-hans",
        )
    assert callbacks and all(isinstance(callback.__qualname__, str) for callback in callbacks)


@pytest.mark.django_db(transaction=True)
def test_an_error_after_commit_does_not_turn_a_saved_inquiry_into_an_error_page(client, form_data, caplog):
    """The database connection lost right after the commit, when the mail work starts."""

    def lost_after_commit(execute, sql, params, many, context):
        queue = "django_q_ormq" in sql
        outbox_read = sql.lstrip().upper().startswith("SELECT") and "inquiries_outboxmail" in sql
        if queue or outbox_read:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with caplog.at_level(logging.ERROR), connection.execute_wrapper(lost_after_commit):
        response = client.post("/inquiry/", form_data)
    assert response.status_code == 302 and response["Location"] == "/inquiry/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.reference in client.get("/inquiry/thanks/").content.decode()
    # The mail waits in the outbox for the every-minute schedule; the failure is logged.
    assert sorted(inquiry.mails.values_list("status", flat=True)) == ["pending", "pending"]
    assert any("in on_commit()" in record.getMessage() for record in caplog.records)
