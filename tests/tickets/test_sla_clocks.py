"""SLA clocks (SLA1–SLA3): which policy applies, the three deadlines, and the pause while waiting for the citizen.

The clock is driven with time_machine: each test says what time it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import topic
from tests.tickets.test_sla_sweep import on_the_line
from tickets.models import Channel, SLAPolicy, SLAState, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status, ticket_intake
from tickets.sla import policy_for, sla_sweep, sla_timer

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def default_policy():
    """Migration 0004's row; a transactional test elsewhere may have flushed it."""
    SLAPolicy.objects.get_or_create(name="Основная политика (Госуслуги)")


def intake(code: str | None = "registration", channel: str = Channel.WEB, **extra) -> Ticket:
    return ticket_intake(
        channel=channel, subject="Не приходит код", body="Не приходит СМС с кодом", topic=topic(code) if code else None,
        **extra,
    )


def test_new_request_gets_first_contact_resolution_and_hard_cap_deadlines_from_the_default_policy(settings):
    settings.TICKETS_AUTO_TRIAGE = False  # the third request must stay without a topic
    with time_machine.travel(T0, tick=False):
        typical = intake("password-recovery")
        complex_ = intake("account-blocked")
        untriaged = intake(None)

    assert typical.first_response_due_at == T0 + timedelta(seconds=30)
    assert typical.due_at == T0 + timedelta(minutes=5)
    assert typical.hard_due_at == T0 + timedelta(minutes=60)
    assert complex_.due_at == T0 + timedelta(minutes=30)
    assert untriaged.due_at == T0 + timedelta(minutes=30)  # no topic yet: treated as complex
    assert typical.sla_policy.name == "Основная политика (Госуслуги)"


def test_most_specific_policy_wins_channel_and_topic_over_topic_over_channel_over_any():
    registration = topic("registration")
    SLAPolicy.objects.create(name="Чат", channel=Channel.CHAT, first_response_seconds=20)
    SLAPolicy.objects.create(name="Регистрация", topic=registration, first_response_seconds=25)
    SLAPolicy.objects.create(
        name="Чат, регистрация", channel=Channel.CHAT, topic=registration, first_response_seconds=10
    )
    SLAPolicy.objects.create(name="Выключенная", channel=Channel.CHAT, topic=topic("password-recovery"),
                             first_response_seconds=1, is_active=False)

    chat_registration = intake("password-recovery", channel=Channel.CHAT)  # sub-topic: the section's policy covers it
    web_registration = intake("password-recovery", channel=Channel.WEB)
    chat_services = intake("form-filling", channel=Channel.CHAT)
    email_services = intake("form-filling", channel=Channel.EMAIL)

    assert [policy_for(t).name for t in (chat_registration, web_registration, chat_services, email_services)] == [
        "Чат, регистрация", "Регистрация", "Чат", "Основная политика (Госуслуги)",
    ]
    assert chat_registration.first_response_due_at - chat_registration.created_at < timedelta(seconds=11)


def test_a_policy_on_the_exact_topic_beats_one_on_its_section():
    SLAPolicy.objects.create(name="Раздел", topic=topic("registration"), typical_resolution_seconds=600)
    SLAPolicy.objects.create(name="Подтема", topic=topic("password-recovery"), typical_resolution_seconds=120)

    with time_machine.travel(T0, tick=False):
        ticket = intake("password-recovery")

    assert ticket.sla_policy.name == "Подтема"
    assert ticket.due_at == T0 + timedelta(seconds=120)


def test_without_any_active_policy_the_spec_targets_apply():
    SLAPolicy.objects.update(is_active=False)

    with time_machine.travel(T0, tick=False):
        ticket = intake("password-recovery")

    assert ticket.sla_policy is None
    assert (ticket.first_response_due_at, ticket.due_at, ticket.hard_due_at) == (
        T0 + timedelta(seconds=30), T0 + timedelta(minutes=5), T0 + timedelta(hours=1),
    )


def test_waiting_for_the_citizen_pauses_the_clock_and_moves_every_deadline(operator):
    on_the_line(operator)  # the reply takes the request: routing's rules apply
    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake("password-recovery")
        clock.shift(timedelta(seconds=20))
        message_post(ticket=ticket, author=operator, body="Уточните номер телефона", author_kind="agent",
                     channel=Channel.WEB)
        clock.shift(timedelta(seconds=40))
        ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator, reason="ждём номер")
        clock.shift(timedelta(minutes=45))  # the citizen took 45 minutes to answer

        assert sla_sweep().as_dict()["breached"] == 0  # paused: nothing is late while we wait
        message_post(ticket=ticket, author=None, body="+7 912 000-00-00",
                     author_kind=TicketMessage.AuthorKind.CITIZEN, channel=Channel.WEB)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS
    assert ticket.sla_paused_at is None
    assert ticket.sla_paused_seconds == 45 * 60
    assert ticket.due_at == T0 + timedelta(minutes=5 + 45)
    assert ticket.hard_due_at == T0 + timedelta(minutes=60 + 45)
    assert ticket.first_response_due_at == T0 + timedelta(seconds=30)  # met before the pause: stays as it was


def test_status_change_out_of_waiting_resumes_the_clock(operator):
    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake("account-blocked")
        ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)
        clock.shift(timedelta(minutes=10))
        ticket_change_status(ticket=ticket, status=Ticket.Status.IN_PROGRESS, actor=operator)

    ticket.refresh_from_db()
    assert ticket.sla_paused_seconds == 600
    assert ticket.due_at == T0 + timedelta(minutes=40)
    assert ticket.first_response_due_at == T0 + timedelta(seconds=630)  # no contact yet: it moved as well


def test_timer_shows_remaining_time_then_lateness_and_freezes_while_paused(operator):
    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake("password-recovery")
        clock.shift(timedelta(seconds=10))
        first = sla_timer(ticket, datetime.now(tz=UTC))
        clock.shift(timedelta(seconds=50))
        late = sla_timer(ticket, datetime.now(tz=UTC))
        ticket = ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)
        clock.shift(timedelta(minutes=10))
        paused = sla_timer(ticket, datetime.now(tz=UTC))

    assert (first.target, first.seconds_left, first.is_late) == ("first_response", 20, False)
    assert (late.seconds_left, late.is_late, late.clock) == (-30, True, "0:30")
    assert paused.paused and not paused.is_late and paused.seconds_left == -30


def test_at_risk_ratio_comes_from_the_policy():
    SLAPolicy.objects.update(at_risk_ratio=Decimal("0.50"))

    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake("password-recovery")
        clock.shift(timedelta(seconds=14))
        sla_sweep()
        ticket.refresh_from_db()
        assert ticket.sla_state == SLAState.ON_TRACK
        clock.shift(timedelta(seconds=1))
        sla_sweep()

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.AT_RISK
