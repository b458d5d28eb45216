"""Anonymising on the inquiries' schedule (cases.privacy.RETENTION_DAYS), by the daily job its migration creates."""

import datetime
import importlib

import pytest
from django.utils import timezone
from django_q.models import Schedule

from cases.privacy import RETENTION_DAYS
from registrations.jobs import anonymise_old_registrations
from registrations.models import Registration, RegistrationMail
from registrations.services import registration_cancel
from tests.registrations.conftest import make_event, register

pytestmark = pytest.mark.django_db


def test_the_migration_schedules_the_mail_and_anonymising_jobs():
    migration = importlib.import_module("registrations.migrations.0002_job_schedules")
    from django.apps import apps

    migration.create_schedules(apps, None)
    functions = set(Schedule.objects.filter(name__startswith="registrations:").values_list("func", flat=True))
    assert functions == {"registrations.jobs.deliver_due_mail", "registrations.jobs.anonymise_old_registrations"}


def _age(registration, days):
    """Move the registration's event `days` into the past (the event ended then)."""
    event = registration.event
    event.starts_at = timezone.now() - datetime.timedelta(days=days, hours=3)
    event.ends_at = timezone.now() - datetime.timedelta(days=days)
    event.registration_opens_at = None
    event.registration_closes_at = event.starts_at
    event.save()


def test_registrations_of_events_over_for_longer_than_the_retention_are_anonymised():
    old = register(make_event(), email="old@example.com", phone="13812345678")
    recent = register(make_event(), email="recent@example.com")
    _age(old, RETENTION_DAYS + 1)
    _age(recent, RETENTION_DAYS - 1)

    assert anonymise_old_registrations() == "anonymised 1"
    old.refresh_from_db()
    assert (old.contact_name, old.company, old.email, old.phone) == ("", "", "", "")
    assert old.anonymised_at is not None and old.reference.startswith("HD") and old.status == "confirmed"
    assert not old.history.exclude(email="").exists() and not old.history.exclude(contact_name="").exists()
    recent.refresh_from_db()
    assert recent.email == "recent@example.com" and recent.anonymised_at is None
    assert anonymise_old_registrations() == "anonymised 0"


def test_a_cancelled_registration_is_anonymised_the_retention_after_cancelling():
    registration = register(make_event(), email="c@example.com")
    long_ago = timezone.now() - datetime.timedelta(days=RETENTION_DAYS + 1)
    registration_cancel(registration=registration, now=long_ago)
    assert anonymise_old_registrations() == "anonymised 1"
    registration.refresh_from_db()
    assert registration.email == ""
    # Unsent mail about it is cancelled, never sent with the data gone.
    assert not RegistrationMail.objects.filter(status="pending").exists()


def test_an_anonymised_registration_cannot_be_looked_up(client):
    registration = register(make_event(), email="a@example.com")
    _age(registration, RETENTION_DAYS + 1)
    anonymise_old_registrations()
    assert Registration.objects.find_for_registrant(reference=registration.reference, contact="a@example.com") is None


def test_the_privacy_notice_covers_registrations(client):
    page = client.get("/privacy/").content.decode()
    assert 'id="event-registrations"' in page and "活动报名" in page
    assert "保存期限：至活动结束或您取消报名为止" in page
