"""B4: menu keys or a transcript that arrive with a later event still give the call and its request their topic."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from telephony.models import Call
from tests.conftest import topic
from tests.telephony.conftest import inbound
from tickets.models import TicketEvent
from tickets.services import ticket_transfer

pytestmark = pytest.mark.django_db

FORGOT_PASSWORD = "Не могу войти в личный кабинет, забыл пароль"


@pytest.fixture
def routed():
    """The routing tasks queued after commit (tests run the commit hooks of the step they check)."""
    with patch("telephony.services.ticket_route_task.delay") as route:
        yield route


def the_call(call_id: str) -> Call:
    return Call.objects.select_related("ticket", "ticket__topic", "topic").get(call_id=call_id)


def topic_changes(ticket) -> list[dict]:
    return [event.data for event in TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.TOPIC_CHANGED)]


def test_a_new_call_after_its_hangup_gives_the_request_the_menu_topic_and_routes_it_again(
    post_event, citizen, routed, django_capture_on_commit_callbacks
):
    post_event(event="hangup", at=40, cause="noAnswer", **inbound("late-keys"))
    before = the_call("late-keys").ticket
    assert before.topic_id != topic("e-signature").pk

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(event="newCall", at=0, digits="25", **inbound("late-keys"))

    assert response.json()["status"] == "accepted"
    call = the_call("late-keys")
    assert (call.topic, call.topic_source) == (topic("e-signature"), Call.TopicSource.IVR)
    ticket = call.ticket
    assert ticket.pk == before.pk
    assert (ticket.topic, ticket.tier) == (topic("e-signature"), 2)
    assert ticket.due_at > before.due_at  # a complex topic's longer target (SLA2)
    [change] = topic_changes(ticket)
    assert (change["new"], change["by"], change["call_id"]) == (topic("e-signature").pk, "call_ivr", call.pk)
    routed.assert_called_once_with(ticket_id=ticket.pk, reason="intake")


def test_a_transcript_sent_with_the_hangup_sets_the_topic_of_the_call_and_its_request(
    post_event, citizen, routed, django_capture_on_commit_callbacks
):
    post_event(event="newCall", at=0, **inbound("late-text"))

    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="hangup", at=60, cause="cancel", transcript=FORGOT_PASSWORD, **inbound("late-text"))

    call = the_call("late-text")
    assert (call.topic, call.topic_source) == (topic("password-recovery"), Call.TopicSource.TRANSCRIPT)
    assert call.ticket.topic == topic("password-recovery")
    assert [change["by"] for change in topic_changes(call.ticket)] == ["call_transcript"]
    log = call.ticket.messages.get(client_message_id__startswith=f"call-{call.pk}-")
    assert "Тема: Восстановление пароля (определена: распознанная речь)." in log.body
    assert FORGOT_PASSWORD in log.body
    routed.assert_called_once_with(ticket_id=call.ticket.pk, reason="intake")


def test_an_answer_without_keys_then_the_new_call_with_them_keeps_the_operator(
    post_event, citizen, operator, routed, django_capture_on_commit_callbacks
):
    post_event(event="answer", at=15, user=operator.email, **inbound("late-answer"))

    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="newCall", at=0, digits="2", **inbound("late-answer"))

    call = the_call("late-answer")
    assert (call.topic, call.topic_source) == (topic("services"), Call.TopicSource.IVR)
    assert call.ticket.topic == topic("services") and call.ticket.assignee == operator
    assert not routed.called  # the request is with the operator who answered: nothing to route


def test_the_callers_menu_choice_outranks_what_was_read_in_the_transcript(post_event, citizen):
    post_event(event="newCall", at=0, transcript=FORGOT_PASSWORD, **inbound("keys-win"))
    assert the_call("keys-win").topic == topic("password-recovery")

    post_event(event="hangup", at=50, cause="noAnswer", digits="21", **inbound("keys-win"))

    call = the_call("keys-win")
    assert (call.topic, call.topic_source) == (topic("service-documents"), Call.TopicSource.IVR)
    assert call.ticket.topic == topic("service-documents")


def test_a_topic_a_person_chose_stays_when_the_transcript_comes(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("person-chose"))
    ticket = the_call("person-chose").ticket
    ticket_transfer(ticket=ticket, to_tier=2, actor=operator, reason="Вопрос об электронной подписи",
                    topic=topic("e-signature"))

    post_event(event="hangup", at=60, cause="cancel", transcript=FORGOT_PASSWORD, **inbound("person-chose"))

    call = the_call("person-chose")
    assert call.topic == topic("password-recovery")  # the call keeps what it was about
    assert (call.ticket.topic, call.ticket.tier) == (topic("e-signature"), 2)


def test_a_later_call_does_not_change_the_topic_an_earlier_call_gave_the_request(post_event, citizen):
    post_event(event="newCall", at=0, digits="12", **inbound("first"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("first"))
    post_event(event="newCall", at=300, **inbound("second"))  # continues the request owed a callback

    post_event(event="hangup", at=360, cause="cancel", transcript="Как подать заявление на пособие?",
               **inbound("second"))

    second = the_call("second")
    assert second.ticket_id == the_call("first").ticket_id
    assert second.ticket.topic == topic("password-recovery")
