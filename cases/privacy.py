"""Anonymising a case: the personal fields erased in the case and its history, notes blanked, unsent mail
cancelled, the case model's spreadsheet exports deleted; the rest kept for the statistics. Both case apps
promise it on /privacy/."""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from cases.models import OutboxMailBase
from core.spreadsheets.jobs import export_files_delete

ERASED_NOTE = "—"
# How long a case's personal data is kept after the case ended (closed, resolved, the event held), as
# /privacy/ promises for every kind of case: one number for all of them.
RETENTION_DAYS = 3 * 365


def case_anonymise(*, case, personal_fields: list[str], erase_notes: bool = True) -> None:
    """Blank `personal_fields` (in the case's history rows too), the notes' text, and cancel unsent mail.

    The case needs `anonymised_at`, a `history` (simple_history), `notes` and `mails` relations.
    """
    blank = dict.fromkeys(personal_fields, "")
    with transaction.atomic():
        for name, value in blank.items():
            setattr(case, name, value)
        case.anonymised_at = timezone.now()
        case._change_reason = "anonymised"
        case.save()
        type(case).history.filter(id=case.pk).update(**blank)
        if erase_notes:
            case.notes.update(text=ERASED_NOTE)
        case.mails.filter(status__in=[OutboxMailBase.Status.PENDING, OutboxMailBase.Status.FAILED]).update(
            status=OutboxMailBase.Status.CANCELLED
        )
        # Any earlier export of this model may hold the erased fields or notes: the files go too.
        transaction.on_commit(partial(export_files_delete, model_label=case._meta.label_lower))


def ended_before(queryset, *, end_stages: list[str], days: int):
    """Cases in one of `end_stages`, not yet anonymised, that reached it more than `days` ago (by the stage log)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        queryset.filter(stage__in=end_stages, anonymised_at__isnull=True)
        .annotate(ended_at=Max("stage_log__changed_at", filter=Q(stage_log__to_stage__in=end_stages)))
        .filter(ended_at__lt=cutoff)
    )
