"""Requests never stay with someone who left (audit #3 A1 d, A3, A7, «busy»): the routing sweep re-routes what a
lost status event left behind, a citizen's answer does not wait for an away operator, deactivated staff get
nothing, and «занят» gives up only what was not started."""

from __future__ import annotations

import pytest

from accounts.models import OperatorProfile, User
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.routing import agents_available_for, route_ticket, routing_claim_next, routing_sweep
from tickets.services import message_post, ticket_intake

pytestmark = pytest.mark.django_db
S = Ticket.Status
ONLINE, AWAY, OFFLINE, BUSY = "online", "away", "offline", "busy"


def agent(name: str, *, status=ONLINE, capacity=3):
    user = staff_create(email=f"{name}@support.example", password=None, role=Role.OPERATOR,
                        last_name=name.capitalize(), skills=[topic("registration")], max_concurrent_chats=capacity)
    OperatorProfile.objects.filter(user=user).update(status=status)  # no routing hook: the test sets the scene
    return user


def lose_status_event(user, status) -> None:
    """The status changed but the routing task never ran (a worker crashed, the broker lost it)."""
    OperatorProfile.objects.filter(user=user).update(status=status)


@pytest.fixture
def arrive(citizen, django_capture_on_commit_callbacks):
    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Вопрос", body="Помогите",
                                   topic=topic("password-recovery"), **kwargs)
        ticket.refresh_from_db()
        return ticket

    return make


def routed_reasons(ticket) -> list[str]:
    return list(ticket.events.filter(kind=TicketEvent.Kind.ROUTED).values_list("data__reason", flat=True))


# --- The sweep: the safety net for a lost event ----------------------------------------------------------


def test_the_sweep_hands_on_the_requests_of_an_operator_whose_offline_event_was_lost(arrive):
    leaving = agent("leaving")
    waiting, started = arrive(), arrive()
    Ticket.objects.filter(pk=waiting.pk).update(status=S.WAITING)
    colleague = agent("colleague")
    lose_status_event(leaving, OFFLINE)

    assert routing_sweep() == 2

    assert set(Ticket.objects.filter(pk__in=[waiting.pk, started.pk]).values_list("assignee", flat=True)) == {
        colleague.pk}
    assert routed_reasons(Ticket.objects.get(pk=started.pk))[-1] == "operator_offline"


def test_the_sweep_follows_what_away_hands_over(arrive):
    leaving = agent("leaving")
    assigned, waiting = arrive(), arrive()
    Ticket.objects.filter(pk=waiting.pk).update(status=S.WAITING)
    colleague = agent("colleague")
    lose_status_event(leaving, AWAY)

    routing_sweep()

    assert Ticket.objects.get(pk=assigned.pk).assignee == colleague
    assert Ticket.objects.get(pk=waiting.pk).assignee == leaving  # away keeps what waits for the citizen


def test_the_sweep_returns_requests_to_the_queue_when_nobody_can_take_them(arrive):
    leaving = agent("leaving")
    ticket = arrive()
    lose_status_event(leaving, OFFLINE)

    assert routing_sweep() == 0

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (None, S.TRIAGED)
    assert ticket.events.filter(kind=TicketEvent.Kind.QUEUED, data__previous_id=leaving.pk).exists()


def test_the_sweep_leaves_requests_of_operators_on_the_line_alone(arrive):
    operator = agent("operator")
    ticket = arrive()
    agent("colleague")

    routing_sweep()

    assert Ticket.objects.get(pk=ticket.pk).assignee == operator
    assert routed_reasons(ticket) == ["intake"]


# --- Deactivated staff (A7) -------------------------------------------------------------------------------


def deactivate(user) -> None:
    User.objects.filter(pk=user.pk).update(is_active=False)  # e.g. from a script: no admin hook ran


def test_a_deactivated_operator_still_marked_online_gets_no_request(arrive):
    gone = agent("gone")
    deactivate(gone)

    ticket = arrive()

    assert ticket.assignee is None
    assert ticket.events.get(kind=TicketEvent.Kind.QUEUED).data["cause"] == "nobody_online"
    assert not agents_available_for(ticket).exists()
    assert routing_claim_next(agent=gone) is None


def test_the_sweep_takes_a_deactivated_operator_off_the_line_with_their_requests(
    arrive, django_capture_on_commit_callbacks
):
    gone = agent("gone")
    ticket = arrive()
    colleague = agent("colleague")
    deactivate(gone)

    with django_capture_on_commit_callbacks(execute=True):
        routing_sweep()

    assert OperatorProfile.objects.get(user=gone).status == OFFLINE
    assert Ticket.objects.get(pk=ticket.pk).assignee == colleague


# --- The citizen answers an operator who is away (A3) -----------------------------------------------------


def citizen_answers(ticket, citizen, capture):
    with capture(execute=True):
        message_post(ticket=ticket, author=citizen, body="Вот номер заявления", channel=Channel.CHAT,
                     author_kind=TicketMessage.AuthorKind.CITIZEN)
    ticket.refresh_from_db()


@pytest.mark.parametrize("start", [S.WAITING, S.RESOLVED])
def test_the_citizens_answer_to_an_away_operator_goes_to_a_colleague(
    arrive, citizen, django_capture_on_commit_callbacks, start
):
    away = agent("away")
    ticket = arrive()
    Ticket.objects.filter(pk=ticket.pk).update(status=start)
    with django_capture_on_commit_callbacks(execute=True):
        operator_set_status(profile=OperatorProfile.objects.get(user=away), status=AWAY)
    assert Ticket.objects.get(pk=ticket.pk).assignee == away  # away keeps what waits for the citizen
    colleague = agent("colleague")

    citizen_answers(ticket, citizen, django_capture_on_commit_callbacks)

    assert ticket.assignee == colleague
    assert routed_reasons(ticket)[-1] == "citizen_returned"
    assert not away.has_perm("tickets.change_ticket", ticket)


def test_the_citizens_answer_goes_back_to_the_queue_when_nobody_else_is_on_the_line(
    arrive, citizen, django_capture_on_commit_callbacks
):
    away = agent("away")
    ticket = arrive()
    Ticket.objects.filter(pk=ticket.pk).update(status=S.WAITING)
    OperatorProfile.objects.filter(user=away).update(status=AWAY)

    citizen_answers(ticket, citizen, django_capture_on_commit_callbacks)

    assert (ticket.assignee, ticket.status) == (None, S.TRIAGED)


@pytest.mark.parametrize("status", [ONLINE, BUSY])
def test_the_citizens_answer_stays_with_an_operator_at_the_desk(
    arrive, citizen, django_capture_on_commit_callbacks, status
):
    operator = agent("operator")
    ticket = arrive()
    Ticket.objects.filter(pk=ticket.pk).update(status=S.WAITING)
    OperatorProfile.objects.filter(user=operator).update(status=status)
    agent("colleague")

    citizen_answers(ticket, citizen, django_capture_on_commit_callbacks)

    assert (ticket.assignee, ticket.status) == (operator, S.IN_PROGRESS)


# --- «Занят»: on the line, nothing new, and nothing left unstarted -----------------------------------------


def test_going_busy_hands_on_what_was_not_started_and_keeps_the_conversations(
    arrive, citizen, django_capture_on_commit_callbacks
):
    operator = agent("operator")
    started, unstarted = arrive(), arrive()
    message_post(ticket=started, author=operator, body="Здравствуйте", channel=Channel.CHAT,
                 author_kind=TicketMessage.AuthorKind.AGENT)
    colleague = agent("colleague")

    with django_capture_on_commit_callbacks(execute=True):
        operator_set_status(profile=OperatorProfile.objects.get(user=operator), status=BUSY)

    assert Ticket.objects.get(pk=started.pk).assignee == operator
    unstarted.refresh_from_db()
    assert unstarted.assignee == colleague and routed_reasons(unstarted)[-1] == "operator_busy"


def test_route_ticket_away_from_someone_who_no_longer_holds_it_does_nothing(arrive):
    first = agent("first")
    ticket = arrive()
    second = agent("second")

    assert route_ticket(ticket_id=ticket.pk, reason="citizen_returned", away_from=second.pk) is None
    assert Ticket.objects.get(pk=ticket.pk).assignee == first
