"""A connection killed in the middle of a send: after the reconnect nothing is lost and nothing is doubled."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.chat.test_live_server import ack_for, open_socket, receive_until, session_cookie
from tickets.models import TicketMessage

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_socket_killed_mid_send_loses_and_doubles_nothing_after_the_resend(asgi_server, chat_ticket, citizen):
    port, path = asgi_server.port, f"/ws/tickets/{chat_ticket.pk}/"
    cookie = await database_sync_to_async(session_cookie)(citizen)
    outbox = [(str(uuid.uuid4()), f"Сообщение {n}") for n in range(5)]

    async with open_socket(port, path, cookie) as ws:
        await ws.send(json.dumps({"type": "sync"}))
        await receive_until(ws, lambda frame: frame["type"] == "queue")  # the answer to sync ends with the queue
        last_seen = await database_sync_to_async(
            lambda: TicketMessage.objects.filter(ticket=chat_ticket).latest("pk").pk
        )()
        for client_id, body in outbox:
            await ws.send(json.dumps({"type": "message", "body": body, "client_message_id": client_id}))
        ws.transport.abort()  # the network dies: no close frame, acks unread, some frames maybe never arrived
    await asyncio.sleep(0.5)

    async with open_socket(port, f"{path}?after={last_seen}", cookie) as ws:
        for client_id, body in outbox:  # the client resends everything it holds without an ack
            await ws.send(json.dumps({"type": "message", "body": body, "client_message_id": client_id}))
        frames = []
        for client_id, _body in outbox:
            frames += await receive_until(ws, ack_for(client_id))
        await asyncio.sleep(0.5)

    saved = await database_sync_to_async(
        lambda: list(TicketMessage.objects.filter(ticket=chat_ticket, body__startswith="Сообщение ")
                     .order_by("pk").values_list("pk", "body"))
    )()
    assert [body for _pk, body in saved] == [body for _id, body in outbox]  # all of them, once, in order
    acks = {frame["client_message_id"]: frame["message_id"] for frame in frames if frame["type"] == "ack"}
    assert sorted(acks.values()) == [pk for pk, _body in saved]
    delivered = [frame["message_id"] for frame in frames if frame["type"] == "message"]
    assert len(delivered) == len(set(delivered))  # replayed and live copies never both arrive
