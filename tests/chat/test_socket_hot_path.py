"""The ticket socket's per-message path (issue #5, benchmarks/chat_delivery.py): what it may not cost."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
from channels.db import database_sync_to_async
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

import chat.consumers
from chat.consumers import in_db_thread
from chat.selectors import message_for_viewer
from tests.chat.conftest import TIMEOUT, averified_session, next_frame, on_the_line, ticket_socket
from tickets.models import Attachment, Channel, TicketMessage
from tickets.services import message_post

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads the database from worker threads


def new_id() -> str:
    return str(uuid.uuid4())


async def test_database_calls_of_different_sockets_run_side_by_side():
    # channels' default runs every socket's database work of a process on one thread: a second call would
    # wait for the first, and this barrier would time out.
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def meet() -> str:
        barrier.wait()
        return threading.current_thread().name

    names = await asyncio.gather(in_db_thread(meet)(), in_db_thread(meet)())

    assert len(set(names)) == 2
    assert all(name.startswith("chat-db") for name in names)


async def test_senders_echo_is_the_frame_a_fresh_read_renders(chat_ticket, citizen):
    # The sender's socket renders its own message from the saved row; another tab of the same citizen reads
    # it back from the database. Both must show the same thing.
    sender = ticket_socket(chat_ticket.pk, user=citizen)
    other_tab = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await sender.connect(timeout=TIMEOUT))[0]
    assert (await other_tab.connect(timeout=TIMEOUT))[0]
    client_id = new_id()

    await sender.send_json_to({"type": "message", "body": "  Код не пришёл\nуже час  ", "client_message_id": client_id})
    ack = await next_frame(sender, "ack")
    echoed = await next_frame(sender, "message")
    read_back = await next_frame(other_tab, "message")

    assert echoed == read_back
    assert echoed["message_id"] == ack["message_id"]
    assert echoed["client_message_id"] == client_id
    assert "Код не пришёл<br>уже час" in echoed["html"]
    assert "Вы" in echoed["html"]
    await sender.disconnect()
    await other_tab.disconnect()


async def test_operators_echo_is_the_frame_a_fresh_read_renders(chat_ticket, operator):
    sender = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    colleague_view = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await sender.connect(timeout=TIMEOUT))[0]
    assert (await colleague_view.connect(timeout=TIMEOUT))[0]

    await sender.send_json_to({"type": "message", "body": "Проверяю", "client_message_id": new_id(), "internal": True})
    echoed = await next_frame(sender, "message")
    read_back = await next_frame(colleague_view, "message")

    assert echoed == read_back
    assert "internal" in echoed["html"]
    assert operator.display_name in echoed["html"]
    await sender.disconnect()
    await colleague_view.disconnect()


async def test_the_other_side_renders_a_message_from_its_live_update_as_a_fresh_read_would(
    chat_ticket, citizen, operator, monkeypatch
):
    # The live update carries the saved message: the other sockets render it without a database call. What they
    # show must be what a read of the saved row renders, both ways, the operator's name included.
    read_back = chat.consumers.TicketConsumer._frame_for
    monkeypatch.setattr(chat.consumers.TicketConsumer, "_frame_for", lambda *args: pytest.fail("read back"))
    await database_sync_to_async(on_the_line)(operator)  # the first reply takes the chat, by the routing rules
    citizen_socket = ticket_socket(chat_ticket.pk, user=citizen)
    operator_socket = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await citizen_socket.connect(timeout=TIMEOUT))[0]
    assert (await operator_socket.connect(timeout=TIMEOUT))[0]

    await citizen_socket.send_json_to({"type": "message", "body": "Не приходит <код>", "client_message_id": new_id()})
    heard_by_operator = await next_frame(operator_socket, "message")
    await operator_socket.send_json_to({"type": "message", "body": "Проверяю", "client_message_id": new_id()})
    heard_by_citizen = await next_frame(citizen_socket, "message")
    while heard_by_citizen["author_kind"] != TicketMessage.AuthorKind.AGENT:
        heard_by_citizen = await next_frame(citizen_socket, "message")

    def fresh(message_id: int, *, staff: bool) -> dict:
        consumer = chat.consumers.TicketConsumer()
        consumer.ticket_id, consumer.viewer_is_staff, consumer.is_chat = chat_ticket.pk, staff, True
        consumer.language, consumer.ticket_number = "ru", chat_ticket.number
        return read_back(consumer, message_id)

    assert heard_by_operator == await database_sync_to_async(fresh)(heard_by_operator["message_id"], staff=True)
    assert heard_by_citizen == await database_sync_to_async(fresh)(heard_by_citizen["message_id"], staff=False)
    assert "&lt;код&gt;" in heard_by_operator["html"]
    assert "Специалист поддержки" in heard_by_citizen["html"]
    await citizen_socket.disconnect()
    await operator_socket.disconnect()


async def test_a_duplicate_is_acknowledged_without_a_second_frame(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    client_id = new_id()
    frame = {"type": "message", "body": "Повтор", "client_message_id": client_id}

    await socket.send_json_to(frame)
    first = await next_frame(socket, "ack")
    await next_frame(socket, "message")
    await socket.send_json_to(frame)
    second = await next_frame(socket, "ack")

    assert (second["message_id"], second["duplicate"]) == (first["message_id"], True)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_frames_are_handled_without_a_hop_to_the_sync_thread(chat_ticket, citizen, monkeypatch):
    # channels' AsyncConsumer.dispatch awaits aclose_old_connections() (a hop onto the process's one sync
    # thread) before every frame and event; the ticket socket manages its connections in its own calls.
    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_json_to({"type": "message", "body": "Здравствуйте", "client_message_id": new_id()})
    await next_frame(socket, "ack")
    await next_frame(socket, "message")

    assert hops == []
    await socket.disconnect()


async def test_unknown_websocket_message_type_still_raises():
    consumer = chat.consumers.TicketConsumer()

    with pytest.raises(ValueError, match=r"websocket\.nonsense"):
        await consumer.dispatch({"type": "websocket.nonsense"})


# --- the live read of one message: one query unless it carries files ---


def _message(ticket, **kwargs) -> TicketMessage:
    message, _created = message_post(
        ticket=ticket, author=None, body="Текст", author_kind=TicketMessage.AuthorKind.CITIZEN,
        channel=Channel.CHAT, **kwargs,
    )
    return message


@database_sync_to_async
def _read(ticket_id: int, message_id: int, *, include_internal: bool):
    with CaptureQueriesContext(connection) as queries:
        message = message_for_viewer(ticket_id=ticket_id, message_id=message_id, include_internal=include_internal)
        files = list(message.attachments.all()) if message is not None else None
    return message, files, len(queries)


async def test_a_message_without_files_is_read_in_one_query(chat_ticket):
    message = await database_sync_to_async(_message)(chat_ticket)

    read, files, queries = await _read(chat_ticket.pk, message.pk, include_internal=False)

    assert (read.pk, files, queries) == (message.pk, [], 1)


async def test_a_message_with_files_brings_them(chat_ticket):
    def with_file() -> tuple[TicketMessage, Attachment]:
        message = _message(chat_ticket)
        attachment = Attachment(ticket=chat_ticket, message=message, original_name="скан.pdf",
                                content_type="application/pdf", size=4, sha256="0" * 64)
        attachment.file.save("scan", ContentFile(b"%PDF"), save=False)
        attachment.save()
        return message, attachment

    message, attachment = await database_sync_to_async(with_file)()

    read, files, queries = await _read(chat_ticket.pk, message.pk, include_internal=False)

    assert (read.pk, files, queries) == (message.pk, [attachment], 2)


async def test_an_internal_note_is_not_read_for_a_citizen(chat_ticket, operator):
    def note() -> TicketMessage:
        message, _created = message_post(ticket=chat_ticket, author=operator, body="Заметка", channel=Channel.CHAT,
                                         author_kind=TicketMessage.AuthorKind.AGENT, is_internal=True)
        return message

    message = await database_sync_to_async(note)()

    assert (await _read(chat_ticket.pk, message.pk, include_internal=False))[0] is None
    assert (await _read(chat_ticket.pk, message.pk, include_internal=True))[0].pk == message.pk
    assert (await _read(chat_ticket.pk + 1000, message.pk, include_internal=True))[0] is None
