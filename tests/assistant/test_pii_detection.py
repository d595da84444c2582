"""AI6: personal data found the way a citizen writes it, and masked with typed placeholders.

A number next to its cue word is masked by shape even when its checksum fails (mistyped or made up);
without a cue the checksum decides, so order numbers, amounts and dates stay. Names come from natasha's
NER plus pymorphy3's name dictionary, so lower-case names are found too."""

import pytest

from assistant.pii import PiiKind, find_pii, mask


def no_names(text):
    return []


def kinds(text):
    return [(span.kind, span.text) for span in find_pii(text, entities=no_names)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("СНИЛС 112-233-445 95", (PiiKind.SNILS, "112-233-445 95")),
        ("снилс: 112 233 445 95.", (PiiKind.SNILS, "112 233 445 95")),
        ("мой снилс 11223344595", (PiiKind.SNILS, "11223344595")),
        ("ИНН 7707083893", (PiiKind.INN, "7707083893")),
        ("инн 500100732259, статус?", (PiiKind.INN, "500100732259")),
        ("паспорт 45 06 123456", (PiiKind.PASSPORT, "45 06 123456")),
        ("паспорт 4506123456", (PiiKind.PASSPORT, "4506123456")),
        ("серия 4506 номер 123456", (PiiKind.PASSPORT, "4506 номер 123456")),
        ("звоните +7 (912) 345-67-89", (PiiKind.PHONE, "+7 (912) 345-67-89")),
        ("тел 8-912-345-67-89", (PiiKind.PHONE, "8-912-345-67-89")),
        ("почта ivan.petrov@mail.ru.", (PiiKind.EMAIL, "ivan.petrov@mail.ru")),
        ("на карту 4111 1111 1111 1111", (PiiKind.CARD, "4111 1111 1111 1111")),
        ("карта 2200-0000-0000-0004 не работает", (PiiKind.CARD, "2200-0000-0000-0004")),
        ("полис ОМС 7700 0000 0000 1238", (PiiKind.OMS, "7700 0000 0000 1238")),
    ],
)
def test_each_identifier_is_found_in_its_usual_formats(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("СНИЛС 112-233-445 96", (PiiKind.SNILS, "112-233-445 96")),  # a typo in the control number
        ("снилс 123-456-789 00 не проходит проверку", (PiiKind.SNILS, "123-456-789 00")),  # made up
        ("снилс 123-456-78 не подходит", (PiiKind.SNILS, "123-456-78")),  # two digits short
        ("номер 123-456-789 00 не принимает система", (PiiKind.SNILS, "123-456-789 00")),
        ("ИНН 7707083894", (PiiKind.INN, "7707083894")),
        ("мой инн 12345678901 неверный", (PiiKind.INN, "12345678901")),
        ("карта 4111 1111 1111 1112", (PiiKind.CARD, "4111 1111 1111 1112")),
        ("карта 4276 3800 1234 5678 пособие не пришло", (PiiKind.CARD, "4276 3800 1234 5678")),
        ("полис ОМС 7700 0000 0000 1239", (PiiKind.OMS, "7700 0000 0000 1239")),
        ("полис омс 7788990011223344", (PiiKind.OMS, "7788990011223344")),
        ("паспорт 4510 12345 не принимает", (PiiKind.PASSPORT, "4510 12345")),
        ("мой паспорт 4510123456 не принимает", (PiiKind.PASSPORT, "4510123456")),
        ("тел 4951234567", (PiiKind.PHONE, "4951234567")),
        ("тел 123-45-67 домашний", (PiiKind.PHONE, "123-45-67")),
        ("123-456-789 00 — это мой СНИЛС", (PiiKind.SNILS, "123-456-789 00")),  # the cue after the number
    ],
)
def test_a_number_next_to_its_cue_word_is_masked_even_when_its_checksum_fails(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("мой номер 9161234567 перезвоните", "9161234567"),
        ("916 123 45 67 это мой", "916 123 45 67"),
        ("79161234567 не приходит смс", "79161234567"),
        ("тел +7 701 123 45 67 казахстан", "+7 701 123 45 67"),
        ("звоните +375 29 123-45-67", "+375 29 123-45-67"),
        ("+998 90 123 45 67 узбекистан", "+998 90 123 45 67"),
        ("наберите +44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_bare_kazakh_and_foreign_phone_numbers_are_masked(text, expected):
    assert kinds(text) == [(PiiKind.PHONE, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "ввожу 112-233-445 96, пишет ошибку",  # no cue: the checksum decides
        "номер заявления 2024-000123-45",
        "заявка 1234567890 от 12.03.2024 на 15 000 руб.",  # 10 bare digits without the word ИНН
        "заявление 2234567890 не рассмотрено",
        "номер заявления 9161234567",  # a mobile number's shape, but said to be an application
        "Сумма 15 000 руб. за 1 кв. 2024 г.",
        "код подразделения 770-001, код из смс 123456",
        "Обращение SD-2026-000412 от 09:30, пишу уже 3 раз за 10 дней",
        "4111 1111 1111 1112",  # card-shaped, fails Luhn, no cue
    ],
)
def test_numbers_without_a_cue_keep_the_checksum_rule(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("меня зовут иван петров, не могу войти", "иван петров"),
        ("Меня зовут Петрова Мария Сергеевна, паспорт не принимает", "Петрова Мария Сергеевна"),
        ("меня зовут вера", "вера"),
        ("иван петров не может войти в личный кабинет", "иван петров"),
        ("мой муж роман николаевич не может войти", "роман николаевич"),
        ("я, петрова мария, не могу войти", "петрова мария"),
        ("ФИО: сидоров пётр", "сидоров пётр"),
        ("С уважением, ольга смирнова", "ольга смирнова"),
        ("заявление подал Иванов И.И.", "Иванов И.И."),
        ("помогите, я петрова, не могу войти", "петрова"),
        ("ИВАНОВ ИВАН ИВАНОВИЧ", "ИВАНОВ ИВАН ИВАНОВИЧ"),
    ],
)
def test_lower_case_and_cued_names_are_found(text, name):
    assert [(span.kind, span.text) for span in find_pii(text)] == [(PiiKind.PERSON, name)]


@pytest.mark.parametrize(
    "text",
    [
        "вера в справедливость пропала",
        "надежда только на вас",
        "лев и роза на гербе",
        "любовь к порядку у вас странная",
        "маршал жуков на памятнике",
        "у меня сын максим, ему нужна справка",  # one first name, no cue: not enough to be a person
        "я лев по гороскопу, а вы?",
    ],
)
def test_ordinary_words_that_can_be_names_are_left_alone_without_a_cue(text):
    assert [span for span in find_pii(text) if span.kind is PiiKind.PERSON] == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("живу по адресу Ленина 5 кв 12, прописка", "живу по адресу [АДРЕС], прописка"),
        ("д. 5 кв. 12", "[АДРЕС]"),
        ("г. Казань, Баумана 3", "[АДРЕС]"),
        ("прописка: ленина, 5, кв. 12", "прописка: [АДРЕС]"),
        ("живу на ул ленина 5-12", "живу на [АДРЕС]"),
    ],
)
def test_addresses_without_street_words_are_masked(text, masked):
    assert mask(text) == masked


def test_spans_point_into_the_text():
    text = "Добрый день, СНИЛС 112-233-445 95 и телефон +7 912 345-67-89."

    spans = find_pii(text, entities=no_names)

    assert [text[span.start : span.end] for span in spans] == ["112-233-445 95", "+7 912 345-67-89"]


def test_mask_replaces_every_kind_with_its_placeholder():
    text = "СНИЛС 112-233-445 95, ИНН 500100732259, тел. 89123456789, a@b.ru, карта 4111111111111111"

    assert mask(text, entities=no_names) == "СНИЛС [СНИЛС], ИНН [ИНН], тел. [ТЕЛЕФОН], [EMAIL], карта [КАРТА]"


def test_mask_leaves_text_without_personal_data_unchanged():
    text = "Не приходит код подтверждения, что делать?"

    assert mask(text, entities=no_names) == text


def test_names_and_street_addresses_are_masked_with_natasha_ner():
    text = "Меня зовут Иван Петрович Сидоров, живу в Казани, ул. Баумана, д. 5, кв. 12."

    masked = mask(text)

    assert masked == "Меня зовут [ФИО], живу в [АДРЕС]."


def test_a_city_named_alone_is_not_personal_data():
    spans = find_pii("Как получить загранпаспорт в Москве?")

    assert spans == []
