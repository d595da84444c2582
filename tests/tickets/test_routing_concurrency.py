"""Concurrent routing on real PostgreSQL: parallel workers never give one request twice nor overfill anyone.

Real threads, each with its own database connection, against committed rows (transactional test).
"""

from __future__ import annotations

import queue
import threading
from collections import Counter

import pytest
from django.db import connection

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import topic
from tests.factories import TicketFactory
from tickets.models import Ticket, TicketEvent, TicketUserObjectPermission
from tickets.routing import route_ticket, routing_claim_next, routing_offer_queued

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8
OPERATORS = 10
CAPACITY = 3
REQUESTS = 200


def operators(n: int = OPERATORS) -> list:
    users = [
        staff_create(
            email=f"line{i}@support.example",
            password=None,
            role=Role.OPERATOR,
            skills=[topic("registration")],
            max_concurrent_chats=CAPACITY,
        )
        for i in range(n)
    ]
    OperatorProfile.objects.update(status=OperatorProfile.Status.ONLINE)
    return users


def requests(n: int = REQUESTS) -> list[int]:
    recovery = topic("password-recovery")
    return [TicketFactory(topic=recovery, tier=1).pk for _ in range(n)]


def run_in_threads(work, items) -> list[BaseException]:
    """Each worker takes items from a shared queue until it is empty; returns the errors raised."""
    pending = queue.Queue()
    for item in items:
        pending.put(item)
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def worker():
        try:
            start.wait()  # all workers hit the database at the same moment
            while True:
                try:
                    item = pending.get_nowait()
                except queue.Empty:
                    return
                work(item)
        except BaseException as error:  # reported to the test below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def assert_nobody_over_capacity_and_nothing_given_twice() -> Counter:
    routed = Counter(
        TicketEvent.objects.filter(kind=TicketEvent.Kind.ROUTED).values_list("ticket_id", flat=True)
    )
    assert all(count == 1 for count in routed.values()), "a request was given twice"
    load = Counter(Ticket.objects.exclude(assignee=None).values_list("assignee_id", flat=True))
    assert max(load.values()) <= CAPACITY
    # the journal, the assignee column and the object permissions tell the same story
    assert set(routed) == set(Ticket.objects.exclude(assignee=None).values_list("pk", flat=True))
    for ticket in Ticket.objects.exclude(assignee=None):
        assert TicketUserObjectPermission.objects.filter(
            content_object=ticket, user_id=ticket.assignee_id, permission__codename="change_ticket"
        ).exists()
    return load


def test_parallel_route_decisions_fill_every_place_once_and_queue_the_rest():
    operators()
    ids = requests()

    errors = run_in_threads(lambda ticket_id: route_ticket(ticket_id=ticket_id, reason="intake"), ids)

    assert errors == []
    load = assert_nobody_over_capacity_and_nothing_given_twice()
    assert sum(load.values()) == OPERATORS * CAPACITY  # nobody left with a free place while requests queued
    unassigned = Ticket.objects.filter(assignee=None)
    assert unassigned.count() == REQUESTS - OPERATORS * CAPACITY
    queued = set(TicketEvent.objects.filter(kind=TicketEvent.Kind.QUEUED).values_list("ticket_id", flat=True))
    assert queued == set(unassigned.values_list("pk", flat=True))
    assert set(unassigned.values_list("status", flat=True)) == {Ticket.Status.NEW}


def test_parallel_claims_from_the_queue_never_take_one_request_twice():
    users = operators()
    requests()

    # every operator claims from the same queue in several threads at once
    errors = run_in_threads(
        lambda user: routing_offer_queued(agent=user, reason="operator_online"), users + users
    )

    assert errors == []
    load = assert_nobody_over_capacity_and_nothing_given_twice()
    assert load == {user.pk: CAPACITY for user in users}


def test_claims_and_route_decisions_racing_each_other_stay_consistent():
    users = operators()
    ids = requests(120)

    work = [("route", ticket_id) for ticket_id in ids] + [("claim", user) for user in users * 3]
    work.sort(key=lambda item: hash(str(item[1])))  # interleave the two kinds

    def step(item):
        kind, value = item
        if kind == "route":
            route_ticket(ticket_id=value, reason="intake")
        else:
            routing_claim_next(agent=value)

    errors = run_in_threads(step, work)

    assert errors == []
    load = assert_nobody_over_capacity_and_nothing_given_twice()
    assert sum(load.values()) == OPERATORS * CAPACITY
