import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accounts.validators import mask_phone, normalize_phone, normalize_snils, snils_checksum


@given(st.from_regex(r"[0-9]{9}", fullmatch=True).filter(lambda d: int(d) > 1001998))
def test_every_snils_with_its_own_checksum_is_accepted(nine):
    number = nine + f"{snils_checksum(nine):02d}"

    assert normalize_snils(f"{number[:3]}-{number[3:6]}-{number[6:9]} {number[9:]}") == number


@given(st.from_regex(r"[0-9]{9}", fullmatch=True).filter(lambda d: int(d) > 1001998), st.integers(1, 99))
def test_a_wrong_checksum_is_refused(nine, shift):
    wrong = (snils_checksum(nine) + shift) % 100

    with pytest.raises(ValidationError):
        normalize_snils(nine + f"{wrong:02d}")


@pytest.mark.parametrize("raw", ["+7 912 345-67-89", "89123456789", "7(912)3456789", "9123456789"])
def test_phone_forms_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+79123456789"


def test_masked_phone_keeps_only_the_last_two_digits():
    assert mask_phone("+79123456789") == "+7912***-**-89"
