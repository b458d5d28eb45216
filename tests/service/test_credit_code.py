import pytest
from django.core.exceptions import ValidationError

from core.credit_code import credit_code_check_character, normalise_credit_code, validate_credit_code
from tests.service.conftest import VALID_CODE


def test_a_code_with_the_right_check_character_passes():
    validate_credit_code(VALID_CODE)
    validate_credit_code("9135 0100-M000 100Y43".lower())  # gaps and lower case as copied from a licence


def test_check_character_follows_gb_32100_weights():
    assert credit_code_check_character(VALID_CODE[:17]) == "3"


@pytest.mark.parametrize("last", [c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != "3"])
def test_every_wrong_check_character_is_refused_with_a_message_that_says_so(last):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(VALID_CODE[:17] + last)
    assert exc.value.code == "credit_code_check"
    assert "校验码" in exc.value.messages[0]  # zh-hans, the default language


@pytest.mark.parametrize(
    ("code", "error"),
    [("91350100M000100Y4", "credit_code_length"), ("91350100M000100I43", "credit_code_characters")],
)
def test_wrong_length_or_letters_are_refused(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error


def test_normalise_removes_gaps_and_upper_cases():
    assert normalise_credit_code(" 91350100-m000 100y43 ") == VALID_CODE
