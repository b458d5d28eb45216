"""What the django-q2 worker runs for e-mail alerts (schedules from migration 0002_job_schedules).

`deliver_mail` is queued by alerts.services after a commit; `deliver_due_mail` sends what it did not
(cases.outbox); `send_digests` queues each due subscription's digest; `delete_unconfirmed` removes the
subscriptions whose confirmation link expired unused.
"""

from alerts.services import (
    outbox_send_many,
    outbox_send_pending,
    subscriptions_delete_unconfirmed,
    subscriptions_send_digests,
)
from cases.outbox import mail_job_report


def deliver_mail(mail_ids: list[int]) -> str:
    return mail_job_report(*outbox_send_many(mail_ids=mail_ids))


def deliver_due_mail() -> str:
    return mail_job_report(*outbox_send_pending())


def send_digests() -> str:
    return f"digests queued {subscriptions_send_digests()}"


def delete_unconfirmed() -> str:
    return f"deleted {subscriptions_delete_unconfirmed()}"
