"""Concurrent routing on real PostgreSQL: parallel workers never give one request twice nor overfill anyone.

Real threads, each with its own database connection, against committed rows (transactional test).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction

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


# --- The claim is one statement in autocommit: what it must see when it waited for the operator's row ------


def claim_behind(hold, user) -> tuple[Ticket | None, int]:
    """Run `hold` in a transaction of its own thread and keep it open until a claim for `user`, from a third
    connection, is waiting for the operator's row; then commit it. Returns the claim's result and how many
    times the claim statement ran."""
    import tickets.routing as routing

    held, release = threading.Event(), threading.Event()
    outcome: dict = {"runs": 0}
    statement = routing._claim_statement

    def counted(**kwargs):
        outcome["runs"] += 1
        return statement(**kwargs)

    def holder():
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(30)
        finally:
            connection.close()

    def claimer():
        try:
            connection.ensure_connection()
            outcome["pid"] = connection.connection.info.backend_pid
            outcome["ticket"] = routing_claim_next(agent=user)
        except BaseException as error:
            outcome["error"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=claimer)]
    routing._claim_statement = counted
    try:
        threads[0].start()
        assert held.wait(30)
        threads[1].start()
        deadline = time.monotonic() + 30
        waiting = False
        while not waiting and time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [outcome.get("pid")])
                waiting = cursor.fetchone() == ("Lock",)
            time.sleep(0.01)
        release.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        routing._claim_statement = statement
        release.set()
    assert waiting, "the claim never waited for the operator's row"
    assert "error" not in outcome, outcome.get("error")
    return outcome.get("ticket"), outcome["runs"]


def test_a_claim_that_waited_for_the_operator_counts_the_place_given_meanwhile():
    """The claim's statement began before a routing decision gave the operator their last place: counted
    as of its start the operator would have a free place, and would go over capacity."""
    [user] = operators(1)
    ids = requests(CAPACITY + 1)
    for ticket_id in ids[: CAPACITY - 1]:
        route_ticket(ticket_id=ticket_id, reason="intake")

    claimed, runs = claim_behind(lambda: route_ticket(ticket_id=ids[CAPACITY - 1], reason="intake"), user)

    assert claimed is None
    assert runs == 2  # the statement saw the operator's row change under it and ran again behind the lock
    assert Ticket.objects.filter(assignee=user).count() == CAPACITY
    assert_nobody_over_capacity_and_nothing_given_twice()


def test_a_claim_that_waited_for_the_operator_still_takes_a_free_place():
    """A place given meanwhile is counted, and the claim still takes the next one when there is room."""
    [user] = operators(1)
    ids = requests(3)

    claimed, runs = claim_behind(lambda: route_ticket(ticket_id=ids[0], reason="intake"), user)

    assert claimed is not None and claimed.pk == ids[1]  # the oldest of those left
    assert runs == 2
    routed = TicketEvent.objects.get(ticket_id=claimed.pk, kind=TicketEvent.Kind.ROUTED)
    assert routed.data["load"] == 1 and routed.data["reason"] == "claim"
    assert_nobody_over_capacity_and_nothing_given_twice()


def test_a_claim_for_an_operator_who_went_offline_while_it_waited_takes_nothing():
    [user] = operators(1)
    requests(2)

    def go_offline():
        OperatorProfile.objects.select_for_update().get(user=user)
        OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.OFFLINE)

    claimed, _runs = claim_behind(go_offline, user)

    assert claimed is None
    assert not Ticket.objects.exclude(assignee=None).exists()
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.ROUTED).exists()


def test_a_claim_in_autocommit_is_committed_before_its_live_updates_leave(monkeypatch):
    """One statement, no transaction around it: the frames go out in one batch, once it is committed."""
    [user] = operators(1)
    [ticket_id] = requests(1)
    batches: list = []

    def send(messages):
        other = connection.get_new_connection(connection.get_connection_params())  # sees only what is committed
        try:
            committed = other.execute("SELECT assignee_id FROM tickets_ticket WHERE id = %s", [ticket_id]).fetchone()
        finally:
            other.close()
        batches.append((committed, list(messages)))

    monkeypatch.setattr("tickets.broadcast.broadcast_many", send)

    claimed = routing_claim_next(agent=user)

    assert claimed.pk == ticket_id and claimed.assignee_id == user.pk and claimed.status == Ticket.Status.ASSIGNED
    [(committed, messages)] = batches
    assert committed == (user.pk,)
    journal = set(TicketEvent.objects.filter(ticket_id=ticket_id).values_list("pk", flat=True))
    assert {event["event_id"] for group, event in messages if event["type"] == "ticket.event"} == journal
    assert (f"agent.{user.pk}", {"type": "ticket.assigned", "ticket_id": ticket_id, "number": claimed.number,
                                 "priority": claimed.priority}) in messages
