"""The inquiries' background work: delivery by the worker, the schedules, overdue reminders, and
recovery from a worker killed in the middle of a job."""

import datetime
import pydoc

import pytest
from django.core import mail
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule, Success
from django_q.tasks import async_task

from inquiries.models import Inquiry, OutboxMail
from inquiries.services import _claim, inquiries_remind_overdue, inquiry_submit, outbox_send_pending
from tests.factories import InquiryFactory, UserFactory

pytestmark = pytest.mark.django_db


def later(monkeypatch, seconds: float):
    moved = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def submit(**overrides):
    data = {"contact_name": "王小明", "company": "某公司", "email": "wang@example.com", "consent": True}
    return inquiry_submit(form_data={**data, **overrides}, ip="192.0.2.1", language="zh-hans")


# --- Schedules -------------------------------------------------------------------------------


def test_schedules_run_the_outbox_every_minute_retention_daily_and_reminders_hourly(job_schedules):
    assert Schedule.objects.filter(func__startswith="inquiries.").count() == 3  # created once, however often run
    schedules = {s.func: (s.schedule_type, s.minutes) for s in Schedule.objects.all()}
    assert schedules["inquiries.jobs.deliver_due_mail"] == (Schedule.MINUTES, 1)
    assert schedules["inquiries.jobs.anonymise_old_inquiries"][0] == Schedule.DAILY
    assert schedules["inquiries.jobs.remind_overdue_inquiries"][0] == Schedule.HOURLY


def test_every_scheduled_job_runs_on_the_worker(job_schedules, run_jobs):
    for schedule in Schedule.objects.filter(func__startswith="inquiries."):
        assert callable(pydoc.locate(schedule.func)), schedule.func
        async_task(schedule.func)
    finished = run_jobs()
    assert len(finished) == 3 and all(task["success"] for task in finished), finished


def test_the_schedule_sends_mail_whose_job_was_never_queued(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=False):  # as if the queue had been down
        inquiry = submit()
    assert run_jobs() == []
    async_task("inquiries.jobs.deliver_due_mail")  # what the every-minute schedule queues
    [task] = run_jobs()
    assert task["success"] and task["result"] == "sent 2, failed 0"
    assert len(mail.outbox) == 2 and all(inquiry.reference in m.subject for m in mail.outbox)


# --- A worker killed mid-job -----------------------------------------------------------------


def test_a_job_whose_worker_was_killed_is_handed_out_again_after_retry_and_completes(
    settings, monkeypatch, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit()
    broker = get_broker()
    [(ack_id, _payload)] = broker.dequeue()  # a worker took the job ...
    _claim(inquiry.mails.first().pk, 8)  # ... recorded its first attempt and was killed (no acknowledgement)
    assert run_jobs() == []  # locked for `retry` seconds
    later(monkeypatch, settings.Q_CLUSTER["retry"] + 1)
    [task] = run_jobs()
    assert task["success"] and task["id"] == _payload_id(_payload)
    assert set(inquiry.mails.values_list("status", flat=True)) == {OutboxMail.Status.SENT}
    assert Success.objects.filter(func="inquiries.jobs.deliver_mail").count() == 1
    assert len(mail.outbox) == 2


def _payload_id(payload):
    from django_q.signing import SignedPackage

    return SignedPackage.loads(payload)["id"]


def test_mail_left_sending_by_a_killed_worker_waits_for_its_lease_then_goes_out_once(settings, monkeypatch):
    inquiry = InquiryFactory()
    row = OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.ACKNOWLEDGE)
    claimed = _claim(row.pk, 8)  # the killed worker's attempt, committed before it talked to the server
    assert claimed.status == OutboxMail.Status.SENDING and claimed.attempts == 1
    assert outbox_send_pending() == (0, 0)  # another worker leaves it alone while the lease runs
    later(monkeypatch, settings.Q_CLUSTER["timeout"] + 6)
    assert outbox_send_pending() == (1, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxMail.Status.SENT, 2)
    later(monkeypatch, 2 * settings.Q_CLUSTER["timeout"] + 100)
    assert outbox_send_pending() == (0, 0)
    assert len(mail.outbox) == 1


def test_a_mail_marked_sent_is_not_sent_again_when_its_job_runs_twice(django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit()
    ids = list(inquiry.mails.values_list("pk", flat=True))
    run_jobs()
    async_task("inquiries.jobs.deliver_mail", ids)  # the same job handed out again
    [task] = run_jobs()
    assert task["success"] and task["result"] == "sent 0, failed 0"
    assert len(mail.outbox) == 2


# --- Overdue reminders -----------------------------------------------------------------------


def overdue_inquiry(**fields):
    return InquiryFactory(due_at=timezone.now() - datetime.timedelta(hours=2), **fields)


def test_overdue_reminder_goes_to_the_owner_at_most_once_a_day(
    officer, monkeypatch, django_capture_on_commit_callbacks, run_jobs
):
    inquiry = overdue_inquiry(owner=officer, stage=Inquiry.Stage.ASSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        assert inquiries_remind_overdue() == 1
        assert inquiries_remind_overdue() == 0  # the hourly schedule runs again
    run_jobs()
    [reminder] = mail.outbox
    assert reminder.to == [officer.email]
    assert inquiry.reference in reminder.subject and f"/admin/inquiries/inquiry/{inquiry.pk}/change/" in reminder.body
    assert "张三" not in reminder.body  # the reference and a link; the details stay in the back office
    later(monkeypatch, 23 * 3600)
    assert inquiries_remind_overdue() == 0
    later(monkeypatch, 24 * 3600 + 60)
    assert inquiries_remind_overdue() == 1
    assert inquiry.mails.filter(kind=OutboxMail.Kind.OVERDUE).count() == 2


def test_overdue_reminder_without_an_owner_goes_to_the_inbox_and_officers(
    settings, officer, django_capture_on_commit_callbacks, run_jobs
):
    settings.INQUIRY_INBOX = ["inbox@example.gov.cn"]
    overdue_inquiry()
    with django_capture_on_commit_callbacks(execute=True):
        assert inquiries_remind_overdue() == 1
    run_jobs()
    assert [m.to for m in mail.outbox] == [["inbox@example.gov.cn", officer.email]]


def test_no_reminder_once_contacted_before_due_or_anonymised(officer):
    overdue_inquiry(owner=officer, stage=Inquiry.Stage.CONTACTED)
    overdue_inquiry(owner=officer, stage=Inquiry.Stage.CLOSED, closed_reason="无后续")
    InquiryFactory(owner=officer, due_at=timezone.now() + datetime.timedelta(hours=1))
    overdue_inquiry(anonymised_at=timezone.now())
    assert inquiries_remind_overdue() == 0
    assert not OutboxMail.objects.exists()


# --- Failed jobs in the admin ----------------------------------------------------------------


def test_a_failed_mail_job_is_listed_in_the_admin_and_can_be_queued_again(
    client, settings, django_capture_on_commit_callbacks, run_jobs
):
    from django_q.models import Failure, OrmQ

    settings.EMAIL_BACKEND = "tests.inquiries.test_services.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    run_jobs()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get("/admin/django_q/failure/").content.decode()
    assert "inquiries.jobs.deliver_mail" in page and "sent 0, failed 2" in page
    assert "失败的任务" in page
    failure = Failure.objects.get()
    response = client.post(
        "/admin/django_q/failure/", {"action": "run_again", "_selected_action": [failure.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not Failure.objects.exists() and OrmQ.objects.count() == 1
