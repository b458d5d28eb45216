from django.db import transaction
from django.utils import timezone

from core.cache import content_changed
from enterprises.models import Enterprise


def _prepare(enterprise: Enterprise, *, validate: bool) -> None:
    if validate:
        enterprise.full_clean()
    enterprise.refresh_search()


@transaction.atomic
def enterprise_save(*, enterprise: Enterprise, validate: bool = True) -> Enterprise:
    _prepare(enterprise, validate=validate)
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprises_save_many(
    *, enterprises: list[Enterprise], user=None, note: str = "", validate: bool = True, batch_size: int = 1000
) -> list[Enterprise]:
    """`enterprise_save` for many enterprises at once (spreadsheet imports), with one history record each.

    Bulk writes send no post_save, so the page cache is told here.
    """
    new = [enterprise for enterprise in enterprises if enterprise.pk is None]
    existing = [enterprise for enterprise in enterprises if enterprise.pk is not None]
    for enterprise in enterprises:
        _prepare(enterprise, validate=validate)
    now = timezone.now()
    for enterprise in existing:
        enterprise.updated_at = now  # bulk_update leaves auto_now alone
    Enterprise.objects.bulk_create(new, batch_size=batch_size)
    if existing:
        fields = [f.name for f in Enterprise._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        Enterprise.objects.bulk_update(existing, fields, batch_size=batch_size)
    reason = note or None
    Enterprise.history.bulk_history_create(new, default_user=user, default_change_reason=reason, default_date=now)
    Enterprise.history.bulk_history_create(
        existing, update=True, default_user=user, default_change_reason=reason, default_date=now
    )
    if enterprises:
        content_changed()
    return enterprises
