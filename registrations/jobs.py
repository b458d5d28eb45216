"""What the django-q2 worker runs for event registrations (schedules: migration 0002_job_schedules)."""

from cases.outbox import mail_job_report
from registrations.services import OUTBOX, registrations_anonymise_expired


def deliver_mail(mail_ids: list[int]) -> str:
    return mail_job_report(*OUTBOX.send_many(mail_ids=mail_ids))


def deliver_due_mail() -> str:
    return mail_job_report(*OUTBOX.send_pending())


def anonymise_old_registrations() -> str:
    return f"anonymised {registrations_anonymise_expired()}"
