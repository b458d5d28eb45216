"""Writes with side effects for event registrations: registering, cancelling, moving up the waiting
list, anonymising, and the registrants' mail.

Seats are counted under a lock on the event's row (`select_for_update`, taken first in every write
that gives or frees a seat), so two people registering for the last seat at the same moment cannot
both get it: on PostgreSQL the second waits for the first to commit and then counts again; SQLite
serialises every writer anyway. A cancelled seat goes to the first on the waiting list in the same
transaction.
"""

import datetime
import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.outbox import Outbox
from cases.privacy import RETENTION_DAYS, case_anonymise
from cases.references import next_reference
from cases.text import normalise_phone
from news.models import NewsItem
from registrations.calendar import registration_calendar
from registrations.models import (
    Registration,
    RegistrationMail,
    RegistrationReferenceSequence,
    RegistrationStatusLog,
)

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "HD"  # 活动: QK is the inquiries', FW the service requests'
# Erased by registration_anonymise, in the registration and in all its history rows.
PERSONAL_FIELDS = ["contact_name", "company", "phone", "email"]
Status = Registration.Status


def _next_reference(now: datetime.datetime) -> str:
    return next_reference(RegistrationReferenceSequence, prefix=REFERENCE_PREFIX, year=timezone.localtime(now).year)


def registration_reference_skip(*, now: datetime.datetime | None = None) -> str:
    """The next reference of the real sequence, with no registration behind it: what a caught bot is shown."""
    with transaction.atomic():
        return _next_reference(now or timezone.now())


def submission_token(form_token: str, *, email: str, phone: str) -> str:
    """The form's rendering and the contact together: the event page may be shown to many people from
    one rendering, so the rendering alone does not tell one registrant from another."""
    return hashlib.sha256(f"{form_token}:{email}:{phone}".encode()).hexdigest()


# --- What the event page and the form say ------------------------------------------------------


def closed_message(event: NewsItem, now: datetime.datetime | None = None) -> str:
    """Why `event` takes no registration at `now` ("" when it does)."""
    state = event.registration_state(now) if event.is_public else "none"
    if state == "none":
        return _("This event takes no registrations.")
    if state == "not_yet":
        opens = timezone.localtime(event.registration_opens_at)
        return _("Registration opens on %(time)s (Beijing time).") % {"time": f"{opens:%Y-%m-%d %H:%M}"}
    if state == "closed":
        return _("Registration for this event has closed.")
    return ""


def seats_summary(event: NewsItem, now: datetime.datetime | None = None) -> dict:
    """What the event page's block shows: the registration state, and the seats as the database holds them."""
    state = event.registration_state(now) if event.is_public else "none"
    summary = {
        "event": event,
        "state": state,
        "opens_at": timezone.localtime(event.registration_opens_at) if event.registration_opens_at else None,
        "closes_at": timezone.localtime(event.registration_closes_at) if event.registration_closes_at else None,
        "capacity": event.capacity,
        "message": closed_message(event, now),
    }
    if event.capacity is not None:
        counts = Registration.objects.for_event(event).aggregate(
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("id", filter=Q(status=Status.WAITING)),
        )
        summary.update(
            seats_left=max(event.capacity - counts["confirmed"], 0),
            waiting=counts["waiting"],
            full=counts["confirmed"] >= event.capacity,
        )
    return summary


# --- Registering ------------------------------------------------------------------------------


def _duplicate(event: NewsItem, *, email: str, phone: str) -> bool:
    same = Q()
    if email:
        same |= Q(email=email)
    if phone:
        same |= Q(phone=phone)
    return bool(same) and Registration.objects.for_event(event).active().filter(same).exists()


DUPLICATE_MESSAGE = gettext_lazy(
    "This e-mail address or phone number is already registered for this event. To check or cancel "
    "that registration, use its reference number on the registration status page."
)


def registration_submit(
    *,
    event: NewsItem,
    form_data: dict,
    ip: str = "",
    language: str = "",
    submission_token: str | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register for `event`: a seat while one is free, else a place on the waiting list; queue the
    confirmation mail. Refused (ValidationError, with a `code`) when the event takes no registration
    now (`none`, `not_yet`, `closed`) or the contact is already registered (`duplicate`).

    The same form sent twice (a double click) returns the first registration.
    """
    if not form_data.get("consent"):
        raise ValidationError(_("A registration needs the registrant's consent."), code="consent")
    email = (form_data.get("email") or "").strip().lower()
    phone = normalise_phone(form_data.get("phone") or "")
    if form_data.get("phone") and not phone:
        raise ValidationError(_("This phone number cannot be read."), code="phone")
    if not email and not phone:
        raise ValidationError(_("Give an e-mail address or a phone number."), code="contact")
    if submission_token:
        earlier = Registration.objects.filter(submission_token=submission_token).first()
        if earlier is not None:
            return earlier
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # The event's row is the lock every seat count waits for (see the module's docstring).
            event = NewsItem.objects.select_for_update().get(pk=event.pk)
            message = closed_message(event, now)
            if message:
                raise ValidationError(message, code=event.registration_state(now) if event.is_public else "none")
            if _duplicate(event, email=email, phone=phone):
                raise ValidationError(DUPLICATE_MESSAGE, code="duplicate")
            confirmed = Registration.objects.for_event(event).confirmed().count()
            seat = event.capacity is None or confirmed < event.capacity
            registration = Registration(
                event=event,
                contact_name=form_data["contact_name"],
                company=form_data.get("company") or "",
                email=email,
                phone=phone,
                consent_at=now,
                language=language or settings.LANGUAGE_CODE,
                status=Status.CONFIRMED if seat else Status.WAITING,
                submission_token=submission_token or None,
            )
            registration.reference = _next_reference(now)
            registration.full_clean(exclude=["submission_token"], validate_constraints=False)
            registration.save()
            RegistrationStatusLog.objects.create(registration=registration, from_stage="", to_stage=registration.status)
            _queue_mail(registration, RegistrationMail.Kind.REGISTERED)
    except IntegrityError:
        # A concurrent request saved the same form, or the same contact, between our checks and our insert.
        if submission_token:
            earlier = Registration.objects.filter(submission_token=submission_token).first()
            if earlier is not None:
                return earlier
        raise ValidationError(DUPLICATE_MESSAGE, code="duplicate") from None
    logger.info("registration received", extra={"reference": registration.reference, "status": registration.status})
    return registration


# --- Cancelling and moving up -----------------------------------------------------------------


def registration_cancel(*, registration: Registration, user=None, now: datetime.datetime | None = None) -> list:
    """Cancel a registration; a freed seat goes to the first on the waiting list, in the same
    transaction, and each person moved up is mailed. Returns the registrations moved up.

    The registrant (user None) may cancel until the event starts; staff (`user`) at any time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = NewsItem.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.CANCELLED:
            return []
        if current.anonymised_at is not None:
            raise ValidationError(_("This registration has been anonymised."), code="anonymised")
        if user is None and now >= event.starts_at:
            raise ValidationError(
                _("The event has started: the registration can no longer be cancelled here."), code="started"
            )
        previous = current.status
        current.status = Status.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        RegistrationStatusLog.objects.create(
            registration=current, from_stage=previous, to_stage=Status.CANCELLED, changed_by=user
        )
        _queue_mail(current, RegistrationMail.Kind.CANCELLED)
        promoted = _fill_seats(event, user=user, now=now)
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    logger.info("registration cancelled", extra={"reference": current.reference, "moved_up": len(promoted)})
    return promoted


def registrations_fill_seats(*, event: NewsItem, user=None, now: datetime.datetime | None = None) -> list:
    """Give the free seats of `event` (after staff raised its capacity) to the waiting list, in order."""
    with transaction.atomic():
        event = NewsItem.objects.select_for_update().get(pk=event.pk)
        return _fill_seats(event, user=user, now=now or timezone.now())


def _fill_seats(event: NewsItem, *, user, now: datetime.datetime) -> list:
    """Move the first on the waiting list up while seats are free; not once the event has started.
    The caller holds the event's lock."""
    if event.starts_at and now >= event.starts_at:
        return []
    waiting = Registration.objects.for_event(event).waiting().select_for_update()
    if event.capacity is not None:
        free = event.capacity - Registration.objects.for_event(event).confirmed().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        RegistrationStatusLog.objects.create(
            registration=registration, from_stage=Status.WAITING, to_stage=Status.CONFIRMED, changed_by=user
        )
        _queue_mail(registration, RegistrationMail.Kind.PROMOTED)
    return promoted


# --- Anonymising ------------------------------------------------------------------------------


def registration_anonymise(*, registration: Registration) -> Registration:
    """Erase the registrant's personal data, in the history too; the event, status and dates remain."""
    if registration.anonymised_at is None:
        case_anonymise(case=registration, personal_fields=PERSONAL_FIELDS, erase_notes=False)
    return registration


def registrations_ended_before(*, days: int = RETENTION_DAYS, now: datetime.datetime | None = None):
    """Registrations whose case ended more than `days` ago: the event is over (its end, or its start
    when it has none), or the registration was cancelled."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        Registration.objects.filter(anonymised_at__isnull=True)
        .annotate(event_over_at=Coalesce("event__ends_at", "event__starts_at"))
        .filter(Q(event_over_at__lt=cutoff) | Q(status=Status.CANCELLED, cancelled_at__lt=cutoff))
    )


def registrations_anonymise_expired(*, days: int = RETENTION_DAYS, now: datetime.datetime | None = None) -> int:
    """Anonymise the registrations that ended more than `days` ago (a daily job); returns how many."""
    count = 0
    for registration in registrations_ended_before(days=days, now=now):
        registration_anonymise(registration=registration)
        count += 1
    return count


# --- Mail -------------------------------------------------------------------------------------
# Never sent in a request: rows in RegistrationMail, delivered by cases.outbox through the django-q2
# worker (registrations.jobs), at least once.


def _queue_mail(registration: Registration, kind: str) -> None:
    if registration.email:
        mail = RegistrationMail.objects.create(registration=registration, kind=kind)
        OUTBOX.deliver_after_commit([mail.pk])


def _absolute(path: str) -> str:
    """An absolute URL from settings.SITE_URL; "" when the deployment set it empty (the mail then names the page)."""
    base = (settings.SITE_URL or "").rstrip("/")
    return f"{base}{path}" if base else ""


def status_path(registration: Registration) -> str:
    return f"{reverse('registrations:status')}?{urlencode({'ref': registration.reference})}"


def _build_message(mail: RegistrationMail) -> EmailMessage | None:
    """The message for an outbox row, rendered now from what the database holds; None when there is
    nobody to send it to, or when it no longer says the truth (a registration cancelled before its
    confirmation went out gets the cancellation only)."""
    registration = mail.registration
    if not registration.email or registration.anonymised_at is not None:
        return None
    if mail.kind != RegistrationMail.Kind.CANCELLED and registration.status == Status.CANCELLED:
        return None
    event = registration.event
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "title": event.title_i18n,
            "starts_at": timezone.localtime(event.starts_at),
            "ends_at": timezone.localtime(event.ends_at) if event.ends_at else None,
            "place": event.place_i18n,
            "online_url": event.online_url,
            "confirmed": registration.status == Status.CONFIRMED,
            "position": registration.waiting_position(),
            "event_url": _absolute(event.get_absolute_url()),
            "status_url": _absolute(status_path(registration)),
            "site_name": settings.SITE_NAME,
        }
        subjects = {
            RegistrationMail.Kind.REGISTERED: _("Your registration %(reference)s"),
            RegistrationMail.Kind.PROMOTED: _("A seat for you: registration %(reference)s"),
            RegistrationMail.Kind.CANCELLED: _("Registration %(reference)s cancelled"),
        }
        subject = subjects[mail.kind] % {"reference": registration.reference}
        body = render_to_string(f"registrations/mail/{mail.kind}.txt", context)
        message = EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[registration.email]
        )
        if context["confirmed"] and mail.kind != RegistrationMail.Kind.CANCELLED:
            message.attach("event.ics", registration_calendar(registration), "text/calendar")
    return message


OUTBOX = Outbox(
    model=RegistrationMail,
    deliver_job="registrations.jobs.deliver_mail",
    build_message=_build_message,
    select_related=("registration__event",),
    case_field="registration",
)
