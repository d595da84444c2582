"""Skills-based routing (AU1, AI2, SLA5, OP1): who gets a request, and what happens when people come and go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from tests.conftest import topic
from tickets.broadcast import agent_group
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.routing import agents_available_for, route_ticket, routing_sweep
from tickets.services import message_post, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db
S = Ticket.Status
ONLINE, AWAY, OFFLINE, BUSY = "online", "away", "offline", "busy"


def agent(name: str, *, skills=("registration",), role=Role.OPERATOR, languages=("ru",), capacity=3,
          status=ONLINE, department=""):
    user = staff_create(
        email=f"{name}@support.example",
        password=None,
        role=role,
        last_name=name.capitalize(),
        skills=[topic(code) for code in skills],
        languages=languages,
        max_concurrent_chats=capacity,
        department=department,
    )
    OperatorProfile.objects.filter(user=user).update(status=status)  # no routing hook: the test sets the scene
    return user


@pytest.fixture
def arrive(citizen, django_capture_on_commit_callbacks):
    """A request registered through intake, with everything queued on commit run (routing included)."""

    def make(code: str | None = "password-recovery", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = ticket_intake(
                channel=kwargs.pop("channel", Channel.CHAT),
                citizen=citizen,
                subject="Вопрос",
                body="Помогите, пожалуйста",
                topic=topic(code) if code else None,
                **kwargs,
            )
        ticket.refresh_from_db()
        return ticket

    return make


@pytest.fixture
def set_status(django_capture_on_commit_callbacks):
    def change(user, status):
        with django_capture_on_commit_callbacks(execute=True):
            operator_set_status(profile=OperatorProfile.objects.get(user=user), status=status)

    return change


def routed(ticket) -> list[TicketEvent]:
    return list(ticket.events.filter(kind=TicketEvent.Kind.ROUTED))


def queued_causes(ticket) -> list[str]:
    return [event.data["cause"] for event in ticket.events.filter(kind=TicketEvent.Kind.QUEUED)]


def test_request_goes_to_an_online_operator_whose_skill_covers_its_topic(arrive):
    skilled = agent("skilled", skills=["registration"])  # a section skill covers its sub-topics
    agent("technician", skills=["technical"])

    ticket = arrive("password-recovery")

    assert ticket.assignee == skilled
    assert ticket.status == S.ASSIGNED and ticket.routed_at is not None
    [event] = routed(ticket)
    assert event.data["reason"] == "intake" and event.data["assignee_id"] == skilled.pk
    status_event = ticket.events.get(kind=TicketEvent.Kind.STATUS_CHANGED)
    assert status_event.data["old"] == S.NEW and status_event.data["new"] == S.ASSIGNED
    assert skilled.has_perm("tickets.change_ticket", ticket)
    assert OperatorProfile.objects.get(user=skilled).last_assigned_at is not None


def test_level_must_cover_the_tier(arrive):
    agent("first_line", skills=["services"])  # covers e-signature by skill, but it is an L2 topic
    specialist = agent("signature", skills=["e-signature"], role=Role.SPECIALIST, department="Отдел ЭП")

    ticket = arrive("e-signature")

    assert ticket.tier == 2
    assert ticket.assignee == specialist
    assert routed(ticket)[0].data["department"] == "Отдел ЭП"


def test_operator_must_speak_the_language_of_the_request(arrive):
    agent("russian_only", languages=["ru"])

    english = arrive(language="en")
    assert english.assignee is None and queued_causes(english) == ["no_language"]

    bilingual = agent("bilingual", languages=["ru", "en"])
    assert arrive(language="en").assignee == bilingual


@pytest.mark.parametrize("status", [AWAY, OFFLINE, BUSY])
def test_operators_not_on_the_line_get_nothing(arrive, status):
    agent("absent", status=status)

    ticket = arrive()

    assert ticket.assignee is None and ticket.status == S.NEW
    assert queued_causes(ticket) == ["nobody_online"]


def test_least_loaded_operator_first(arrive):
    busy = agent("busy")
    free = agent("free")
    Ticket.objects.filter(pk=arrive().pk).update(assignee=busy, status=S.IN_PROGRESS)

    assert arrive().assignee == free


def test_equal_load_goes_to_whoever_waited_longest_never_assigned_first(arrive):
    recent, earlier, never = agent("recent"), agent("earlier"), agent("never")
    now = timezone.now()
    OperatorProfile.objects.filter(user=recent).update(last_assigned_at=now - timedelta(minutes=1))
    OperatorProfile.objects.filter(user=earlier).update(last_assigned_at=now - timedelta(minutes=10))

    assert [arrive().assignee for _ in range(3)] == [never, earlier, recent]


def test_capacity_is_never_exceeded_and_a_full_desk_queues_with_the_cause(arrive):
    only = agent("only", capacity=2)

    first, second, third = arrive(), arrive(), arrive()

    assert (first.assignee, second.assignee, third.assignee) == (only, only, None)
    assert queued_causes(third) == ["at_capacity"]
    assert list(agents_available_for(third)) == []


def test_waiting_for_the_citizen_still_counts_against_capacity(arrive):
    only = agent("only", capacity=1)
    Ticket.objects.filter(pk=arrive().pk).update(status=S.WAITING)

    assert arrive().assignee is None
    assert Ticket.objects.filter(assignee=only).count() == 1


def test_request_without_topic_goes_to_first_line_triage(arrive):
    agent("specialist", skills=["e-signature"], role=Role.SPECIALIST)
    assert arrive(None).assignee is None  # a specialist does not triage

    first_line = agent("first_line", skills=["technical"])
    assert arrive(None).assignee == first_line  # any L1, whatever their skills


def test_technical_tier_goes_to_the_technical_group_whatever_the_topic(arrive):
    technician = agent("technician", skills=[], role=Role.TECHNICIAN)
    ticket = arrive("password-recovery")  # nobody of L1 online: queued
    Ticket.objects.filter(pk=ticket.pk).update(tier=3)

    outcome = route_ticket(ticket_id=ticket.pk, reason="transfer")

    assert outcome.assignee_id == technician.pk


def test_assignment_is_told_to_the_operator_live(arrive):
    operator = agent("operator")
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(agent_group(operator.pk), channel)

    ticket = arrive()

    frame = async_to_sync(layer.receive)(channel)
    assert frame == {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number,
                     "priority": ticket.priority}


def test_operator_coming_online_gets_queued_requests_most_urgent_first(arrive, set_status):
    operator = agent("operator", capacity=2, status=OFFLINE)
    normal, urgent, high = arrive(), arrive(), arrive()
    Ticket.objects.filter(pk=urgent.pk).update(priority=Ticket.Priority.URGENT)
    Ticket.objects.filter(pk=high.pk).update(priority=Ticket.Priority.HIGH)

    set_status(operator, ONLINE)

    assert set(Ticket.objects.filter(assignee=operator).values_list("pk", flat=True)) == {urgent.pk, high.pk}
    normal.refresh_from_db()
    assert normal.assignee is None
    assert [e.data["reason"] for e in routed(Ticket.objects.get(pk=urgent.pk))] == ["operator_online"]


def test_going_away_hands_requests_the_citizen_waits_on_to_a_colleague(arrive, set_status):
    leaving = agent("leaving")
    answered = arrive()
    waiting = arrive()
    Ticket.objects.filter(pk=waiting.pk).update(status=S.WAITING)
    colleague = agent("colleague")

    set_status(leaving, AWAY)

    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert answered.assignee == colleague and answered.reassignment_count == 1
    [event] = routed(answered)[1:]
    assert event.data["reason"] == "operator_away" and event.data["previous_id"] == leaving.pk
    assert not leaving.has_perm("tickets.view_ticket", answered)
    assert waiting.assignee == leaving  # away: the citizen has the next move here

    set_status(leaving, OFFLINE)

    waiting.refresh_from_db()
    assert waiting.assignee == colleague and waiting.status == S.WAITING


def test_leaving_with_nobody_to_take_over_returns_requests_to_the_queue(arrive, set_status):
    leaving = agent("leaving")
    ticket = arrive()

    set_status(leaving, OFFLINE)

    ticket.refresh_from_db()
    assert ticket.assignee is None and ticket.status == S.TRIAGED
    queued = ticket.events.filter(kind=TicketEvent.Kind.QUEUED).last()
    assert queued.data["previous_id"] == leaving.pk and queued.data["cause"] == "nobody_online"

    newcomer = agent("newcomer", status=OFFLINE)
    set_status(newcomer, ONLINE)

    ticket.refresh_from_db()
    assert ticket.assignee == newcomer and ticket.status == S.ASSIGNED


def test_finishing_a_request_frees_a_place_for_the_next(arrive, django_capture_on_commit_callbacks):
    operator = agent("operator", capacity=1)
    first, second = arrive(), arrive()
    assert second.assignee is None

    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=first, status=S.RESOLVED, actor=operator)

    second.refresh_from_db()
    assert second.assignee == operator
    assert routed(second)[0].data["reason"] == "capacity_freed"


def test_citizen_answering_a_request_whose_operator_left_is_routed_again(
    arrive, set_status, citizen, django_capture_on_commit_callbacks
):
    leaving = agent("leaving")
    ticket = arrive()
    Ticket.objects.filter(pk=ticket.pk).update(status=S.WAITING)
    set_status(leaving, OFFLINE)
    ticket.refresh_from_db()
    assert ticket.assignee is None and ticket.status == S.WAITING  # nobody to hand it to
    colleague = agent("colleague")

    with django_capture_on_commit_callbacks(execute=True):
        message_post(ticket=ticket, author=citizen, body="Вот номер заявления", channel=Channel.CHAT,
                     author_kind=TicketMessage.AuthorKind.CITIZEN)

    ticket.refresh_from_db()
    assert ticket.assignee == colleague and ticket.status == S.ASSIGNED


def test_sweep_offers_the_queue_again_without_rejournaling(arrive):
    ticket = arrive()
    operator = agent("operator")
    other = arrive("technical")  # nobody fits this one
    events_before = other.events.count()

    assert routing_sweep() == 1

    ticket.refresh_from_db()
    assert ticket.assignee == operator
    assert other.events.count() == events_before


def test_routing_the_same_request_twice_changes_nothing(arrive):
    agent("first")
    ticket = arrive()
    agent("second")

    assert route_ticket(ticket_id=ticket.pk, reason="intake") is None

    assert len(routed(ticket)) == 1


@pytest.mark.parametrize("operators", [1, 30])
def test_decision_query_count_does_not_grow_with_the_number_of_operators(
    operators, arrive, django_assert_max_num_queries
):
    for n in range(operators):
        agent(f"operator{n}")
    ticket = arrive("password-recovery")
    Ticket.objects.filter(pk=ticket.pk).update(assignee=None, status=S.NEW)

    with django_assert_max_num_queries(14):
        outcome = route_ticket(ticket_id=ticket.pk, reason="sweep")

    assert outcome.routed


def test_an_assignment_is_written_whole_and_its_live_events_name_the_journal_rows(arrive, monkeypatch):
    skilled = agent("skilled", skills=["registration"])
    sent: list = []
    monkeypatch.setattr("tickets.broadcast.broadcast_many", sent.extend)

    ticket = arrive("password-recovery")

    journal_ids = set(ticket.events.filter(
        kind__in=[TicketEvent.Kind.STATUS_CHANGED, TicketEvent.Kind.ROUTED]).values_list("pk", flat=True))
    frames = [event for group, event in sent if group == f"ticket.{ticket.pk}" and event["type"] == "ticket.event"]
    assert journal_ids and journal_ids <= {frame["event_id"] for frame in frames}
    assert (f"agent.{skilled.pk}", {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number,
                                   "priority": ticket.priority}) in sent
    profile = OperatorProfile.objects.get(user=skilled)
    assert profile.last_assigned_at == ticket.routed_at and ticket.updated_at >= ticket.routed_at


def test_a_claim_journals_and_grants_exactly_what_a_routing_decision_does(arrive):
    """The claim writes its assignment in SQL of its own (one statement): the same journal rows, grants and
    times as route_ticket's assignment, whose rows come from transition_apply and event_record."""
    from tickets.routing import REASONS, routing_claim_next

    operator = agent("operator", department="Первая линия")
    decided = arrive()
    OperatorProfile.objects.filter(user=operator).update(status=OFFLINE)
    queued = arrive()
    assert queued.assignee is None
    OperatorProfile.objects.filter(user=operator).update(status=ONLINE)

    claimed = routing_claim_next(agent=operator)

    assert claimed.pk == queued.pk
    fresh = Ticket.objects.get(pk=queued.pk)
    assert (claimed.assignee_id, claimed.status, claimed.routed_at, claimed.updated_at) == (
        operator.pk, S.ASSIGNED, fresh.routed_at, fresh.updated_at)
    assert operator.has_perm("tickets.view_ticket", fresh) and operator.has_perm("tickets.change_ticket", fresh)
    profile = OperatorProfile.objects.get(user=operator)
    assert profile.last_assigned_at == fresh.routed_at

    def journal(ticket):
        kinds = [TicketEvent.Kind.STATUS_CHANGED, TicketEvent.Kind.ROUTED]
        return list(ticket.events.filter(kind__in=kinds).order_by("pk"))

    status_changed, routed_event = journal(fresh)
    assert status_changed.data == {"old": queued.status, "new": S.ASSIGNED, "reason": str(REASONS["claim"]),
                                   "reopened": False}
    assert routed_event.data == {"reason": "claim", "assignee_id": operator.pk, "previous_id": None, "level": 1,
                                 "department": "Первая линия", "load": 1, "capacity": 3}
    assert {event.actor_id for event in (status_changed, routed_event)} == {None}
    assert status_changed.created_at == routed_event.created_at == fresh.routed_at
    # the same rows, key for key, as the decision route_ticket journaled for the first request
    assert [(event.kind, set(event.data)) for event in journal(decided)] == [
        (event.kind, set(event.data)) for event in (status_changed, routed_event)]


def test_the_claims_own_sql_covers_everything_the_lifecycle_does_for_a_queued_request():
    """The claim's statement moves a queued request to «assigned» itself: the lifecycle must allow that
    move, and it must not touch the SLA clocks (transition_apply would save them; the statement does not)."""
    from tickets.lifecycle import QUEUE_STATUSES, transition_allowed
    from tickets.sla import PAUSED_STATUSES

    for status in QUEUE_STATUSES:
        assert transition_allowed(status, S.ASSIGNED)
        assert status not in PAUSED_STATUSES and status not in (S.RESOLVED, S.CLOSED, S.CANCELLED)
    assert S.ASSIGNED not in PAUSED_STATUSES
