"""Bulk writes that keep the history a save would have written (the spreadsheet imports' bulk services)."""

from django.utils import timezone

from core.i18n import TranslatedModel, english_states


def bulk_save_with_history(model, rows: list, *, user=None, note: str = "", batch_size: int = 1000) -> set[int]:
    """Insert the new rows and update the existing ones in bulk queries, with the one history record
    each that a save would have written (the bulk siblings of the write services call this after
    their own checks). Returns the `id()`s of the rows that were new.
    """
    new = [row for row in rows if row.pk is None]
    existing = [row for row in rows if row.pk is not None]
    now = timezone.now()
    for row in existing:
        row.updated_at = now  # bulk_update leaves auto_now alone
    translated = issubclass(model, TranslatedModel)
    if translated:
        english_states(existing)  # bulk_update calls no save(): the English drift rules (core.i18n) here
    model.objects.bulk_create(new, batch_size=batch_size)
    if existing:
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        model.objects.bulk_update(existing, fields, batch_size=batch_size)
    reason = note or None
    model.history.bulk_history_create(new, default_user=user, default_change_reason=reason, default_date=now)
    model.history.bulk_history_create(
        existing, update=True, default_user=user, default_change_reason=reason, default_date=now
    )
    if translated:
        for row in rows:
            row._remember_texts()
    return {id(row) for row in new}
