"""The sign-in scenario through the real chat socket: the citizen writes, the assistant's answers arrive as chat
messages, each with its quick replies kept for the chat to render."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from chat.models import DialogueState
from chat.services import chat_start
from portal.demo import portal_demo_seed
from tests.chat.conftest import TIMEOUT, ticket_socket
from tickets.models import Ticket, TicketMessage

# The consumer reads the database from worker threads, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def start_chat(citizen, body: str) -> Ticket:
    portal_demo_seed()
    return chat_start(session=SessionStore(), citizen=citizen, body=body, client_message_id=str(uuid.uuid4()))


async def assistant_frame(socket) -> dict:
    """The next message frame written by the assistant (the citizen's own echo and status frames skipped)."""
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == "message" and frame["author_kind"] == TicketMessage.AuthorKind.ASSISTANT:
            return frame


async def test_the_sign_in_scenario_runs_over_the_chat_socket(citizen):
    ticket = await start_chat(citizen, "Не могу войти в личный кабинет")  # the assistant already asked for the phone
    socket = ticket_socket(ticket.pk, user=citizen)
    connected, _code = await socket.connect(timeout=TIMEOUT)
    assert connected

    await socket.send_json_to({"type": "message", "body": "+7 916 000-00-02", "client_message_id": str(uuid.uuid4())})
    blocked = await assistant_frame(socket)
    offered = (await DialogueState.objects.aget(ticket=ticket)).quick_replies
    await socket.send_json_to({"type": "message", "body": "Нет, не помогло", "client_message_id": str(uuid.uuid4())})
    options = await assistant_frame(socket)

    assert "пять неверных попыток ввода пароля подряд" in blocked["html"]
    assert offered["message_id"] == blocked["message_id"]
    assert [action["reply"] for action in offered["actions"]] == ["Да, помогло", "Нет, не помогло", "Позвать оператора"]
    assert "Госключ" in options["html"]
    await socket.disconnect()
