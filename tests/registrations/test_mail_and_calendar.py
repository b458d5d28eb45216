"""The confirmation mail: through the outbox, in the registrant's language, with an .ics that a second,
independent parser (vobject) reads back: the event's UID, its times in Asia/Shanghai, place and URL."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail

from registrations.models import RegistrationMail
from registrations.services import OUTBOX, registration_cancel
from tests.registrations.conftest import make_event, register

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def deliver(django_capture_on_commit_callbacks, run_jobs, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(**kwargs)
    run_jobs()
    return registration


def test_confirmation_goes_out_in_the_background_with_reference_and_calendar(
    django_capture_on_commit_callbacks, run_jobs, settings
):
    settings.SITE_URL = "https://invest.example.gov.cn"
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, email="wang@example.com")
    assert mail.outbox == []  # nothing is sent in the request: a job does it
    run_jobs()

    (message,) = mail.outbox
    assert message.to == ["wang@example.com"]
    assert registration.reference in message.subject and registration.reference in message.body
    assert "您的席位已确认" in message.body and "钱开区管委会一楼报告厅" in message.body
    assert f"https://invest.example.gov.cn/events/registration/?ref={registration.reference}" in message.body
    assert RegistrationMail.objects.get().status == "sent"

    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("event.ics", "text/calendar")
    calendar = vobject.readOne(content)
    vevent = calendar.vevent
    assert vevent.uid.value == f"news-event-{event.pk}@invest.example.gov.cn"
    assert vevent.dtstart.value == event.starts_at.astimezone(SHANGHAI)
    assert vevent.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Shanghai"]
    assert vevent.dtstart.value.utcoffset() == datetime.timedelta(hours=8)
    assert vevent.dtend.value == event.ends_at
    assert vevent.location.value == "钱开区管委会一楼报告厅"
    assert vevent.url.value == f"https://invest.example.gov.cn/events/{event.slug}/"
    assert vevent.summary.value == event.title


def test_an_english_registrant_gets_english_mail_and_calendar(django_capture_on_commit_callbacks, run_jobs):
    event = make_event()
    deliver(django_capture_on_commit_callbacks, run_jobs, event=event, email="en@example.com", language="en")
    (message,) = mail.outbox
    assert message.subject.startswith("Your registration HD")
    assert "Your seat is confirmed" in message.body and "Investment fair" in message.body
    calendar = vobject.readOne(message.attachments[0][1])
    assert calendar.vevent.summary.value == event.title_en
    assert calendar.vevent.location.value == event.place_en


def test_the_waiting_list_mail_gives_the_position_and_no_calendar(django_capture_on_commit_callbacks, run_jobs):
    event = make_event(capacity=1)
    deliver(django_capture_on_commit_callbacks, run_jobs, event=event, email="first@example.com")
    deliver(django_capture_on_commit_callbacks, run_jobs, event=event, email="second@example.com")
    message = mail.outbox[-1]
    assert "您在候补名单上排第 1 位" in message.body
    assert message.attachments == []


def test_a_registrant_with_a_phone_only_gets_no_mail(django_capture_on_commit_callbacks, run_jobs):
    deliver(django_capture_on_commit_callbacks, run_jobs, event=make_event(), phone="13812345678")
    assert mail.outbox == [] and RegistrationMail.objects.count() == 0


def test_a_confirmation_not_yet_sent_when_the_registration_is_cancelled_is_not_sent():
    event = make_event()
    registration = register(event, email="w@example.com")
    registration_cancel(registration=registration)
    OUTBOX.send_pending()
    assert [m.subject for m in mail.outbox] == [f"报名 {registration.reference} 已取消"]
    kinds = dict(RegistrationMail.objects.values_list("kind", "status"))
    assert kinds == {"registered": "cancelled", "cancelled": "sent"}
