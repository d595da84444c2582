"""A request without a topic is read by the assistant: topic and urgency decide its routing (AI2)."""

from __future__ import annotations

import pytest

from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def intake(body: str, **extra) -> Ticket:
    return ticket_intake(channel=Channel.WEB, subject="", body=body, contact_email="citizen@example.ru", **extra)


def test_a_request_without_a_topic_gets_the_assistants_topic_and_the_journal_says_why():
    ticket = intake("Забыл пароль от госуслуг, не могу войти, как восстановить пароль?")

    assert ticket.topic is not None
    assert ticket.topic.code == "password-recovery"
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.data["triage"]["topic"] == ticket.topic.code
    assert 0 < created.data["triage"]["confidence"] <= 1
    assert "пароль" not in str(created.data)  # codes and scores only: the text may hold personal data


def test_an_urgent_request_is_routed_ahead():
    calm = intake("Подскажите, пожалуйста, как поменять адрес электронной почты в профиле, когда будет время")
    urgent = intake("СРОЧНО!!! заблокировали учетную запись, завтра последний день подачи заявления, помогите сейчас")

    assert urgent.priority >= Ticket.Priority.HIGH
    assert calm.priority <= Ticket.Priority.NORMAL


def test_a_topic_chosen_by_the_citizen_is_kept(monkeypatch):
    from tickets.models import Topic

    chosen = Topic.objects.get(code="registration")
    monkeypatch.setattr("assistant.analyse", lambda *args: pytest.fail("no analysis when the topic is known"))

    assert intake("Забыл пароль", topic=chosen).topic == chosen


def test_a_broken_model_never_loses_the_request(monkeypatch, caplog):
    def broken(*args):
        raise OSError("model file is damaged")

    monkeypatch.setattr("assistant.analyse", broken)

    ticket = intake("Забыл пароль от госуслуг")

    assert ticket.pk and ticket.topic is None and ticket.priority == Ticket.Priority.NORMAL
    assert "request analysis failed" in caplog.text


def test_a_language_the_assistant_does_not_read_goes_to_triage():
    ticket = intake("Parolimni unutdim, kira olmayapman", language="tt")

    assert ticket.topic is None
