"""«Взять следующее обращение»: the operator pulls the most urgent, oldest request of their own queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from tests.conftest import topic
from tests.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def set_status(user, status: str) -> None:
    OperatorProfile.objects.filter(user=user).update(status=status)


def test_takes_the_most_urgent_then_oldest_request_of_my_queue(staff_client, operator):
    set_status(operator, OperatorProfile.Status.ONLINE)
    older = TicketFactory(topic=topic("registration"))
    urgent = TicketFactory(topic=topic("services"), priority=Ticket.Priority.URGENT)
    TicketFactory(topic=topic("technical"), priority=Ticket.Priority.URGENT)  # not my skills

    client = staff_client(operator)
    assert "Взять следующее обращение" in client.get(reverse("desk:queue")).text
    first = client.post(reverse("desk:take_next"))
    second = client.post(reverse("desk:take_next"), follow=True)

    assert first.url == reverse("desk:ticket", args=[urgent.pk])
    urgent.refresh_from_db(), older.refresh_from_db()
    assert urgent.assignee == operator and urgent.status == Ticket.Status.ASSIGNED
    assert older.assignee == operator
    assert f"Обращение {older.number} взято в работу." in second.text


def test_an_empty_queue_says_so(staff_client, operator):
    set_status(operator, OperatorProfile.Status.ONLINE)

    page = staff_client(operator).post(reverse("desk:take_next"), follow=True).text

    assert "В вашей очереди нет свободных обращений." in page


def test_at_capacity_nothing_is_taken_and_the_limit_is_named(staff_client, operator, supervisor):
    set_status(operator, OperatorProfile.Status.ONLINE)
    OperatorProfile.objects.filter(user=operator).update(max_concurrent_chats=1)
    TicketFactory(topic=topic("registration"), assignee=operator, status=Ticket.Status.IN_PROGRESS)
    waiting = TicketFactory(topic=topic("registration"))

    page = staff_client(operator).post(reverse("desk:take_next"), follow=True).text

    assert "это ваш предел" in page
    waiting.refresh_from_db()
    assert waiting.assignee is None


def test_away_or_offline_operators_are_asked_to_go_on_the_line_first(staff_client, operator):
    set_status(operator, OperatorProfile.Status.AWAY)
    waiting = TicketFactory(topic=topic("registration"))

    page = staff_client(operator).post(reverse("desk:take_next"), follow=True).text

    assert "выберите статус «на линии»" in page
    waiting.refresh_from_db()
    assert waiting.assignee is None


def test_take_next_is_a_post_only_action(staff_client, operator):
    assert staff_client(operator).get(reverse("desk:take_next")).status_code == 405
