"""The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters, the last a check character.

The alphabet leaves out I, O, Z, S and V. Position i (from 0) weighs 3^i mod 31; the check character
is the one whose value brings the weighted sum to a multiple of 31. Enterprise records and the
service desk's form both validate with `validate_credit_code`.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
_SHAPE = re.compile(rf"^[{ALPHABET}]{{18}}$")


def normalise_credit_code(value: str) -> str:
    """Upper case, spaces and hyphens out (people copy codes from licences with gaps)."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    if not _SHAPE.match(code):
        raise ValidationError(
            _("A unified social credit code uses only digits and the capital letters other than I, O, Z, S and V."),
            code="credit_code_characters",
        )
    if code[17] != credit_code_check_character(code[:17]):
        raise ValidationError(
            _(
                "The check character (the last one) of this unified social credit code does not match the "
                "other 17: please copy the code again from the business licence."
            ),
            code="credit_code_check",
        )
