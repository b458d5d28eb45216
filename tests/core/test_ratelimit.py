"""core.ratelimit: fixed-window counters in one statement each, shared by every worker."""

import logging
import threading

import pytest
from django.db import DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

from core import ratelimit
from core.models import RateCounter

MINUTE = 1_800_000_000  # the start of a clock minute (a multiple of 60)


@pytest.mark.django_db
def test_counts_in_the_window_and_starts_again_in_the_next():
    counts = [ratelimit.count_hit("k", period=60, now=MINUTE + n) for n in range(3)]
    assert counts == [(1, MINUTE + 60), (2, MINUTE + 60), (3, MINUTE + 60)]
    assert ratelimit.count_hit("other", period=60, now=MINUTE + 5) == (1, MINUTE + 60)
    assert ratelimit.count_hit("k", period=60, now=MINUTE + 59.9) == (4, MINUTE + 60)
    assert ratelimit.count_hit("k", period=60, now=MINUTE + 60) == (1, MINUTE + 120)
    # One row per key, rewritten in place; "other"'s ended window was cleared as k's new one began.
    assert list(RateCounter.objects.values_list("key", "count")) == [("k", 1)]


@pytest.mark.django_db
def test_a_window_is_a_calendar_period_not_the_time_since_the_first_request():
    # MINUTE starts an hour too: a first request half an hour in gets the hour's last 1,800 s.
    assert ratelimit.count_hit("k", period=3600, now=MINUTE + 1800) == (1, MINUTE + 3600)
    assert ratelimit.count_hit("k", period=3600, now=MINUTE + 3599) == (2, MINUTE + 3600)
    assert ratelimit.count_hit("k", period=3600, now=MINUTE + 3600) == (1, MINUTE + 7200)


@pytest.mark.django_db
def test_ended_windows_are_cleared_when_a_new_one_begins():
    for n in range(5):
        ratelimit.count_hit(f"client-{n}", period=60, now=MINUTE + n)
    ratelimit.count_hit("late", period=60, now=MINUTE + 61)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["late"]


@pytest.mark.django_db
def test_a_count_in_the_window_is_one_statement():
    ratelimit.count_hit("k", period=60, now=MINUTE)
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.count_hit("k", period=60, now=MINUTE + 1)[0] == 2
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1 and statements[0].startswith("INSERT"), statements


@pytest.mark.django_db
def test_a_failing_store_lets_the_request_through_and_keeps_the_callers_transaction(monkeypatch, caplog):
    def broken(*args):
        raise DatabaseError("the counter table is away")

    monkeypatch.setattr(ratelimit, "_upsert", broken)
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        assert ratelimit.count_hit("k", period=60, now=MINUTE) == (0, MINUTE + 60)
    assert "rate limit store unavailable" in caplog.text
    assert RateCounter.objects.count() == 0  # the test's transaction is still usable


@pytest.mark.django_db
def test_a_real_database_error_rolls_back_only_the_count(monkeypatch):
    monkeypatch.setattr(ratelimit, "_UPSERT", 'INSERT INTO "no_such_table" ("key") VALUES (%s, %s, %s)')
    assert ratelimit.count_hit("k", period=60, now=MINUTE)[0] == 0
    assert RateCounter.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_each_count():
    """The old read-then-write counter lost counts between workers; the upsert loses none."""
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            for _ in range(25):
                ratelimit.count_hit("busy", period=3600)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RateCounter.objects.get(key="busy").count == 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED tables are PostgreSQL's")
@pytest.mark.django_db
def test_the_counter_table_writes_no_wal_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RateCounter._meta.db_table])
        assert cursor.fetchone() == ("u",)
