"""After a transfer or reassignment the previous operator's open socket stops following the chat (issue #5, B11).

Staff sockets check their access again on the journal rows that can take it away (assigned, unassigned,
transferred, routed, escalated): one query on those rare events, none on messages.
"""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.services import staff_create
from chat.consumers import CLOSE_FORBIDDEN, TicketConsumer
from chat.services import chat_transfer_to_operator, chat_transfer_to_tier
from tests.chat.conftest import TIMEOUT, averified_session, next_frame, on_the_line, ticket_socket
from tests.conftest import TOTP_KEY, topic
from tickets.models import Channel, TicketMessage
from tickets.services import message_post, ticket_assign, ticket_intake, ticket_take

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads the database from worker threads


@pytest.fixture
def colleague(db):
    return staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                        first_name="Вера", last_name="Ким", skills=[topic("registration")], totp_key=TOTP_KEY)


@pytest.fixture
def held_chat(citizen, operator, colleague):
    on_the_line(operator, colleague)
    ticket = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body="Не приходит код подтверждения",
                           topic=topic("registration"))
    return ticket_take(ticket=ticket, agent=operator)


async def _staff_socket(ticket, user):
    socket = ticket_socket(ticket.pk, user=user, session=await averified_session(user))
    assert (await socket.connect(timeout=TIMEOUT))[0]
    return socket


async def _until_closed(socket) -> tuple[list[dict], int]:
    """The frames a socket gets until the server closes it, and the close code."""
    frames = []
    while True:
        output = await socket.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            return frames, output.get("code")
        frames.append(json.loads(output["text"]))


async def test_a_transfer_to_a_colleague_tells_the_previous_operator_and_closes_their_socket(
    held_chat, operator, colleague, citizen
):
    previous = await _staff_socket(held_chat, operator)
    visitor = ticket_socket(held_chat.pk, user=citizen)
    assert (await visitor.connect(timeout=TIMEOUT))[0]

    await database_sync_to_async(chat_transfer_to_operator)(
        ticket=held_chat, to_agent=colleague, actor=operator, reason="Конец смены")
    frames, code = await _until_closed(previous)

    assert code == CLOSE_FORBIDDEN
    assert [frame["type"] for frame in frames] == ["left"]  # not the reason note nor anything after it
    assert frames[0]["message"] == "Чат передан другому сотруднику: у вас больше нет к нему доступа."
    # the conversation goes on for the citizen and the new operator only
    incoming = await _staff_socket(held_chat, colleague)
    await incoming.send_json_to({"type": "message", "body": "Здравствуйте, я продолжу", "client_message_id":
                                 str(uuid.uuid4())})
    await next_frame(incoming, "ack")
    heard = await next_frame(visitor, "message")
    while "я продолжу" not in heard["html"]:
        heard = await next_frame(visitor, "message")
    await visitor.disconnect()
    await incoming.disconnect()


async def test_a_supervisor_taking_the_chat_away_closes_the_operators_socket(held_chat, operator, colleague,
                                                                            supervisor):
    previous = await _staff_socket(held_chat, operator)

    await database_sync_to_async(ticket_assign)(ticket=held_chat, assignee=colleague, actor=supervisor)
    frames, code = await _until_closed(previous)

    assert code == CLOSE_FORBIDDEN
    assert next(frame for frame in frames if frame["type"] == "left")["message"].startswith("Чат передан")


async def test_a_tier_transfer_leaves_the_operator_reading_but_no_longer_holding(held_chat, operator):
    previous = await _staff_socket(held_chat, operator)

    await database_sync_to_async(chat_transfer_to_tier)(
        ticket=held_chat, to_tier=2, actor=operator, reason="Нужен профильный отдел")
    left = await next_frame(previous, "left")
    system = await next_frame(previous, "message")  # they keep read access: the socket stays (tickets.services)

    assert "Переписку можно читать" in left["message"]
    assert "уровня L2" in system["html"]
    await previous.disconnect()


async def test_a_supervisor_watching_is_not_disconnected_by_a_reassignment(held_chat, colleague, supervisor,
                                                                           citizen):
    watching = await _staff_socket(held_chat, supervisor)

    await database_sync_to_async(ticket_assign)(ticket=held_chat, assignee=colleague, actor=supervisor)
    await database_sync_to_async(message_post)(ticket=held_chat, author=citizen, body="Я ещё здесь",
                                               author_kind=TicketMessage.AuthorKind.CITIZEN, channel=Channel.CHAT)
    frames = []
    while not frames or frames[-1]["type"] != "message":
        frames.append(await watching.receive_json_from(timeout=TIMEOUT))

    assert "Я ещё здесь" in frames[-1]["html"]
    assert "left" not in [frame["type"] for frame in frames]
    await watching.disconnect()


def test_the_check_again_is_one_query(held_chat, operator, colleague):
    consumer = TicketConsumer()
    consumer.scope = {"user": operator}
    consumer.ticket_id = held_chat.pk
    assert consumer._holder_if_visible() == (operator.pk,)  # as at connect: the operator's scope is read once
    ticket_assign(ticket=held_chat, assignee=colleague, actor=operator)

    with CaptureQueriesContext(connection) as queries:
        holder = consumer._holder_if_visible()

    assert holder is None
    assert len(queries) == 1


async def test_a_colleague_who_may_still_read_the_chat_cannot_write_into_it(held_chat, operator, colleague,
                                                                           supervisor):
    await database_sync_to_async(chat_transfer_to_operator)(ticket=held_chat, to_agent=colleague, actor=operator)
    await database_sync_to_async(chat_transfer_to_tier)(ticket=held_chat, to_tier=2, actor=colleague,
                                                        reason="Нужен профильный отдел")
    await database_sync_to_async(ticket_assign)(ticket=held_chat, assignee=operator, actor=supervisor)  # an L2 now
    reader = await _staff_socket(held_chat, colleague)  # the tier transfer left them read access

    await reader.send_json_to({"type": "message", "body": "Я отвечу сам", "client_message_id": str(uuid.uuid4())})
    refused = await next_frame(reader, "error")

    assert refused["message"] == "Обращение ведёт другой сотрудник: ответить может только исполнитель."
    assert not await database_sync_to_async(
        TicketMessage.objects.filter(ticket=held_chat, body="Я отвечу сам").exists)()
    await reader.disconnect()
