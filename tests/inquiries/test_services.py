"""Services: reference numbers, due dates, the pipeline, anonymising, and mail that may fail."""

import datetime
import logging
import smtplib
import zoneinfo
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import Inquiry, InquiryReferenceSequence, InquiryStageLog, OutboxMail
from inquiries.services import (
    SUBMITTED_FIELDS,
    first_response_due,
    inquiry_add_note,
    inquiry_anonymise,
    inquiry_assign,
    inquiry_move,
    inquiry_submit,
    mail_retry_delay,
    outbox_send_pending,
)
from tests.factories import InquiryFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class FailingBackend:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"wang@example.com": (550, b"no such user wang@example.com")})


def submitted_data(**overrides):
    data = {
        "contact_name": "王小明",
        "company": "某公司",
        "email": "wang@example.com",
        "phone": "13812345678",
        "consent": True,
        "investment_amount": Decimal("3"),
    }
    return {**data, **overrides}


def submit(**overrides):
    return inquiry_submit(form_data=submitted_data(**overrides), ip="192.0.2.1", language="zh-hans")


# --- Reference numbers and due dates ---------------------------------------------------------


def test_references_count_up_per_year_and_restart_in_a_new_year(monkeypatch):
    assert [submit().reference for _ in range(3)] == ["QK2026-00001", "QK2026-00002", "QK2026-00003"]
    new_year = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: new_year)
    assert submit().reference == "QK2027-00001"
    assert dict(InquiryReferenceSequence.objects.values_list("year", "last_number")) == {2026: 3, 2027: 1}


def test_year_of_the_reference_is_the_local_year(monkeypatch):
    # 2026-12-31 17:00 UTC is already 2027 in Beijing.
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC))
    assert submit().reference == "QK2027-00001"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ((2026, 11, 23, 10, 0), 1, (2026, 11, 24, 10, 0)),  # Monday → Tuesday
        ((2026, 11, 27, 17, 0), 1, (2026, 11, 30, 17, 0)),  # Friday → Monday
        ((2026, 11, 28, 9, 0), 1, (2026, 11, 30, 9, 0)),  # Saturday → Monday
        ((2026, 11, 29, 9, 0), 1, (2026, 11, 30, 9, 0)),  # Sunday → Monday
        ((2026, 11, 26, 9, 0), 3, (2026, 12, 1, 9, 0)),  # Thursday + 3 → Tuesday
        ((2026, 11, 28, 9, 0), 0, (2026, 11, 30, 9, 0)),  # 0 days at the weekend → Monday
    ],
)
def test_first_response_due_skips_weekends(start, days, due):
    result = first_response_due(datetime.datetime(*start, tzinfo=SHANGHAI), days)
    assert result == datetime.datetime(*due, tzinfo=SHANGHAI)


def test_due_date_follows_the_setting(settings, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC))
    settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS = 2
    assert timezone.localtime(submit().due_at).date() == datetime.date(2026, 11, 25)


def test_submit_takes_the_public_forms_own_fields_and_nothing_else():
    from inquiries.forms import InquiryForm

    own = {f.name for f in Inquiry._meta.concrete_fields}
    assert set(SUBMITTED_FIELDS) == {name for name in InquiryForm.base_fields if name in own}
    assert {"contact_name", "message", "zone", "about_project", "about_enterprise"} <= set(SUBMITTED_FIELDS)
    inquiry = submit(stage=Inquiry.Stage.CLOSED, reference="QK1999-00001", timing="")
    assert inquiry.stage == Inquiry.Stage.NEW and inquiry.reference != "QK1999-00001"


def test_submit_without_consent_is_refused():
    with pytest.raises(ValidationError):
        submit(consent=False)
    assert Inquiry.objects.count() == 0


# --- Mail ------------------------------------------------------------------------------------


def later(monkeypatch, seconds: float):
    """Move the clock on by `seconds` from the real now (not from an earlier move)."""
    moved = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def test_mail_is_queued_for_the_worker_after_commit_and_never_sent_in_the_request(
    django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inquiry = submit()
    assert run_jobs() == []  # nothing is queued before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox == []  # queued, not sent
    [job] = run_jobs()
    assert job["func"] == "inquiries.jobs.deliver_mail" and job["success"]
    assert {m.subject for m in mail.outbox} == {
        f"新投资咨询 {inquiry.reference}",
        f"您的投资咨询 {inquiry.reference}",
    }


def test_officers_and_inbox_are_notified(settings, officer, django_capture_on_commit_callbacks, run_jobs):
    settings.INQUIRY_INBOX = ["inbox@example.gov.cn"]
    settings.SITE_URL = "https://invest.example.gov.cn"
    UserFactory(username="not-an-officer", email="other@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit()
    run_jobs()
    notice = next(m for m in mail.outbox if "新投资咨询" in m.subject)
    assert notice.to == ["inbox@example.gov.cn", officer.email]
    # The link opens the inquiry from the mail: absolute, from SITE_URL (issue 24).
    assert f"https://invest.example.gov.cn/admin/inquiries/inquiry/{inquiry.pk}/change/" in notice.body
    assert "wang@example.com" not in notice.body and "13812345678" not in notice.body


def test_acknowledgement_carries_no_text_the_sender_typed(django_capture_on_commit_callbacks, run_jobs):
    """Anyone can type someone else's address: what goes to it must not carry their words (finding 10)."""
    typed = {
        "contact_name": "点击链接领奖",
        "company": "免费赠送公司",
        "job_title": "请访问 spam.example",
        "country": "中奖国",
        "message": "Visit http://spam.example now",
    }
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit(**typed)
    run_jobs()
    [ack] = [m for m in mail.outbox if m.to == ["wang@example.com"]]
    assert inquiry.reference in ack.subject and inquiry.reference in ack.body
    text = ack.subject + ack.body + str(ack.extra_headers)
    for value in typed.values():
        assert value not in text, value
    assert "13812345678" not in text


def test_mail_failure_keeps_the_inquiry_and_is_recorded_without_personal_data(
    settings, django_capture_on_commit_callbacks, caplog, run_jobs
):
    from django_q.models import Failure

    settings.EMAIL_BACKEND = "tests.inquiries.test_services.FailingBackend"
    with caplog.at_level(logging.WARNING, logger="inquiries.services"):
        with django_capture_on_commit_callbacks(execute=True):
            inquiry = submit()
        started = timezone.now()
        run_jobs()
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()
    rows = OutboxMail.objects.filter(inquiry=inquiry).order_by("pk")
    assert [(m.kind, m.status, m.attempts, m.last_error) for m in rows] == [
        ("notify", "failed", 1, "SMTPRecipientsRefused"),
        ("ack", "failed", 1, "SMTPRecipientsRefused"),
    ]
    for row in rows:  # the first retry a minute later
        assert started + datetime.timedelta(seconds=55) < row.next_attempt_at < started + datetime.timedelta(seconds=65)
    # The job is a failed task in the admin (django-q2's Failure), its result says how many failed.
    failure = Failure.objects.get()
    assert failure.func == "inquiries.jobs.deliver_mail" and "failed 2" in failure.result
    assert len(caplog.records) == 2
    for record in caplog.records:
        assert record.reference == inquiry.reference
        text = record.getMessage() + str(vars(record))
        assert "wang@example.com" not in text and "王小明" not in text and "13812345678" not in text


def test_a_failing_mail_does_not_break_the_form_response(
    client, form_data, settings, django_capture_on_commit_callbacks, run_jobs
):
    settings.EMAIL_BACKEND = "tests.inquiries.test_services.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inquiry/", form_data)
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1
    assert sorted(OutboxMail.objects.values_list("status", flat=True)) == ["pending", "pending"]
    run_jobs()
    assert sorted(OutboxMail.objects.values_list("status", flat=True)) == ["failed", "failed"]


def test_failed_mail_is_retried_with_growing_back_off_and_sent_once(
    settings, monkeypatch, django_capture_on_commit_callbacks, run_jobs
):
    settings.EMAIL_BACKEND = "tests.inquiries.test_services.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit()
    run_jobs()  # the first attempt fails
    out = StringIO()
    call_command("send_pending_mail", stdout=out)  # within the back-off: nothing is due
    assert "sent 0, still failing 0" in out.getvalue()
    assert sorted(OutboxMail.objects.values_list("attempts", flat=True)) == [1, 1]

    later(monkeypatch, 61)
    call_command("send_pending_mail", stdout=(out := StringIO()))  # still failing
    assert "sent 0, still failing 2" in out.getvalue()
    assert sorted(OutboxMail.objects.values_list("attempts", flat=True)) == [2, 2]
    waits = {(m.next_attempt_at - m.last_attempt_at).total_seconds() for m in OutboxMail.objects.all()}
    assert {round(w) for w in waits} == {120}  # doubled

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later(monkeypatch, 61 + 60)
    call_command("send_pending_mail", stdout=(out := StringIO()))
    assert "sent 0, still failing 0" in out.getvalue()  # 2 minutes have not passed yet
    later(monkeypatch, 61 + 121)
    call_command("send_pending_mail", stdout=(out := StringIO()))
    assert "sent 2, still failing 0" in out.getvalue()
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {OutboxMail.Status.SENT}
    assert len(mail.outbox) == 2 and all(inquiry.reference in m.subject for m in mail.outbox)
    # Nothing is sent twice.
    later(monkeypatch, 3600)
    call_command("send_pending_mail", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_send_pending_mail_gives_up_after_the_maximum_attempts(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.inquiries.test_services.FailingBackend"
    with django_capture_on_commit_callbacks(execute=False):
        submit()
    for n in range(6):
        later(monkeypatch, n * 7 * 3600)
        outbox_send_pending(max_attempts=3)
    assert set(OutboxMail.objects.values_list("attempts", flat=True)) == {3}
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {"failed"}


def test_back_off_doubles_up_to_six_hours():
    assert [mail_retry_delay(n).total_seconds() for n in (1, 2, 3, 10, 20)] == [60, 120, 240, 6 * 3600, 6 * 3600]


def test_subjects_and_headers_cannot_be_injected(django_capture_on_commit_callbacks, run_jobs):
    """Name and company go through the form's cleaning; even raw, they never reach a header."""
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit(contact_name="A\r\nBcc: victim@example.com", company="X\nSubject: spam")
    run_jobs()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.subject.endswith(inquiry.reference)
        raw = message.message().as_string()
        assert "Bcc: victim@example.com" not in raw.split("\n\n", 1)[0]
        assert "Subject: spam" not in raw.split("\n\n", 1)[0]


def test_an_e_mail_address_with_a_line_break_is_refused():
    with pytest.raises(ValidationError):
        submit(email="a@example.com\nBcc: b@example.com")


def test_acknowledgement_is_not_queued_without_an_e_mail():
    inquiry = submit(email="")
    assert list(inquiry.mails.values_list("kind", flat=True)) == [OutboxMail.Kind.NOTIFY_OFFICERS]


# --- Pipeline --------------------------------------------------------------------------------


def test_move_writes_one_log_row_per_move(officer):
    inquiry = InquiryFactory()
    inquiry_move(inquiry=inquiry, to_stage="contacted", user=officer)
    inquiry_move(inquiry=inquiry, to_stage="contacted", user=officer)  # no move, no row
    inquiry_move(inquiry=inquiry, to_stage="site_visit", user=officer)
    rows = list(InquiryStageLog.objects.filter(inquiry=inquiry).values_list("from_stage", "to_stage", "changed_by"))
    assert rows == [("new", "contacted", officer.pk), ("contacted", "site_visit", officer.pk)]
    inquiry.refresh_from_db()
    assert inquiry.stage == "site_visit"


def test_closing_needs_a_reason(officer):
    inquiry = InquiryFactory()
    with pytest.raises(ValidationError) as excinfo:
        inquiry_move(inquiry=inquiry, to_stage="closed", user=officer, reason="  ")
    assert "closed_reason" in excinfo.value.message_dict
    inquiry.refresh_from_db()
    assert inquiry.stage == "new" and not inquiry.stage_log.exists()
    inquiry_move(inquiry=inquiry, to_stage="closed", user=officer, reason="选择了其他园区")
    inquiry.refresh_from_db()
    assert inquiry.closed_reason == "选择了其他园区"
    assert inquiry.stage_log.get().reason == "选择了其他园区"


def test_unknown_stage_is_refused(officer):
    with pytest.raises(ValidationError):
        inquiry_move(inquiry=InquiryFactory(), to_stage="won", user=officer)


def test_assign_to_an_officer_moves_a_new_inquiry_and_mails_the_officer(
    officer, django_capture_on_commit_callbacks, run_jobs
):
    lead = UserFactory(username="lead")
    inquiry = InquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_assign(inquiry=inquiry, officer=officer, user=lead)
    run_jobs()
    inquiry.refresh_from_db()
    assert inquiry.owner == officer and inquiry.stage == "assigned"
    assert inquiry.stage_log.get().changed_by == lead
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert inquiry.reference in mail.outbox[0].subject


def test_assign_refuses_someone_who_is_not_an_officer():
    inquiry = InquiryFactory()
    with pytest.raises(ValidationError):
        inquiry_assign(inquiry=inquiry, officer=UserFactory(username="editor"), user=None)
    inquiry.refresh_from_db()
    assert inquiry.owner is None


def test_add_note(officer):
    inquiry = InquiryFactory()
    note = inquiry_add_note(inquiry=inquiry, author=officer, text="  电话联系，约下周考察  ")
    assert note.text == "电话联系，约下周考察" and note.author == officer
    with pytest.raises(ValidationError):
        inquiry_add_note(inquiry=inquiry, author=officer, text=" ")


# --- Anonymising -----------------------------------------------------------------------------


def test_anonymise_erases_personal_fields_everywhere_and_keeps_the_rest(officer):
    inquiry = submit(job_title="总经理", message="请拨打 13812345678", country="德国", land_mu=Decimal("20"))
    inquiry_add_note(inquiry=inquiry, author=officer, text="王先生手机 13812345678")
    inquiry_move(inquiry=inquiry, to_stage="closed", user=officer, reason="项目取消")
    assert inquiry.history.count() >= 2
    inquiry_anonymise(inquiry=inquiry, user=officer)

    inquiry.refresh_from_db()
    for name in ("contact_name", "company", "job_title", "phone", "email", "message"):
        assert getattr(inquiry, name) == "", name
    assert inquiry.anonymised_at is not None
    # Kept for statistics.
    assert inquiry.country == "德国" and inquiry.land_mu == Decimal("20")
    assert inquiry.investment_amount == Decimal("3") and inquiry.stage == "closed"
    assert inquiry.reference.startswith("QK")
    # No history row and no note keeps the personal data.
    for row in Inquiry.history.filter(id=inquiry.pk).values():
        for value in row.values():
            assert (
                "王小明" not in str(value) and "13812345678" not in str(value) and "wang@example.com" not in str(value)
            )
    assert list(inquiry.notes.values_list("text", flat=True)) == ["—"]
    assert set(inquiry.mails.values_list("status", flat=True)) <= {"cancelled", "sent"}


def test_anonymise_refuses_an_open_inquiry(officer):
    inquiry = submit()
    with pytest.raises(ValidationError):
        inquiry_anonymise(inquiry=inquiry, user=officer)
    inquiry.refresh_from_db()
    assert inquiry.contact_name == "王小明"


def test_retention_command_anonymises_only_inquiries_closed_three_years_ago(officer):
    old, recent, still_open = submit(), submit(), submit()
    for inquiry in (old, recent):
        inquiry_move(inquiry=inquiry, to_stage="closed", user=officer, reason="无后续")
    InquiryStageLog.objects.filter(inquiry=old).update(changed_at=timezone.now() - datetime.timedelta(days=3 * 365 + 1))
    call_command("anonymise_old_inquiries", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert old.anonymised_at and old.contact_name == ""
    assert recent.anonymised_at is None and recent.contact_name == "王小明"
    assert still_open.anonymised_at is None
