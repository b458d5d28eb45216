"""Sending a case's outbox mail, for every case app (inquiries.services, service.services).

Mail is never sent in a web request. A service writes outbox rows in its transaction and, once it
has committed, queues a job for the django-q2 worker (the app's `jobs.deliver_mail`). A schedule
(the app's `jobs.deliver_due_mail`, every minute) sends whatever that job did not: mail whose job
could not be queued, failed mail whose back-off has run out, mail left `sending` by a worker that
was killed.

Delivery is at least once. `Outbox.send` commits "sending, attempt n" before it talks to the mail
server and "sent" as soon as the server has accepted the message, so a restarted worker never
sends again a mail marked sent. A duplicate is possible only when the worker dies between the
server's acceptance and that second commit: the row still says `sending` and is tried again once
its lease (the job timeout, after which django-q2 has stopped the job anyway) has run out.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from cases.models import OutboxMailBase

logger = logging.getLogger(__name__)

MAIL_MAX_ATTEMPTS = 8
# Back-off of a failed mail: 1, 2, 4, … minutes after each failed attempt, at most 6 hours.
MAIL_RETRY_BASE_SECONDS = 60
MAIL_RETRY_MAX_SECONDS = 6 * 3600
Status = OutboxMailBase.Status


def send_lease() -> datetime.timedelta:
    """How long a mail stays `sending`: a job is stopped after Q_CLUSTER's timeout, so after this its
    sender is gone. Shorter than Q_CLUSTER's retry, so the killed worker's job, handed out again,
    finds the mail due."""
    return datetime.timedelta(seconds=settings.Q_CLUSTER["timeout"] + 5)


def mail_retry_delay(attempts: int) -> datetime.timedelta:
    """How long a mail waits after its `attempts`-th failed attempt."""
    seconds = MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, MAIL_RETRY_MAX_SECONDS))


def error_summary(exc: Exception) -> str:
    """The kind of failure without its text: SMTP errors quote the recipients' addresses."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}" + (f" {code}" if code else "")


@dataclass(frozen=True)
class Outbox:
    """One case app's outbox: its mail model, the job that delivers a list of ids, how a row becomes a
    message (None: nobody to send it to, the row is cancelled), and what to select with a row."""

    model: type
    deliver_job: str
    build_message: Callable[[object], EmailMessage | None]
    select_related: tuple[str, ...]
    case_field: str

    def deliver_after_commit(self, mail_ids: list[int]) -> None:
        def queue_mail_delivery():
            async_task(self.deliver_job, mail_ids, task_name=f"mail {mail_ids}", group="mail")

        # robust: a queue that is down is logged, the every-minute schedule sends the mail instead,
        # and the request that saved the case still answers.
        transaction.on_commit(queue_mail_delivery, robust=True)

    def claim(self, mail_id: int, max_attempts: int):
        """Mark a due mail `sending` and count the attempt, in a transaction of its own."""
        now = timezone.now()
        with transaction.atomic():
            mail = (
                self.model.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related(*self.select_related)
                .filter(pk=mail_id)
                .due(max_attempts, now)
                .first()
            )
            if mail is None:
                return None  # sent, cancelled, waiting for its back-off, or being sent by another worker
            mail.status = Status.SENDING
            mail.attempts += 1
            mail.last_attempt_at = now
            mail.next_attempt_at = now + send_lease()
            mail.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])
        return mail

    def send(self, *, mail_id: int, max_attempts: int = MAIL_MAX_ATTEMPTS) -> str | None:
        """Try to send one outbox mail if it is due; returns its new status (None: not due).

        A failure is recorded on the row (with the time of the next attempt) and logged, never raised.
        """
        mail = self.claim(mail_id, max_attempts)
        if mail is None:
            return None
        try:
            message = self.build_message(mail)
            if message is None:
                mail.status = Status.CANCELLED
                mail.last_error = "no recipient"
            else:
                message.send()
                mail.status = Status.SENT
                mail.sent_at = timezone.now()
                mail.last_error = ""
        except Exception as exc:  # noqa: BLE001 - any mail failure must leave the case intact
            mail.status = Status.FAILED
            mail.last_error = error_summary(exc)
            mail.next_attempt_at = timezone.now() + mail_retry_delay(mail.attempts)
            logger.warning(
                "case mail failed",
                extra={
                    "mail_id": mail.pk,
                    "kind": mail.kind,
                    "reference": getattr(mail, self.case_field).reference,
                    "attempts": mail.attempts,
                    "error": mail.last_error,
                },
            )
        mail.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
        return mail.status

    def send_many(self, *, mail_ids: list[int]) -> tuple[int, int]:
        """Send these mails if they are due; returns (sent, failed)."""
        sent = failed = 0
        for mail_id in mail_ids:
            status = self.send(mail_id=mail_id)
            sent += status == Status.SENT
            failed += status == Status.FAILED
        return sent, failed

    def send_pending(self, *, max_attempts: int = MAIL_MAX_ATTEMPTS) -> tuple[int, int]:
        """Send every mail that is due; returns (sent, still failing)."""
        sent = failed = 0
        for mail_id in self.model.objects.due(max_attempts).values_list("pk", flat=True):
            status = self.send(mail_id=mail_id, max_attempts=max_attempts)
            sent += status == Status.SENT
            failed += status == Status.FAILED
        return sent, failed


class MailNotDelivered(Exception):
    """Some mail failed this time; each failed row waits for its back-off and is tried again."""


def mail_job_report(sent: int, failed: int) -> str:
    """What a mail job (an app's `jobs.deliver_mail`, `jobs.deliver_due_mail`) returns: "sent n, failed m".
    With a failure it raises instead, so that the task is kept as failed in the admin."""
    summary = f"sent {sent}, failed {failed}"
    if failed:
        raise MailNotDelivered(summary)
    return summary
