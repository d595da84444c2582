"""A chat start repeated — resent with the same id, or two at once from one browser or citizen — opens one chat
and the assistant answers each question once (issue #5, B2 and B10)."""

from __future__ import annotations

import threading
import uuid
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import Http404

import chat.services
from chat.services import chat_start
from tickets.models import Channel, Ticket, TicketMessage

START = "/chat/"
TIMEOUT = 10


@pytest.mark.django_db
def test_a_resent_start_is_answered_by_the_assistant_once(client, django_capture_on_commit_callbacks):
    form = {"body": "Заблокировали учётную запись", "client_message_id": str(uuid.uuid4())}

    with mock.patch("chat.services.dialogue_reply", wraps=chat.services.dialogue_reply) as reply:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(START, form)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(START, form)  # a double click, or the back button and «Начать чат» again

    ticket = Ticket.objects.get(channel=Channel.CHAT)
    kinds = list(ticket.messages.order_by("pk").values_list("author_kind", flat=True))
    assert kinds.count(TicketMessage.AuthorKind.CITIZEN) == 1
    assert kinds.count(TicketMessage.AuthorKind.ASSISTANT) == 1, kinds
    assert reply.call_count == 1


@pytest.mark.django_db
def test_a_new_question_in_the_open_chat_is_still_answered(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"body": "Не приходит код подтверждения", "client_message_id": str(uuid.uuid4())})
    with (mock.patch("chat.services.dialogue_reply", wraps=chat.services.dialogue_reply) as reply,
          django_capture_on_commit_callbacks(execute=True)):
        client.post(START, {"body": "И пароль не подходит", "client_message_id": str(uuid.uuid4())})

    assert reply.call_count == 1
    ticket = Ticket.objects.get(channel=Channel.CHAT)
    assert ticket.messages.filter(author_kind=TicketMessage.AuthorKind.CITIZEN).count() == 2


def _start_together(starts: list[dict]) -> tuple[list[BaseException], bool]:
    """Run the chat starts in threads that all read «no open chat yet» before any of them saves one.

    Each start waits after its chat_current for the others (briefly): without serialisation all of them
    see no chat and each opens one; with it, the later ones wait for the lock instead and find the chat.
    """
    barrier = threading.Barrier(len(starts))
    looked_up = chat.services.chat_current
    errors: list[BaseException] = []
    alone: list[bool] = []

    def chat_current_then_wait(**kwargs):
        found = looked_up(**kwargs)
        try:
            barrier.wait(timeout=2)
        except threading.BrokenBarrierError:
            alone.append(True)  # the others are held by the lock: go on alone
        return found

    def run(kwargs: dict) -> None:
        try:
            chat_start(**kwargs)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    with mock.patch("chat.services.chat_current", chat_current_then_wait):
        threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in starts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
    return errors, not alone


@pytest.mark.django_db(transaction=True)
def test_two_tabs_of_one_visitor_starting_at_once_open_one_chat():
    session = SessionStore()
    session.save()
    key = session.session_key
    # two requests of one browser: each loads the session as it was when it arrived
    starts = [
        {"session": SessionStore(session_key=key), "citizen": None, "body": body,
         "client_message_id": str(uuid.uuid4())}
        for body in ("Не приходит код подтверждения", "Не могу войти в личный кабинет")
    ]

    errors, side_by_side = _start_together(starts)

    assert errors == []
    assert not side_by_side
    ticket = Ticket.objects.get(channel=Channel.CHAT)
    assert sorted(ticket.messages.filter(author_kind="citizen").values_list("body", flat=True)) == [
        "Не могу войти в личный кабинет", "Не приходит код подтверждения"]
    assert ticket.session_key == key and ticket.citizen is None


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_of_a_signed_in_citizen_arriving_at_once_opens_one_chat_with_one_message(citizen):
    client_message_id = str(uuid.uuid4())
    starts = [
        {"session": SessionStore(), "citizen": citizen, "body": "Не приходит код подтверждения",
         "client_message_id": client_message_id}
        for _tab in range(2)
    ]

    errors, side_by_side = _start_together(starts)

    assert errors == []
    assert not side_by_side
    ticket = Ticket.objects.get(channel=Channel.CHAT)
    assert ticket.citizen == citizen
    assert ticket.messages.filter(author_kind="citizen").count() == 1


@pytest.mark.django_db(transaction=True)
def test_different_visitors_do_not_wait_for_each_other():
    starts = [
        {"session": SessionStore(), "citizen": None, "body": body, "client_message_id": str(uuid.uuid4())}
        for body in ("Не приходит код подтверждения", "Не могу войти в личный кабинет")
    ]

    errors, side_by_side = _start_together(starts)

    assert errors == []
    assert side_by_side  # one visitor's lock never holds up another's start
    assert Ticket.objects.filter(channel=Channel.CHAT).count() == 2


@pytest.mark.django_db
def test_the_socket_follows_a_chat_started_under_the_session_key_even_before_the_session_remembers_it():
    from chat.selectors import ticket_get_for_visitor

    session = SessionStore()
    session.save()
    started = chat_start(session=SessionStore(session_key=session.session_key), citizen=None,
                         body="Не приходит код подтверждения")

    stale = SessionStore(session_key=session.session_key)  # loaded before the first request saved its ids
    assert ticket_get_for_visitor(user=None, session=stale, ticket_id=started.pk) == started
    with pytest.raises(Http404):
        ticket_get_for_visitor(user=None, session=SessionStore(), ticket_id=started.pk)
