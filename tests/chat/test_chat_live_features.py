"""The live chat around the messages: read receipts, typing both ways, the queue place, language, quick replies."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from chat.models import ChatReadMark, DialogueState
from chat.services import chat_language_set, chat_message_send
from tests.chat.conftest import TIMEOUT, averified_session, frames_until, next_frame, on_the_line, ticket_socket
from tickets.models import Ticket, TicketMessage
from tickets.services import message_post, ticket_take

pytestmark = pytest.mark.django_db(transaction=True)


async def _connected(socket):
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    return socket


async def _say(socket, body: str) -> dict:
    client_id = str(uuid.uuid4())
    await socket.send_json_to({"type": "message", "body": body, "client_message_id": client_id})
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == "ack" and frame["client_message_id"] == client_id:
            return frame


async def test_read_receipts_reach_the_other_side_and_survive_a_reconnect(chat_ticket, citizen, operator):
    await database_sync_to_async(on_the_line)(operator)
    await database_sync_to_async(ticket_take)(ticket=chat_ticket, agent=operator)
    staff = await _connected(ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator)))
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    answer = await _say(staff, "Какая ошибка на экране?")
    await next_frame(visitor, "message")

    await visitor.send_json_to({"type": "read", "message_id": answer["message_id"]})

    receipt = await next_frame(staff, "read")
    while receipt["side"] != "citizen" or receipt["message_id"] != answer["message_id"]:
        receipt = await next_frame(staff, "read")
    await staff.disconnect()
    again = await _connected(ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator)))
    await again.send_json_to({"type": "sync"})
    marks = [await next_frame(again, "read"), await next_frame(again, "read")]
    assert {"type": "read", "side": "citizen", "message_id": answer["message_id"]} in marks
    mark = await database_sync_to_async(ChatReadMark.objects.get)(ticket=chat_ticket, side="citizen")
    assert mark.message_id == answer["message_id"]
    await visitor.disconnect()
    await again.disconnect()


async def test_a_read_mark_never_moves_back_nor_to_another_chats_message(chat_ticket, citizen, other_citizen):
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    first = await _say(visitor, "Первое")
    second = await _say(visitor, "Второе")
    await visitor.send_json_to({"type": "read", "message_id": second["message_id"]})
    await visitor.send_json_to({"type": "read", "message_id": first["message_id"]})
    await visitor.send_json_to({"type": "read", "message_id": "много"})

    error = await next_frame(visitor, "error")

    assert "message_id" in error["message"]
    mark = await database_sync_to_async(ChatReadMark.objects.get)(ticket=chat_ticket, side="citizen")
    assert mark.message_id == second["message_id"]
    await visitor.disconnect()


async def test_typing_is_relayed_both_ways_and_throttled(chat_ticket, citizen, operator):
    staff = await _connected(ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator)))
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))

    await visitor.send_json_to({"type": "typing"})
    await visitor.send_json_to({"type": "typing"})  # within a second: dropped
    seen_by_staff = await next_frame(staff, "typing")
    await staff.send_json_to({"type": "typing"})
    seen_by_citizen = await next_frame(visitor, "typing")

    assert seen_by_staff == {"type": "typing", "author_kind": "citizen"}
    assert seen_by_citizen == {"type": "typing", "author_kind": "agent"}
    assert await staff.receive_nothing(timeout=0.5)
    await staff.disconnect()
    await visitor.disconnect()


async def test_a_waiting_citizen_sees_the_queue_place_and_it_updates_when_an_operator_takes_the_chat(
    chat_ticket, citizen, operator
):
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))
    await visitor.send_json_to({"type": "sync"})
    waiting = await next_frame(visitor, "queue")

    await database_sync_to_async(on_the_line)(operator)
    await database_sync_to_async(ticket_take)(ticket=chat_ticket, agent=operator)
    taken = await next_frame(visitor, "queue")

    assert waiting["position"] == 1
    assert waiting["text"].startswith("Вы следующий в очереди к специалисту.")
    assert taken == {"type": "queue", "position": None, "wait_seconds": None, "text": ""}
    await visitor.disconnect()


async def test_switching_the_language_tells_both_sides_and_the_citizen_side_renders_in_english(
    chat_ticket, citizen, operator
):
    staff = await _connected(ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator)))
    visitor = await _connected(ticket_socket(chat_ticket.pk, user=citizen))

    await database_sync_to_async(chat_language_set)(ticket=chat_ticket, language="en", actor=citizen)

    assert (await next_frame(staff, "language"))["language"] == "en"
    frames = await frames_until(visitor, lambda frame: frame["type"] == "language")
    assert frames[-1] == {"type": "language", "language": "en"}
    assert [f["author_kind"] for f in frames if f["type"] == "message"] == ["system"]  # «Язык чата: English.»
    await database_sync_to_async(chat_ticket.refresh_from_db)()
    assert chat_ticket.language == "en"
    await staff.disconnect()
    await visitor.disconnect()


async def test_the_assistants_quick_replies_come_with_its_message(citizen):
    from chat.services import chat_start
    from tests.chat.conftest import visitor_session

    session = await database_sync_to_async(visitor_session)()
    ticket = await database_sync_to_async(chat_start)(session=session, citizen=citizen, body="Здравствуйте")
    visitor = await _connected(ticket_socket(ticket.pk, user=citizen))

    @transaction.atomic  # as the dialogue does: the broadcast goes after the commit, with the offer saved
    def offer():
        message, _created = message_post(ticket=ticket, author=None, body="Это помогло?",
                                          author_kind=TicketMessage.AuthorKind.ASSISTANT, channel=ticket.channel)
        DialogueState.objects.update_or_create(
            ticket=ticket,
            defaults={"quick_replies": {"message_id": message.pk, "actions": [{"label": "Да", "reply": "да"}, "Нет"]}},
        )
        return message

    message = await database_sync_to_async(offer)()
    frame = await next_frame(visitor, "message")
    while frame["message_id"] != message.pk:
        frame = await next_frame(visitor, "message")

    assert frame["actions"] == [{"label": "Да", "reply": "да"}, {"label": "Нет", "reply": "Нет"}]
    assert 'data-quick-reply="да"' in frame["html"]
    await visitor.disconnect()


def test_a_file_alone_does_not_wake_the_assistant(citizen, settings):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from chat.services import chat_start
    from tests.chat.conftest import visitor_session
    from tickets.attachments import attachment_check

    settings.CHAT_ASSISTANT_FIRST = True
    ticket = chat_start(session=visitor_session(), citizen=citizen, body="Не грузится файл")
    before = ticket.messages.filter(author_kind="assistant").count()
    png = BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")

    chat_message_send(ticket=ticket, author=citizen, as_staff=False, body="",
                      attachments=[attachment_check(SimpleUploadedFile("s.png", png.getvalue()))])

    assert ticket.messages.filter(author_kind="assistant").count() == before
    assert Ticket.objects.get(pk=ticket.pk).attachments.count() == 1
