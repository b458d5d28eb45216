"""The one write path of spaces: the admin, the spreadsheet import, the seed and the demo data call space_save."""

import datetime
import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from spaces.models import Space, SpaceStatusLog

# The letters of the codes the zone gives its spaces (portal/seed.py: ZT-2021-001).
CODE_PREFIX = "ZT"
# How often a save takes the next generated code or slug when another save took it first.
GENERATED_ATTEMPTS = 5


def space_prepare(space: Space) -> Space:
    """Fill the derived fields (area in m², search text) without saving: shared with the bulk demo writer."""
    space.area_m2 = space.computed_area_m2()
    space.refresh_search()
    return space


def space_next_code(*, year: int | None = None, prefix: str = CODE_PREFIX) -> str:
    """The next free code of the year, ``ZT-2026-007``: one above the highest number the year has."""
    year = year or datetime.date.today().year
    stem = f"{prefix}-{year}-"
    numbers = [
        int(match.group(1))
        for code in Space.objects.filter(code__startswith=stem).values_list("code", flat=True)
        if (match := re.fullmatch(rf"{re.escape(stem)}(\d+)", code))
    ]
    return f"{stem}{max(numbers, default=0) + 1:03d}"


def space_slug_from_code(code: str, *, exclude_pk=None) -> str:
    """The slug the spreadsheet import gives a row without one (core.spreadsheets: slugify of the
    code), made unique with -2, -3… should another space already use it."""
    base = slugify(code)[:90] or "space"
    taken = set(Space.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def space_fill_identifiers(space: Space) -> Space:
    """A code and a slug for a space that has none, so that a space named only in Chinese never needs
    an invented Latin name: the code ``ZT-<year>-<next number>``, the slug from the code."""
    if not space.code:
        space.code = space_next_code()
    if not space.slug:
        space.slug = space_slug_from_code(space.code, exclude_pk=space.pk)
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

    An empty code or slug is generated (space_fill_identifiers). `previous_status` is the status
    before the edit, None for a new space; `changed_on` the date of
    the change when it is not today (the seed gives the month or year its source gives).
    """
    is_new = space.pk is None
    generated = [name for name in ("code", "slug") if not getattr(space, name)]
    space_fill_identifiers(space)
    # A generated code or slug is unique when made; the database's unique index settles a race with
    # another save made at the same moment, and the next free one is taken then.
    space.full_clean(exclude=generated)
    space_prepare(space)
    for attempt in range(GENERATED_ATTEMPTS):
        try:
            with transaction.atomic():
                space.save()
            break
        except IntegrityError:
            if not generated or attempt == GENERATED_ATTEMPTS - 1:
                raise
            for name in generated:
                setattr(space, name, "")
            space_fill_identifiers(space)
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
