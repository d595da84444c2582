"""The operators' chat desk: all active chats at once, taking within capacity, transfers with the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from privacy.models import AccessLogEntry
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import ticket_intake, ticket_take

pytestmark = pytest.mark.django_db

INDEX = "/desk/chats/"


def chat(citizen, body="Не приходит код подтверждения"):
    return ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body=body, topic=topic("registration"))


def online(user, capacity=3):
    OperatorProfile.objects.filter(user=user).update(
        status=OperatorProfile.Status.ONLINE, max_concurrent_chats=capacity
    )


def test_the_desk_shows_every_chat_the_operator_holds_and_journals_each(staff_client, operator, citizen):
    online(operator)
    first, second = chat(citizen, "Первый вопрос"), chat(citizen, "Второй вопрос")
    ticket_take(ticket=first, agent=operator)
    ticket_take(ticket=second, agent=operator)

    page = staff_client(operator).get(INDEX)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-ws-path="/ws/tickets/{first.pk}/"' in html and f'data-ws-path="/ws/tickets/{second.pk}/"' in html
    assert "Открытых обращений: 2 из 3." in html
    assert AccessLogEntry.objects.filter(actor=operator, fields=["conversation"]).count() == 2


def test_taking_a_queued_chat_stops_at_capacity(staff_client, operator, citizen):
    online(operator, capacity=1)
    held, queued = chat(citizen), chat(citizen)
    ticket_take(ticket=held, agent=operator)
    client = staff_client(operator)

    response = client.post(reverse("desk_chats:take", args=[queued.pk]), follow=True)

    assert "это ваш предел" in response.content.decode()  # ticket_take's refusal, in Russian
    assert Ticket.objects.get(pk=queued.pk).assignee is None


def test_taking_while_offline_is_refused_with_the_reason(staff_client, operator, citizen):
    queued = chat(citizen)

    response = staff_client(operator).post(reverse("desk_chats:take", args=[queued.pk]), follow=True)

    assert "выберите статус «на линии»" in response.content.decode()
    assert Ticket.objects.get(pk=queued.pk).assignee is None


def test_transfer_to_a_colleague_keeps_the_history_and_tells_the_citizen(staff_client, operator, citizen):
    from accounts.roles import Role
    from accounts.services import staff_create
    from tests.conftest import TOTP_KEY

    colleague = staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                             first_name="Вера", last_name="Ким", skills=[topic("registration")], totp_key=TOTP_KEY)
    online(colleague)
    online(operator)
    ticket = chat(citizen)
    ticket_take(ticket=ticket, agent=operator)

    response = staff_client(operator).post(
        reverse("desk_chats:transfer", args=[ticket.pk]), {"to": f"agent:{colleague.pk}", "reason": "Конец смены"}
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    system = ticket.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM)
    assert "Чат передан другому специалисту" in system.body and not system.is_internal
    assert ticket.messages.get(is_internal=True).body == "Причина передачи: Конец смены"
    assert ticket.messages.filter(body="Не приходит код подтверждения").exists()  # the whole history stays


def test_transfer_to_an_offline_colleague_is_refused_in_russian(staff_client, operator, other_operator, citizen):
    online(operator)
    ticket = chat(citizen)
    ticket_take(ticket=ticket, agent=operator)

    response = staff_client(operator).post(
        reverse("desk_chats:transfer", args=[ticket.pk]), {"to": f"agent:{other_operator.pk}"}, follow=True
    )

    assert "не на линии" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).assignee == operator


def test_transfer_to_a_higher_tier_goes_through_ticket_transfer(staff_client, operator, citizen):
    online(operator)
    ticket = chat(citizen)
    ticket_take(ticket=ticket, agent=operator)

    staff_client(operator).post(reverse("desk_chats:transfer", args=[ticket.pk]),
                                {"to": "tier:2", "reason": "Нужен профильный отдел"})

    ticket.refresh_from_db()
    assert ticket.tier == 2
    assert ticket.assignee != operator
    assert "уровня L2" in ticket.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM).body


def test_a_tier_transfer_without_a_reason_is_refused(staff_client, operator, citizen):
    online(operator)
    ticket = chat(citizen)
    ticket_take(ticket=ticket, agent=operator)

    response = staff_client(operator).post(reverse("desk_chats:transfer", args=[ticket.pk]), {"to": "tier:2"},
                                           follow=True)

    assert "Укажите причину передачи" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).tier == 1
