"""What the django-q2 worker runs for service requests (schedules: migration 0002_categories_and_job_schedules)."""

from cases.outbox import mail_job_report
from service.services import OUTBOX, service_requests_anonymise_expired


def deliver_mail(mail_ids: list[int]) -> str:
    return mail_job_report(*OUTBOX.send_many(mail_ids=mail_ids))


def deliver_due_mail() -> str:
    return mail_job_report(*OUTBOX.send_pending())


def anonymise_old_requests() -> str:
    return f"anonymised {service_requests_anonymise_expired()}"
