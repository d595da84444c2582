"""Synthetic personal data in request-like sentences, for measuring the PII detector.

No public annotated Russian corpus of document numbers exists (shared/datasets/README.md), so the
figures measured on this are labelled synthetic. Each text carries one item of personal data in a
form people type, in one of these variants:
- cued: a valid identifier after the word that names it (spaces, dashes, brackets);
- mistyped: the same with a broken check digit or a digit too few — still that person's number;
- no_cue: a valid identifier with no word naming it, where only the checksum can tell;
- phone: bare mobile numbers, 7/8 without a plus, Kazakh +7 7xx and foreign +<country code> numbers;
- name: a person's name in lower or mixed case after a cue («меня зовут», «ФИО», «с уважением»), or as
  first name + surname with no cue («вера», «надежда», «любовь» among the first names);
- address: a street and a house (and flat) without the word «улица».
Most texts also carry a look-alike that must not be flagged: an application or order number (also one
shaped like a phone), a date, an amount, a department code, a quarter, a fine's УИН, a parcel's track
number, an office's ОГРН/КПП/БИК, or a number of a document's shape with a broken checksum and no cue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from assistant import identifiers
from assistant.pii import PiiKind

VARIANTS = ("cued", "mistyped", "no_cue", "phone", "name", "address")


@dataclass(frozen=True)
class SyntheticText:
    text: str
    spans: list[tuple[int, int, PiiKind]]
    variant: str = "cued"


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
        if len(value) != 11:  # a digit lost: written as typed, in groups of three
            return f"{value[:3]}-{value[3:6]}-{value[6:]}"
        return [
            f"{value[:3]}-{value[3:6]}-{value[6:9]} {value[9:]}",
            f"{value[:3]}-{value[3:6]}-{value[6:9]}-{value[9:]}",
            f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}",
        ][style]
    if kind in (PiiKind.CARD, PiiKind.OMS):
        return [
            value,
            " ".join(value[i : i + 4] for i in range(0, len(value), 4)),
            "-".join(value[i : i + 4] for i in range(0, len(value), 4)),
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
        "номер снилс {v} не принимает система",
        "При регистрации ввожу СНИЛС {v}, пишет ошибку.",
    ],
    PiiKind.INN: ["ИНН {v}, подскажите статус заявления.", "мой инн: {v}", "Указал ИНН {v}, а проверка не проходит"],
    PiiKind.PASSPORT: [
        "Паспорт {v}, выдан в 2019 году.",
        "паспорт серия и номер {v}",
        "Данные паспорта: {v}",
        "Ввожу паспорт {v} в поле документа, ошибка.",
    ],
    PiiKind.PHONE: [
        "Перезвоните мне по номеру {v}",
        "тел. {v}",
        "Код не приходит на телефон {v}, что делать?",
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
# No word names the number: only its checksum (or, for a phone or a passport, its shape) can tell.
UNCUED_TEMPLATES = [
    "При регистрации ввожу {v}, пишет ошибку.",
    "{v} не принимает система",
    "вот мои данные {v} проверьте",
    "Данные: {v}.",
]
UNCUED_KINDS = (PiiKind.SNILS, PiiKind.INN, PiiKind.CARD, PiiKind.PASSPORT, PiiKind.EMAIL)
CHECKSUMMED = (PiiKind.SNILS, PiiKind.INN, PiiKind.CARD, PiiKind.OMS)

# Phones as they arrive in chat: (format, country code, digits after it)
PHONE_TEMPLATES = [
    "мой номер {v} перезвоните",
    "{v} это мой, на него смс не приходит",
    "звоните {v}",
    "не приходит код на {v}",
    "Телефон для связи {v}",
]
FOREIGN_CODES = {"375": 9, "380": 9, "998": 9, "994": 9, "996": 9, "374": 8, "992": 9, "49": 11, "44": 10, "1": 10}


def bare_phone(rng: random.Random) -> str:
    mobile = "9" + _digits(rng, 9)
    return rng.choice(
        [
            mobile,
            f"{mobile[:3]} {mobile[3:6]} {mobile[6:8]} {mobile[8:]}",
            f"({mobile[:3]}) {mobile[3:6]}-{mobile[6:8]}-{mobile[8:]}",
            f"{rng.choice('78')}{mobile}",
            f"+7 7{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}",  # Kazakhstan
        ]
    )


def foreign_phone(rng: random.Random) -> str:
    code = rng.choice(list(FOREIGN_CODES))
    rest = _digits(rng, FOREIGN_CODES[code])
    rest = str(rng.randint(1, 9)) + rest[1:]
    if rng.random() < 0.5:
        return f"+{code} {rest[:2]} {rest[2:5]}-{rest[5:7]}-{rest[7:]}"
    return f"+{code}{rest}"


# (first name, patronymic) pairs; «вера», «надежда», «любовь», «роман» are ordinary words too.
_MALE = """иван иванович, сергей сергеевич, алексей алексеевич, дмитрий дмитриевич, андрей андреевич,
михаил михайлович, николай николаевич, павел павлович, олег олегович, виктор викторович, юрий юрьевич,
артём артёмович, максим максимович, роман романович, константин константинович"""
_FEMALE = """мария ивановна, ольга сергеевна, елена алексеевна, анна дмитриевна, наталья андреевна,
татьяна михайловна, ирина николаевна, светлана павловна, галина олеговна, людмила викторовна, марина юрьевна,
вера петровна, надежда ивановна, любовь сергеевна, юлия андреевна"""
_SURNAMES = """петров иванов смирнов кузнецов попов соколов лебедев козлов новиков морозов волков соловьёв васильев
зайцев павлов семёнов голубев виноградов богданов воробьёв фёдоров михайлов беляев тарасов белов комаров орлов
киселёв макаров андреев ковалёв ильин гусев титов кузьмин кудрявцев баранов куликов алексеев"""
MALE = [tuple(pair.split()) for pair in _MALE.split(",")]
FEMALE = [tuple(pair.split()) for pair in _FEMALE.split(",")]
SURNAMES = _SURNAMES.split()
NAME_TEMPLATES = [
    ("меня зовут {v}, не могу войти в личный кабинет", ("fl", "flp", "lfp")),
    ("Здравствуйте, меня зовут {v}. Не приходит код", ("fl", "fp", "lfp")),
    ("ФИО: {v}, прошу восстановить доступ", ("lfp", "lf")),
    ("я, {v}, не могу подать заявление", ("lfp", "lf")),
    ("не могу войти. с уважением, {v}", ("fl", "lf")),
    ("{v} не может войти, помогите", ("fl", "lfp", "fp")),
    ("пишу за маму, {v}, у неё заблокировали учётку", ("fp", "lfp")),
]
ADDRESS_TEMPLATES = ["живу по адресу {v}, прописка не отображается", "прописка: {v}", "адрес {v}, письмо не пришло"]
STREETS = ["ленина", "Ленина", "Баумана", "Гагарина", "пушкина", "Мира", "Садовая", "Советская", "Кирова"]

DISTRACTORS = [
    "Заявление подано 12.03.2024.",
    "Сумма 15 000 руб.",
    "Номер заявления 2024-000123-45.",
    "Пишу уже 3 раз за 10 дней.",
    "Код подразделения 770-001.",
    "Жду с 09:30 до 18:00.",
    "Обращение SD-2026-000412.",
    "Статус заявления {application} не меняется.",
    "заявление № {mobile_like} висит месяц",  # a mobile number's shape, said to be an application
    "Номер заказа {order}.",
    "Квитанция от 01.02.2025 на 3500 руб.",
    "Отчёт за 1 кв. 2024 г. не сдан.",
    "код из смс 123456 не подходит",
    "Штраф по УИН 188101772300{uin} оплачен.",
    "Трек-номер посылки 8008{track}.",
    "Реквизиты МФЦ: ОГРН 1027700132195, КПП 773601001, БИК 044525225.",
    "Счёт на оплату № {order} от 05.06.2025.",
]


def _written(words: list[str], rng: random.Random) -> str:
    case = rng.choice(["lower", "lower", "title", "mixed"])
    if case == "title":
        words = [word.capitalize() for word in words]
    elif case == "mixed":  # «петров Иван»: people capitalise the word they think of as the name
        words = [word.capitalize() if index == 1 else word for index, word in enumerate(words)]
    return " ".join(words)


def person_name(rng: random.Random, order: str) -> str:
    female = rng.random() < 0.5
    first, patronymic = rng.choice(FEMALE if female else MALE)
    last = rng.choice(SURNAMES) + ("а" if female else "")
    parts = {"f": first, "l": last, "p": patronymic}
    return _written([parts[letter] for letter in order], rng)


def address(rng: random.Random) -> str:
    street, house, flat = rng.choice(STREETS), rng.randint(1, 120), rng.randint(1, 300)
    return rng.choice(
        [
            f"{street} {house} кв {flat}",
            f"{street}, {house}, кв. {flat}",
            f"{street} д. {house} кв. {flat}",
            f"г. Казань, {street.capitalize()} {house}",
        ]
    )


def _distractor(rng: random.Random) -> str:
    template = rng.choice(DISTRACTORS)
    return template.format(
        application=rng.choice("12") + _digits(rng, 9),
        mobile_like="9" + _digits(rng, 9),
        order=_digits(rng, 12),
        uin=_digits(rng, 10),
        track=_digits(rng, 10),
    )


GENERATORS = {
    PiiKind.SNILS: snils,
    PiiKind.INN: inn12,
    PiiKind.PASSPORT: passport,
    PiiKind.PHONE: phone,
    PiiKind.EMAIL: email,
    PiiKind.CARD: card,
    PiiKind.OMS: oms,
}


def _identifier(rng: random.Random, variant: str) -> tuple[str, str, PiiKind]:
    """(template, shown value, kind) of one identifier in the given variant."""
    if variant == "no_cue":
        kind = rng.choice(UNCUED_KINDS)
        return rng.choice(UNCUED_TEMPLATES), _format(kind, GENERATORS[kind](rng), rng), kind
    if variant == "phone":
        shown = foreign_phone(rng) if rng.random() < 0.4 else bare_phone(rng)
        return rng.choice(PHONE_TEMPLATES), shown, PiiKind.PHONE
    if variant == "mistyped":
        kind = rng.choice(CHECKSUMMED)
        value = broken(GENERATORS[kind](rng))
        if kind is PiiKind.SNILS and rng.random() < 0.3:
            value = value[:-1]  # a digit lost
        return rng.choice(TEMPLATES[kind]), _format(kind, value, rng), kind
    kind = list(GENERATORS)[rng.randrange(len(GENERATORS))]
    value = GENERATORS[kind](rng)
    if kind is PiiKind.INN and rng.random() < 0.3:
        value = inn10(rng)  # an organisation's, always written after the word ИНН in the templates
    return rng.choice(TEMPLATES[kind]), _format(kind, value, rng), kind


def synthetic_texts(count: int, *, seed: int = 2016) -> list[SyntheticText]:
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not a secret
    result = []
    for index in range(count):
        variant = VARIANTS[index % len(VARIANTS)]
        if variant == "name":
            template, orders = rng.choice(NAME_TEMPLATES)
            template, shown, kind = template, person_name(rng, rng.choice(orders)), PiiKind.PERSON
        elif variant == "address":
            template, shown, kind = rng.choice(ADDRESS_TEMPLATES), address(rng), PiiKind.ADDRESS
        else:
            template, shown, kind = _identifier(rng, variant)
        before, after = template.split("{v}")
        text = before + shown + after
        spans = [(len(before), len(before) + len(shown), kind)]
        if rng.random() < 0.5:  # the typo case SS6 is about, far from any cue: right shape, wrong check digit
            distractor_kind = rng.choice((PiiKind.SNILS, PiiKind.INN, PiiKind.CARD))
            distractor = rng.choice(UNCUED_TEMPLATES).replace(
                "{v}", _format(distractor_kind, broken(GENERATORS[distractor_kind](rng)), rng)
            )
        else:
            distractor = _distractor(rng)
        glue = " " if text.rstrip()[-1:] in ".!?" else ". "
        result.append(SyntheticText(f"{text}{glue}{distractor}", spans, variant))
    return result
