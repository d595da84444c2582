"""Realistic PBX event sequences replayed through the webhook: the call, its request, its callback."""

from __future__ import annotations

from datetime import timedelta

import pytest

from telephony.models import Call, Callback, CallEvent
from telephony.services import CALLBACK_WITHIN
from tests.conftest import topic
from tests.telephony.conftest import inbound
from tickets.models import Channel, Ticket, TicketMessage

pytestmark = pytest.mark.django_db


def call_log_messages(ticket: Ticket) -> list[TicketMessage]:
    """The call logs among the request's internal system notes (callbacks have notes of their own)."""
    return list(ticket.messages.filter(author_kind=TicketMessage.AuthorKind.SYSTEM, is_internal=True,
                                       client_message_id__startswith="call-"))


def test_an_answered_call_is_identified_assigned_and_logged(post_event, citizen, operator):
    post_event(event="newCall", at=0, digits="12", **inbound("c-1"))
    post_event(event="answer", at=25, user=operator.email, **inbound("c-1"))
    response = post_event(event="hangup", at=205, cause="normalClearing", user=operator.email,
                          recordingUrl="https://pbx.example/rec/c-1.ogg", **inbound("c-1"))

    assert response.status_code == 200
    body = response.json()
    call = Call.objects.select_related("ticket").get(call_id="c-1")
    assert body == {"status": "accepted", "callId": "c-1", "state": "ended", "outcome": "answered",
                    "ticket": call.ticket.number, "route": None, "warnings": []}
    assert call.citizen == citizen and call.phone == "+79123456789"
    assert (call.wait_seconds, call.talk_seconds) == (25, 180)
    ticket = call.ticket
    assert ticket.channel == Channel.PHONE and ticket.citizen == citizen
    assert ticket.topic == topic("password-recovery")
    assert ticket.assignee == operator and ticket.status == Ticket.Status.IN_PROGRESS
    assert ticket.first_response_at == call.answered_at  # answering is the first contact (SLA1)
    [log] = call_log_messages(ticket)
    assert "Входящий звонок: принят." in log.body
    assert "Длительность разговора: 3 мин 00 с." in log.body
    assert "https://pbx.example/rec/c-1.ogg" in log.body
    assert not Callback.objects.exists()


def test_a_missed_call_becomes_a_callback_due_within_the_sla(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-2"))
    response = post_event(event="hangup", at=40, cause="noAnswer", **inbound("c-2"))

    assert response.json()["outcome"] == "missed"
    call = Call.objects.get(call_id="c-2")
    callback = Callback.objects.get()
    assert (callback.ticket, callback.call, callback.phone) == (call.ticket, call, "+79123456789")
    assert callback.reason == Callback.Reason.MISSED and callback.status == Callback.Status.PENDING
    assert callback.due_at - callback.created_at == pytest.approx(CALLBACK_WITHIN, abs=timedelta(seconds=5))
    [log] = call_log_messages(call.ticket)
    assert "Входящий звонок: пропущен." in log.body


def test_a_caller_who_hangs_up_while_waiting_is_abandoned_and_owed_a_call(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-3"))
    post_event(event="hangup", at=70, cause="cancel", **inbound("c-3"))

    assert Call.objects.get(call_id="c-3").outcome == Call.Outcome.ABANDONED
    assert Callback.objects.get().reason == Callback.Reason.ABANDONED


def test_a_voicemail_keeps_its_recording_and_asks_for_a_callback(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-4"))
    post_event(event="hangup", at=90, cause="voicemail", recordingUrl="https://pbx.example/vm/c-4.ogg",
               **inbound("c-4"))

    call = Call.objects.get(call_id="c-4")
    assert call.outcome == Call.Outcome.VOICEMAIL and call.recording_url.endswith("c-4.ogg")
    assert Callback.objects.get().reason == Callback.Reason.VOICEMAIL


def test_every_event_sent_twice_changes_nothing_the_second_time(post_event, citizen, operator):
    sequence = [
        {"event": "newCall", "at": 0},
        {"event": "answer", "at": 10, "user": operator.email},
        {"event": "hangup", "at": 100, "cause": "normalClearing"},
    ]
    statuses = []
    for event in sequence:
        for _attempt in range(2):
            statuses.append(post_event(**event, **inbound("c-5")).json()["status"])

    assert statuses == ["accepted", "duplicate"] * 3
    assert CallEvent.objects.filter(call__call_id="c-5").count() == 3
    assert Ticket.objects.count() == 1
    assert len(call_log_messages(Ticket.objects.get())) == 1


def test_a_duplicate_with_other_values_is_still_a_no_op(post_event, citizen):
    post_event(event="newCall", at=0, digits="1", **inbound("c-6"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("c-6"))

    again = post_event(event="hangup", at=60, cause="normalClearing", **inbound("c-6"))

    assert again.json()["status"] == "duplicate"
    call = Call.objects.get(call_id="c-6")
    assert (call.cause, call.outcome, call.wait_seconds) == ("noAnswer", "missed", 30)


def test_hangup_before_answer_gives_the_same_answered_call(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("c-7"))
    post_event(event="hangup", at=200, cause="normalClearing", **inbound("c-7"))
    assert Callback.objects.get().status == Callback.Status.PENDING  # for now it looks abandoned

    response = post_event(event="answer", at=20, user=operator.email, **inbound("c-7"))

    assert response.json()["outcome"] == "answered"
    call = Call.objects.get(call_id="c-7")
    assert (call.state, call.wait_seconds, call.talk_seconds) == ("ended", 20, 180)
    assert call.ticket.assignee == operator
    callback = Callback.objects.get()
    assert callback.status == Callback.Status.CANCELLED  # the citizen was answered after all
    logs = call_log_messages(call.ticket)
    assert len(logs) == 2 and logs[1].body.startswith("Уточнение по звонку")


def test_answer_before_new_call_still_creates_one_request_with_the_ivr_topic(post_event, citizen, operator):
    post_event(event="answer", at=15, user=operator.email, digits="2", **inbound("c-8"))
    post_event(event="newCall", at=0, digits="2", **inbound("c-8"))
    post_event(event="hangup", at=75, cause="normalClearing", **inbound("c-8"))

    call = Call.objects.get(call_id="c-8")
    assert (call.started_at, call.wait_seconds, call.talk_seconds) == (post_event.start, 15, 60)
    assert Ticket.objects.count() == 1 and call.ticket.topic == topic("services")
    assert call.ticket.assignee == operator and call.outcome == Call.Outcome.ANSWERED


def test_an_unknown_caller_gets_a_request_with_the_number_to_call_back(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-9", number="+7 (916) 000-11-22"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("c-9", number="+7 (916) 000-11-22"))

    call = Call.objects.get(call_id="c-9")
    assert call.citizen is None and call.phone == "+79160001122"
    assert call.ticket.citizen is None and call.ticket.contact_phone == "+79160001122"
    assert Callback.objects.get().phone == "+79160001122"


def test_a_missed_call_from_a_hidden_number_leaves_no_callback_and_no_open_request(post_event):
    post_event(event="newCall", at=0, **inbound("c-10", number="anonymous"))
    post_event(event="hangup", at=30, cause="cancel", **inbound("c-10", number="anonymous"))

    call = Call.objects.get(call_id="c-10")
    assert call.phone == "" and not Callback.objects.exists()
    call.ticket.refresh_from_db()
    assert call.ticket.status == Ticket.Status.CANCELLED


@pytest.mark.parametrize(("digits", "code"), [("1", "registration"), ("12", "password-recovery"),
                                               ("33", "page-error")])
def test_the_ivr_choice_sets_the_topic(post_event, citizen, digits, code):
    post_event(event="newCall", at=0, digits=digits, **inbound(f"ivr-{digits}"))

    call = Call.objects.get(call_id=f"ivr-{digits}")
    assert call.topic == topic(code) and call.topic_source == Call.TopicSource.IVR
    assert call.ticket.topic == topic(code) and call.ticket.tier == topic(code).tier


def test_without_ivr_the_transcript_sets_the_topic(post_event, citizen):
    post_event(event="newCall", at=0, transcript="Не могу войти в личный кабинет, забыл пароль",
               **inbound("c-11"))

    call = Call.objects.get(call_id="c-11")
    assert call.topic == topic("password-recovery") and call.topic_source == Call.TopicSource.TRANSCRIPT
    assert call.ticket.messages.first().body == "Не могу войти в личный кабинет, забыл пароль"


def test_without_ivr_or_transcript_the_topic_stays_unknown(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-12"))

    call = Call.objects.get(call_id="c-12")
    assert call.topic is None and call.ticket.topic is None


def test_an_unknown_ivr_key_is_not_a_topic(post_event, citizen):
    post_event(event="newCall", at=0, digits="99", **inbound("c-13"))

    assert Call.objects.get(call_id="c-13").topic_source == ""


def test_a_repeat_call_continues_the_open_request_and_settles_its_callback(post_event, citizen, operator):
    post_event(event="newCall", at=0, digits="12", **inbound("first"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("first"))

    post_event(event="newCall", at=120, digits="12", **inbound("second"))
    post_event(event="answer", at=130, user=operator.email, **inbound("second"))
    post_event(event="hangup", at=300, cause="normalClearing", **inbound("second"))

    first, second = Call.objects.get(call_id="first"), Call.objects.get(call_id="second")
    assert first.ticket_id == second.ticket_id and Ticket.objects.count() == 1
    callback = Callback.objects.get()
    assert (callback.status, callback.result, callback.completed_by) == ("done", "citizen_called", operator)


def test_a_call_on_another_topic_opens_a_new_request(post_event, citizen):
    post_event(event="newCall", at=0, digits="12", **inbound("topic-a"))
    post_event(event="newCall", at=60, digits="33", **inbound("topic-b"))

    assert Ticket.objects.count() == 2


def test_an_operator_the_desk_does_not_know_is_a_warning_not_an_error(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("c-14"))
    response = post_event(event="answer", at=5, user="ext-301", **inbound("c-14"))

    assert response.status_code == 200
    assert "ext-301" in response.json()["warnings"][0]
    call = Call.objects.get(call_id="c-14")
    assert call.operator is None and call.operator_ref == "ext-301"


def test_an_outgoing_callback_call_is_logged_in_the_request_it_serves(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("missed"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("missed"))
    ticket = Call.objects.get(call_id="missed").ticket
    outgoing = {"callId": "out-1", "from": "301", "to": "+79123456789", "direction": "out", "user": operator.email}

    post_event(event="newCall", at=600, **outgoing)
    post_event(event="answer", at=610, **outgoing)
    post_event(event="hangup", at=700, cause="normalClearing", **outgoing)

    call = Call.objects.get(call_id="out-1")
    assert call.ticket == ticket and call.operator == operator and call.outcome == Call.Outcome.ANSWERED
    assert "Исходящий звонок: принят." in call_log_messages(ticket)[-1].body
    assert Ticket.objects.count() == 1
    assert Callback.objects.get().status == Callback.Status.PENDING  # the operator records the result
