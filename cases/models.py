"""Abstract models of a case: its reference counter, notes timeline, stage log and outbox mail.

Each case app (inquiries, service) declares the concrete tables with a foreign key to its case and
its own stage choices; the fields, orderings and the outbox's `due()` vocabulary are written here once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReferenceSequenceBase(models.Model):
    """The last reference number handed out per year; locked with select_for_update while counting."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class CaseNoteBase(models.Model):
    """An officer's note on the case's timeline."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text[:40]


class StageLogBase(models.Model):
    """One row per pipeline move. The concrete model redeclares from_stage/to_stage with its choices."""

    from_stage = models.CharField(_("from stage"), max_length=20, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")

    def __str__(self):
        return f"{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"


class OutboxMailQuerySet(models.QuerySet):
    def due(self, max_attempts: int, now=None):
        """Mail to try now: pending, failed and past its back-off, or left `sending` by a worker that
        died (its lease ran out); at most `max_attempts` tries."""
        return self.filter(
            status__in=[OutboxMailBase.Status.PENDING, OutboxMailBase.Status.FAILED, OutboxMailBase.Status.SENDING],
            attempts__lt=max_attempts,
            next_attempt_at__lte=now or timezone.now(),
        )


class OutboxMailBase(models.Model):
    """A mail to send about a case. The message is rendered when it is sent, from the case, so no
    personal data is copied here and an anonymised case has nothing left to mail. The concrete model
    adds the case's foreign key and its `Kind` choices; cases.outbox sends it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    # Pending: when it may be sent; failed: the end of its back-off; sending: the end of the lease
    # after which a sender that died is assumed gone and the mail is tried again.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxMailQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class StaffNoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class StaffNoticeBase(models.Model):
    """A notice to one member of staff about a case, shown on their dashboard until they open the case or
    dismiss it; it reaches officers who have no e-mail address. It carries no personal data: the dashboard
    names the case by its reference. The concrete model adds the case's foreign key, named by CASE_FIELD."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")

    CASE_FIELD = ""
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSIGNED)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = StaffNoticeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        verbose_name = _("staff notice")
        verbose_name_plural = _("staff notices")

    def __str__(self):
        return f"{self.get_kind_display()}: {getattr(self, self.CASE_FIELD)}"
