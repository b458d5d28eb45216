"""Cleaning of what the public forms receive (investors' inquiries, enterprises' service requests):
control characters out, unreadable input refused, phones normalised."""

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


# A mainland landline: area code (010 and 02x have three digits, the others four), then a local
# number of 7 or 8 digits that starts with neither 0 nor 1. An extension follows 转, 分机, ext, x or #.
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})$")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)(\d{1,6})$")


def normalise_phone(value: str) -> str:
    """Stored forms: a mainland mobile '13812345678' ('138 1234 5678', '+86 138-1234-5678');
    a landline with its area code '0571-88888888' ('0571-8888 8888', '+86 571 8888 8888', '(0571)88888888'),
    with an extension '0571-88888888-123' ('… 转 123', '… ext. 123'); international '+49301234567'
    ('0049 30 1234567'). Full-width digits are read as digits.

    Returns "" when the value is none of these.
    """
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "").lower())
    extension = ""
    found = _EXTENSION.search(compact)
    if found:
        extension, compact = found.group(1), compact[: found.start()]
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+86"):
        national = compact[3:]
        compact = national if _MAINLAND_MOBILE.match(national) else "0" + national.removeprefix("0")
    landline = _LANDLINE.match(compact)
    if landline:
        number = f"{landline.group(1)}-{landline.group(2)}"
        return f"{number}-{extension}" if extension else number
    if extension:
        return ""  # an extension belongs to a landline
    if _MAINLAND_MOBILE.match(compact) or _INTERNATIONAL.match(compact):
        return compact
    return ""
