"""Correctness checks of what a citizen types (SS6): identifiers and dates that cannot be right.

A request text often carries a СНИЛС, an ИНН, a phone, an email or a date; a typo there costs the operator a
round trip with the citizen. These checks find the ones that cannot be right (a control number that does
not match, a phone with the wrong number of digits or an area code no Russian number has, a date that does not
exist or cannot be a birth date) and say how to fix them. They never block: the citizen may confirm and send
the text as it is.

Two readings of the same findings:
- `suspicious_entries(text)`: for the citizen's own form and the mobile API, which quote the entry back
  («Проверьте «112-233-445 96»: …») next to the text the citizen is editing;
- `identifier_problems(text)`: for the chat assistant, whose replies are stored and shown to operators: each
  `Problem.message` is a whole Russian sentence that names the entry only by its last digits, never in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.validators import normalize_phone
from assistant.identifiers import digits_only, inn_is_valid, snils_is_valid

# A СНИЛС written as on the card (112-233-445 95), or 11 digits in a row right after the word «СНИЛС».
_SNILS = re.compile(r"(?<![\d-])\d{3}[- ]?\d{3}[- ]?\d{3}[- ]\d{2}(?![\d-])")
_SNILS_AFTER_CUE = re.compile(
    r"(?:СНИЛС|страхов\w*\s+номер\w*)\D{0,12}?(?<![\d-])(\d{11}|\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2})(?![\d-])",
    re.IGNORECASE,
)
_INN = re.compile(r"\bИНН\D{0,5}?(\d[\d ]{2,15}\d)(?!\d)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\d+])(?:\+7|8)[\s(-]*\d[\d\s()-]{6,16}\d(?!\d)")
# «телефон 912345678»: a number without +7 or 8 is read as a phone only when the word says so
_PHONE_AFTER_CUE = re.compile(
    r"\b(?:телефон\w*|тел\.?|моб\.?|мобильн\w*|номер\s+телефона)\s*:?\s*((?<![\d+])\d[\d\s()-]{5,16}\d)(?!\d)",
    re.IGNORECASE,
)
_EMAIL_LIKE = re.compile(r"[^\s@<>(),;:\"']+@[^\s<>(),;:\"']*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_DATE_DMY = re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d./-]*\d)")
_DATE_ISO = re.compile(r"(?<![\d./-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d./-]*\d)")
# words after which a date lies in the past: a birth date, the date a document was issued
_PAST_DATE_CUE = re.compile(r"(?:рожд|родил|д\.\s?р\.|выдан|выдачи)\w*\D{0,20}$", re.IGNORECASE)
_BIRTH_CUE = re.compile(r"(?:рожд|родил|д\.\s?р\.)\w*\D{0,20}$", re.IGNORECASE)
EARLIEST_YEAR = 1900
LATEST_YEARS_AHEAD = 50  # a passport is valid 20–25 years, an appointment months ahead; 2099 is a typo


@dataclass(frozen=True)
class Suspicious:
    kind: str  # snils | inn | phone | email | date
    text: str
    hint: str


@dataclass(frozen=True)
class Problem:
    """An entry that cannot be right, for the chat assistant: `message` tells how to fix it without repeating it."""

    kind: str  # snils | inn | phone | email | date
    start: int
    end: int
    message: str


@dataclass(frozen=True)
class _Finding:
    kind: str
    start: int
    end: int
    text: str
    hint: str  # a lower-case clause: «контрольное число СНИЛС не сходится — …»
    reference: str  # how a reply names the entry without repeating it: «СНИЛС, который заканчивается на 96»


def suspicious_entries(text: str) -> list[Suspicious]:
    """The entries of `text` that cannot be right, quoted as typed: for the citizen's own form."""
    return [Suspicious(found.kind, found.text, found.hint) for found in _findings(text)]


def identifier_problems(text: str) -> list[Problem]:
    """The entries of `text` that cannot be right, each with a Russian sentence on how to fix it.

    The sentence names the entry by its last digits only (a chat reply is stored and read by operators,
    and the identifier may be someone's real one with a typo).
    """
    return [
        Problem(
            found.kind,
            found.start,
            found.end,
            _("Проверьте %(entry)s: %(hint)s.") % {"entry": found.reference, "hint": found.hint},
        )
        for found in _findings(text)
    ]


def _findings(text: str) -> list[_Finding]:
    text = text or ""
    found = [*_snils_findings(text), *_inn_findings(text)]
    found += _phone_findings(text, taken=found)
    found += _email_findings(text)
    found += _date_findings(text, taken=found)
    return sorted(found, key=lambda item: item.start)


def _overlaps(start: int, end: int, taken: list[_Finding]) -> bool:
    return any(start < other.end and other.start < end for other in taken)


def _tail(digits: str) -> str:
    return digits[-2:]


def _snils_findings(text: str) -> list[_Finding]:
    spans = {match.span(): match.group(0) for match in _SNILS.finditer(text)}
    spans.update({match.span(1): match.group(1) for match in _SNILS_AFTER_CUE.finditer(text)})
    found = []
    for (start, end), entry in sorted(spans.items()):
        if _overlaps(start, end, found) or snils_is_valid(entry):
            continue
        found.append(_Finding(
            "snils", start, end, entry,
            _("контрольное число СНИЛС не сходится — сверьте все 11 цифр с карточкой СНИЛС или с приложением "
              "«Госуслуги»"),
            _("СНИЛС, который заканчивается на %(tail)s") % {"tail": _tail(digits_only(entry))},
        ))
    return found


def _inn_findings(text: str) -> list[_Finding]:
    found = []
    for match in _INN.finditer(text):
        digits = digits_only(match.group(1))
        reference = _("ИНН, который заканчивается на %(tail)s") % {"tail": _tail(digits)}
        if len(digits) not in (10, 12):
            hint = _("в ИНН гражданина 12 цифр, организации — 10; проверьте, все ли цифры введены")
        elif not inn_is_valid(digits):
            hint = _("контрольные цифры ИНН не сходятся — проверьте номер по свидетельству или на сайте ФНС")
        else:
            continue
        found.append(_Finding("inn", *match.span(1), match.group(1), hint, reference))
    return found


def _phone_findings(text: str, *, taken: list[_Finding]) -> list[_Finding]:
    candidates = [(match.span(), match.group(0), True) for match in _PHONE.finditer(text)]
    candidates += [(match.span(1), match.group(1), False) for match in _PHONE_AFTER_CUE.finditer(text)]
    found: list[_Finding] = []
    for (start, end), entry, prefixed in sorted(candidates):
        if _overlaps(start, end, taken + found) or _SNILS.fullmatch(entry):
            continue
        digits = digits_only(entry)
        hint = _phone_hint(digits[1:] if prefixed or (len(digits) == 11 and digits[0] in "78") else digits)
        if hint:
            reference = _("номер телефона, который заканчивается на %(tail)s") % {"tail": _tail(digits)}
            found.append(_Finding("phone", start, end, entry, hint, reference))
    return found


def _phone_hint(national: str) -> str:
    """Why the digits after +7 cannot be a Russian phone, or "" when they can (accounts.validators)."""
    if len(national) == 10 and national[0] == "7":
        return ""  # +7 7xx: Kazakhstan shares the country code; such a number is real, only not Russian
    try:
        normalize_phone("+7" + national)
    except ValidationError:
        if len(national) != 10:
            return _("в номере телефона должно быть 11 цифр, например +7 912 345-67-89; проверьте, все ли цифры "
                     "введены")
        return _("код после +7 начинается с 3, 4, 8 или 9 (мобильные — 9, например +7 912 …); проверьте первые "
                 "цифры номера")
    return ""


def _email_findings(text: str) -> list[_Finding]:
    found = []
    for match in _EMAIL_LIKE.finditer(text):
        entry = match.group(0).rstrip(".")
        local, _at, domain = entry.partition("@")
        try:
            validate_email(entry)
        except ValidationError:
            hint = _email_hint(local, domain)
        else:
            if not _is_mixed_script(domain):
                continue
            hint = _("в домене после @ смешаны русские и латинские буквы — проверьте раскладку клавиатуры")
        reference = _("адрес почты, который начинается на «%(first)s»") % {"first": local[:1]}
        found.append(_Finding("email", match.start(), match.start() + len(entry), entry, hint, reference))
    return found


def _is_mixed_script(domain: str) -> bool:
    """«mаil.ru» with a Cyrillic «а» passes as an IDN domain but is a typo; «почта.рф» is a real one."""
    letters = re.sub(r"[^A-Za-zА-Яа-яЁё]", "", domain)
    return bool(_CYRILLIC.search(letters)) and bool(re.search(r"[A-Za-z]", letters))


def _email_hint(local: str, domain: str) -> str:
    """Which part of the address is wrong: the name before @ or the domain after it."""
    if "@" in domain:
        return _("в адресе почты один знак @, например ivanova@mail.ru")
    if _CYRILLIC.search(local):
        return _("имя ящика до @ пишется латинскими буквами, например ivanova@mail.ru, — проверьте раскладку "
                 "клавиатуры")
    if not domain:
        return _("после @ нужен домен почты, например mail.ru или yandex.ru")
    if "." not in domain.strip("."):
        return _("в домене после @ не хватает точки и окончания, например mail.ru или yandex.ru")
    if _is_mixed_script(domain):
        return _("в домене после @ смешаны русские и латинские буквы — проверьте раскладку клавиатуры")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return _("имя ящика до @ не может начинаться или заканчиваться точкой и не может содержать две точки "
                 "подряд")
    return _("в адресе почты есть недопустимые знаки; адрес пишется так: имя@домен.ru, без пробелов")


def _date_findings(text: str, *, taken: list[_Finding]) -> list[_Finding]:
    candidates = [
        (match.span(), match.group(0), int(match.group(1)), int(match.group(3)), int(match.group(4)))
        for match in _DATE_DMY.finditer(text)
    ]
    candidates += [
        (match.span(), match.group(0), int(match.group(3)), int(match.group(2)), int(match.group(1)))
        for match in _DATE_ISO.finditer(text)
    ]
    today = timezone.localdate()
    found: list[_Finding] = []
    for (start, end), entry, day, month, year in sorted(candidates):
        if _overlaps(start, end, taken + found):
            continue
        hint = _date_hint(day, month, year, before=text[max(0, start - 40):start], today=today)
        if hint:
            reference = _("дату %(day)02d.%(month)02d…") % {"day": day, "month": month}
            found.append(_Finding("date", start, end, entry, hint, reference))
    return found


def _date_hint(day: int, month: int, year: int, *, before: str, today: date) -> str:
    if not 1 <= month <= 12:
        return _("месяц — число от 1 до 12; возможно, день и месяц поменялись местами (правильно ДД.ММ.ГГГГ)")
    try:
        value = date(year, month, day)
    except ValueError:
        return _("такой даты нет — в этом месяце меньше дней; проверьте день и месяц")
    if year < EARLIEST_YEAR:
        return _("год раньше 1900 — проверьте год")
    if value > today and _BIRTH_CUE.search(before):
        return _("дата рождения не может быть в будущем — проверьте год")
    if value > today and _PAST_DATE_CUE.search(before):
        return _("дата выдачи документа не может быть в будущем — проверьте год")
    if year > today.year + LATEST_YEARS_AHEAD:
        return _("год слишком далеко в будущем — проверьте год")
    return ""
