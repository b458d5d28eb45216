"""Seats, the waiting list, closing time, duplicates: registrations.services under the event's lock."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from registrations.models import Registration, RegistrationStatusLog
from registrations.services import registration_submit, seats_summary
from tests.registrations.conftest import make_event, register

pytestmark = pytest.mark.django_db


def test_seats_are_given_until_the_capacity_then_the_waiting_list_in_order():
    event = make_event(capacity=2)
    first = register(event, email="a@example.com")
    second = register(event, email="b@example.com")
    third = register(event, email="c@example.com")
    fourth = register(event, phone="13812345678")

    assert [first.status, second.status] == ["confirmed", "confirmed"]
    assert [third.status, fourth.status] == ["waiting", "waiting"]
    assert [third.waiting_position(), fourth.waiting_position()] == [1, 2]
    assert first.waiting_position() is None
    summary = seats_summary(event)
    assert (summary["seats_left"], summary["waiting"], summary["full"]) == (0, 2, True)
    assert list(RegistrationStatusLog.objects.filter(registration=third).values_list("to_stage", flat=True)) == [
        "waiting"
    ]


def test_references_are_numbered_per_year_with_their_own_prefix():
    event = make_event()
    year = timezone.localtime().year
    assert register(event, email="a@example.com").reference == f"HD{year}-00001"
    assert register(event, email="b@example.com").reference == f"HD{year}-00002"


def test_an_event_without_capacity_confirms_everyone():
    event = make_event(capacity=None)
    for n in range(5):
        assert register(event, email=f"p{n}@example.com").status == "confirmed"
    assert "seats_left" not in seats_summary(event)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"closes_in": datetime.timedelta(seconds=-1), "opens_in": datetime.timedelta(days=-2)}, "closed"),
        ({"opens_in": datetime.timedelta(days=1)}, "not_yet"),
        ({"closes_in": None, "capacity": None}, "none"),
        ({"status": "draft"}, "none"),
    ],
)
def test_registration_outside_its_window_is_refused_and_nothing_is_saved(fields, code):
    event = make_event(**fields)
    with pytest.raises(ValidationError) as refused:
        register(event, email="late@example.com")
    assert refused.value.code == code
    assert Registration.objects.count() == 0


def test_registration_closes_on_the_minute():
    event = make_event()
    closes = event.registration_closes_at
    register(event, email="just@example.com", now=closes - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        register(event, email="late@example.com", now=closes)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"email": "wang@example.com"}, {"email": "WANG@example.com"}),
        ({"phone": "13812345678"}, {"phone": "13812345678", "email": "other@example.com"}),
    ],
)
def test_the_same_contact_registers_once_per_event(first, second):
    event = make_event()
    register(event, **first)
    with pytest.raises(ValidationError) as refused:
        register(event, **second)
    assert refused.value.code == "duplicate"
    assert Registration.objects.count() == 1
    # Another event is another registration.
    assert register(make_event(), **second).status == "confirmed"


def test_a_cancelled_registration_does_not_block_registering_again():
    from registrations.services import registration_cancel

    event = make_event()
    first = register(event, email="wang@example.com")
    registration_cancel(registration=first)
    again = register(event, email="wang@example.com")
    assert again.status == "confirmed" and again.pk != first.pk


def test_the_same_form_sent_twice_returns_the_first_registration():
    event = make_event()
    data = {"contact_name": "王", "email": "w@example.com", "phone": "", "consent": True}
    first = registration_submit(event=event, form_data=data, submission_token="t" * 64)
    again = registration_submit(event=event, form_data=data, submission_token="t" * 64)
    assert again.pk == first.pk and Registration.objects.count() == 1


def test_consent_is_required():
    with pytest.raises(ValidationError):
        registration_submit(event=make_event(), form_data={"contact_name": "王", "email": "w@example.com"})
    assert Registration.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so it cannot show a race; runs when DATABASE_URL is PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_take_more_seats_than_the_capacity():
    event = make_event(capacity=3)
    people = 10
    start = threading.Barrier(people)
    errors = []

    def submit(n):
        try:
            start.wait()
            register(event, email=f"p{n}@example.com")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Registration.objects.filter(status="confirmed").count() == 3
    assert Registration.objects.filter(status="waiting").count() == people - 3
