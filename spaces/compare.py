"""Spaces side by side: /spaces/compare/ (a public URL contract, shareable, no account).

- `ids`: the ids of 1 to 3 spaces, comma-separated (`?ids=12,40,7`) or repeated (`?ids=12&ids=40`,
  what the tick boxes of the list's form send); the page keeps the order given and drops repeats.
- No `ids`: the page says how to choose spaces (200).
- An id that is not a positive whole number, or more than `MAX_SPACES` spaces: a message and 400.
- An id of a space that is not on the register (unknown, unpublished or withdrawn, as the detail
  page counts it): the others are compared and the page says one is no longer listed; when none is
  left, the same message with 404.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.directory import MAX_PK
from spaces.models import Space

MAX_SPACES = 3
# More pieces than this are not read at all (a link with thousands of ids is refused at once).
MAX_PIECES = 20


class CompareError(ValueError):
    """Malformed `ids`: the message says what to do."""


@dataclass
class Comparison:
    spaces: list[Space] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # ids asked for that are not on the register
    asked: list[int] = field(default_factory=list)


def parse_compare_ids(values: list[str]) -> list[int]:
    """The ids in the `ids` parameter(s), in order, without repeats; CompareError when malformed."""
    pieces = [piece.strip() for value in values for piece in value.split(",")]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) > MAX_PIECES:
        raise CompareError(_("Up to %(max)s spaces can be compared side by side.") % {"max": MAX_SPACES})
    ids = []
    for piece in pieces:
        if not (piece.isascii() and piece.isdigit() and 0 < int(piece) < MAX_PK):
            raise CompareError(
                _("“%(value)s” is not a space number: the link should end with ?ids= and up to 3 numbers.")
                % {"value": piece[:20]}
            )
        if int(piece) not in ids:
            ids.append(int(piece))
    if len(ids) > MAX_SPACES:
        raise CompareError(
            ngettext(
                "You chose %(count)s space; up to %(max)s can be compared side by side.",
                "You chose %(count)s spaces; up to %(max)s can be compared side by side. Untick one and compare again.",
                len(ids),
            )
            % {"count": len(ids), "max": MAX_SPACES}
        )
    return ids


def compare_spaces(ids: list[int]) -> Comparison:
    """The spaces on the register among `ids`, in the order asked, with their photos and industries."""
    found = {
        space.pk: space
        for space in Space.objects.public()
        .exclude(status=Space.Status.WITHDRAWN)
        .filter(pk__in=ids)
        .select_related("zone")
        .prefetch_related("images", "target_industries")
    }
    return Comparison(
        spaces=[found[pk] for pk in ids if pk in found], missing=[pk for pk in ids if pk not in found], asked=ids
    )
