"""Event registrations (报名): the third kind of case, beside inquiries and service requests.

A visitor registers for an event (a news item of kind `event`) on its page; each registration gets a
reference (HD<year>-<5 digits>, cases.references), a seat (`confirmed`) while the event's capacity
has one free, else a place on the waiting list (`waiting`, in creation order), and can be cancelled
by whoever knows its reference and contact. Writes go through registrations/services.py; the
shared machinery (references, stage log, outbox, anonymising, exports, public-form anti-spam and
budgets) is the cases app's.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import OutboxMailBase, ReferenceSequenceBase, StageLogBase


class RegistrationQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list, first in line first: ids are handed out in creation order under the event's lock."""
        return self.filter(status=Registration.Status.WAITING).order_by("id")

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def find_for_registrant(self, *, reference: str, contact: str):
        """The registration with this reference whose e-mail or phone is `contact`, else None (either part wrong)."""
        from cases.text import normalise_phone

        registration = self.filter(reference=reference, anonymised_at__isnull=True).first()
        if registration is None:
            return None
        contact = contact.strip()
        if "@" in contact:
            return registration if registration.email and registration.email == contact.lower() else None
        phone = normalise_phone(contact)
        return registration if phone and registration.phone == phone else None


class Registration(models.Model):
    """One person's registration for one event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "news.NewsItem",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "event"},
        related_name="registrations",
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    # Personal data, erased when the registration is anonymised.
    contact_name = models.CharField(_("name"), max_length=80)
    company = models.CharField(_("organisation"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Stored in lower case: one address is one registrant, however it was typed.
    email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # A hash of the rendered form's signed stamp and the contact: the same form sent twice (a double
    # click) finds the first registration instead of being told it is a duplicate.
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("export_registration", _("Can export registrations"))]
        constraints = [
            # One registration per contact and event while it is not cancelled (an erased contact is "").
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_once_per_email",
                violation_error_message=_("This e-mail address is already registered for this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(phone="") & ~Q(status="cancelled"),
                name="registration_once_per_phone",
                violation_error_message=_("This phone number is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "id"], name="registration_event_status")]

    def __str__(self):
        return self.reference

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list; None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        return Registration.objects.for_event(self.event_id).waiting().filter(id__lte=self.pk).count()

    def can_cancel(self, now=None) -> bool:
        """A registrant cancels until the event starts."""
        now = now or timezone.now()
        return not self.is_cancelled and self.anonymised_at is None and now < self.event.starts_at


class RegistrationStatusLog(StageLogBase):
    """One row per change of a registration's status (registered, moved up, cancelled)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="stage_log"
    )
    from_stage = models.CharField(_("from status"), max_length=20, choices=Registration.Status.choices, blank=True)
    to_stage = models.CharField(_("to status"), max_length=20, choices=Registration.Status.choices)

    class Meta(StageLogBase.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status history")


class RegistrationReferenceSequence(ReferenceSequenceBase):
    """The last registration reference (HD<year>-…) handed out per year."""

    class Meta(ReferenceSequenceBase.Meta):
        pass


class RegistrationMail(OutboxMailBase):
    """A mail to a registrant (sent by cases.outbox through registrations.services.OUTBOX)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registration received, to the registrant")
        PROMOTED = "promoted", _("Moved up from the waiting list, to the registrant")
        CANCELLED = "cancelled", _("Cancellation, to the registrant")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(OutboxMailBase.Meta):
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="registrationmail_status_next")]
