"""The chat through a real server: the project's ASGI app under uvicorn, real websocket clients, real cookies."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.chat.conftest import on_the_line
from tests.conftest import verified_login
from tickets.models import TicketMessage

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 20  # seconds; the server shares two noisy cores with the test


def session_cookie(user, *, verified: bool = False) -> str:
    client = Client()
    if verified:
        verified_login(client, user)
    else:
        client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def open_socket(port: int, path: str, cookie: str, origin: str | None = None):
    return connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=origin or f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie},
        open_timeout=TIMEOUT,
    )


async def receive_until(ws, predicate) -> list[dict]:
    frames: list[dict] = []
    while not frames or not predicate(frames[-1]):
        frames.append(json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT)))
    return frames


def ack_for(client_id: str):
    return lambda frame: frame["type"] == "ack" and frame["client_message_id"] == client_id


def message_with(message_id: int):
    return lambda frame: frame["type"] == "message" and frame["message_id"] == message_id


async def say(ws, body: str, client_id: str | None = None) -> dict:
    client_id = client_id or str(uuid.uuid4())
    await ws.send(json.dumps({"type": "message", "body": body, "client_message_id": client_id}))
    return (await receive_until(ws, ack_for(client_id)))[-1]


async def test_citizen_and_operator_chat_and_a_dropped_citizen_gets_what_it_missed(
    asgi_server, chat_ticket, citizen, operator
):
    await database_sync_to_async(on_the_line)(operator)  # the first reply takes the chat, by the routing rules
    port = asgi_server.port
    path = f"/ws/tickets/{chat_ticket.pk}/"
    citizen_cookie = await database_sync_to_async(session_cookie)(citizen)
    operator_cookie = await database_sync_to_async(session_cookie)(operator, verified=True)

    async with open_socket(port, path, operator_cookie) as operator_ws:
        async with open_socket(port, path, citizen_cookie) as citizen_ws:
            question = await say(citizen_ws, "Не могу подписать заявление")
            await receive_until(operator_ws, message_with(question["message_id"]))
            answer = await say(operator_ws, "Какая ошибка на экране?")
            seen = await receive_until(citizen_ws, message_with(answer["message_id"]))
        # the citizen's connection is gone; the operator keeps writing
        missed = [await say(operator_ws, "Проверьте срок действия подписи"), await say(operator_ws, "И браузер")]

        async with open_socket(port, f"{path}?after={seen[-1]['message_id']}", citizen_cookie) as back_ws:
            replay = await receive_until(back_ws, lambda frame: frame["type"] == "status")

    assert [f["message_id"] for f in replay if f["type"] == "message"] == [ack["message_id"] for ack in missed]
    assert "Проверьте срок действия подписи" in replay[0]["html"]
    assert replay[-1] == {"type": "status", "status": "in_progress", "label": "в работе"}
    bodies = await database_sync_to_async(
        lambda: list(TicketMessage.objects.filter(ticket=chat_ticket).order_by("pk").values_list("body", flat=True))
    )()
    assert bodies == [
        "Не приходит код подтверждения",
        "Не могу подписать заявление",
        "Какая ошибка на экране?",
        "Проверьте срок действия подписи",
        "И браузер",
    ]


async def test_message_sent_just_before_a_drop_is_saved_once_after_the_resend(asgi_server, chat_ticket, citizen):
    port = asgi_server.port
    path = f"/ws/tickets/{chat_ticket.pk}/"
    cookie = await database_sync_to_async(session_cookie)(citizen)
    client_id = str(uuid.uuid4())
    frame = json.dumps({"type": "message", "body": "Отправлено на обрыве", "client_message_id": client_id})

    async with open_socket(port, path, cookie) as ws:
        await ws.send(frame)  # and the connection drops before the ack is read
    async with open_socket(port, path, cookie) as ws:
        await ws.send(frame)  # the client's outbox resends everything not acknowledged
        ack = (await receive_until(ws, ack_for(client_id)))[-1]

    saved = await database_sync_to_async(
        lambda: list(TicketMessage.objects.filter(ticket=chat_ticket, body="Отправлено на обрыве").values_list("pk"))
    )()
    assert saved == [(ack["message_id"],)]


async def test_real_server_refuses_an_outsider_and_a_foreign_origin(asgi_server, chat_ticket, citizen, other_citizen):
    port = asgi_server.port
    path = f"/ws/tickets/{chat_ticket.pk}/"
    outsider_cookie = await database_sync_to_async(session_cookie)(other_citizen)
    owner_cookie = await database_sync_to_async(session_cookie)(citizen)

    with pytest.raises(InvalidStatus) as outsider:
        async with open_socket(port, path, outsider_cookie):
            pass
    with pytest.raises(InvalidStatus) as foreign:
        async with open_socket(port, path, owner_cookie, origin="https://evil.example"):
            pass

    assert outsider.value.response.status_code == 403
    assert foreign.value.response.status_code == 403
