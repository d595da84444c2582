"""SS6: identifiers and dates in a request that cannot be right are pointed out, with how to fix them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tickets.input_checks import suspicious_entries
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
    ],
)
def test_wrong_entries_are_found(text, kind):
    [entry] = suspicious_entries(text)
    assert entry.kind == kind and entry.hint


def test_correct_entries_pass():
    text = ("СНИЛС 112-233-445 95, ИНН 500100732259, телефон +7 912 345-67-89, 8 (912) 345-67-89, "
            "почта anna.ivanova@example.ru, подала 28.02.2026, номер заявления 123456789")
    assert suspicious_entries(text) == []


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
