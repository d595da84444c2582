"""A call moved to a colleague, fields a PBX sends late, and calls bound to the PBX that registered them."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role
from accounts.services import staff_create
from telephony.models import Call, CallEvent, OperatorExtension
from telephony.services import pbx_token_issue
from tests.conftest import TOTP_KEY, topic
from tests.telephony.conftest import EVENTS_URL, inbound
from tests.telephony.test_screen_pop import pops
from tickets import broadcast
from tickets.models import TicketMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    batches: list[list] = []
    monkeypatch.setattr(broadcast, "broadcast_many", batches.append)
    return batches


@pytest.fixture
def colleague(db):
    return staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                        first_name="Вера", last_name="Ким", skills=[topic("registration")], totp_key=TOTP_KEY)


def call_logs(call: Call) -> list[str]:
    return list(
        TicketMessage.objects.filter(ticket=call.ticket, client_message_id__startswith=f"call-{call.pk}-")
        .order_by("id").values_list("body", flat=True)
    )


def test_a_second_answer_by_a_colleague_moves_the_request_and_pops_their_screen(
    post_event, citizen, operator, colleague, sent, django_capture_on_commit_callbacks
):
    post_event(event="newCall", at=0, digits="12", **inbound("transfer"))
    post_event(event="answer", at=10, user=operator.email, **inbound("transfer"))

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(event="answer", at=70, user=colleague.email, **inbound("transfer"))
    post_event(event="hangup", at=190, cause="normalClearing", **inbound("transfer"))

    assert response.json()["status"] == "accepted"
    call = Call.objects.select_related("ticket").get(call_id="transfer")
    assert call.operator == colleague and call.ticket.assignee == colleague
    assert (call.wait_seconds, call.talk_seconds) == (10, 180)  # the talk began with the first answer
    assert len(pops(sent, colleague)) == 1
    [log] = call_logs(call)
    assert "Оператор: Ким Вера." in log and "Перевод звонка: Смирнова Ольга → Ким Вера." in log


def test_the_same_answer_sent_again_is_still_a_duplicate(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("repeat-answer"))
    post_event(event="answer", at=10, user=operator.email, **inbound("repeat-answer"))

    again = post_event(event="answer", at=12, user=operator.email.upper(), **inbound("repeat-answer"))

    assert again.json()["status"] == "duplicate"
    assert CallEvent.objects.filter(call__call_id="repeat-answer").count() == 2


def test_answers_arriving_out_of_order_leave_the_call_with_the_last_one(post_event, citizen, operator, colleague):
    post_event(event="newCall", at=0, **inbound("late-first"))
    post_event(event="answer", at=70, user=colleague.email, **inbound("late-first"))

    post_event(event="answer", at=10, user=operator.email, **inbound("late-first"))  # the first, arriving last

    call = Call.objects.select_related("ticket").get(call_id="late-first")
    assert call.operator == colleague and call.ticket.assignee == colleague
    assert call.wait_seconds == 10


def test_a_recording_sent_after_the_hangup_is_merged_into_the_call_log(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("rec"))
    post_event(event="answer", at=10, user=operator.email, **inbound("rec"))
    post_event(event="hangup", at=100, cause="normalClearing", **inbound("rec"))

    later = post_event(event="hangup", at=100, cause="normalClearing", duration=88,
                       recordingUrl="https://pbx.example/rec/rec.ogg", **inbound("rec"))
    repeat = post_event(event="hangup", at=100, cause="normalClearing", duration=88,
                        recordingUrl="https://pbx.example/rec/rec.ogg", **inbound("rec"))

    assert (later.json()["status"], repeat.json()["status"]) == ("merged", "duplicate")
    call = Call.objects.get(call_id="rec")
    assert call.recording_url == "https://pbx.example/rec/rec.ogg" and call.talk_seconds == 88
    first_log, addendum = call_logs(call)
    assert "Запись разговора" not in first_log
    assert addendum.startswith("Дополнение к звонку")
    assert "https://pbx.example/rec/rec.ogg" in addendum and "по данным АТС: 1 мин 28 с" in addendum
    assert call.outcome == Call.Outcome.ANSWERED and call.cause == "normalClearing"


def test_a_late_transcript_of_an_ended_call_reaches_its_request(post_event, citizen):
    post_event(event="newCall", at=0, **inbound("text-later"))
    post_event(event="hangup", at=30, cause="voicemail", **inbound("text-later"))

    response = post_event(event="hangup", at=30, cause="voicemail",
                          transcript="Перезвоните, пожалуйста, не могу восстановить пароль", **inbound("text-later"))

    assert response.json()["status"] == "merged"
    call = Call.objects.select_related("ticket").get(call_id="text-later")
    assert call.topic == topic("password-recovery") and call.ticket.topic == topic("password-recovery")
    assert "не могу восстановить пароль" in call_logs(call)[-1]


def test_an_extension_names_the_operator_in_events(post_event, citizen, operator):
    OperatorExtension.objects.create(user=operator, extension="301")

    post_event(event="newCall", at=0, **inbound("by-extension"))
    post_event(event="answer", at=5, user="301", **inbound("by-extension"))

    assert Call.objects.get(call_id="by-extension").operator == operator


def test_another_pbx_cannot_post_events_for_a_call_it_did_not_register(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("bound"))
    _other, other_token = pbx_token_issue(name="Чужая АТС")

    response = post_event(token=other_token, event="answer", at=5, user=operator.email, **inbound("bound"))

    assert response.status_code == 403
    assert "другой АТС" in response.json()["detail"]
    call = Call.objects.get(call_id="bound")
    assert call.operator is None and call.events.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_event_sent_twice_at_once_is_recorded_once(citizen):
    _pbx, token = pbx_token_issue(name="Asterisk")
    body = json.dumps({"event": "newCall", **inbound("parallel")})
    start, statuses = threading.Barrier(2), []

    def send():
        try:
            start.wait()
            response = Client().post(EVENTS_URL, data=body, content_type="application/json",
                                     HTTP_AUTHORIZATION=f"Bearer {token}")
            statuses.append(response.json()["status"])
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == ["accepted", "duplicate"]
    call = Call.objects.get(call_id="parallel")
    assert call.events.count() == 1 and call.ticket.calls.count() == 1
