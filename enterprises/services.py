from django.db import transaction

from core.bulk import bulk_save_with_history
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
    for enterprise in enterprises:
        _prepare(enterprise, validate=validate)
    bulk_save_with_history(Enterprise, enterprises, user=user, note=note, batch_size=batch_size)
    if enterprises:
        content_changed()
    return enterprises
