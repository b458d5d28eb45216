"""Writes with side effects for inquiries: submitting, the pipeline, notes, anonymising, mail."""

import datetime
import hashlib
import hmac
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.notices import notice_assignment
from cases.outbox import MAIL_MAX_ATTEMPTS, Outbox, mail_retry_delay  # noqa: F401 - part of this module's API
from cases.privacy import ERASED_NOTE, RETENTION_DAYS, case_anonymise, ended_before  # noqa: F401
from cases.references import next_reference
from core.workdays import working_days_after
from inquiries.forms import InquiryForm
from inquiries.matching import need_of
from inquiries.models import (
    Inquiry,
    InquiryNote,
    InquiryNotice,
    InquiryReferenceSequence,
    InquiryStageLog,
    OutboxMail,
    SpaceProposal,
)
from spaces.matching import entry_bar, facts_of
from spaces.models import Space
from staff.models import OfficerProfile, public_contact_of
from staff.roles import INVESTMENT_OFFICER

logger = logging.getLogger(__name__)

# What the public form may set: its fields that are the inquiry's own (so they are listed once, in the
# form). Everything else (stage, owner, dates, reference) is decided here.
SUBMITTED_FIELDS = [name for name in InquiryForm.base_fields if name in {f.name for f in Inquiry._meta.concrete_fields}]
# Erased by inquiry_anonymise, in the inquiry and in all its history rows.
PERSONAL_FIELDS = ["contact_name", "company", "job_title", "phone", "email", "message"]
# An owner hears about an inquiry still waiting for its first response at most once a day.
OVERDUE_REMINDER_INTERVAL = datetime.timedelta(days=1)


def first_response_due(start: datetime.datetime, working_days: int | None = None) -> datetime.datetime:
    """`working_days` working days after `start` (local time), at the same time of day: China's
    public holidays are skipped and its make-up working days (调休) counted (core.workdays)."""
    days = settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS if working_days is None else working_days
    return working_days_after(start, days)


def _next_reference(*, year: int) -> str:
    """QK<year>-<5 digits>, counted per year (cases.references)."""
    return next_reference(InquiryReferenceSequence, prefix="QK", year=year)


def inquiry_reference_skip(*, now: datetime.datetime | None = None) -> str:
    """The next reference of the real sequence, with no inquiry behind it: what a caught bot is shown,
    so that it cannot tell its reference from a real one (staff see a gap in the numbering)."""
    now = now or timezone.now()
    with transaction.atomic():
        return _next_reference(year=timezone.localtime(now).year)


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


S = Inquiry.Stage
# The pipeline's allowed moves: from a stage (key) to any of its values. Anything else is refused
# with the moves that are allowed; signing also needs the resulting project, closing a reason, and
# an assigned inquiry an owner (move_problem).
TRANSITIONS = {
    S.NEW: (S.ASSIGNED, S.CONTACTED, S.CLOSED),
    S.ASSIGNED: (S.CONTACTED, S.SITE_VISIT, S.NEGOTIATING, S.CLOSED),
    S.CONTACTED: (S.SITE_VISIT, S.NEGOTIATING, S.CLOSED),
    S.SITE_VISIT: (S.CONTACTED, S.NEGOTIATING, S.CLOSED),
    S.NEGOTIATING: (S.SITE_VISIT, S.SIGNED, S.CLOSED),
    S.SIGNED: (S.NEGOTIATING,),  # a signing recorded by mistake is taken back
    S.CLOSED: (S.ASSIGNED,),  # reopened, to an owner
}


def move_problem(*, from_stage: str, to_stage: str, owner=None, project=None, reason: str = "") -> dict | None:
    """Why the move `from_stage` → `to_stage` is refused, as {field: message}; None when it is allowed."""
    if to_stage not in Inquiry.Stage.values:
        return {"stage": _("Unknown stage.")}
    if from_stage == to_stage:
        return None
    if to_stage not in TRANSITIONS.get(from_stage, ()):
        allowed = "、".join(str(Inquiry.Stage(stage).label) for stage in TRANSITIONS.get(from_stage, ()))
        return {
            "stage": _(
                "An inquiry cannot move from “%(from)s” to “%(to)s”; from “%(from)s” it can move to: %(allowed)s."
            )
            % {"from": Inquiry.Stage(from_stage).label, "to": Inquiry.Stage(to_stage).label, "allowed": allowed}
        }
    if to_stage == S.SIGNED and project is None:
        return {"project": _("A signed inquiry needs its resulting project: link the project first.")}
    if to_stage == S.ASSIGNED and owner is None:
        return {"owner": _("An assigned inquiry needs an owner.")}
    if to_stage == S.CLOSED and not (reason or "").strip():
        return {"closed_reason": _("A closed inquiry needs a reason.")}
    return None


def inquiry_move(*, inquiry: Inquiry, to_stage: str, user, reason: str = "") -> Inquiry:
    """Move along the pipeline by an allowed move (TRANSITIONS), one stage-log row per move."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = Inquiry.objects.select_for_update().only("stage", "owner", "project").get(pk=inquiry.pk)
        problem = move_problem(
            from_stage=current.stage,
            to_stage=to_stage,
            owner=current.owner_id,
            project=current.project_id,
            reason=reason,
        )
        if problem:
            raise ValidationError(problem)
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


def investment_officers():
    """Who may own an inquiry: the active investment officers."""
    return get_user_model().objects.filter(groups__name=INVESTMENT_OFFICER, is_active=True).distinct()


def inquiry_assign(*, inquiry: Inquiry, officer, user) -> Inquiry:
    """Give the inquiry an owner (an active investment officer); a new inquiry becomes assigned."""
    if officer is not None and not investment_officers().filter(pk=officer.pk).exists():
        raise ValidationError({"owner": _("The owner must be an active investment officer.")})
    with transaction.atomic():
        inquiry.owner = officer
        inquiry.save(update_fields=["owner", "updated_at"])
        if officer is not None and inquiry.stage == Inquiry.Stage.NEW:
            inquiry_move(inquiry=inquiry, to_stage=Inquiry.Stage.ASSIGNED, user=user)
        # On the new owner's dashboard too: the mail reaches no one when an officer has no address.
        notice_assignment(notice_model=InquiryNotice, case=inquiry, recipient=officer, assigned_by=user)
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
    case_anonymise(case=inquiry, personal_fields=PERSONAL_FIELDS)
    logger.info("inquiry anonymised", extra={"reference": inquiry.reference, "user_id": getattr(user, "pk", None)})
    return inquiry


def inquiries_anonymise_expired(*, days: int = RETENTION_DAYS) -> int:
    """Anonymise the inquiries closed more than `days` ago; returns how many (a daily job)."""
    inquiries = ended_before(Inquiry.objects.all(), end_stages=[Inquiry.Stage.CLOSED], days=days)
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
    proposed to them that are still published, each with their projections held against its entry
    bar (spaces.matching.entry_bar; empty when they gave no projections).
    """
    inquiry = Inquiry.objects.select_related("owner__officer_profile").get(pk=inquiry.pk)
    profile = getattr(inquiry.owner, "officer_profile", None) if inquiry.owner_id else None
    if profile is not None:
        profile = OfficerProfile.objects.prefetch_related("zones").get(pk=profile.pk)
    proposals = list(
        inquiry.proposals.visible_to_investor()
        .select_related("space__zone")
        .prefetch_related("space__target_industries")
        .order_by("proposed_at", "id")
    )
    need = need_of(inquiry)
    return {
        "reference": inquiry.reference,
        "stage": inquiry.get_stage_display(),
        "due_at": timezone.localtime(inquiry.due_at),
        "responded": inquiry.stage != Inquiry.Stage.NEW,
        "next_step": inquiry.next_step,
        "officer": profile.public_contact() if profile else {},
        "proposals": [
            {"proposal": proposal, "entry_bar": entry_bar(need, facts_of(proposal.space))} for proposal in proposals
        ],
    }


# --- Mail -----------------------------------------------------------------------------------
# Mail is never sent in a web request: services write OutboxMail rows and cases.outbox delivers them
# through the django-q2 worker (inquiries.jobs), at least once; see cases.outbox.


def _deliver_after_commit(mail_ids: list[int]) -> None:
    OUTBOX.deliver_after_commit(mail_ids)


def outbox_send_many(*, mail_ids: list[int]) -> tuple[int, int]:
    """Send these mails if they are due; returns (sent, failed)."""
    return OUTBOX.send_many(mail_ids=mail_ids)


def _status_url(inquiry: Inquiry) -> str:
    """The investor's status page with the reference filled in, in the active language, as an absolute
    URL from settings.SITE_URL (http://127.0.0.1:8000 unless the deployment sets it). With SITE_URL set
    empty (a mail has no request to take the host from) it is "", and the mail names the page
    ("Inquiry status" on our website) without a link."""
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not base:
        return ""
    return f"{base}{reverse('inquiries:status')}?{urlencode({'ref': inquiry.reference})}"


def _reachable_contact(officer) -> dict:
    """The officer's published contact when it gives a phone or an e-mail (a mail states a real
    contact or none), else {}."""
    contact = public_contact_of(officer) if officer is not None and officer.is_active else {}
    return contact if contact.get("phone") or contact.get("email") else {}


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
            dict.fromkeys(
                [*settings.INQUIRY_INBOX, *investment_officers().exclude(email="").values_list("email", flat=True)]
            )
        )
    if not recipients:
        return None
    with translation.override(language):
        # Staff open the inquiry from their mail: its page in the admin by its absolute address.
        context["admin_path"] = settings.SITE_URL + reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
        context["due_at"] = timezone.localtime(inquiry.due_at)
        context["working_days"] = settings.INQUIRY_FIRST_RESPONSE_WORKING_DAYS
        if mail.kind in (OutboxMail.Kind.ACKNOWLEDGE, OutboxMail.Kind.PROPOSAL):
            context["status_url"] = _status_url(inquiry)
        if mail.kind == OutboxMail.Kind.PROPOSAL:
            if mail.proposal is None or not mail.proposal.space.is_published:
                return None  # the space was taken off the site before the mail went out
            context["proposal"] = mail.proposal
            context["officer"] = _reachable_contact(mail.proposal.proposed_by) or _reachable_contact(inquiry.owner)
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
    return OUTBOX.claim(mail_id, max_attempts)


def outbox_send(*, mail_id: int, max_attempts: int = MAIL_MAX_ATTEMPTS) -> str | None:
    """Try to send one outbox mail if it is due; returns its new status (None: not due)."""
    return OUTBOX.send(mail_id=mail_id, max_attempts=max_attempts)


def outbox_send_pending(*, max_attempts: int = MAIL_MAX_ATTEMPTS) -> tuple[int, int]:
    """Send every mail that is due; returns (sent, still failing)."""
    return OUTBOX.send_pending(max_attempts=max_attempts)


OUTBOX = Outbox(
    model=OutboxMail,
    deliver_job="inquiries.jobs.deliver_mail",
    build_message=_build_message,
    select_related=(
        "inquiry__owner__officer_profile",
        "proposal__space__zone",
        "proposal__proposed_by__officer_profile",
    ),
    case_field="inquiry",
)
