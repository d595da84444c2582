"""The lifecycle as one state machine: every allowed move journaled with actor and reason, the rest refused."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from tickets.errors import IllegalTransition
from tickets.lifecycle import ALLOWED_TRANSITIONS, transition_check, transition_targets
from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import ticket_assign, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db
S = Ticket.Status
PAIRS = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]


def request_in(citizen, status: str) -> Ticket:
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Статус", body="Где моё заявление?")
    Ticket.objects.filter(pk=ticket.pk).update(status=status)  # the scene, not the behaviour under test
    return Ticket.objects.get(pk=ticket.pk)


def test_the_table_is_the_documented_lifecycle():
    assert ALLOWED_TRANSITIONS[S.NEW] >= {S.TRIAGED, S.ASSIGNED, S.CANCELLED}
    assert ALLOWED_TRANSITIONS[S.TRIAGED] >= {S.ASSIGNED}
    assert ALLOWED_TRANSITIONS[S.ASSIGNED] >= {S.IN_PROGRESS}
    assert {S.WAITING, S.RESOLVED} <= ALLOWED_TRANSITIONS[S.IN_PROGRESS]
    assert S.IN_PROGRESS in ALLOWED_TRANSITIONS[S.WAITING]  # in progress ⇄ waiting
    assert ALLOWED_TRANSITIONS[S.RESOLVED] >= {S.CLOSED, S.IN_PROGRESS}  # closed, or reopened
    assert ALLOWED_TRANSITIONS[S.CLOSED] == ALLOWED_TRANSITIONS[S.CANCELLED] == frozenset()
    assert all(S.CANCELLED in ALLOWED_TRANSITIONS[status] for status in Ticket.OPEN_STATUSES)


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_move_is_either_journaled_or_refused(citizen, supervisor, current, target):
    ticket = request_in(citizen, current)
    allowed = target in ALLOWED_TRANSITIONS[current]

    if allowed:
        ticket_change_status(ticket=ticket, status=target, actor=supervisor, reason="проверка")
        event = ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).last()
        assert (event.actor, event.data["old"], event.data["new"], event.data["reason"]) == (
            supervisor, current, target, "проверка"
        )
    else:
        with pytest.raises(IllegalTransition):
            ticket_change_status(ticket=ticket, status=target, actor=supervisor, reason="проверка")
        assert not ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).exists()

    assert Ticket.objects.get(pk=ticket.pk).status == (target if allowed else current)


def test_refusal_names_both_statuses_in_russian(citizen):
    ticket = request_in(citizen, S.CLOSED)

    with pytest.raises(IllegalTransition, match="из статуса «закрыто» в «в работе»"):
        transition_check(ticket, S.IN_PROGRESS)


def test_reopening_a_resolved_request_is_marked_and_clears_the_resolution(citizen, operator):
    ticket = request_in(citizen, S.IN_PROGRESS)
    ticket = ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=operator)

    ticket = ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=operator, reason="Гражданин вернулся")

    assert ticket.resolved_at is None
    assert ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).last().data["reopened"] is True


def test_assignment_moves_the_status_and_journals_it_with_the_actor(citizen, operator, supervisor):
    ticket = request_in(citizen, S.TRIAGED)

    ticket = ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)

    assert ticket.status == S.ASSIGNED
    event = ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).last()
    assert (event.actor, event.data["old"], event.data["new"]) == (supervisor, S.TRIAGED, S.ASSIGNED)


def test_unassigning_returns_the_request_to_the_queue(citizen, operator, supervisor):
    ticket = ticket_assign(ticket=request_in(citizen, S.NEW), assignee=operator, actor=supervisor)

    ticket = ticket_assign(ticket=ticket, assignee=None, actor=supervisor)

    assert ticket.status == S.TRIAGED and ticket.assignee is None


def test_desk_offers_only_the_moves_the_lifecycle_allows(citizen, supervisor, staff_client):
    ticket = request_in(citizen, S.WAITING)

    response = staff_client(supervisor).get(reverse("desk:ticket", args=[ticket.pk]))

    offered = {value for value, _label in response.context["status_choices"]}
    assert offered == set(ALLOWED_TRANSITIONS[S.WAITING])
    assert [value for value, _label in transition_targets(ticket)] == [
        value for value in S.values if value in ALLOWED_TRANSITIONS[S.WAITING]
    ]


def test_an_illegal_move_posted_from_the_desk_gets_a_readable_error(citizen, supervisor, staff_client):
    ticket = request_in(citizen, S.CANCELLED)

    response = staff_client(supervisor).post(
        reverse("desk:ticket_status", args=[ticket.pk]), {"status": "in_progress", "reason": ""}, follow=True
    )

    assert response.status_code == 200
    assert "Нельзя перевести обращение из статуса «отменено» в «в работе»." in response.text
    assert Ticket.objects.get(pk=ticket.pk).status == S.CANCELLED
