"""Callbacks owed within 30 minutes (SLA2): journaled when planned; flagged, journaled and alerted when late."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from telephony.callback_sla import callbacks_overdue_flag
from telephony.models import Call, Callback
from telephony.services import CALLBACK_WITHIN, CallEventData, call_event_apply, pbx_token_issue
from telephony.tasks import callbacks_overdue_task
from tests.chat.conftest import averified_session, desk_socket, next_frame
from tests.telephony.conftest import inbound
from tickets import broadcast
from tickets.broadcast import SUPERVISOR_GROUP
from tickets.models import TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    batches: list[list] = []
    monkeypatch.setattr(broadcast, "broadcast_many", batches.append)
    return batches


def alerts(sent) -> list[dict]:
    return [event for batch in sent for group, event in batch
            if group == SUPERVISOR_GROUP and event["type"] == "sla.alert"]


@pytest.fixture
def missed_call(post_event, citizen):
    post_event(event="newCall", at=0, digits="12", **inbound("owed"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("owed"))
    return Call.objects.select_related("ticket").get(call_id="owed")


def later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_callback_planned_after_a_missed_call_is_in_the_requests_history(missed_call):
    callback = Callback.objects.get()

    note = missed_call.ticket.messages.get(client_message_id=f"callback-{callback.pk}")
    assert note.is_internal and note.author_kind == TicketMessage.AuthorKind.SYSTEM
    assert note.body.startswith("Запланирован обратный звонок до ")
    assert "(попытка 1): пропущенный звонок." in note.body
    journal = TicketEvent.objects.get(ticket=missed_call.ticket, kind=TicketEvent.Kind.MESSAGE,
                                      data__message_id=note.pk)
    assert journal.data["internal"] is True


def test_an_overdue_callback_is_flagged_once_journaled_and_alerted_to_supervisors(
    missed_call, sent, django_capture_on_commit_callbacks
):
    callback = Callback.objects.get()
    assert callbacks_overdue_flag(now=later(29)) == []  # not due yet

    with django_capture_on_commit_callbacks(execute=True):
        flagged = callbacks_overdue_flag(now=later(35))
    with django_capture_on_commit_callbacks(execute=True):
        again = callbacks_overdue_flag(now=later(36))

    assert [item.pk for item in flagged] == [callback.pk] and again == []
    callback.refresh_from_db()
    assert callback.overdue_at is not None and callback.status == Callback.Status.PENDING
    note = missed_call.ticket.messages.get(client_message_id=f"callback-{callback.pk}-overdue")
    assert note.body.startswith("Обратный звонок просрочен") and note.is_internal
    [alert] = alerts(sent)
    number = missed_call.ticket.number
    assert alert["counts"]["breached"] == alert["counts"]["callbacks_overdue"] == 1
    late = {"ticket_id": missed_call.ticket_id, "number": f"{number} (обратный звонок просрочен)"}
    assert alert["breached"] == [late]
    assert alert["callbacks_overdue"][0]["callback_id"] == callback.pk
    assert alert["at_risk"] == alert["hard_cap"] == alert["escalated"] == alert["not_escalated"] == []


def test_a_done_callback_is_never_late(missed_call, staff_client, operator, sent):
    callback = Callback.objects.get()
    staff_client(operator).post(f"/desk/calls/callbacks/{callback.pk}/done/",
                                {f"callback-{callback.pk}-result": "resolved"})

    assert callbacks_overdue_flag(now=later(45)) == []
    assert alerts(sent) == []


def test_the_beat_task_flags_what_is_due(missed_call):
    Callback.objects.update(due_at=timezone.now() - timedelta(seconds=1))

    assert callbacks_overdue_task() == 1
    assert callbacks_overdue_task() == 0


def test_the_callback_list_and_the_call_log_mark_an_overdue_callback(missed_call, staff_client, operator,
                                                                     supervisor):
    fresh = staff_client(operator).get("/desk/calls/callbacks/").content.decode()
    assert "просрочено" not in fresh
    Callback.objects.update(due_at=timezone.now() - CALLBACK_WITHIN)
    callbacks_overdue_flag()

    callbacks_page = staff_client(operator).get("/desk/calls/callbacks/").content.decode()
    log_page = staff_client(supervisor).get("/desk/calls/").content.decode()

    assert '<span class="badge overdue">просрочено</span>' in callbacks_page
    assert '<span class="badge overdue">обратный звонок просрочен</span>' in log_page


@pytest.mark.django_db(transaction=True)  # the socket reads the database from another thread
async def test_a_supervisors_desk_hears_of_the_overdue_callback_live(citizen, supervisor):
    socket = desk_socket(user=supervisor, session=await averified_session(supervisor))
    connected, _ = await socket.connect()
    assert connected

    def miss_and_wait():
        pbx, _token = pbx_token_issue(name="Asterisk")
        start = timezone.now() - timedelta(minutes=40)
        for event, at, extra in (("newCall", 0, {}), ("hangup", 30, {"cause": "noAnswer"})):
            call_event_apply(pbx=pbx, data=CallEventData(event=event, call_id="late-ws", from_number="89123456789",
                                                          to_number="+74957777777",
                                                          occurred_at=start + timedelta(seconds=at), **extra))
        Callback.objects.update(due_at=timezone.now() - timedelta(minutes=5))
        callbacks_overdue_flag()
        return Call.objects.get(call_id="late-ws").ticket.number

    number = await database_sync_to_async(miss_and_wait)()

    frame = await next_frame(socket, "sla.alert")
    assert frame["breached"][0]["number"].startswith(number)
    assert frame["callbacks_overdue"][0]["number"] == number
    await socket.disconnect()
