"""SS6: identifiers and dates in a request that cannot be right are pointed out, with how to fix them."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tickets.input_checks import identifier_problems, suspicious_entries
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Мой СНИЛС 112-233-445 96", "snils"),  # the valid number ends in 95
        ("ИНН 500100732258", "inn"),  # a wrong control digit (…259 is valid)
        ("ИНН 12345", "inn"),
        ("звоните +7 912 345-67-8", "phone"),
        ("почта ivanov@mail", "email"),
        ("подала 31.02.2026", "date"),
        ("СНИЛС 11223344596", "snils"),  # written without separators: still a СНИЛС after the word
        ("снилс: 112233445 96", "snils"),
        ("звоните +7 012 345-67-89", "phone"),  # no Russian area code starts with 0
        ("телефон 912345678", "phone"),  # the word says it is a phone: nine digits are too few
        ("почта иванова@mail.ru", "email"),
        ("почта ivanova@mаil.ru", "email"),  # a Cyrillic «а» in the domain
        ("подала 31/02/1990", "date"),
        ("подала 2026-02-30", "date"),
        ("дата рождения 01.01.1890", "date"),
        ("срок до 01.01.2099", "date"),
    ],
)
def test_wrong_entries_are_found(text, kind):
    [entry] = suspicious_entries(text)
    assert entry.kind == kind and entry.hint


def test_correct_entries_pass():
    text = ("СНИЛС 112-233-445 95, ИНН 500100732259, телефон +7 912 345-67-89, 8 (912) 345-67-89, "
            "почта anna.ivanova@example.ru, подала 28.02.2026, номер заявления 123456789")
    assert suspicious_entries(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "СНИЛС 11223344595",
        "тел. 9123456789, рабочий 8 (843) 231-00-00",
        "казахстанский номер +7 701 123 45 67",
        "пишите на ivan@почта.рф",
        "запись на 2026-03-15, родилась 1990-02-28",
        "в номере отеля 12345678",
    ],
)
def test_real_entries_in_other_forms_pass(text):
    assert suspicious_entries(text) == []


@time_machine.travel("2026-03-01 12:00 +0300")
@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("дата рождения 01.01.2030", "дата рождения не может быть в будущем"),
        ("паспорт выдан 12.12.2031", "дата выдачи документа не может быть в будущем"),
        ("12/31/1990", "день и месяц поменялись местами"),
    ],
)
def test_dates_that_cannot_be_are_explained(text, hint):
    [entry] = suspicious_entries(text)
    assert hint in entry.hint


@time_machine.travel("2026-03-01 12:00 +0300")
def test_a_future_date_that_is_not_a_birth_date_passes():
    assert suspicious_entries("приём назначен на 15.04.2026") == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("иванова@mail.ru", "до @ пишется латинскими буквами"),
        ("ivanova@mail", "в домене после @ не хватает точки"),
        ("ivanova@mаil.ru", "в домене после @ смешаны русские и латинские буквы"),
    ],
)
def test_the_email_hint_names_the_wrong_part(text, part):
    [entry] = suspicious_entries(text)
    assert part in entry.hint


@pytest.mark.parametrize(
    ("text", "entry", "kind", "tail"),
    [
        ("мой снилс 112-233-445 96 пишет неверный", "112-233-445 96", "snils", "96"),
        ("ИНН 500100732258", "500100732258", "inn", "58"),
        ("перезвоните +7 012 345-67-89", "012 345-67-89", "phone", "89"),
        ("почта petrova.m@mail", "petrova.m", "email", "«p»"),
    ],
)
def test_the_chat_reading_says_how_to_fix_without_repeating_the_entry(text, entry, kind, tail):
    [problem] = identifier_problems(text)

    assert problem.kind == kind
    assert problem.message.startswith("Проверьте ") and problem.message.endswith(".")
    assert tail in problem.message
    assert entry not in problem.message
    assert entry in text[problem.start:problem.end]


def test_the_chat_reading_finds_nothing_in_correct_text():
    assert identifier_problems("СНИЛС 112-233-445 95, телефон +7 912 345-67-89") == []


def form(**overrides) -> dict:
    return {"subject": "Не принимают СНИЛС", "body": "Ввожу СНИЛС 112-233-445 96, а портал не принимает.",
            **overrides}


def test_the_request_form_points_out_a_wrong_snils_and_keeps_the_text(client, citizen):
    client.force_login(citizen)

    page = client.post(reverse("tickets:citizen_new"), form()).text

    assert "Проверьте «112-233-445 96»: контрольное число СНИЛС не сходится" in page
    assert "Ввожу СНИЛС 112-233-445 96" in page  # nothing typed is lost
    assert 'type="checkbox" name="entries_confirmed"' in page
    assert not Ticket.objects.exists()


def test_the_citizen_may_confirm_and_send_as_it_is(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("tickets:citizen_new"), form(entries_confirmed="on"))

    assert response.status_code == 302 and Ticket.objects.count() == 1


def test_a_clean_request_shows_no_confirmation_box(client, citizen):
    client.force_login(citizen)

    page = client.get(reverse("tickets:citizen_new")).text

    assert 'type="checkbox" name="entries_confirmed"' not in page
    assert "Номера и даты в тексте указаны верно" not in page
