"""Format and checksum checks of Russian identifiers that citizens type (SS6)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NON_DIGITS = re.compile(r"\D")


def snils_checksum(digits: str) -> int:
    """The control number of the first nine digits of a СНИЛС (Pension Fund rules)."""
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest in (100, 101) else rest


def normalize_snils(value: str) -> str:
    """'112-233-445 95' → '11223344595'; raises ValidationError with a hint on how to fix."""
    digits = _NON_DIGITS.sub("", value or "")
    if len(digits) != 11:
        raise ValidationError(
            _("СНИЛС состоит из 11 цифр, например 112-233-445 95. Проверьте, все ли цифры введены."),
            code="snils_length",
        )
    # Numbers up to 001-001-998 were issued before the checksum existed and carry none.
    if int(digits[:9]) > 1001998 and snils_checksum(digits) != int(digits[9:]):
        raise ValidationError(
            _("Контрольное число СНИЛС не сходится. Сверьте номер с карточкой или приложением «Госуслуги»."),
            code="snils_checksum",
        )
    return digits


def format_snils(digits: str) -> str:
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}" if len(digits) == 11 else digits


def validate_snils(value: str) -> None:
    normalize_snils(value)


def normalize_phone(value: str) -> str:
    """Russian mobile or landline number to +7XXXXXXXXXX; accepts 8…, 7…, +7… and spaces, dashes, brackets."""
    digits = _NON_DIGITS.sub("", value or "")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10 or digits[0] not in "3489":
        raise ValidationError(
            _("Введите номер телефона из 10 цифр после +7, например +7 912 345-67-89."),
            code="phone_format",
        )
    return "+7" + digits


def validate_phone(value: str) -> None:
    normalize_phone(value)


def mask_phone(phone: str) -> str:
    return f"{phone[:5]}***-**-{phone[-2:]}" if len(phone) == 12 else "***"


def mask_snils(digits: str) -> str:
    return f"***-***-{digits[6:9]} {digits[9:11]}" if len(digits) == 11 else "***"


def mask_email(email: str) -> str:
    local, _sep, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
