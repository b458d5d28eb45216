"""The one write path of spaces: the admin, the spreadsheet import, the seed and the demo data call space_save."""

import datetime

from django.db import transaction

from spaces.models import Space, SpaceStatusLog


def space_prepare(space: Space) -> Space:
    """Fill the derived fields (area in m², search text) without saving: shared with the bulk demo writer."""
    space.area_m2 = space.computed_area_m2()
    space.refresh_search()
    return space


@transaction.atomic
def space_save(
    *,
    space: Space,
    user=None,
    previous_status: str | None = None,
    changed_on: datetime.date | None = None,
    date_precision: str = SpaceStatusLog.Precision.DAY,
    note: str = "",
    note_en: str = "",
) -> Space:
    """Validate and save a space; log a status change (or the first status of a new space).

    `previous_status` is the status before the edit, None for a new space; `changed_on` the date of
    the change when it is not today (the seed gives the month or year its source gives).
    """
    is_new = space.pk is None
    space.full_clean()
    space_prepare(space)
    space.save()
    if is_new or (previous_status and previous_status != space.status):
        SpaceStatusLog.objects.create(
            space=space,
            from_status="" if is_new else previous_status,
            to_status=space.status,
            changed_on=changed_on or datetime.date.today(),
            date_precision=date_precision,
            changed_by=user if user and getattr(user, "is_authenticated", False) else None,
            note=note,
            note_en=note_en,
        )
    return space
