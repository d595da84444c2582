"""Transcripts: the citizen downloads their own chat; a supervisor any chat, and that read is journaled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from privacy.models import AccessLogEntry
from tests.chat.conftest import on_the_line
from tickets.models import TicketMessage
from tickets.services import message_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def talked(chat_ticket, operator):
    on_the_line(operator)  # the first reply takes the chat, by the routing rules
    message_post(ticket=chat_ticket, author=operator, body="Проверьте номер телефона",
                 author_kind=TicketMessage.AuthorKind.AGENT, channel=chat_ticket.channel)
    message_post(ticket=chat_ticket, author=operator, body="Служебное: звонил в МФЦ",
                 author_kind=TicketMessage.AuthorKind.AGENT, channel=chat_ticket.channel, is_internal=True)
    return chat_ticket


def test_the_citizen_downloads_their_transcript_as_utf8_text_without_internal_notes(client, citizen, talked):
    client.force_login(citizen)

    response = client.get(reverse("chat:transcript", args=[talked.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="chat-{talked.number}.txt"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert "Не приходит код подтверждения" in text
    assert "Специалист поддержки:" in text and "Проверьте номер телефона" in text
    assert "звонил в МФЦ" not in text


def test_the_html_transcript_is_a_page_with_the_conversation(client, citizen, talked):
    client.force_login(citizen)

    response = client.get(reverse("chat:transcript", args=[talked.pk]) + "?format=html")

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Переписка по обращению" in response.content.decode()


def test_another_citizen_gets_404(client, other_citizen, talked):
    client.force_login(other_citizen)

    assert client.get(reverse("chat:transcript", args=[talked.pk])).status_code == 404


def test_a_supervisor_downloads_any_transcript_and_the_read_is_journaled(staff_client, supervisor, talked):
    response = staff_client(supervisor).get(reverse("desk_chats:transcript", args=[talked.pk]))

    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert "Смирнова Ольга" in text and "звонил в МФЦ" in text
    entry = AccessLogEntry.objects.get(actor=supervisor, ticket=talked)
    assert entry.fields == ["transcript"]


def test_an_operator_may_not_download_transcripts(operator, talked):
    from tests.conftest import verified_login

    client = verified_login(Client(), operator)

    assert client.get(reverse("desk_chats:transcript", args=[talked.pk])).status_code == 403
