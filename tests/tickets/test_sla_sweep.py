"""The SLA sweep (SLA3, SLA4): at risk at 80 %, breached past the target, escalation to a senior, supervisor told.

The clock is driven with time_machine; broadcasts are captured from the in-memory channel layer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from tests.conftest import TOTP_KEY, topic
from tickets.broadcast import SUPERVISOR_GROUP
from tickets.models import Channel, SLAState, Ticket, TicketEvent
from tickets.services import message_post, ticket_assign, ticket_change_status, ticket_intake
from tickets.sla import sla_sweep
from tickets.tasks import sla_sweep_task

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTHING = {"at_risk": 0, "breached": 0, "cleared": 0, "hard_cap": 0, "escalated": 0, "not_escalated": 0,
           "deferred": 0}


def intake(code: str = "form-filling", **extra) -> Ticket:
    return ticket_intake(channel=Channel.WEB, subject="Заявление", body="Как заполнить заявление?", topic=topic(code),
                         **extra)


def senior(email: str, *, skills: list[str], status: str = "online", role: str = Role.SPECIALIST, capacity: int = 3):
    user = staff_create(email=email, password="Specialist-2026!", role=role, first_name="Иван", last_name=email[:5],
                        skills=[topic(code) for code in skills], max_concurrent_chats=capacity, totp_key=TOTP_KEY)
    operator_set_status(profile=user.operator_profile, status=status)
    return user


def on_the_line(user):
    """Replying to a request nobody holds takes it, by the routing rules: the operator must be on the line."""
    operator_set_status(profile=user.operator_profile, status=OperatorProfile.Status.ONLINE)
    return user


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.events.filter(kind__startswith="sla_").values_list("kind", flat=True)) + list(
        ticket.events.filter(kind=TicketEvent.Kind.ESCALATED).values_list("kind", flat=True)
    )


class SupervisorInbox:
    """A listener on the supervisors' group, as DeskConsumer joins it for a supervisor.

    The in-memory layer expires messages by the (travelled) clock, so sweep_at drains it before returning.
    """

    def __init__(self):
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(SUPERVISOR_GROUP, self.channel)
        self.received: list[dict] = []

    def drain(self) -> None:
        while True:
            try:
                self.received.append(async_to_sync(self._receive_now)())
            except TimeoutError:
                return

    def frames(self) -> list[dict]:
        return self.received

    async def _receive_now(self):
        import asyncio

        return await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)


def sweep_at(moment: datetime, capture, inbox: SupervisorInbox | None = None):
    with time_machine.travel(moment, tick=False):
        with capture(execute=True):
            result = sla_sweep()
        if inbox is not None:
            inbox.drain()
    return result


def test_request_within_target_stays_on_track(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()

    result = sweep_at(T0 + timedelta(seconds=23), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK
    assert result.as_dict() == NOTHING
    assert kinds(ticket) == []


def test_first_contact_at_80_percent_is_at_risk_and_past_30_seconds_breached(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()

    sweep_at(T0 + timedelta(seconds=24), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.AT_RISK
    sweep_at(T0 + timedelta(seconds=31), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED
    events = list(ticket.events.filter(kind__startswith="sla_"))
    assert [(e.kind, e.data["target"]) for e in events] == [("sla_at_risk", "first_response"),
                                                           ("sla_breached", "first_response")]


def test_after_first_contact_only_the_resolution_target_counts(operator, django_capture_on_commit_callbacks):
    on_the_line(operator)
    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake()  # typical: 5 minutes
        clock.shift(timedelta(seconds=10))
        message_post(ticket=ticket, author=operator, body="Здравствуйте, помогу", author_kind="agent",
                     channel=Channel.WEB)

    sweep_at(T0 + timedelta(minutes=3), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK  # 40 s past the first-contact deadline, but contact was made
    sweep_at(T0 + timedelta(minutes=4), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.AT_RISK
    sweep_at(T0 + timedelta(minutes=5, seconds=1), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED
    assert list(ticket.events.filter(kind="sla_breached").values_list("data__target", flat=True)) == ["resolution"]


def test_running_the_sweep_twice_writes_no_duplicate_events(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()

    first = sweep_at(T0 + timedelta(minutes=2), django_capture_on_commit_callbacks)
    again = sweep_at(T0 + timedelta(minutes=2, seconds=10), django_capture_on_commit_callbacks)

    assert first.as_dict()["breached"] == 1
    assert again.as_dict() == NOTHING
    assert kinds(ticket) == ["sla_breached"]  # jumped straight past 80 %: one row for the step actually taken


def test_waiting_request_is_never_marked_while_paused(operator, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)

    sweep_at(T0 + timedelta(hours=2), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK and kinds(ticket) == []


def test_breach_escalates_to_an_online_senior_with_the_same_skill(operator, supervisor,
                                                                   django_capture_on_commit_callbacks):
    senior("offline-l2@support.example", skills=["services"], status="offline")
    senior("wrong-skill@support.example", skills=["technical"])
    chosen = senior("l2@support.example", skills=["services"])  # the section covers form-filling
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    inbox = SupervisorInbox()

    result = sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks, inbox)

    ticket.refresh_from_db()
    assert ticket.assignee == chosen
    assert (ticket.escalation_level, ticket.tier, ticket.sla_state) == (1, 2, SLAState.BREACHED)
    escalated = ticket.events.get(kind=TicketEvent.Kind.ESCALATED)
    assert escalated.data.items() >= {"assignee_id": chosen.pk, "previous_id": operator.pk, "to_level": 2}.items()
    assert chosen.has_perm("tickets.change_ticket", ticket) and not operator.has_perm("tickets.change_ticket", ticket)
    assert result.escalated == [(ticket.pk, chosen.pk)]
    [alert] = inbox.frames()
    assert alert["type"] == "sla.alert"
    assert alert["breached"] == [{"ticket_id": ticket.pk, "number": ticket.number}]
    assert alert["escalated"] == [{"ticket_id": ticket.pk, "number": ticket.number, "assignee": chosen.display_name}]


def test_senior_at_capacity_is_passed_over(operator, supervisor, django_capture_on_commit_callbacks):
    full = senior("full@support.example", skills=["services"], capacity=1)
    free = senior("free@support.example", skills=["services"], capacity=3, role=Role.TECHNICIAN)
    with time_machine.travel(T0, tick=False):
        busy = intake()
        ticket_assign(ticket=busy, assignee=full, actor=supervisor)
        message_post(ticket=busy, author=full, body="Смотрю", author_kind="agent", channel=Channel.WEB)  # on track
        ticket = intake()

    sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.assignee == free
    assert Ticket.objects.filter(assignee=full, status__in=Ticket.OPEN_STATUSES).count() == 1


def test_without_a_free_senior_the_request_stays_breached_and_the_supervisor_is_still_told(
    operator, supervisor, django_capture_on_commit_callbacks
):
    senior("offline-l2@support.example", skills=["services"], status="offline")
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    inbox = SupervisorInbox()

    result = sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks, inbox)
    quiet = sweep_at(T0 + timedelta(seconds=55), django_capture_on_commit_callbacks, inbox)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.sla_state, ticket.escalation_level) == (operator, SLAState.BREACHED, 0)
    assert result.not_escalated == [ticket.pk] and quiet.not_escalated == []
    frames = inbox.frames()
    assert len(frames) == 1  # told once, not every 10 seconds
    assert frames[0]["not_escalated"] == [{"ticket_id": ticket.pk, "number": ticket.number}]


def test_a_senior_coming_online_later_gets_the_waiting_breach(operator, supervisor,
                                                              django_capture_on_commit_callbacks):
    late = senior("late@support.example", skills=["services"], status="offline")
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks)

    operator_set_status(profile=OperatorProfile.objects.get(user=late), status="online")
    result = sweep_at(T0 + timedelta(seconds=55), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.assignee == late and result.escalated == [(ticket.pk, late.pk)]
    assert kinds(ticket) == ["sla_breached", "escalated"]


def test_a_burst_of_breaches_is_handed_over_a_few_per_sweep_most_urgent_first(
    operator, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("tickets.sla.ESCALATIONS_PER_SWEEP", 1)
    chosen = senior("l2@support.example", skills=["services"])
    with time_machine.travel(T0, tick=False):
        older, urgent = intake(), intake()
        Ticket.objects.filter(pk=urgent.pk).update(priority=Ticket.Priority.URGENT)

    first = sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks)
    second = sweep_at(T0 + timedelta(seconds=55), django_capture_on_commit_callbacks)

    assert (first.escalated, first.deferred, first.not_escalated) == ([(urgent.pk, chosen.pk)], [older.pk], [])
    assert second.escalated == [(older.pk, chosen.pk)]


def test_past_the_time_budget_only_the_guaranteed_few_are_escalated(
    operator, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("tickets.sla.SWEEP_BUDGET_SECONDS", 0)
    monkeypatch.setattr("tickets.sla.ESCALATIONS_ALWAYS", 1)
    senior("l2@support.example", skills=["services"])
    with time_machine.travel(T0, tick=False):
        first, second = intake(), intake()

    result = sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks)

    assert [pk for pk, _user in result.escalated] == [first.pk] and result.deferred == [second.pk]


def test_escalation_looks_above_the_assignees_level(specialist, supervisor, django_capture_on_commit_callbacks):
    same_level = senior("l2-other@support.example", skills=["e-signature"])
    technician = senior("l3@support.example", skills=["services"], role=Role.TECHNICIAN)
    with time_machine.travel(T0, tick=False):
        ticket = intake("e-signature")
        ticket_assign(ticket=ticket, assignee=specialist, actor=supervisor)

    sweep_at(T0 + timedelta(seconds=45), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.assignee == technician != same_level
    assert ticket.tier == 3


def test_past_the_hard_cap_one_more_journal_row_and_alert(operator, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake("account-blocked")
    sweep_at(T0 + timedelta(minutes=31), django_capture_on_commit_callbacks)
    inbox = SupervisorInbox()

    result = sweep_at(T0 + timedelta(minutes=61), django_capture_on_commit_callbacks, inbox)
    sweep_at(T0 + timedelta(minutes=62), django_capture_on_commit_callbacks, inbox)

    assert result.hard_cap == [ticket.pk]
    targets = list(ticket.events.filter(kind="sla_breached").values_list("data__target", flat=True))
    assert targets == ["first_response", "hard_cap"]
    assert [frame["hard_cap"] for frame in inbox.frames()] == [[{"ticket_id": ticket.pk, "number": ticket.number}]]


def test_resolved_requests_are_left_alone(operator, django_capture_on_commit_callbacks):
    on_the_line(operator)
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        message_post(ticket=ticket, author=operator, body="Готово", author_kind="agent", channel=Channel.WEB)
        ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)

    sweep_at(T0 + timedelta(hours=3), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK and kinds(ticket) == []


def test_beat_task_runs_the_sweep(django_capture_on_commit_callbacks, settings):
    with time_machine.travel(T0, tick=False):
        intake()

    with time_machine.travel(T0 + timedelta(minutes=1), tick=False), django_capture_on_commit_callbacks(execute=True):
        counts = sla_sweep_task.delay().get()

    assert counts["breached"] == 1
    assert settings.CELERY_BEAT_SCHEDULE["tickets-sla-sweep"] == {
        "task": "tickets.tasks.sla_sweep_task", "schedule": 10.0, "options": {"expires": 10.0},
    }
