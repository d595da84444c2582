"""The answering operator's desk learns who is calling at once, with the citizen's open requests."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from accounts.models import OperatorProfile
from privacy.models import AccessLogEntry
from telephony.models import Call
from telephony.services import CallEventData, call_event_apply, pbx_token_issue
from tests.chat.conftest import averified_session, desk_socket, next_frame
from tests.conftest import registration_request
from tests.telephony.conftest import inbound
from tickets import broadcast
from tickets.broadcast import agent_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    batches: list[list] = []
    monkeypatch.setattr(broadcast, "broadcast_many", batches.append)
    return batches


def pops(sent, user) -> list[dict]:
    return [event for batch in sent for group, event in batch
            if group == agent_group(user.pk) and event["type"] == "call.screen_pop"]


def test_the_answering_operator_gets_the_callers_context_after_commit(
    post_event, citizen, operator, sent, django_capture_on_commit_callbacks
):
    earlier = registration_request(citizen)
    post_event(event="newCall", at=0, digits="12", **inbound("pop-1"))

    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="answer", at=12, user=operator.email, **inbound("pop-1"))

    call = Call.objects.get(call_id="pop-1")
    [pop] = pops(sent, operator)
    assert pop["state"] == "answered" and pop["url"] == f"/desk/calls/{call.pk}/"
    assert pop["caller"] == "Иванова Анна Сергеевна" and pop["phone"] == "+7912***-**-89"
    assert pop["known_citizen"] and pop["topic"] == "Восстановление пароля"
    assert pop["ticket_number"] == call.ticket.number
    assert pop["open_total"] == 2
    assert {request["number"] for request in pop["open_requests"]} == {call.ticket.number, earlier.number}


def test_the_screen_pop_is_journaled_as_a_read_of_personal_data(post_event, citizen, operator):
    post_event(event="answer", at=12, user=operator.email, **inbound("pop-2"))

    entry = AccessLogEntry.objects.get(actor=operator)
    assert entry.subject == citizen and entry.ticket == Call.objects.get(call_id="pop-2").ticket
    assert set(entry.fields) == {"name", "phone:masked", "other_requests"}


def test_an_unknown_caller_pops_without_a_name(post_event, operator, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="answer", at=5, user=operator.email, **inbound("pop-3", number="+79160001122"))

    [pop] = pops(sent, operator)
    assert (pop["caller"], pop["known_citizen"], pop["open_total"]) == ("", False, 0)


def test_a_call_ringing_at_a_named_operator_pops_before_the_answer(
    post_event, citizen, operator, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="newCall", at=0, user=operator.email, **inbound("pop-4"))

    assert [pop["state"] for pop in pops(sent, operator)] == ["ringing"]


def test_nobody_else_gets_the_pop(post_event, citizen, operator, other_operator, sent,
                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(event="answer", at=5, user=operator.email, **inbound("pop-5"))

    assert pops(sent, other_operator) == []


@pytest.mark.django_db(transaction=True)  # the socket reads the database from another thread
async def test_the_operators_desk_socket_receives_the_screen_pop(citizen, operator):
    await database_sync_to_async(OperatorProfile.objects.filter(user=operator).update)(status="online")
    socket = desk_socket(user=operator, session=await averified_session(operator))
    connected, _ = await socket.connect()
    assert connected

    def answer():
        pbx, _token = pbx_token_issue(name="Asterisk")
        call_event_apply(pbx=pbx, data=CallEventData(event="answer", call_id="pop-ws", from_number="89123456789",
                                                      to_number="+74957777777", user=operator.email,
                                                      occurred_at=pbx.created_at))

    await database_sync_to_async(answer)()

    frame = await next_frame(socket, "call.screen_pop")
    assert frame["caller"] == "Иванова Анна Сергеевна" and frame["url"].startswith("/desk/calls/")
    await socket.disconnect()
