"""Personal data in free text (SPEC AI6): find it, and mask it before text reaches logs or analytics.

Document numbers are found by pattern and confirmed by checksum (identifiers.py); where two kinds
share a format (a 16-digit card and an ОМС policy, 10 digits of a passport or an ИНН) the words
just before the number decide, as they would for a human reader. Names come from natasha's NER
(names.py); street addresses from a pattern over street/house/flat markers, widened to the
locations NER finds next to them. A city named alone is not treated as personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from assistant import identifiers


class PiiKind(StrEnum):
    SNILS = "snils"
    INN = "inn"
    PASSPORT = "passport"
    PHONE = "phone"
    EMAIL = "email"
    CARD = "card"
    OMS = "oms"
    PERSON = "person"
    ADDRESS = "address"


PLACEHOLDERS = {
    PiiKind.SNILS: "[СНИЛС]",
    PiiKind.INN: "[ИНН]",
    PiiKind.PASSPORT: "[ПАСПОРТ]",
    PiiKind.PHONE: "[ТЕЛЕФОН]",
    PiiKind.EMAIL: "[EMAIL]",
    PiiKind.CARD: "[КАРТА]",
    PiiKind.OMS: "[ПОЛИС ОМС]",
    PiiKind.PERSON: "[ФИО]",
    PiiKind.ADDRESS: "[АДРЕС]",
}


@dataclass(frozen=True, order=True)
class PiiSpan:
    start: int
    end: int
    kind: PiiKind
    text: str

    def as_dict(self) -> dict:
        return {"kind": str(self.kind), "start": self.start, "end": self.end, "text": self.text}


_SEP = r"[ \-\u00a0]?"
# (?<![\d\w]) and (?!\d): a number glued to other digits or letters is something else (an order id).
_CARD_OR_OMS = re.compile(rf"(?<![\w\d\-])(?:\d{{4}}{_SEP}){{3}}\d{{4}}(?:{_SEP}\d{{1,3}})?(?![\w\d]|-\d)")
_SNILS = re.compile(rf"(?<![\w\d\-])\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}(?:[ \-\u00a0]{{1,3}}|)\d{{2}}(?![\w\d]|-\d)")
_PHONE = re.compile(
    r"(?<![\w\d+])(?:\+7|8|7)[ \-\u00a0]?(?:\(\d{3}\)|\d{3})"
    r"[ \-\u00a0]?\d{3}[ \-\u00a0]?\d{2}[ \-\u00a0]?\d{2}(?![\w\d])"
)
_INN = re.compile(r"(?<![\w\d\-])(?:\d{12}|\d{10})(?![\w\d]|-\d)")
_PASSPORT_SPACED = re.compile(
    r"(?<![\w\d\-])\d{2}[ \u00a0]?\d{2}(?:[ \u00a0]*(?:№|N|-)[ \u00a0]*|[ \u00a0]+)\d{6}(?![\w\d]|-\d)"
)
_PASSPORT_WORDED = re.compile(r"сери[яиюей]\s*(\d{2}\s?\d{2})[\s,]*(?:номер|№|N)\s*(\d{6})(?![\w\d])", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?@(?:[A-Za-z0-9\-а-яА-ЯёЁ]+\.)+[A-Za-zа-яА-ЯёЁ]{2,24}(?![\w-])"
)

_STREET_MARKERS = (
    r"ул(?:ица|ицы|ице|ицу|\.)|пр(?:оспект|оспекта|оспекте|-т|-кт|\.)|пер(?:еулок|еулка|еулке|\.)|"
    r"ш(?:оссе|\.)|б(?:ульвар|ульвара|ульваре|-р)|наб(?:ережная|ережной|\.)|пл(?:ощадь|ощади|\.)|"
    r"мкр(?:н|\.)?|микрорайон[аеу]?|проезд[аеу]?|туп(?:ик|\.)|аллея|аллее"
)
_HOUSE = (
    r"(?:,?\s*(?:д(?:ом|ома|\.)?|корп(?:ус|\.)?|к\.|стр(?:оение|\.)?|кв(?:артира|артиры|\.)?)\s*\d+[а-яА-Я]?(?:/\d+)?)"
)
_ADDRESS = re.compile(
    rf"(?:(?:г\.|город[еа]?)\s*[А-ЯЁ][а-яё\-]+,?\s*)?"
    rf"(?:(?<![\w])(?:{_STREET_MARKERS})\s*[А-ЯЁ0-9][\wёЁ\-]*(?:\s+[А-ЯЁ][\wёЁ\-]*){{0,2}}"
    rf"|[А-ЯЁ][а-яё\-]+(?:ая|ий|ой|ый)\s+(?:улица|улице|проспект|проспекте|переулок|переулке|шоссе|бульвар|бульваре))"
    rf"{_HOUSE}*",
)
_HOUSE_ONLY = re.compile(rf"(?<![\w])(?:дом|д\.)\s*\d+[а-яА-Я]?(?:/\d+)?(?:{_HOUSE})+")

_CONTEXT_CHARS = 40
_CONTEXT = {
    PiiKind.OMS: re.compile(r"полис|омс|медицинск|страхов[а-я]* мед", re.IGNORECASE),
    PiiKind.CARD: re.compile(r"карт|visa|виза|мир|mastercard|маэстро|банк", re.IGNORECASE),
    PiiKind.PASSPORT: re.compile(r"паспорт|серия|удостоверени[ея] личности", re.IGNORECASE),
    PiiKind.INN: re.compile(r"инн|налог", re.IGNORECASE),
    PiiKind.SNILS: re.compile(r"снилс|страхов[а-я]* номер|лицев[а-я]* сч", re.IGNORECASE),
    PiiKind.PHONE: re.compile(r"тел|номер телефона|звон|смс|sms|whatsapp|мобильн", re.IGNORECASE),
}


def _context_says(kind: PiiKind, text: str, start: int) -> bool:
    """True when the words just before position `start` name this kind of document."""
    window = text[max(0, start - _CONTEXT_CHARS) : start]
    return bool(_CONTEXT[kind].search(window))


def _nearest_context(text: str, start: int, kinds: Iterable[PiiKind]) -> PiiKind | None:
    """Of several candidate kinds, the one whose cue word stands closest before the number."""
    window = text[max(0, start - _CONTEXT_CHARS) : start]
    best, best_at = None, -1
    for kind in kinds:
        for match in _CONTEXT[kind].finditer(window):
            if match.start() > best_at:
                best, best_at = kind, match.start()
    return best


def _numbers(text: str) -> list[PiiSpan]:
    found: list[PiiSpan] = []

    for match in _CARD_OR_OMS.finditer(text):
        raw, digits = match.group(), identifiers.digits_only(match.group())
        cue = _nearest_context(text, match.start(), (PiiKind.OMS, PiiKind.CARD))
        if (
            len(digits) == 16
            and identifiers.oms_is_valid(digits)
            and (cue is PiiKind.OMS or (cue is None and digits[0] not in "23456"))
        ):
            found.append(PiiSpan(match.start(), match.end(), PiiKind.OMS, raw))
        elif identifiers.card_is_valid(digits):
            found.append(PiiSpan(match.start(), match.end(), PiiKind.CARD, raw))

    for match in _PASSPORT_WORDED.finditer(text):
        start, end = match.start(1), match.end(2)
        found.append(PiiSpan(start, end, PiiKind.PASSPORT, text[start:end]))

    for match in _SNILS.finditer(text):
        raw, digits = match.group(), identifiers.digits_only(match.group())
        if not identifiers.snils_is_valid(digits):
            continue
        # 11 bare digits starting 7/8 read as a phone number unless the text says СНИЛС.
        if (
            raw.isdigit()
            and identifiers.phone_is_valid(digits)
            and not _context_says(PiiKind.SNILS, text, match.start())
        ):
            continue
        found.append(PiiSpan(match.start(), match.end(), PiiKind.SNILS, raw))

    for match in _PHONE.finditer(text):
        if identifiers.phone_is_valid(match.group()):
            found.append(PiiSpan(match.start(), match.end(), PiiKind.PHONE, match.group()))

    for match in _PASSPORT_SPACED.finditer(text):
        raw = match.group()
        # "2024-000123" is as often an application number as a passport: the dash form needs the word.
        if "-" in raw and not _context_says(PiiKind.PASSPORT, text, match.start()):
            continue
        if identifiers.passport_is_valid(raw):
            found.append(PiiSpan(match.start(), match.end(), PiiKind.PASSPORT, raw))

    for match in _INN.finditer(text):
        raw = match.group()
        cue = _nearest_context(text, match.start(), (PiiKind.PASSPORT, PiiKind.INN))
        if len(raw) == 10 and cue is PiiKind.PASSPORT and identifiers.passport_is_valid(raw):
            found.append(PiiSpan(match.start(), match.end(), PiiKind.PASSPORT, raw))
        elif identifiers.inn_is_valid(raw) and (len(raw) == 12 or cue is PiiKind.INN):
            # A 10-digit ИНН (an organisation's) passes its one check digit by chance once in ten,
            # so without the word ИНН nearby a bare 10-digit number (an order id) is left alone.
            found.append(PiiSpan(match.start(), match.end(), PiiKind.INN, raw))

    for match in _EMAIL.finditer(text):
        found.append(PiiSpan(match.start(), match.end(), PiiKind.EMAIL, match.group()))
    return found


def _addresses(text: str, locations: list[tuple[int, int]]) -> list[PiiSpan]:
    spans = [(m.start(), m.end()) for pattern in (_ADDRESS, _HOUSE_ONLY) for m in pattern.finditer(text)]
    spans = [(start, end) for start, end in spans if end - start >= 5]
    merged: list[PiiSpan] = []
    for start, end in spans:
        # A location NER found right before the street ("Казань, ул. Баумана") belongs to the address.
        for loc_start, loc_end in locations:
            if 0 <= start - loc_end <= 3 and not text[loc_end:start].strip(" ,"):
                start = min(start, loc_start)
        cut = text[start:end].rstrip(" ,")
        merged.append(PiiSpan(start, start + len(cut), PiiKind.ADDRESS, cut))
    return merged


def _resolve(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Keep non-overlapping spans, longer first: a card number contains SNILS-shaped pieces."""
    kept: list[PiiSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept)


EntityFinder = Callable[[str], list[tuple[str, int, int]]]


def find_pii(text: str, *, entities: EntityFinder | None = None) -> list[PiiSpan]:
    """Every personal-data span in `text`, sorted by position, non-overlapping.

    `entities` returns (type, start, end) named entities ("PER", "LOC", ...); by default natasha's
    NER. Tests of the pattern layer pass `lambda text: []`.
    """
    if entities is None:
        from assistant.names import named_entities

        entities = named_entities
    spans = _numbers(text)
    found = entities(text)
    spans.extend(PiiSpan(start, end, PiiKind.PERSON, text[start:end]) for kind, start, end in found if kind == "PER")
    locations = [(start, end) for kind, start, end in found if kind == "LOC"]
    spans.extend(_addresses(text, locations))
    return _resolve(spans)


def mask(text: str, *, spans: list[PiiSpan] | None = None, entities: EntityFinder | None = None) -> str:
    """`text` with each personal-data span replaced by a typed placeholder ([СНИЛС], [ФИО], ...)."""
    if spans is None:
        spans = find_pii(text, entities=entities)
    pieces, position = [], 0
    for span in sorted(spans):
        pieces.append(text[position : span.start])
        pieces.append(PLACEHOLDERS[span.kind])
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
