"""A call whose request was closed before the hang-up: its log is never lost.

A resolved request takes the log as it is (an internal note does not reopen it). A closed or cancelled one is
never reopened (tickets.lifecycle), so the call continues in a new request that names it: held by the
operator who answered, or owed a callback when nobody did.
"""

from __future__ import annotations

import pytest

from telephony.models import Call, Callback
from tests.chat.conftest import on_the_line
from tests.conftest import topic
from tests.telephony.conftest import inbound
from tickets.models import Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db


def call_logs(ticket: Ticket) -> list[str]:
    return list(ticket.messages.filter(author_kind=TicketMessage.AuthorKind.SYSTEM, is_internal=True,
                                       client_message_id__startswith="call-").values_list("body", flat=True))


def test_a_request_cancelled_during_the_talk_gets_a_follow_up_with_the_call_log(post_event, citizen, operator):
    post_event(event="newCall", at=0, digits="12", **inbound("closed-talk"))
    post_event(event="answer", at=10, user=operator.email, **inbound("closed-talk"))
    first = Call.objects.get(call_id="closed-talk").ticket
    ticket_change_status(ticket=first, status=Ticket.Status.CANCELLED, actor=operator, reason="Дубликат")

    response = post_event(event="hangup", at=130, cause="normalClearing", **inbound("closed-talk"))

    assert response.status_code == 200
    call = Call.objects.select_related("ticket").get(call_id="closed-talk")
    follow_up = call.ticket
    assert follow_up.pk != first.pk and response.json()["ticket"] == follow_up.number
    assert follow_up.subject == f"Звонок на горячую линию (продолжение {first.number})"
    assert (follow_up.citizen, follow_up.topic, follow_up.channel) == (citizen, topic("password-recovery"), "phone")
    assert follow_up.assignee == operator and follow_up.is_open
    [log] = call_logs(follow_up)
    assert "Входящий звонок: принят." in log and "Длительность разговора: 2 мин 00 с." in log
    first.refresh_from_db()
    assert first.status == Ticket.Status.CANCELLED and call_logs(first) == []


def test_a_missed_call_whose_request_was_closed_is_owed_a_callback_in_the_follow_up(post_event, citizen, operator):
    post_event(event="newCall", at=0, **inbound("closed-missed"))
    first = Call.objects.get(call_id="closed-missed").ticket
    ticket_change_status(ticket=first, status=Ticket.Status.CANCELLED, actor=operator, reason="Ошибочный вызов")

    post_event(event="hangup", at=40, cause="noAnswer", **inbound("closed-missed"))

    follow_up = Call.objects.get(call_id="closed-missed").ticket
    assert follow_up.pk != first.pk and follow_up.is_open
    callback = Callback.objects.get()
    assert (callback.ticket, callback.status) == (follow_up, Callback.Status.PENDING)
    assert "Входящий звонок: пропущен." in call_logs(follow_up)[0]


def test_a_request_resolved_during_the_talk_takes_the_log_and_stays_resolved(post_event, citizen, operator):
    on_the_line(operator)
    post_event(event="newCall", at=0, digits="12", **inbound("resolved-talk"))
    post_event(event="answer", at=10, user=operator.email, **inbound("resolved-talk"))
    ticket = Call.objects.get(call_id="resolved-talk").ticket
    message_post(ticket=ticket, author=operator, body="Пароль восстановлен по СМС.", author_kind="agent",
                 channel="phone")
    ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)

    post_event(event="hangup", at=130, cause="normalClearing", **inbound("resolved-talk"))

    ticket.refresh_from_db()
    assert Ticket.objects.count() == 1 and ticket.status == Ticket.Status.RESOLVED
    assert "Входящий звонок: принят." in call_logs(ticket)[0]
