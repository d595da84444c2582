"""A live frame the channel layer loses leaves no gap (issue #5, B6).

The production layer (pub/sub) delivers at most once. The writer gets its own frame straight after the ack,
not from the layer; the other side closes a gap with a resume from the last point it knows complete, whose
answer ends with {"type": "resumed", "up_to"}.
"""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from tests.chat.conftest import (
    TIMEOUT,
    averified_session,
    frames_until,
    is_status,
    next_frame,
    on_the_line,
    ticket_socket,
)
from tickets.services import ticket_take

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads the database from worker threads


@pytest.fixture
def lossy_layer(monkeypatch):
    """The channel layer, losing the next «ticket.message» update it is given (as pub/sub does in a reconnect)."""
    layer = get_channel_layer()
    real_group_send = layer.group_send
    lost: list[dict] = []

    async def group_send(group: str, message: dict) -> None:
        if message.get("type") == "ticket.message" and not lost:
            lost.append(message)
            return
        await real_group_send(group, message)

    monkeypatch.setattr(layer, "group_send", group_send)
    return lost


async def _connected(socket):
    assert (await socket.connect(timeout=TIMEOUT))[0]
    return socket


async def _send(socket, body: str) -> str:
    client_id = str(uuid.uuid4())
    await socket.send_json_to({"type": "message", "body": body, "client_message_id": client_id})
    return client_id


async def test_the_writer_sees_its_message_though_the_layer_lost_it(chat_ticket, citizen, lossy_layer):
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))

    client_id = await _send(visitor, "Код так и не пришёл")
    ack = await next_frame(visitor, "ack")
    own = await visitor.receive_json_from(timeout=TIMEOUT)  # the very next frame: no layer echo needed

    assert len(lossy_layer) == 1 and lossy_layer[0]["message_id"] == ack["message_id"]
    assert (own["type"], own["message_id"], own["client_message_id"]) == ("message", ack["message_id"], client_id)
    assert "Код так и не пришёл" in own["html"]
    assert await visitor.receive_nothing(timeout=0.3)  # and shown once: no second copy follows
    await visitor.disconnect()


async def test_the_other_side_gets_a_lost_message_back_on_resume_with_the_later_ones(
    chat_ticket, citizen, operator, lossy_layer
):
    await database_sync_to_async(on_the_line)(operator)
    await database_sync_to_async(ticket_take)(ticket=chat_ticket, agent=operator)
    staff = await _connected(ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator)))
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    await staff.send_json_to({"type": "resume", "after": 0})
    known = (await frames_until(staff, lambda frame: frame["type"] == "resumed"))[-1]["up_to"]
    await next_frame(staff, "status")

    await _send(visitor, "Первое: потеряется по дороге")
    lost = await next_frame(visitor, "ack")
    await _send(visitor, "Второе: дойдёт")
    arrived = await next_frame(visitor, "ack")
    live = await next_frame(staff, "message")
    await staff.send_json_to({"type": "resume", "after": known})  # from the last point known complete
    replay = await frames_until(staff, is_status)

    assert live["message_id"] == arrived["message_id"]  # the first never came live: a gap before it
    assert [frame["message_id"] for frame in replay if frame["type"] == "message"] == [
        lost["message_id"], arrived["message_id"]]
    assert "потеряется по дороге" in replay[0]["html"]
    assert [frame for frame in replay if frame["type"] == "resumed"] == [
        {"type": "resumed", "up_to": arrived["message_id"]}]
    assert replay[-2]["type"] == "resumed"  # just before the status: the answer is complete
    await staff.disconnect()
    await visitor.disconnect()


async def test_a_resume_with_nothing_new_says_it_is_complete_up_to_where_it_was(chat_ticket, citizen):
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    await visitor.send_json_to({"type": "resume", "after": 0})
    everything = await frames_until(visitor, is_status)
    up_to = next(frame for frame in everything if frame["type"] == "resumed")["up_to"]

    await visitor.send_json_to({"type": "resume", "after": up_to})
    again = await frames_until(visitor, is_status)

    assert up_to == max(frame["message_id"] for frame in everything if frame["type"] == "message")
    assert [frame["type"] for frame in again] == ["resumed", "status"]
    assert again[0] == {"type": "resumed", "up_to": up_to}
    await visitor.disconnect()


async def test_another_tab_of_the_writer_still_gets_the_message_live(chat_ticket, citizen):
    writer = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    other_tab = await _connected(ticket_socket(chat_ticket.pk, user=citizen))

    await _send(writer, "Из первой вкладки")
    ack = await next_frame(writer, "ack")
    seen = await next_frame(other_tab, "message")

    assert seen["message_id"] == ack["message_id"]
    await writer.disconnect()
    await other_tab.disconnect()
