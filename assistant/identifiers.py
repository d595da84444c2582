"""Checksums of Russian personal identifiers (SPEC SS6, AI6). Each check takes the digits only.

Sources of the algorithms: СНИЛС — Постановление Правления ПФР № 192п (control number mod 101);
ИНН — Приказ ФНС № ММВ-7-6/435@ (weights mod 11); bank cards — ISO/IEC 7812 (Luhn);
единый номер полиса ОМС — Правила ОМС, приложение Г.2 (ISO/HL7 27931 Mod10: odd digits from the
right doubled, even ones prepended, digit sum complemented to 10), which is arithmetically the
Luhn check, so card and policy numbers are told apart by context, not by checksum.
"""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"\D")

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def digits_only(value: str) -> str:
    return _NON_DIGITS.sub("", value)


def snils_check_number(first_nine: str) -> int:
    total = sum(int(digit) * (9 - position) for position, digit in enumerate(first_nine))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    remainder = total % 101
    return 0 if remainder == 100 else remainder


def snils_is_valid(value: str) -> bool:
    """11 digits; numbers up to 001-001-998 were issued before the control number existed."""
    digits = digits_only(value)
    if len(digits) != 11 or digits == "0" * 11:
        return False
    if int(digits[:9]) <= 1001998:
        return True
    return snils_check_number(digits[:9]) == int(digits[9:])


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """10 digits (organisations) or 12 digits (persons), with one or two control digits."""
    digits = digits_only(value)
    if len(digits) == 10:
        return digits != "0" * 10 and _inn_digit(digits, INN10_WEIGHTS) == int(digits[9])
    if len(digits) == 12:
        return (
            digits != "0" * 12
            and _inn_digit(digits, INN11_WEIGHTS) == int(digits[10])
            and _inn_digit(digits, INN12_WEIGHTS) == int(digits[11])
        )
    return False


def luhn_check_digit(payload: str) -> int:
    """The digit to append to `payload` so that the whole number passes the Luhn check."""
    total = 0
    for position, digit in enumerate(reversed(payload)):
        value = int(digit)
        if position % 2 == 0:  # doubled: the payload's last digit sits next to the check digit
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return (10 - total % 10) % 10


def luhn_is_valid(value: str) -> bool:
    digits = digits_only(value)
    return len(digits) >= 2 and luhn_check_digit(digits[:-1]) == int(digits[-1])


def card_is_valid(value: str) -> bool:
    """Bank card: 13-19 digits passing Luhn."""
    digits = digits_only(value)
    return 13 <= len(digits) <= 19 and digits != "0" * len(digits) and luhn_is_valid(digits)


def oms_check_digit(first_fifteen: str) -> int:
    """The policy's control digit, computed literally as the rules describe it."""
    odd = "".join(first_fifteen[index] for index in range(14, -1, -2))  # positions 1, 3, ... from the right
    even = "".join(first_fifteen[index] for index in range(13, -1, -2))
    number = even + str(int(odd) * 2)
    total = sum(int(digit) for digit in number)
    return (10 - total % 10) % 10


def oms_is_valid(value: str) -> bool:
    """Единый номер полиса ОМС: 16 digits, the last one a control digit."""
    digits = digits_only(value)
    return len(digits) == 16 and digits != "0" * 16 and oms_check_digit(digits[:15]) == int(digits[15])


def phone_is_valid(value: str) -> bool:
    """A Russian number: +7 or 8, then a 10-digit number whose area code starts with 3, 4, 8 or 9."""
    digits = digits_only(value)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "3489"


def passport_is_valid(value: str) -> bool:
    """Series (4 digits: region code + year of the form) and number (6 digits); no checksum exists."""
    digits = digits_only(value)
    return len(digits) == 10 and digits[4:] != "000000"
