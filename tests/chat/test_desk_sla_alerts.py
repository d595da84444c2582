"""Supervisors on the desk socket hear the SLA sweep's alerts live; operators do not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.chat.conftest import TIMEOUT, averified_session, desk_socket
from tests.conftest import topic
from tickets.models import Channel, Ticket
from tickets.services import ticket_intake
from tickets.sla import sla_sweep

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer reads the database from worker threads


def late_request() -> Ticket:
    ticket = ticket_intake(channel=Channel.WEB, subject="Срок", body="Помогите", topic=topic("registration"))
    past = timezone.now() - timedelta(minutes=1)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=past, first_response_due_at=past + timedelta(seconds=30))
    return ticket


async def next_frame_of_type(socket, kind: str) -> dict:
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == kind:
            return frame


async def test_supervisor_hears_a_breach_the_sweep_found(supervisor):
    socket = desk_socket(user=supervisor, session=await averified_session(supervisor))
    assert (await socket.connect(timeout=TIMEOUT))[0]
    ticket = await database_sync_to_async(late_request)()

    await database_sync_to_async(sla_sweep)()

    alert = await next_frame_of_type(socket, "sla.alert")
    assert alert["breached"] == [{"ticket_id": ticket.pk, "number": ticket.number}]
    assert alert["not_escalated"] == [{"ticket_id": ticket.pk, "number": ticket.number}]  # no senior online
    assert alert["counts"]["breached"] == 1
    await socket.disconnect()


async def test_operator_gets_the_queue_refresh_but_not_the_supervisors_alert(operator):
    socket = desk_socket(user=operator, session=await averified_session(operator))
    assert (await socket.connect(timeout=TIMEOUT))[0]
    await database_sync_to_async(late_request)()
    first = await socket.receive_json_from(timeout=TIMEOUT)  # the new request entering the queue

    await database_sync_to_async(sla_sweep)()

    refresh = await socket.receive_json_from(timeout=TIMEOUT)
    assert (first["type"], refresh["type"]) == ("queue.changed", "queue.changed")
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()
