"""Personal data in free text (SPEC AI6): find it, and mask it before text reaches logs or analytics.

Numbers are read the way a person reads them: by the word in front. Next to a cue word («СНИЛС»,
«паспорт», «карта», «полис», «ИНН», «тел», «звоните») a number of roughly the right shape is that
document even when its checksum fails: citizens mistype and make up numbers, and a mistyped СНИЛС is
still someone's СНИЛС. Without a cue, the checksum (identifiers.py) has to confirm the kind, so
order numbers, amounts and dates stay readable; a word naming something else («заявление №»,
«заказ», «квитанция») keeps the number unmasked. Phones: Russian ones with or without +7/8, bare
mobile numbers (9xx), and any +<country code> number. Names: natasha's NER plus pymorphy3's name
dictionary (names.py). Addresses: street, house and flat markers, or a street name followed by its
house number after a cue («по адресу», «г. Казань, …») or before a flat («Ленина 5 кв 12»). A city
named alone is not treated as personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from assistant import identifiers
from assistant.stopwords import STOP_WORDS


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


# --- numbers ------------------------------------------------------------------------------------

_SEP = r"[ \-\u00a0]?"
# (?<![\d\w]) and (?!\d): a number glued to other digits or letters is something else (an order id).
_CARD_OR_OMS = re.compile(rf"(?<![\w\d\-])(?:\d{{4}}{_SEP}){{3}}\d{{4}}(?:{_SEP}\d{{1,3}})?(?![\w\d]|-\d)")
_SNILS = re.compile(rf"(?<![\w\d\-])\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}(?:[ \-\u00a0]{{1,3}}|)\d{{2}}(?![\w\d]|-\d)")
_PHONE = re.compile(
    r"(?<![\w\d+])(?P<prefix>\+\s?7|8|7)[ \-\u00a0]?(?:\(\d{3}\)|\d{3})"
    r"[ \-\u00a0]?\d{3}[ \-\u00a0]?\d{2}[ \-\u00a0]?\d{2}(?![\w\d])"
)
# 10 digits without the country prefix: «916 123-45-67», «(916) 1234567», «9161234567».
_PHONE_LOCAL = re.compile(
    r"(?<![\w\d+\-])(?:\(\d{3}\)|\d{3})[ \-\u00a0]?\d{3}[ \-\u00a0]?\d{2}[ \-\u00a0]?\d{2}(?![\w\d]|-\d)"
)
# A city number after a phone cue: «тел. 123-45-67».
_PHONE_CITY = re.compile(r"(?<![\w\d+\-])\d{3}[\-\u00a0 ]\d{2}[\-\u00a0 ]\d{2}(?![\w\d]|-\d)")
# Any other country: «+375 29 123-45-67», «+998 (90) 123 45 67», «+44 20 7946 0958».
_PHONE_INTERNATIONAL = re.compile(r"(?<![\w\d+])\+\s?(?!7)\d[\d \-\u00a0()]{6,18}\d(?![\w\d])")
_INN = re.compile(r"(?<![\w\d\-])(?:\d{12}|\d{10})(?![\w\d]|-\d)")
_PASSPORT_SPACED = re.compile(
    r"(?<![\w\d\-])\d{2}[ \u00a0]?\d{2}(?:[ \u00a0]*(?:№|N|-)[ \u00a0]*|[ \u00a0]+)\d{6}(?![\w\d]|-\d)"
)
_PASSPORT_WORDED = re.compile(
    r"сери[яиюей]\s*(\d{2}\s?\d{2})[\s,]*(?:и\s+)?(?:номер|№|N)\s*(\d{5,7})(?![\w\d])", re.IGNORECASE
)
# A number of any length with single separators: the shape a mistyped document takes after its cue.
_DIGIT_GROUP = re.compile(r"(?<![\w\d+\-.,/])\d(?:[ \-\u00a0]?\d){6,19}(?![\w\d]|[.,/:]\d|-\d)")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?@(?:[A-Za-z0-9\-а-яА-ЯёЁ]+\.)+[A-Za-zа-яА-ЯёЁ]{2,24}(?![\w-])"
)

# Not personal data: what the number is said to be when it is a document of the desk or the portal.
NOT_PERSONAL = "not_personal"
_CUE_CHARS = 40  # how far before a number its cue word may stand
_CUE_CHARS_AFTER = 25  # «123-456-789 00 — это мой СНИЛС»
_CUES = {
    PiiKind.OMS: re.compile(r"полис|\bомс\b|медицинск|страхов[а-я]* мед", re.IGNORECASE),
    PiiKind.CARD: re.compile(
        r"карт[аыуеоч]|visa|виза|\bмир\b|mastercard|маэстро|maestro|банк|сбер|тинькофф", re.IGNORECASE
    ),
    PiiKind.PASSPORT: re.compile(r"паспорт|сери[яиюей]\b|удостоверени[ея] личности", re.IGNORECASE),
    PiiKind.INN: re.compile(r"\bинн\b|налогоплательщик", re.IGNORECASE),
    PiiKind.SNILS: re.compile(r"снилс|страхов[а-я]* (?:номер|свидетельств)|лицев[а-я]* сч", re.IGNORECASE),
    PiiKind.PHONE: re.compile(
        r"тел\b|тел\.|телеф|звон|набер|смс|sms|whats\s?app|вотсап|ватсап|вацап|viber|вайбер|telegram|телеграм"
        r"|мобильн|сотов|для связи|связаться",
        re.IGNORECASE,
    ),
    NOT_PERSONAL: re.compile(
        r"заявлени|заявк|обращени|заказ|квитанц|плат[её]ж|поручени|\bуин\b|штраф|постановлени|договор"
        r"|трек|посылк|отправлени|\bчек|сч[её]т\b|сч[её]та\b|оплат|сумм|руб|₽|\bsd-",
        re.IGNORECASE,
    ),
}
# «номер»: a phone or a document, said without saying which; only a phone's or a СНИЛС's shape decides.
_NUMBER_WORD = re.compile(r"номер|№", re.IGNORECASE)
# «налог» tells an ИНН from a passport when the checksum already says ИНН, but alone masks nothing.
_TAX_WORD = re.compile(r"налог", re.IGNORECASE)
# The digit counts a mistyped document still has after its cue word (a typo drops or doubles a digit or two).
_CUE_LENGTHS = {
    PiiKind.SNILS: range(7, 14),
    PiiKind.PASSPORT: range(7, 13),
    PiiKind.INN: range(8, 15),
    PiiKind.CARD: range(12, 21),
    PiiKind.OMS: range(12, 19),
    PiiKind.PHONE: range(10, 14),
}


@dataclass(frozen=True)
class _Cue:
    kind: PiiKind | str | None  # the nearest cue word's kind, NOT_PERSONAL, or None
    says_number: bool  # «номер» / «№» stands before the number


# A cue word belongs to the nearest number in its own sentence: a full stop, or another number of four
# digits or more, ends its reach; the stop of an abbreviation («тел.», «г.», «т.е.») does not.
_SENTENCE_END = re.compile(
    r"(?:(?<![\s.]\w)(?<!тел)(?<!моб)(?<!сот)(?<!сер)(?<!ном)(?<!кв)(?<!ул)[.!?…]+|\n)\s*(?=\S|$)", re.IGNORECASE
)
_OTHER_NUMBER = re.compile(r"\d(?:[ \-\u00a0()]?\d){3,}")


def _reach_before(text: str, start: int) -> str:
    window = text[max(0, start - _CUE_CHARS) : start]
    cut = 0
    for pattern in (_SENTENCE_END, _OTHER_NUMBER):
        for match in pattern.finditer(window):
            cut = max(cut, match.end())
    return window[cut:]


def _reach_after(text: str, end: int) -> str:
    window = text[end : end + _CUE_CHARS_AFTER]
    cuts = [match.start() for pattern in (_SENTENCE_END, _OTHER_NUMBER) for match in pattern.finditer(window)]
    return window[: min(cuts, default=len(window))]


def _cue(text: str, start: int, end: int, kinds) -> _Cue:
    """The kind named by the cue word closest before the number (else just after it), among `kinds`.

    NOT_PERSONAL always competes: «номер заявления 9161234567» is an application, not a phone.
    """
    before = _reach_before(text, start)
    best, best_at = None, -1
    for kind in (*kinds, NOT_PERSONAL):
        for match in _CUES[kind].finditer(before):
            if match.start() > best_at:
                best, best_at = kind, match.start()
    if best is None:
        after = _reach_after(text, end)
        first_at = len(after)
        for kind in kinds:
            match = _CUES[kind].search(after)
            if match and match.start() < first_at:
                best, first_at = kind, match.start()
    number_word = _NUMBER_WORD.search(before[-20:])
    return _Cue(best, bool(number_word) and best is None)


def _span(match: re.Match, kind: PiiKind, group: int = 0) -> PiiSpan:
    return PiiSpan(match.start(group), match.end(group), kind, match.group(group))


def _cards_and_policies(text: str) -> list[PiiSpan]:
    found = []
    for match in _CARD_OR_OMS.finditer(text):
        digits = identifiers.digits_only(match.group())
        cue = _cue(text, match.start(), match.end(), (PiiKind.OMS, PiiKind.CARD)).kind
        if cue is PiiKind.OMS and len(digits) == 16:
            found.append(_span(match, PiiKind.OMS))
        elif cue is PiiKind.CARD:
            found.append(_span(match, PiiKind.CARD))
        elif cue is NOT_PERSONAL:
            continue
        elif len(digits) == 16 and identifiers.oms_is_valid(digits) and digits[0] not in "23456":
            found.append(_span(match, PiiKind.OMS))
        elif identifiers.card_is_valid(digits):
            found.append(_span(match, PiiKind.CARD))
    return found


def _snils(text: str) -> list[PiiSpan]:
    found = []
    for match in _SNILS.finditer(text):
        raw, digits = match.group(), identifiers.digits_only(match.group())
        cue = _cue(text, match.start(), match.end(), (PiiKind.SNILS, PiiKind.PHONE, PiiKind.INN))
        if cue.kind is PiiKind.SNILS or (cue.says_number and not raw.isdigit()):
            found.append(_span(match, PiiKind.SNILS))  # «номер 123-456-789 00»: that grouping is a СНИЛС's
        # Without a cue the checksum decides, and 11 bare digits starting 7/8 read as a phone number.
        elif (
            cue.kind is None
            and identifiers.snils_is_valid(digits)
            and not (raw.isdigit() and identifiers.phone_is_valid(digits))
        ):
            found.append(_span(match, PiiKind.SNILS))
    return found


def _phones(text: str) -> list[PiiSpan]:
    found = []
    for match in _PHONE.finditer(text):
        digits = identifiers.digits_only(match.group())
        area = digits[1]
        cue = _cue(text, match.start(), match.end(), (PiiKind.PHONE, PiiKind.SNILS))
        if cue.kind is PiiKind.SNILS:
            continue
        if (
            (match.group("prefix").startswith("+") and area in "3456789")  # +7 7xx is Kazakhstan
            or area in "3489"
            or (area in "3456789" and (cue.kind is PiiKind.PHONE or cue.says_number))
        ):
            found.append(_span(match, PiiKind.PHONE))
    for match in _PHONE_LOCAL.finditer(text):
        digits = identifiers.digits_only(match.group())
        cue = _cue(text, match.start(), match.end(), (PiiKind.PHONE, PiiKind.PASSPORT, PiiKind.INN, PiiKind.SNILS))
        if (cue.kind is PiiKind.PHONE and digits[0] in "3456789") or (cue.kind is None and digits[0] == "9"):
            found.append(_span(match, PiiKind.PHONE))  # 9xx: a Russian mobile number, the way people write it
    for match in _PHONE_CITY.finditer(text):
        if _cue(text, match.start(), match.end(), (PiiKind.PHONE,)).kind is PiiKind.PHONE:
            found.append(_span(match, PiiKind.PHONE))
    for match in _PHONE_INTERNATIONAL.finditer(text):
        end = _international_end(match.group())
        if end:
            found.append(PiiSpan(match.start(), match.start() + end, PiiKind.PHONE, match.group()[:end]))
    return found


def _international_end(raw: str) -> int:
    """Length of the phone number at the start of `raw`: at most 15 digits (E.164), at least 8; groups
    written after them («+375 29 123-45-67 2 раза», another number) are not part of it."""
    end = len(raw)
    while len(identifiers.digits_only(raw[:end])) > 15:
        cut = raw.rfind(" ", 0, end)
        if cut <= 0:
            return 0
        end = len(raw[:cut].rstrip(" -\u00a0("))
    return end if len(identifiers.digits_only(raw[:end])) >= 8 else 0


def _passports_and_inns(text: str) -> list[PiiSpan]:
    found = [
        PiiSpan(match.start(1), match.end(2), PiiKind.PASSPORT, text[match.start(1) : match.end(2)])
        for match in _PASSPORT_WORDED.finditer(text)
    ]
    for match in _PASSPORT_SPACED.finditer(text):
        raw = match.group()
        cue = _cue(text, match.start(), match.end(), (PiiKind.PASSPORT, PiiKind.INN, PiiKind.PHONE)).kind
        # "2024-000123" is as often an application number as a passport: the dash form needs the word.
        if cue is PiiKind.PASSPORT or (cue is None and "-" not in raw and identifiers.passport_is_valid(raw)):
            found.append(_span(match, PiiKind.PASSPORT))
    for match in _INN.finditer(text):
        raw = match.group()
        cue = _cue(text, match.start(), match.end(), (PiiKind.PASSPORT, PiiKind.INN, PiiKind.PHONE, PiiKind.SNILS))
        if cue.kind is PiiKind.PASSPORT and len(raw) == 10:
            found.append(_span(match, PiiKind.PASSPORT))
        # Without the word ИНН the checksum decides; a 10-digit ИНН (an organisation's) passes its one check
        # digit by chance once in ten, so a bare 10-digit number needs at least the word «налог» nearby.
        elif cue.kind is PiiKind.INN or (
            cue.kind is None
            and identifiers.inn_is_valid(raw)
            and (len(raw) == 12 or _TAX_WORD.search(_reach_before(text, match.start())))
        ):
            found.append(_span(match, PiiKind.INN))
    return found


def _numbers_after_cues(text: str, known: list[PiiSpan]) -> list[PiiSpan]:
    """Numbers right after their cue word that no shape above took: a wrong length («снилс 123-456-78»,
    «паспорт 4510 12345») or another kind's shape («инн 12345678901»)."""
    found = []
    taken = [(span.start, span.end) for span in known]
    for match in _DIGIT_GROUP.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        cue = _cue(text, match.start(), match.end(), tuple(_CUE_LENGTHS)).kind
        if cue in _CUE_LENGTHS and len(identifiers.digits_only(match.group())) in _CUE_LENGTHS[cue]:
            found.append(_span(match, cue))
    return found


def _numbers(text: str) -> list[PiiSpan]:
    if not any(char.isdigit() for char in text):
        return [_span(match, PiiKind.EMAIL) for match in _EMAIL.finditer(text)]
    found = _cards_and_policies(text) + _snils(text) + _phones(text) + _passports_and_inns(text)
    found += _numbers_after_cues(text, found)
    found += [_span(match, PiiKind.EMAIL) for match in _EMAIL.finditer(text)]
    return found


# --- addresses ----------------------------------------------------------------------------------

_STREET_MARKERS = (
    r"ул(?:ица|ицы|ице|ицу|\.|\b)|пр(?:оспект|оспекта|оспекте|-т|-кт|\.)|пер(?:еулок|еулка|еулке|\.)|"
    r"ш(?:оссе|\.)|б(?:ульвар|ульвара|ульваре|-р)|наб(?:ережная|ережной|\.)|пл(?:ощадь|ощади|\.)|"
    r"мкр(?:н|\.)?|микрорайон[аеу]?|проезд[аеу]?|туп(?:ик|\.)|аллея|аллее"
)
_HOUSE = (
    r"(?:,?\s*(?:д(?:ом|ома|\.)?|корп(?:ус|\.)?|к\.|стр(?:оение|\.)?|кв(?:артира|артиры|\.)?)\s*\d+[а-яА-Я]?(?:/\d+)?)"
)
_CITY = r"(?:г\.|город[еа]?)\s*[А-ЯЁ][а-яё\-]+,?\s*"
_HOUSE_NUMBER = r"\d{1,4}[а-яА-Я]?(?:/\d+)?(?:\s*[\-–]\s*\d{1,4})?"
# After a street word the name may be in lower case («ул ленина 5-12») and the house needs no «д.».
_ADDRESS = re.compile(
    rf"(?:{_CITY})?"
    rf"(?:(?<![\w])(?:{_STREET_MARKERS})\s*[А-ЯЁа-яё0-9][\wёЁ\-]*(?:\s+[А-ЯЁ][\wёЁ\-]*){{0,2}}"
    rf"(?:,?\s*{_HOUSE_NUMBER}(?![\w\d]))?"
    rf"|[А-ЯЁ][а-яё\-]+(?:ая|ий|ой|ый)\s+(?:улица|улице|проспект|проспекте|переулок|переулке|шоссе|бульвар|бульваре))"
    rf"{_HOUSE}*",
)
_HOUSE_ONLY = re.compile(rf"(?<![\w])(?:дом|д\.)\s*\d+[а-яА-Я]?(?:/\d+)?(?:{_HOUSE})+")
_STREET_WORDS = r"[А-ЯЁа-яё][а-яё\-]{2,}(?:\s+[А-ЯЁа-яё][а-яё\-]{2,})?"
# «Ленина 5 кв 12», «ленина, 5, кв. 12»: a house and a flat need no street word («1 кв. 2024 г.» is a quarter).
_HOUSE_AND_FLAT = re.compile(
    rf"(?<![\w\d])(?:(?P<street>{_STREET_WORDS}),?\s+)?(?:(?i:д)\.?\s*)?\d{{1,4}}[а-яА-Я]?(?:/\d+)?"
    rf"(?:,?\s*(?i:корп(?:ус|\.)?|к\.|стр(?:оение|\.)?)\s*\d+)?"
    rf",?\s*(?i:кв(?:артира|\.|\b))\s*\d{{1,4}}(?!\d)(?!\s*г(?:од|\.|\b))"
)
# After a cue, a street name and a house number: «по адресу Ленина 5», «г. Казань, Баумана 3».
_ADDRESS_CUE = re.compile(
    r"(?:(?<![\w])(?i:адрес(?:у|а|е)?|проживаю|прописк[аиу]|прописан[аы]?|живу\s+(?:на|по))\s*[:\-—–]?\s*"
    r"|(?P<city>(?<![\w])(?:г\.\s*[А-ЯЁа-яё]|(?i:город[еа]?)\s+[А-ЯЁ])[а-яё\-]+,?\s*))"
    rf"(?P<street>{_STREET_WORDS}),?\s+(?:(?i:д)\.?\s*)?{_HOUSE_NUMBER}{_HOUSE}*(?![\w\d])"
)
_AFTER_CITY = re.compile(rf",?\s*[А-ЯЁ][а-яё\-]{{2,}},?\s+(?:д\.?\s*)?{_HOUSE_NUMBER}{_HOUSE}*(?![\w\d])")
_NOT_STREETS = re.compile(r"адрес\w*|проживаю|живу|прописк\w*|прописан\w*|дом|квартир\w*", re.IGNORECASE)


def _street_start(text: str, match: re.Match) -> int | None:
    """Where the street named before a house number begins, leaving out words that cannot name one
    («в», «это», «адресу»); None when no word is left."""
    if not match.group("street"):
        return None
    position = match.start("street")
    for word in re.finditer(r"\S+", match.group("street")):
        if word.group().lower() in STOP_WORDS or _NOT_STREETS.fullmatch(word.group()):
            position = match.start("street") + word.end()
    while position < match.end("street") and text[position].isspace():
        position += 1
    return position if position < match.end("street") else None


def _addresses(text: str, locations: list[tuple[int, int]]) -> list[PiiSpan]:
    spans = [(m.start(), m.end()) for pattern in (_ADDRESS, _HOUSE_ONLY) for m in pattern.finditer(text)]
    for match in _HOUSE_AND_FLAT.finditer(text):
        street = _street_start(text, match)  # «в 5 кв 12»: only the house and the flat
        if street is None:
            street = match.end("street") if match.group("street") else match.start()
        spans.append((street, match.end()))
    for match in _ADDRESS_CUE.finditer(text):
        street = _street_start(text, match)
        if street is not None:
            spans.append((match.start() if match.group("city") else street, match.end()))
    for loc_start, loc_end in locations:  # «Казань, Баумана 3»: a city NER found, then a street and a house
        after = _AFTER_CITY.match(text, loc_end)
        if after:
            spans.append((loc_start, after.end()))
    merged: list[PiiSpan] = []
    for start, end in spans:
        # A location NER found right before the street ("Казань, ул. Баумана") belongs to the address.
        for loc_start, loc_end in locations:
            if 0 <= start - loc_end <= 3 and not text[loc_end:start].strip(" ,"):
                start = min(start, loc_start)
        while start < end and text[start] in " ,":
            start += 1
        cut = text[start:end].rstrip(" ,")
        if len(cut) >= 5:
            merged.append(PiiSpan(start, start + len(cut), PiiKind.ADDRESS, cut))
    return merged


# --- all together -------------------------------------------------------------------------------


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
    NER with the name-dictionary rules (names.named_entities). Tests of the pattern layer pass
    `lambda text: []`.
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
