"""Writes with side effects for inquiries: submitting, the pipeline, notes, anonymising, mail."""

import datetime
import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from inquiries.forms import InquiryForm
from inquiries.models import (
    Inquiry,
    InquiryNote,
    InquiryReferenceSequence,
    InquiryStageLog,
    OutboxMail,
    SpaceProposal,
)
from spaces.models import Space
from staff.models import OfficerProfile
from staff.roles import INVESTMENT_OFFICER

logger = logging.getLogger(__name__)

# What the public form may set: its fields that are the inquiry's own (so they are listed once, in the
# form). Everything else (stage, owner, dates, reference) is decided here.
SUBMITTED_FIELDS = [name for name in InquiryForm.base_fields if name in {f.name for f in Inquiry._meta.concrete_fields}]
# Erased by inquiry_anonymise, in the inquiry and in all its history rows.
PERSONAL_FIELDS = ["contact_name", "company", "job_title", "phone", "email", "message"]
ERASED_NOTE = "—"
MAIL_MAX_ATTEMPTS = 8
# Back-off of a failed mail: 1, 2, 4, … minutes after each failed attempt, at most 6 hours.
MAIL_RETRY_BASE_SECONDS = 60
MAIL_RETRY_MAX_SECONDS = 6 * 3600
# An owner hears about an inquiry still waiting for its first response at most once a day.
OVERDUE_REMINDER_INTERVAL = datetime.timedelta(days=1)
# Closed inquiries keep their personal data this long, as the privacy notice promises.
RETENTION_DAYS = 3 * 365


def first_response_due(start: datetime.datetime, working_days: int | None = None) -> datetime.datetime:
    """`working_days` Monday-to-Friday days after `start` (local time), at the same time of day.

    Public holidays are not known to the portal; officers move the due date by hand around them.
    """
    days = settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS if working_days is None else working_days
    due = timezone.localtime(start)
    while days > 0:
        due += datetime.timedelta(days=1)
        if due.weekday() < 5:
            days -= 1
    while due.weekday() >= 5:  # submitted at the weekend with 0 days: the next Monday
        due += datetime.timedelta(days=1)
    return due


def _next_reference(*, year: int) -> str:
    """QK<year>-<5 digits>, counted per year in a row locked until the transaction ends."""
    sequence, _created = InquiryReferenceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"QK{year}-{sequence.last_number:05d}"


def _client_key(ip: str) -> str:
    """A keyed hash of the address: lets the log show repeated senders without storing the address."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()[:12]


def inquiry_submit(*, form_data: dict, ip: str, language: str, submission_token: str | None = None) -> Inquiry:
    """Save an investor's inquiry and queue the mails to the officers and the investor.

    `submission_token` identifies the rendered form: sending the same form again (a double click,
    even while the first request is still being saved) returns the first inquiry, guarded by the
    unique constraint on the column. The client address is not stored with the inquiry; only a keyed
    hash of it goes to the log.
    """
    if not form_data.get("consent"):
        raise ValidationError(_("An inquiry needs the investor's consent."))
    earlier = _submitted_earlier(submission_token)
    if earlier is not None:
        return earlier
    now = timezone.now()
    try:
        with transaction.atomic():
            inquiry = Inquiry(
                **{
                    name: form_data[name]
                    for name in SUBMITTED_FIELDS
                    if name in form_data and form_data[name] is not None
                },
                consent_at=now,
                language=language or settings.LANGUAGE_CODE,
                stage=Inquiry.Stage.NEW,
                due_at=first_response_due(now),
                submission_token=submission_token or None,
            )
            inquiry.reference = _next_reference(year=timezone.localtime(now).year)
            inquiry.full_clean(exclude=["submission_token"])  # the database decides, in save()
            inquiry.save()
            InquiryStageLog.objects.create(inquiry=inquiry, from_stage="", to_stage=Inquiry.Stage.NEW)
            mails = [OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.NOTIFY_OFFICERS)]
            if inquiry.email:
                mails.append(OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.ACKNOWLEDGE))
            _deliver_after_commit([mail.pk for mail in mails])
    except IntegrityError:
        # The same form saved by a concurrent request between our look-up and our insert.
        earlier = _submitted_earlier(submission_token)
        if earlier is None:
            raise
        return earlier
    logger.info("inquiry received", extra={"reference": inquiry.reference, "client": _client_key(ip)})
    return inquiry


def _submitted_earlier(submission_token: str | None) -> Inquiry | None:
    if not submission_token:
        return None
    earlier = Inquiry.objects.filter(submission_token=submission_token).first()
    if earlier is not None:
        logger.info("inquiry sent again", extra={"reference": earlier.reference})
    return earlier


def inquiry_move(*, inquiry: Inquiry, to_stage: str, user, reason: str = "") -> Inquiry:
    """Move along the pipeline, one stage-log row per move; closing needs a reason."""
    if to_stage not in Inquiry.Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    reason = (reason or "").strip()
    if to_stage == Inquiry.Stage.CLOSED and not reason:
        raise ValidationError({"closed_reason": _("A closed inquiry needs a reason.")})
    with transaction.atomic():
        current = Inquiry.objects.select_for_update().only("stage").get(pk=inquiry.pk)
        if current.stage == to_stage:
            inquiry.stage = to_stage
            return inquiry
        inquiry.stage = to_stage
        fields = ["stage", "updated_at"]
        if to_stage == Inquiry.Stage.CLOSED:
            inquiry.closed_reason = reason
            fields.append("closed_reason")
        inquiry.save(update_fields=fields)
        InquiryStageLog.objects.create(
            inquiry=inquiry, from_stage=current.stage, to_stage=to_stage, changed_by=user, reason=reason
        )
    return inquiry


def officers():
    return get_user_model().objects.filter(groups__name=INVESTMENT_OFFICER, is_active=True).distinct()


def inquiry_assign(*, inquiry: Inquiry, officer, user) -> Inquiry:
    """Give the inquiry an owner (an active investment officer); a new inquiry becomes assigned."""
    if officer is not None and not officers().filter(pk=officer.pk).exists():
        raise ValidationError({"owner": _("The owner must be an active investment officer.")})
    with transaction.atomic():
        inquiry.owner = officer
        inquiry.save(update_fields=["owner", "updated_at"])
        if officer is not None and inquiry.stage == Inquiry.Stage.NEW:
            inquiry_move(inquiry=inquiry, to_stage=Inquiry.Stage.ASSIGNED, user=user)
        if officer is not None and officer.email and officer != user:
            mail = OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.ASSIGNED)
            _deliver_after_commit([mail.pk])
    return inquiry


def inquiry_add_note(*, inquiry: Inquiry, author, text: str) -> InquiryNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A note cannot be empty.")})
    note = InquiryNote(inquiry=inquiry, author=author, text=text)
    note.full_clean()
    note.save()
    return note


def inquiry_anonymise(*, inquiry: Inquiry, user) -> Inquiry:
    """Erase the personal fields of a closed inquiry, in its history too; keep the rest for statistics."""
    if inquiry.stage != Inquiry.Stage.CLOSED:
        raise ValidationError(_("Only closed inquiries can be anonymised."))
    if inquiry.anonymised_at:
        return inquiry
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    with transaction.atomic():
        for name, value in blank.items():
            setattr(inquiry, name, value)
        inquiry.anonymised_at = timezone.now()
        inquiry._change_reason = "anonymised"
        inquiry.save()
        Inquiry.history.filter(id=inquiry.pk).update(**blank)
        inquiry.notes.update(text=ERASED_NOTE)
        inquiry.mails.filter(status__in=[OutboxMail.Status.PENDING, OutboxMail.Status.FAILED]).update(
            status=OutboxMail.Status.CANCELLED
        )
    logger.info("inquiry anonymised", extra={"reference": inquiry.reference, "user_id": getattr(user, "pk", None)})
    return inquiry


def inquiries_anonymise_expired(*, days: int = RETENTION_DAYS) -> int:
    """Anonymise the inquiries closed more than `days` ago; returns how many (a daily job)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    inquiries = (
        Inquiry.objects.filter(stage=Inquiry.Stage.CLOSED, anonymised_at__isnull=True)
        .annotate(closed_at=Max("stage_log__changed_at", filter=Q(stage_log__to_stage=Inquiry.Stage.CLOSED)))
        .filter(closed_at__lt=cutoff)
    )
    count = 0
    for inquiry in inquiries:
        inquiry_anonymise(inquiry=inquiry, user=None)
        count += 1
    return count


def inquiries_remind_overdue() -> int:
    """Queue a reminder for each inquiry past its first-response due time, to its owner (or, while it has
    none, to the officers and the inbox); at most one per inquiry per OVERDUE_REMINDER_INTERVAL."""
    reminded_lately = OutboxMail.objects.filter(
        inquiry=OuterRef("pk"),
        kind=OutboxMail.Kind.OVERDUE,
        created_at__gt=timezone.now() - OVERDUE_REMINDER_INTERVAL,
    )
    with transaction.atomic():
        inquiries = Inquiry.objects.awaiting_first_response().exclude(Exists(reminded_lately))
        mail_ids = [
            OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.OVERDUE).pk
            for inquiry in inquiries.only("pk")
        ]
        if mail_ids:
            _deliver_after_commit(mail_ids)
    return len(mail_ids)


def space_propose(*, inquiry: Inquiry, space: Space, user, note: str = "") -> SpaceProposal:
    """Record that `user` proposed `space` to the investor, and mail them (through the outbox) if they gave an e-mail.

    Refused with a message for a space that is withdrawn, occupied or not published, for a closed,
    signed or anonymised inquiry, and for a space already proposed to this inquiry.
    """
    if not space.is_published:
        raise ValidationError(_("This space is not published, so it cannot be proposed."))
    if space.status in Space.NOT_PROPOSABLE:
        raise ValidationError(
            _("This space is %(status)s and cannot be proposed.") % {"status": space.get_status_display().lower()}
        )
    if inquiry.anonymised_at or inquiry.stage in (Inquiry.Stage.CLOSED, Inquiry.Stage.SIGNED):
        raise ValidationError(_("Spaces can be proposed to open inquiries only."))
    with transaction.atomic():
        Inquiry.objects.select_for_update().only("pk").get(pk=inquiry.pk)
        if SpaceProposal.objects.filter(inquiry=inquiry, space=space).exists():
            raise ValidationError(_("This space has already been proposed to this inquiry."))
        proposal = SpaceProposal.objects.create(
            inquiry=inquiry, space=space, proposed_by=user, note=(note or "").strip()
        )
        if inquiry.email:
            mail = OutboxMail.objects.create(inquiry=inquiry, kind=OutboxMail.Kind.PROPOSAL, proposal=proposal)
            _deliver_after_commit([mail.pk])
    logger.info(
        "space proposed",
        extra={"reference": inquiry.reference, "space": space.code, "user_id": getattr(user, "pk", None)},
    )
    return proposal


def investor_dossier(*, inquiry: Inquiry) -> dict:
    """What the investor sees after a successful status lookup: this inquiry only, nothing of anyone else's.

    Stage, the promised first-response date, the next step the officer wrote for them, the public
    contact of the officer in charge (only what the officer chose to publish), and the spaces
    proposed to them that are still published.
    """
    inquiry = Inquiry.objects.select_related("owner__officer_profile").get(pk=inquiry.pk)
    profile = getattr(inquiry.owner, "officer_profile", None) if inquiry.owner_id else None
    if profile is not None:
        profile = OfficerProfile.objects.prefetch_related("zones").get(pk=profile.pk)
    proposals = list(
        inquiry.proposals.visible_to_investor().select_related("space__zone").order_by("proposed_at", "id")
    )
    return {
        "reference": inquiry.reference,
        "stage": inquiry.get_stage_display(),
        "due_at": timezone.localtime(inquiry.due_at),
        "responded": inquiry.stage != Inquiry.Stage.NEW,
        "next_step": inquiry.next_step,
        "officer": profile.public_contact() if profile else {},
        "proposals": proposals,
    }


# --- Mail -----------------------------------------------------------------------------------
# Mail is never sent in a web request. A service writes OutboxMail rows in its transaction and,
# once it has committed, queues a job for the django-q2 worker (inquiries.jobs.deliver_mail). A
# schedule (inquiries.jobs.deliver_due_mail, every minute) sends whatever that job did not: mail
# whose job could not be queued, failed mail whose back-off has run out, mail left `sending` by a
# worker that was killed.
#
# Delivery is at least once. outbox_send commits "sending, attempt n" before it talks to the mail
# server and "sent" as soon as the server has accepted the message, so a restarted worker never
# sends again a mail marked sent. A duplicate is possible only when the worker dies between the
# server's acceptance and that second commit: the row still says `sending` and is tried again once
# its lease (the job timeout, after which django-q2 has stopped the job anyway) has run out.


def _deliver_after_commit(mail_ids: list[int]) -> None:
    def queue_mail_delivery():
        async_task("inquiries.jobs.deliver_mail", mail_ids, task_name=f"mail {mail_ids}", group="mail")

    # robust: a queue that is down is logged, the every-minute schedule sends the mail instead,
    # and the request that saved the inquiry still answers with its thank-you page.
    transaction.on_commit(queue_mail_delivery, robust=True)


def _send_lease() -> datetime.timedelta:
    """How long a mail stays `sending`: a job is stopped after Q_CLUSTER's timeout, so after this its
    sender is gone. Shorter than Q_CLUSTER's retry, so the killed worker's job, handed out again,
    finds the mail due."""
    return datetime.timedelta(seconds=settings.Q_CLUSTER["timeout"] + 5)


def mail_retry_delay(attempts: int) -> datetime.timedelta:
    """How long a mail waits after its `attempts`-th failed attempt."""
    seconds = MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, MAIL_RETRY_MAX_SECONDS))


def outbox_send_many(*, mail_ids: list[int]) -> tuple[int, int]:
    """Send these mails if they are due; returns (sent, failed)."""
    sent = failed = 0
    for mail_id in mail_ids:
        status = outbox_send(mail_id=mail_id)
        sent += status == OutboxMail.Status.SENT
        failed += status == OutboxMail.Status.FAILED
    return sent, failed


def _build_message(mail: OutboxMail) -> EmailMessage | None:
    """The message for an outbox row, rendered now; None when there is nobody to send it to.

    Subjects are built from the reference number only. Mail to the investor's address carries no
    text the sender typed (anyone can type someone else's address into the form).
    """
    inquiry = mail.inquiry
    context = {"inquiry": inquiry, "site_name": settings.SITE_NAME}
    if mail.kind in (OutboxMail.Kind.ACKNOWLEDGE, OutboxMail.Kind.PROPOSAL):
        language, recipients = inquiry.language, [inquiry.email] if inquiry.email else []
    elif mail.kind in (OutboxMail.Kind.ASSIGNED, OutboxMail.Kind.OVERDUE) and inquiry.owner_id:
        language = settings.LANGUAGE_CODE
        recipients = [inquiry.owner.email] if inquiry.owner.email else []
    elif mail.kind == OutboxMail.Kind.ASSIGNED:
        language, recipients = settings.LANGUAGE_CODE, []
    else:
        language = settings.LANGUAGE_CODE
        recipients = list(
            dict.fromkeys([*settings.INQUIRY_INBOX, *officers().exclude(email="").values_list("email", flat=True)])
        )
    if not recipients:
        return None
    with translation.override(language):
        context["admin_path"] = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
        context["due_at"] = timezone.localtime(inquiry.due_at)
        context["working_days"] = settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS
        if mail.kind == OutboxMail.Kind.PROPOSAL:
            if mail.proposal is None or not mail.proposal.space.is_published:
                return None  # the space was taken off the site before the mail went out
            context["proposal"] = mail.proposal
            subject = _("A space proposed for your inquiry %(reference)s") % {"reference": inquiry.reference}
        elif mail.kind == OutboxMail.Kind.ACKNOWLEDGE:
            subject = _("Your investment inquiry %(reference)s") % {"reference": inquiry.reference}
        elif mail.kind == OutboxMail.Kind.ASSIGNED:
            subject = _("Inquiry %(reference)s is assigned to you") % {"reference": inquiry.reference}
        elif mail.kind == OutboxMail.Kind.OVERDUE:
            subject = _("Inquiry %(reference)s is waiting for its first response") % {"reference": inquiry.reference}
        else:
            subject = _("New investment inquiry %(reference)s") % {"reference": inquiry.reference}
        body = render_to_string(f"inquiries/mail/{mail.kind}.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients)


def _claim(mail_id: int, max_attempts: int) -> OutboxMail | None:
    """Mark a due mail `sending` and count the attempt, in a transaction of its own."""
    now = timezone.now()
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("inquiry__owner", "proposal__space__zone")
            .filter(pk=mail_id)
            .due(max_attempts, now)
            .first()
        )
        if mail is None:
            return None  # sent, cancelled, waiting for its back-off, or being sent by another worker
        mail.status = OutboxMail.Status.SENDING
        mail.attempts += 1
        mail.last_attempt_at = now
        mail.next_attempt_at = now + _send_lease()
        mail.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])
    return mail


def outbox_send(*, mail_id: int, max_attempts: int = MAIL_MAX_ATTEMPTS) -> str | None:
    """Try to send one outbox mail if it is due; returns its new status (None: not due).

    A failure is recorded on the row (with the time of the next attempt) and logged, never raised.
    """
    mail = _claim(mail_id, max_attempts)
    if mail is None:
        return None
    try:
        message = _build_message(mail)
        if message is None:
            mail.status = OutboxMail.Status.CANCELLED
            mail.last_error = "no recipient"
        else:
            message.send()
            mail.status = OutboxMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
    except Exception as exc:  # noqa: BLE001 - any mail failure must leave the inquiry intact
        mail.status = OutboxMail.Status.FAILED
        mail.last_error = _error_summary(exc)
        mail.next_attempt_at = timezone.now() + mail_retry_delay(mail.attempts)
        logger.warning(
            "inquiry mail failed",
            extra={
                "mail_id": mail.pk,
                "kind": mail.kind,
                "reference": mail.inquiry.reference,
                "attempts": mail.attempts,
                "error": mail.last_error,
            },
        )
    mail.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return mail.status


def _error_summary(exc: Exception) -> str:
    """The kind of failure without its text: SMTP errors quote the recipients' addresses."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}" + (f" {code}" if code else "")


def outbox_send_pending(*, max_attempts: int = MAIL_MAX_ATTEMPTS) -> tuple[int, int]:
    """Send every mail that is due; returns (sent, still failing)."""
    sent = failed = 0
    for mail_id in OutboxMail.objects.due(max_attempts).values_list("pk", flat=True):
        status = outbox_send(mail_id=mail_id, max_attempts=max_attempts)
        sent += status == OutboxMail.Status.SENT
        failed += status == OutboxMail.Status.FAILED
    return sent, failed
