"""AI6: personal data found by pattern + checksum (names by NER), and masked with typed placeholders."""

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
    "text",
    [
        "СНИЛС 112-233-445 96",  # wrong control number
        "ИНН 7707083894",
        "карта 4111 1111 1111 1112",
        "полис ОМС 7700 0000 0000 1239",
        "номер заявления 2024-000123-45",
        "заявка 1234567890 от 12.03.2024 на 15 000 руб.",  # 10 bare digits without the word ИНН
        "код подразделения 770-001",
    ],
)
def test_numbers_with_bad_checksums_or_other_meanings_are_not_flagged(text):
    assert kinds(text) == []


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
