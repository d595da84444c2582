"""The ticket conversation socket: who may join, saving before acknowledging, resume, live delivery."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from chat.consumers import CLOSE_FORBIDDEN
from tests.chat.conftest import (
    TIMEOUT,
    averified_session,
    frames_until,
    is_status,
    next_frame,
    on_the_line,
    ticket_socket,
    visitor_session,
)
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status, ticket_intake

# The consumer reads the database from worker threads, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def new_id() -> str:
    return str(uuid.uuid4())


@database_sync_to_async
def saved_messages(ticket_id: int) -> list[tuple[int, str, str, bool]]:
    return list(
        TicketMessage.objects.filter(ticket_id=ticket_id)
        .order_by("pk")
        .values_list("pk", "body", "author_kind", "is_internal")
    )


@database_sync_to_async
def post_as_citizen(ticket: Ticket, citizen, body: str) -> TicketMessage:
    message, _created = message_post(
        ticket=ticket, author=citizen, body=body, author_kind=TicketMessage.AuthorKind.CITIZEN, channel=Channel.CHAT
    )
    return message


# --- who may connect ---


async def test_another_citizen_is_refused_before_accept(chat_ticket, other_citizen):
    socket = ticket_socket(chat_ticket.pk, user=other_citizen)

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert not connected
    assert code == CLOSE_FORBIDDEN


async def test_anonymous_visitor_without_the_chat_in_session_is_refused(chat_ticket):
    socket = ticket_socket(chat_ticket.pk, session=visitor_session(chat_ticket.pk + 1000))

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert (connected, code) == (False, CLOSE_FORBIDDEN)


async def test_session_cannot_claim_a_citizens_chat(chat_ticket):
    # Only chats started anonymously are bound to a session; a signed-in citizen's chat needs their account.
    socket = ticket_socket(chat_ticket.pk, session=visitor_session(chat_ticket.pk))

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert (connected, code) == (False, CLOSE_FORBIDDEN)


async def test_staff_without_verified_second_factor_is_refused(chat_ticket, operator):
    socket = ticket_socket(chat_ticket.pk, user=operator, session=SessionStore())

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert (connected, code) == (False, CLOSE_FORBIDDEN)


async def test_verified_staff_outside_the_tickets_queue_is_refused(citizen, other_operator):
    # other_operator's skills cover technical questions only, and the ticket is not theirs
    registration = await database_sync_to_async(topic)("registration")
    ticket = await database_sync_to_async(ticket_intake)(
        channel=Channel.CHAT, citizen=citizen, subject="", body="Как сменить паспорт", topic=registration
    )
    socket = ticket_socket(ticket.pk, user=other_operator, session=await averified_session(other_operator))

    connected, code = await socket.connect(timeout=TIMEOUT)

    assert (connected, code) == (False, CLOSE_FORBIDDEN)


async def test_anonymous_visitor_talks_in_the_chat_their_session_started():
    ticket = await database_sync_to_async(ticket_intake)(
        channel=Channel.CHAT, subject="", body="Здравствуйте", session_key="visitor-session"
    )
    socket = ticket_socket(ticket.pk, session=visitor_session(ticket.pk))
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_json_to({"type": "message", "body": "Не могу войти", "client_message_id": new_id()})
    ack = await next_frame(socket, "ack")

    assert (await saved_messages(ticket.pk))[-1] == (ack["message_id"], "Не могу войти", "citizen", False)
    await socket.disconnect()


# --- sending: saved, then acknowledged; resends are not duplicated ---


async def test_citizen_message_is_saved_then_acknowledged(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    client_id = new_id()

    await socket.send_json_to({"type": "message", "body": "Код так и не пришёл", "client_message_id": client_id})
    ack = await next_frame(socket, "ack")

    assert ack == {"type": "ack", "client_message_id": client_id, "message_id": ack["message_id"], "duplicate": False}
    message = await database_sync_to_async(TicketMessage.objects.get)(pk=ack["message_id"])
    assert (message.body, message.author_id, message.author_kind, message.channel, message.client_message_id) == (
        "Код так и не пришёл",
        citizen.pk,
        TicketMessage.AuthorKind.CITIZEN,
        Channel.CHAT,
        client_id,
    )
    # the sender also gets the message itself, rendered as the page renders it
    echoed = await next_frame(socket, "message")
    assert echoed["message_id"] == ack["message_id"]
    assert echoed["client_message_id"] == client_id
    assert f'id="message-{ack["message_id"]}"' in echoed["html"]
    await socket.disconnect()


async def test_resend_with_the_same_client_id_is_acknowledged_once_saved_once(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    frame = {"type": "message", "body": "Повторная отправка", "client_message_id": new_id()}

    await socket.send_json_to(frame)
    first = await next_frame(socket, "ack")
    await socket.send_json_to(frame)
    second = await next_frame(socket, "ack")

    assert (first["duplicate"], second["duplicate"]) == (False, True)
    assert second["message_id"] == first["message_id"]
    bodies = [body for _pk, body, _kind, _internal in await saved_messages(chat_ticket.pk)]
    assert bodies.count("Повторная отправка") == 1
    await socket.disconnect()


async def test_resend_after_reconnect_on_a_new_socket_is_not_duplicated(chat_ticket, citizen):
    frame = {"type": "message", "body": "Отправлено до обрыва", "client_message_id": new_id()}
    first_socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await first_socket.connect(timeout=TIMEOUT))[0]
    await first_socket.send_json_to(frame)
    first_ack = await next_frame(first_socket, "ack")
    await first_socket.disconnect()  # the ack was "lost": the client still holds the text in its outbox

    second_socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await second_socket.connect(timeout=TIMEOUT))[0]
    await second_socket.send_json_to(frame)
    second_ack = await next_frame(second_socket, "ack")

    assert second_ack == {**first_ack, "duplicate": True}
    assert len(await saved_messages(chat_ticket.pk)) == 2  # the opening message and this one
    await second_socket.disconnect()


# --- resume after a dropped connection ---


async def test_resume_sends_exactly_the_missed_messages_in_order(chat_ticket, citizen):
    posted = [await post_as_citizen(chat_ticket, citizen, f"Сообщение {n}") for n in range(1, 6)]
    seen = posted[1].pk  # the client had everything up to the second of these
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_json_to({"type": "resume", "after": seen})
    frames = await frames_until(socket, is_status)

    messages = [frame for frame in frames if frame["type"] == "message"]
    assert [frame["message_id"] for frame in messages] == [message.pk for message in posted[2:]]
    assert ["Сообщение 3" in messages[0]["html"], "Сообщение 5" in messages[-1]["html"]] == [True, True]
    # after the missed messages the client learns the current status (its page may show a stale one)
    assert frames[-1] == {"type": "status", "status": "new", "label": "новое"}
    await socket.disconnect()


async def test_resume_from_the_query_string_at_connect(chat_ticket, citizen):
    posted = [await post_as_citizen(chat_ticket, citizen, f"Сообщение {n}") for n in range(1, 4)]
    socket = ticket_socket(chat_ticket.pk, user=citizen, query=f"after={posted[0].pk}")

    assert (await socket.connect(timeout=TIMEOUT))[0]
    frames = await frames_until(socket, is_status)

    assert [f["message_id"] for f in frames if f["type"] == "message"] == [posted[1].pk, posted[2].pk]
    await socket.disconnect()


# --- citizen and operator live ---


async def test_operator_and_citizen_see_each_others_messages_live(chat_ticket, citizen, operator):
    await database_sync_to_async(on_the_line)(operator)  # the first reply takes the chat, by the routing rules
    citizen_socket = ticket_socket(chat_ticket.pk, user=citizen)
    operator_socket = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await citizen_socket.connect(timeout=TIMEOUT))[0]
    assert (await operator_socket.connect(timeout=TIMEOUT))[0]

    await citizen_socket.send_json_to({"type": "message", "body": "Помогите войти", "client_message_id": new_id()})
    citizen_ack = await next_frame(citizen_socket, "ack")
    at_operator = await next_frame(operator_socket, "message")
    await operator_socket.send_json_to(
        {"type": "message", "body": "Сейчас проверю вашу учётную запись", "client_message_id": new_id()}
    )
    operator_ack = await next_frame(operator_socket, "ack")
    at_citizen = await frames_until(
        citizen_socket, lambda f: f["type"] == "message" and f["message_id"] == operator_ack["message_id"]
    )

    assert at_operator["message_id"] == citizen_ack["message_id"]
    assert at_operator["author_kind"] == "citizen"
    assert "Помогите войти" in at_operator["html"]
    assert "Гражданин" in at_operator["html"]
    reply = at_citizen[-1]
    assert reply["author_kind"] == "agent"
    assert "Сейчас проверю вашу учётную запись" in reply["html"]
    assert "Специалист поддержки" in reply["html"]  # the citizen does not see the operator's name
    assert "Смирнова" not in reply["html"]
    # the operator's first answer starts the work, and the citizen's page hears the new status
    assert {"type": "status", "status": "in_progress", "label": "в работе"} in at_citizen
    ticket = await database_sync_to_async(Ticket.objects.get)(pk=chat_ticket.pk)
    assert (ticket.assignee_id, ticket.status) == (operator.pk, Ticket.Status.IN_PROGRESS)
    await citizen_socket.disconnect()
    await operator_socket.disconnect()


async def test_internal_notes_never_reach_the_citizen(chat_ticket, citizen, operator):
    await database_sync_to_async(on_the_line)(operator)  # the first reply takes the chat, by the routing rules
    citizen_socket = ticket_socket(chat_ticket.pk, user=citizen)
    operator_socket = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await citizen_socket.connect(timeout=TIMEOUT))[0]
    assert (await operator_socket.connect(timeout=TIMEOUT))[0]

    await operator_socket.send_json_to(
        {"type": "message", "body": "Похоже на блокировку", "client_message_id": new_id(), "internal": True}
    )
    note_ack = await next_frame(operator_socket, "ack")
    note_at_operator = await next_frame(operator_socket, "message")
    await operator_socket.send_json_to({"type": "message", "body": "Проверяем", "client_message_id": new_id()})
    reply_ack = await next_frame(operator_socket, "ack")
    # everything the citizen heard, up to the public reply sent after the note
    heard = await frames_until(
        citizen_socket, lambda f: f["type"] == "message" and f["message_id"] == reply_ack["message_id"]
    )
    await citizen_socket.send_json_to({"type": "resume", "after": 0})
    replayed = await frames_until(citizen_socket, is_status)

    assert note_at_operator["message_id"] == note_ack["message_id"]
    assert "внутренняя заметка" in note_at_operator["html"]
    assert [f["message_id"] for f in heard if f["type"] == "message"] == [reply_ack["message_id"]]
    assert [f["message_id"] for f in replayed if f["type"] == "message"] == [
        pk for pk, _body, _kind, internal in await saved_messages(chat_ticket.pk) if not internal
    ]
    assert note_ack["message_id"] not in [f.get("message_id") for f in heard + replayed]
    assert all("Похоже на блокировку" not in json.dumps(f, ensure_ascii=False) for f in heard + replayed)
    await citizen_socket.disconnect()
    await operator_socket.disconnect()


async def test_citizen_cannot_write_internal_notes(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    client_id = new_id()

    await socket.send_json_to({"type": "message", "body": "тайно", "client_message_id": client_id, "internal": True})
    error = await next_frame(socket, "error")

    assert error == {
        "type": "error",
        "message": "Внутренние заметки пишут только сотрудники.",
        "client_message_id": client_id,
    }
    assert len(await saved_messages(chat_ticket.pk)) == 1
    await socket.disconnect()


async def test_typing_reaches_the_other_side_only(chat_ticket, citizen, operator):
    citizen_socket = ticket_socket(chat_ticket.pk, user=citizen)
    operator_socket = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await citizen_socket.connect(timeout=TIMEOUT))[0]
    assert (await operator_socket.connect(timeout=TIMEOUT))[0]

    await citizen_socket.send_json_to({"type": "typing"})

    assert await operator_socket.receive_json_from(timeout=TIMEOUT) == {"type": "typing", "author_kind": "citizen"}
    assert await citizen_socket.receive_nothing(timeout=1)
    assert await database_sync_to_async(TicketMessage.objects.filter(ticket=chat_ticket).count)() == 1
    await citizen_socket.disconnect()
    await operator_socket.disconnect()


async def test_status_change_reaches_the_citizen_with_its_russian_label(chat_ticket, citizen, supervisor):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await database_sync_to_async(ticket_change_status)(ticket=chat_ticket, status="resolved", actor=supervisor)

    assert await next_frame(socket, "status") == {"type": "status", "status": "resolved", "label": "решено"}
    await socket.disconnect()


async def test_message_to_a_closed_chat_gets_the_domain_error(chat_ticket, citizen, supervisor):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    await database_sync_to_async(ticket_change_status)(ticket=chat_ticket, status="cancelled", actor=supervisor)
    client_id = new_id()

    await socket.send_json_to({"type": "message", "body": "Ещё вопрос", "client_message_id": client_id})
    error = await next_frame(socket, "error")

    assert error["message"] == "Обращение закрыто: создайте новое, если вопрос остался."
    assert error["client_message_id"] == client_id
    assert len(await saved_messages(chat_ticket.pk)) == 1
    await socket.disconnect()


# --- bad frames get a clear error, and the socket keeps working ---

BAD_ID = "Неверный идентификатор сообщения: нужен UUID в поле client_message_id."


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("это не JSON", "Неверный формат: ожидается текстовое сообщение JSON."),
        ("[1, 2]", "Неверный формат: ожидается объект JSON с полем type."),
        ('{"type": "dance"}', "Неизвестный тип сообщения."),
        ('{"type": "message", "body": "без id"}', BAD_ID),
        ('{"type": "message", "body": "x", "client_message_id": "42"}', BAD_ID),
        (
            '{"type": "resume", "after": "вчера"}',
            "Неверный запрос: after должен быть номером сообщения (целое число ≥ 0).",
        ),
        ('{"type": "resume", "after": -1}', "Неверный запрос: after должен быть номером сообщения (целое число ≥ 0)."),
    ],
)
async def test_malformed_frame_gets_an_error_and_the_socket_stays_usable(chat_ticket, citizen, frame, error):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_to(text_data=frame)
    reply = await socket.receive_json_from(timeout=TIMEOUT)
    await socket.send_json_to({"type": "message", "body": "А так можно?", "client_message_id": new_id()})

    assert reply == {"type": "error", "message": error}
    assert (await next_frame(socket, "ack"))["duplicate"] is False
    await socket.disconnect()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (None, "Сообщение пустое: напишите текст."),
        (123, "Сообщение пустое: напишите текст."),
        ("   ", "Сообщение пустое: напишите текст."),
        ("я" * 4001, "Сообщение слишком длинное: не более 4000 символов."),
    ],
)
async def test_missing_empty_or_oversized_body_is_refused_with_a_reason(chat_ticket, citizen, body, error):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    client_id = new_id()
    frame = {"type": "message", "client_message_id": client_id}
    if body is not None:
        frame["body"] = body

    await socket.send_to(text_data=json.dumps(frame))
    reply = await socket.receive_json_from(timeout=TIMEOUT)

    assert reply == {"type": "error", "message": error, "client_message_id": client_id}
    assert len(await saved_messages(chat_ticket.pk)) == 1
    await socket.disconnect()


async def test_exactly_4000_characters_are_accepted(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_json_to({"type": "message", "body": "я" * 4000, "client_message_id": new_id()})

    assert (await next_frame(socket, "ack"))["duplicate"] is False
    await socket.disconnect()


async def test_binary_frame_gets_an_error(chat_ticket, citizen):
    socket = ticket_socket(chat_ticket.pk, user=citizen)
    assert (await socket.connect(timeout=TIMEOUT))[0]

    await socket.send_to(bytes_data=b"\x00\x01")

    assert await socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "error",
        "message": "Неверный формат: ожидается текстовое сообщение JSON.",
    }
    await socket.disconnect()


async def test_out_of_range_numbers_are_harmless(chat_ticket, citizen):
    huge = 10**30  # beyond PostgreSQL's bigint
    refused = ticket_socket(huge, user=citizen)
    socket = ticket_socket(chat_ticket.pk, user=citizen, query=f"after={huge}")

    assert (await refused.connect(timeout=TIMEOUT)) == (False, CLOSE_FORBIDDEN)
    assert (await socket.connect(timeout=TIMEOUT))[0]
    await socket.send_json_to({"type": "resume", "after": huge})

    from_query = [await socket.receive_json_from(timeout=TIMEOUT) for _frame in range(2)]  # from ?after=
    from_frame = [await socket.receive_json_from(timeout=TIMEOUT) for _frame in range(2)]  # from the resume frame

    assert [frame["type"] for frame in from_query + from_frame] == ["resumed", "status", "resumed", "status"]
    assert from_query[0]["up_to"] == huge  # nothing after it: complete up to where the client asked
    await socket.disconnect()
