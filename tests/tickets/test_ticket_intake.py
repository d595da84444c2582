import re

import pytest
from django.core import mail

from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def test_intake_registers_numbered_request_with_first_message_and_journal(citizen):
    ticket = ticket_intake(
        channel=Channel.WEB, citizen=citizen, subject="Не приходит код", body="Код по СМС не приходит"
    )

    assert re.fullmatch(r"SD-\d{4}-\d{6}", ticket.number)
    assert ticket.status == Ticket.Status.NEW
    assert ticket.due_at > ticket.created_at
    assert list(ticket.messages.values_list("body", "author_kind")) == [
        ("Код по СМС не приходит", TicketMessage.AuthorKind.CITIZEN)
    ]
    assert list(ticket.events.values_list("kind", flat=True)) == [TicketEvent.Kind.CREATED]


def test_numbers_are_unique_and_increasing(citizen):
    first = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="a", body="a")
    second = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="b", body="b")

    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_email_request_is_acknowledged_with_number_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_intake(
            channel=Channel.EMAIL, subject="Ошибка при загрузке заявления", body="Файл не грузится",
            contact_email="citizen@example.ru",
        )

    assert len(mail.outbox) == 1
    assert ticket.number in mail.outbox[0].subject
    assert "Ожидаемое время рассмотрения" in mail.outbox[0].body
    assert ticket.events.filter(kind=TicketEvent.Kind.ACKNOWLEDGED).count() == 1
