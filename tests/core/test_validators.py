import pytest
from django.core.exceptions import ValidationError

from core.validators import credit_code_check_char, normalise_credit_code, validate_credit_code

# Published codes of real companies (their registrations are public).
VALID = ["914403001922038216", "91110000600037341L"]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_pass(code):
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


def test_typed_form_is_normalised():
    assert normalise_credit_code(" ９１１１０００0600037341l ") == "91110000600037341L"
    validate_credit_code("91110000600037341l")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91440300192203821", "credit_code_length"),
        ("9144030019220382167", "credit_code_length"),
        ("91440300192203821I", "credit_code_chars"),
        ("914403001922038217", "credit_code_check"),
        ("914403001922038261", "credit_code_check"),  # two characters swapped
    ],
)
def test_bad_codes_are_refused_with_a_reason(code, error):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == error


@pytest.mark.django_db
def test_enterprise_credit_code_is_optional_and_checked():
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    enterprise.full_clean()
    enterprise.credit_code = "914403001922038217"
    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()
    assert "credit_code" in caught.value.message_dict
    enterprise.credit_code = "91110000600037341l"
    enterprise.full_clean()
    assert enterprise.credit_code == "91110000600037341L"
