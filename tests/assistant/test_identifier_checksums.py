"""SS6: checksums of personal identifiers, on known-valid numbers and one-digit typos."""

import pytest

from assistant import identifiers


@pytest.mark.parametrize("value", ["112-233-445 95", "11223344595", "112 233 445 95", "001-001-998 00"])
def test_valid_snils_passes(value):
    assert identifiers.snils_is_valid(value)


@pytest.mark.parametrize("value", ["112-233-445 96", "1122334459", "00000000000", "112-233-445 9"])
def test_snils_with_a_wrong_control_number_or_length_fails(value):
    assert not identifiers.snils_is_valid(value)


@pytest.mark.parametrize("value", ["7707083893", "500100732259", "7830002293"])
def test_valid_inn_passes(value):
    assert identifiers.inn_is_valid(value)


@pytest.mark.parametrize("value", ["7707083894", "500100732258", "500100732250", "12345", "0000000000"])
def test_inn_with_a_wrong_check_digit_fails(value):
    assert not identifiers.inn_is_valid(value)


@pytest.mark.parametrize("value", ["4111 1111 1111 1111", "2200-0000-0000-0004", "5555555555554444"])
def test_card_numbers_passing_luhn_are_valid(value):
    assert identifiers.card_is_valid(value)


@pytest.mark.parametrize("value", ["4111 1111 1111 1112", "1234", "0000 0000 0000 0000"])
def test_card_numbers_failing_luhn_are_invalid(value):
    assert not identifiers.card_is_valid(value)


def test_oms_control_digit_follows_the_rules_and_equals_luhn():
    head = "770000000000123"
    digit = identifiers.oms_check_digit(head)

    assert identifiers.oms_is_valid(head + str(digit))
    assert not identifiers.oms_is_valid(head + str((digit + 1) % 10))
    assert digit == identifiers.luhn_check_digit(head)  # why context, not checksum, tells a card from a policy


@pytest.mark.parametrize("value", ["+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "+7 495 123-45-67"])
def test_russian_phone_numbers_are_valid(value):
    assert identifiers.phone_is_valid(value)


@pytest.mark.parametrize("value", ["+7 (112) 345-67-89", "12345", "+1 212 555 0100"])
def test_phone_numbers_with_impossible_codes_are_invalid(value):
    assert not identifiers.phone_is_valid(value)
