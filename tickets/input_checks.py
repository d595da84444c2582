"""Correctness checks of what a citizen types (SS6): identifiers and dates that cannot be right.

A request text often carries a СНИЛС, an ИНН, a phone, an email or a date; a typo there costs the operator a
round trip with the citizen. These checks find the ones that cannot be right (a control number that does
not match, a phone with the wrong number of digits, a date that does not exist) and say how to fix them.
They never block: the citizen may confirm and send the text as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from assistant.identifiers import digits_only, inn_is_valid, snils_is_valid

_SNILS = re.compile(r"(?<![\d-])\d{3}[- ]?\d{3}[- ]?\d{3}[- ]\d{2}(?![\d-])")
_INN = re.compile(r"\bИНН\D{0,5}?(\d[\d ]{2,15}\d)(?!\d)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\d+])(?:\+7|8)[\s(-]*\d[\d\s()-]{6,16}\d(?!\d)")
_EMAIL_LIKE = re.compile(r"[^\s@<>(),;:\"']+@[^\s@<>(),;:\"']*")
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")


@dataclass(frozen=True)
class Suspicious:
    kind: str  # snils | inn | phone | email | date
    text: str
    hint: str


def suspicious_entries(text: str) -> list[Suspicious]:
    found: list[Suspicious] = []
    for match in _SNILS.finditer(text):
        if not snils_is_valid(match.group(0)):
            found.append(Suspicious("snils", match.group(0), _(
                "контрольное число СНИЛС не сходится — сверьте номер с карточкой или приложением «Госуслуги»")))
    for match in _INN.finditer(text):
        digits = digits_only(match.group(1))
        if len(digits) not in (10, 12):
            found.append(Suspicious("inn", match.group(1), _(
                "в ИНН гражданина 12 цифр, организации — 10")))
        elif not inn_is_valid(digits):
            found.append(Suspicious("inn", match.group(1), _(
                "контрольные цифры ИНН не сходятся — проверьте номер по свидетельству или на сайте ФНС")))
    for match in _PHONE.finditer(text):
        if _SNILS.fullmatch(match.group(0).strip()):
            continue
        digits = digits_only(match.group(0))
        if len(digits) != 11:
            found.append(Suspicious("phone", match.group(0).strip(), _(
                "в номере телефона должно быть 11 цифр, например +7 912 345-67-89")))
    for match in _EMAIL_LIKE.finditer(text):
        candidate = match.group(0).rstrip(".")
        try:
            validate_email(candidate)
        except ValidationError:
            found.append(Suspicious("email", candidate, _(
                "адрес почты пишется так: имя@домен.ru, без пробелов и русских букв в домене")))
    for match in _DATE.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        try:
            date(year, month, day)
        except ValueError:
            found.append(Suspicious("date", match.group(0), _("такой даты нет — проверьте день и месяц")))
    return found
