"""AI6 through the chat: what a citizen really types (a mistyped СНИЛС, a lower-case name, a bare phone, an
address without a street word) reaches neither the operator's note nor the request journal, keywords included."""

from __future__ import annotations

import json
import re

import pytest

from tests.test_dialogue_handover import chat, knowledge_and_portal  # noqa: F401 — the fixtures, reused
from tests.test_dialogue_scenarios import handed_over
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db

PERSONAL = ("123-456-789 00", "12345678900", "иван", "петров", "9161234567", "916", "ленин", "5 кв 12")


def test_personal_data_the_detector_must_read_by_shape_never_reaches_the_note_or_the_journal(chat):  # noqa: F811
    chat.say(
        "Забыл пароль. снилс 123-456-789 00 не проходит проверку, меня зовут иван петров, "
        "мой номер 9161234567, живу Ленина 5 кв 12"
    )

    chat.say("позовите оператора")

    assert handed_over(chat, "asked_for_person")
    note = chat.note().lower()
    event = chat.ticket.events.get(kind=TicketEvent.Kind.HANDED_OVER)
    journal = json.dumps(event.data, ensure_ascii=False).lower()
    keywords = event.data["keywords"]
    assert "[снилс]" in note and "[фио]" in note and "[телефон]" in note and "[адрес]" in note
    for piece in PERSONAL:
        assert piece not in note, piece
        assert piece not in journal, piece
    assert not any(re.search(r"\d", keyword) for keyword in keywords)
    assert not {"иван", "петров", "ленин"} & set(keywords)
    assert {"забыть", "пароль"} & set(keywords)  # the keywords still say what the request is about
