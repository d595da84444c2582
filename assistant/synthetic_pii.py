"""Synthetic, checksum-valid identifiers in request-like sentences, for measuring the PII detector.

No public annotated Russian corpus of document numbers exists (shared/datasets/README.md), so the
figures measured on this are labelled synthetic. Each text carries one identifier in one of the
formats people type (spaces, dashes, brackets) and a distractor that must not be flagged: the same
kind of number with a broken check digit, a date, an amount, an application number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from assistant import identifiers
from assistant.pii import PiiKind


@dataclass(frozen=True)
class SyntheticText:
    text: str
    spans: list[tuple[int, int, PiiKind]]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def snils(rng: random.Random) -> str:
    while True:
        head = _digits(rng, 9)
        if int(head) > 1001998:
            return head + f"{identifiers.snils_check_number(head):02d}"


def inn12(rng: random.Random) -> str:
    head = f"{rng.randint(1, 99):02d}" + _digits(rng, 8)
    first = identifiers._inn_digit(head, identifiers.INN11_WEIGHTS)
    second = identifiers._inn_digit(head + str(first), identifiers.INN12_WEIGHTS)
    return head + str(first) + str(second)


def inn10(rng: random.Random) -> str:
    head = f"{rng.randint(1, 99):02d}" + _digits(rng, 7)
    return head + str(identifiers._inn_digit(head, identifiers.INN10_WEIGHTS))


def card(rng: random.Random) -> str:
    head = rng.choice(["2200", "2202", "4276", "4279", "5469", "5536"]) + _digits(rng, 11)
    return head + str(identifiers.luhn_check_digit(head))


def oms(rng: random.Random) -> str:
    head = f"{rng.choice([77, 50, 78, 16, 23, 66, 54, 2, 61])}" + _digits(rng, 13)
    head = head[:15].ljust(15, "0")
    return head + str(identifiers.oms_check_digit(head))


def passport(rng: random.Random) -> str:
    return f"{rng.randint(1, 99):02d}{rng.randint(0, 25):02d}{rng.randint(100000, 999999)}"


def phone(rng: random.Random) -> str:
    return rng.choice("349") + _digits(rng, 9)


def email(rng: random.Random) -> str:
    user = rng.choice(["ivanov", "a.petrova", "sergey.k", "olga1985", "user_77", "m-smirnov"]) + _digits(rng, 2)
    return f"{user}@{rng.choice(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'rambler.ru'])}"


def broken(number: str) -> str:
    """The same number with its last digit changed, so its checksum fails."""
    last = int(number[-1])
    return number[:-1] + str((last + 1 + random.Random(number).randint(0, 8)) % 10)  # noqa: S311 — test data, not a secret


def _format(kind: PiiKind, value: str, rng: random.Random) -> str:
    style = rng.randint(0, 2)
    if kind is PiiKind.SNILS:
        return [
            f"{value[:3]}-{value[3:6]}-{value[6:9]} {value[9:]}",
            f"{value[:3]}-{value[3:6]}-{value[6:9]}-{value[9:]}",
            f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}",
        ][style]
    if kind in (PiiKind.CARD, PiiKind.OMS):
        return [
            value,
            " ".join(value[i : i + 4] for i in range(0, 16, 4)),
            "-".join(value[i : i + 4] for i in range(0, 16, 4)),
        ][style]
    if kind is PiiKind.PASSPORT:
        return [f"{value[:2]} {value[2:4]} {value[4:]}", f"{value[:4]} {value[4:]}", f"{value[:4]} № {value[4:]}"][
            style
        ]
    if kind is PiiKind.PHONE:
        return [
            f"+7 ({value[:3]}) {value[3:6]}-{value[6:8]}-{value[8:]}",
            f"8{value}",
            f"+7 {value[:3]} {value[3:6]} {value[6:8]} {value[8:]}",
        ][style]
    return value


TEMPLATES = {
    PiiKind.SNILS: [
        "Мой СНИЛС {v}, не могу войти.",
        "Проверьте, пожалуйста, снилс {v}",
        "номер {v} не принимает система",
        "При регистрации ввожу {v}, пишет ошибку.",
    ],
    PiiKind.INN: ["ИНН {v}, подскажите статус заявления.", "мой инн: {v}", "Указал ИНН {v}, а проверка не проходит"],
    PiiKind.PASSPORT: [
        "Паспорт {v}, выдан в 2019 году.",
        "паспорт серия и номер {v}",
        "Данные паспорта: {v}",
        "Ввожу {v} в поле документа, ошибка.",
    ],
    PiiKind.PHONE: [
        "Перезвоните мне по номеру {v}",
        "тел. {v}",
        "Код не приходит на {v}, что делать?",
        "мой номер {v}",
    ],
    PiiKind.EMAIL: ["Пишите на {v}", "почта {v} больше не доступна", "Сменил адрес на {v}, но письма не приходят"],
    PiiKind.CARD: [
        "Пособие должно прийти на карту {v}",
        "карта МИР {v}, выплаты нет",
        "Оплатил пошлину картой {v}, деньги списались",
    ],
    PiiKind.OMS: ["Полис ОМС {v}, не могу записаться к врачу.", "номер полиса {v}", "единый номер полиса ОМС: {v}"],
}

DISTRACTORS = [
    "Заявление подано 12.03.2024.",
    "Сумма 15 000 руб.",
    "Номер заявления 2024-000123-45.",
    "Пишу уже 3 раз за 10 дней.",
    "Код подразделения 770-001.",
    "Жду с 09:30 до 18:00.",
    "Обращение SD-2026-000412.",
]

GENERATORS = {
    PiiKind.SNILS: snils,
    PiiKind.INN: inn12,
    PiiKind.PASSPORT: passport,
    PiiKind.PHONE: phone,
    PiiKind.EMAIL: email,
    PiiKind.CARD: card,
    PiiKind.OMS: oms,
}
CHECKSUMMED = (PiiKind.SNILS, PiiKind.INN, PiiKind.CARD, PiiKind.OMS)


def synthetic_texts(count: int, *, seed: int = 2016) -> list[SyntheticText]:
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not a secret
    kinds = list(GENERATORS)
    result = []
    for index in range(count):
        kind = kinds[index % len(kinds)]
        value = GENERATORS[kind](rng)
        if kind is PiiKind.INN and rng.random() < 0.3:
            value = inn10(rng)  # an organisation's, always written after the word ИНН in the templates
        shown = _format(kind, value, rng)
        template = rng.choice(TEMPLATES[kind])
        before, after = template.split("{v}")
        text = before + shown + after
        spans = [(len(before), len(before) + len(shown), kind)]
        distractor_kind = rng.choice(CHECKSUMMED)
        distractor = rng.choice(DISTRACTORS)
        if rng.random() < 0.5:  # the typo case SS6 is about: right shape, wrong check digit
            number = broken(GENERATORS[distractor_kind](rng))
            distractor = rng.choice(TEMPLATES[distractor_kind]).replace("{v}", _format(distractor_kind, number, rng))
        result.append(SyntheticText(f"{text} {distractor}", spans))
    return result
