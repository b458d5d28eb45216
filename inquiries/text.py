"""Cleaning of what investors type: control characters out, unreadable input refused, phones normalised."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional overrides and isolates: invisible, and able to make a name read backwards in the admin.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# U+FFFD is what Django puts where the request body was not valid UTF-8.
_REPLACEMENT = "\ufffd"


def strip_control(value: str, *, multiline: bool = False) -> str:
    """Remove control characters; in a one-line field line breaks and tabs become spaces."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    keep = {"\n", "\t"} if multiline else set()
    out = []
    for char in value:
        if char in keep:
            out.append(char)
        elif char in ("\n", "\t"):
            out.append(" ")
        elif char in _BIDI or unicodedata.category(char) == "Cc":
            continue
        else:
            out.append(char)
    return "".join(out)


def refuse_unreadable(value: str) -> None:
    if _REPLACEMENT in value:
        raise ValidationError(
            _("This field contains characters that could not be read. Please type it again."), code="encoding"
        )


_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{6,14}$")
_SEPARATORS = re.compile(r"[\s\-().·]")


def normalise_phone(value: str) -> str:
    """'138 1234 5678', '+86 138-1234-5678' → '13812345678'; '0049 30 1234567' → '+49301234567'.

    Returns "" when the value is neither a mainland mobile number nor an international number.
    """
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+86") and _MAINLAND_MOBILE.match(compact[3:]):
        return compact[3:]
    if _MAINLAND_MOBILE.match(compact) or _INTERNATIONAL.match(compact):
        return compact
    return ""
