"""The queue place and wait estimate a citizen sees after the handover (chat.selectors.queue_place)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OperatorProfile
from chat.selectors import mean_first_contact_seconds, queue_place
from tests.conftest import topic
from tickets.models import Channel, Ticket
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def queued_chat(citizen, code="registration", **extra):
    return ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body="Вопрос", topic=topic(code), **extra)


def test_the_place_counts_only_chats_ahead_for_the_same_operators(citizen):
    ahead = [queued_chat(citizen), queued_chat(citizen)]
    queued_chat(citizen, code="technical")  # another section, other operators
    mine = queued_chat(citizen)
    queued_chat(citizen)  # behind

    place = queue_place(mine)

    assert len(ahead) + 1 == place.position == 3


def test_urgent_chats_go_ahead(citizen):
    mine = queued_chat(citizen)
    urgent = queued_chat(citizen)
    Ticket.objects.filter(pk=urgent.pk).update(priority=Ticket.Priority.URGENT)

    assert queue_place(mine).position == 2


def test_the_wait_uses_the_recent_mean_first_contact_shared_among_operators(citizen, operator, other_operator):
    now = timezone.now()
    for seconds in (60, 180):  # chats answered lately after 1 and 3 minutes
        answered = queued_chat(citizen)
        Ticket.objects.filter(pk=answered.pk).update(
            created_at=now - timedelta(seconds=seconds + 30), first_response_at=now - timedelta(seconds=30),
            status=Ticket.Status.IN_PROGRESS, assignee=operator,
        )
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)
    queued_chat(citizen), queued_chat(citizen)
    mine = queued_chat(citizen)

    place = queue_place(mine)

    assert mean_first_contact_seconds() == 120
    assert (place.position, place.operators_on_line, place.from_recent_chats) == (3, 1, True)
    assert place.wait_seconds == 3 * 120


def test_without_recent_chats_the_sla_target_is_the_estimate(citizen):
    mine = queued_chat(citizen)

    place = queue_place(mine)

    assert not place.from_recent_chats
    assert place.wait_seconds == place.mean_first_contact_seconds > 0


def test_a_chat_with_an_operator_has_no_queue_place(citizen, operator):
    mine = queued_chat(citizen)
    Ticket.objects.filter(pk=mine.pk).update(assignee=operator, status=Ticket.Status.ASSIGNED)

    assert queue_place(Ticket.objects.get(pk=mine.pk)) is None
