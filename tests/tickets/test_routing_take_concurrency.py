"""Manual takes racing each other and routing on real PostgreSQL (audit #3 A2): capacity holds, a request goes
to one person. Real threads, each with its own connection, against committed rows."""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import topic
from tests.factories import TicketFactory
from tests.tickets.test_routing_concurrency import run_in_threads
from tickets.errors import TicketAlreadyTaken
from tickets.models import Ticket
from tickets.routing import AssignmentRefused, route_ticket, routing_claim_next
from tickets.services import ticket_take

pytestmark = pytest.mark.django_db(transaction=True)


def operator_on_the_line(name: str, capacity: int):
    user = staff_create(email=f"{name}@support.example", password=None, role=Role.OPERATOR,
                        skills=[topic("registration")], max_concurrent_chats=capacity)
    OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.ONLINE)
    return user


def queued(n: int) -> list[Ticket]:
    return [TicketFactory(topic=topic("password-recovery"), tier=1) for _ in range(n)]


def test_parallel_takes_by_one_operator_never_exceed_their_capacity():
    operator = operator_on_the_line("taker", capacity=2)
    refused: list[int] = []

    def take(ticket):
        try:
            ticket_take(ticket=ticket, agent=operator)
        except AssignmentRefused:
            refused.append(ticket.pk)

    errors = run_in_threads(take, queued(24))

    assert errors == []
    assert Ticket.objects.filter(assignee=operator).count() == 2
    assert len(refused) == 22


def test_takes_claims_and_routing_racing_for_one_operator_stay_within_capacity():
    operator = operator_on_the_line("taker", capacity=3)
    tickets = queued(40)
    work = [("take", ticket) for ticket in tickets[:20]] + [("claim", None)] * 10
    work += [("route", ticket) for ticket in tickets[20:]]
    work.sort(key=lambda item: hash(str(item[1])))

    def step(item):
        kind, ticket = item
        if kind == "take":
            with contextlib.suppress(AssignmentRefused, TicketAlreadyTaken):
                ticket_take(ticket=ticket, agent=operator)
        elif kind == "claim":
            routing_claim_next(agent=operator)
        else:
            route_ticket(ticket_id=ticket.pk, reason="intake")

    errors = run_in_threads(step, work)

    assert errors == []
    assert Ticket.objects.filter(assignee=operator).count() == 3


def test_two_operators_taking_one_request_at_once_one_gets_it():
    first, second = operator_on_the_line("first", capacity=3), operator_on_the_line("second", capacity=3)
    [ticket] = queued(1)
    outcomes: Counter = Counter()

    def take(agent):
        try:
            ticket_take(ticket=ticket, agent=agent)
            outcomes["taken"] += 1
        except TicketAlreadyTaken:
            outcomes["refused"] += 1

    errors = run_in_threads(take, [first, second] * 4)

    assert errors == []
    assert Ticket.objects.get(pk=ticket.pk).assignee in (first, second)
    # the holder's own repeated clicks are harmless; the other is told a colleague took it
    assert outcomes["refused"] == 4 and outcomes["taken"] == 4
