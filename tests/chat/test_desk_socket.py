"""The desk socket: verified staff hear that the queue changed; nobody else may listen."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from chat.consumers import CLOSE_FORBIDDEN
from tests.chat.conftest import TIMEOUT, averified_session, desk_socket
from tickets.models import Channel
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads the database from worker threads


async def test_verified_operator_hears_a_new_chat_enter_the_queue(operator):
    socket = desk_socket(user=operator, session=await averified_session(operator))
    assert (await socket.connect(timeout=TIMEOUT))[0]

    ticket = await database_sync_to_async(ticket_intake)(
        channel=Channel.CHAT, subject="", body="Здравствуйте", session_key="visitor"
    )

    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "queue.changed", "ticket_id": ticket.pk}
    await socket.disconnect()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "unverified_operator"])
async def test_everyone_else_is_refused(who, citizen, operator):
    user = {"anonymous": None, "citizen": citizen, "unverified_operator": operator}[who]
    socket = desk_socket(user=user, session=SessionStore())

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert (connected, code) == (False, CLOSE_FORBIDDEN)


async def test_desk_socket_answers_client_frames_with_an_error(operator):
    socket = desk_socket(user=operator, session=await averified_session(operator))
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_json_to({"type": "message", "body": "?"})

    frame = await socket.receive_json_from(timeout=TIMEOUT)
    assert frame["type"] == "error"
    assert "только для уведомлений" in frame["message"]
    await socket.disconnect()
