"""What the django-q2 worker (`manage.py qcluster`) runs for inquiries.

`deliver_mail` is queued by inquiries.services after a commit; the other three run on the schedules
created by migration 0005_job_schedules (seen and changed under 任务队列 › 计划任务 in the admin).
A job that raises is kept as a failed task in the admin; mail that failed is retried by its own
back-off (OutboxMail.next_attempt_at), so the exception (cases.outbox.MailNotDelivered) only makes the
failure visible.
"""

from cases.outbox import mail_job_report
from inquiries.services import (
    inquiries_anonymise_expired,
    inquiries_remind_overdue,
    outbox_send_many,
    outbox_send_pending,
)


def deliver_mail(mail_ids: list[int]) -> str:
    return mail_job_report(*outbox_send_many(mail_ids=mail_ids))


def deliver_due_mail() -> str:
    return mail_job_report(*outbox_send_pending())


def anonymise_old_inquiries() -> str:
    return f"anonymised {inquiries_anonymise_expired()}"


def remind_overdue_inquiries() -> str:
    return f"reminders queued {inquiries_remind_overdue()}"
