"""One conversation served by two ASGI processes: channels-redis carries the frames between them.

Two uvicorn processes (supportdesk.asgi:application) on two ports share one Redis (REDIS_URL) and the test
database; the citizen's socket is on one, the operator's on the other, and messages flow both ways.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.chat.conftest import AsgiServer, on_the_line
from tests.chat.test_live_server import ack_for, message_with, open_socket, receive_until, session_cookie
from tickets.models import TicketMessage
from tickets.services import ticket_take

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class RedisAsgiServer(AsgiServer):
    def __init__(self, redis_url: str) -> None:
        super().__init__()
        self.env["REDIS_URL"] = redis_url  # the production layer: channels-redis on a shared Redis


@pytest.fixture
def two_servers(transactional_db, redis_url):
    servers = [RedisAsgiServer(redis_url), RedisAsgiServer(redis_url)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


async def test_citizen_on_one_process_and_operator_on_another_talk_both_ways(
    two_servers, chat_ticket, citizen, operator
):
    citizen_server, operator_server = two_servers
    assert citizen_server.port != operator_server.port
    await database_sync_to_async(on_the_line)(operator)
    await database_sync_to_async(ticket_take)(ticket=chat_ticket, agent=operator)
    path = f"/ws/tickets/{chat_ticket.pk}/"
    citizen_cookie = await database_sync_to_async(session_cookie)(citizen)
    operator_cookie = await database_sync_to_async(session_cookie)(operator, verified=True)

    async with open_socket(operator_server.port, path, operator_cookie) as operator_ws, \
            open_socket(citizen_server.port, path, citizen_cookie) as citizen_ws:
        await asyncio.sleep(0.3)  # both group_adds are in Redis before the first frame
        question_id = str(uuid.uuid4())
        await citizen_ws.send(json.dumps({"type": "message", "body": "Вопрос через первый процесс",
                                          "client_message_id": question_id}))
        question = (await receive_until(citizen_ws, ack_for(question_id)))[-1]
        seen_by_operator = (await receive_until(operator_ws, message_with(question["message_id"])))[-1]

        await operator_ws.send(json.dumps({"type": "typing"}))
        typing = (await receive_until(citizen_ws, lambda frame: frame["type"] == "typing"))[-1]
        answer_id = str(uuid.uuid4())
        await operator_ws.send(json.dumps({"type": "message", "body": "Ответ через второй процесс",
                                           "client_message_id": answer_id}))
        answer = (await receive_until(operator_ws, ack_for(answer_id)))[-1]
        seen_by_citizen = (await receive_until(citizen_ws, message_with(answer["message_id"])))[-1]
        await citizen_ws.send(json.dumps({"type": "read", "message_id": answer["message_id"]}))
        receipt = (await receive_until(operator_ws, lambda f: f["type"] == "read" and f["side"] == "citizen"
                                       and f["message_id"] == answer["message_id"]))[-1]

    assert "Вопрос через первый процесс" in seen_by_operator["html"]
    assert "Ответ через второй процесс" in seen_by_citizen["html"]
    assert typing == {"type": "typing", "author_kind": "agent"}
    assert receipt["message_id"] == answer["message_id"]
    bodies = await database_sync_to_async(
        lambda: list(TicketMessage.objects.filter(ticket=chat_ticket).order_by("pk").values_list("body", flat=True))
    )()
    assert bodies[-2:] == ["Вопрос через первый процесс", "Ответ через второй процесс"]
