"""Every dashboard figure equals a direct count over the same requests, built with the real services.

The direct count below is an independent Python reading of the definitions in dashboards/services.py,
computed from Ticket rows and their journal, never from the rollups.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from dashboards.histograms import FIRST_CONTACT_EDGES, RESOLUTION_EDGES, percentile_bounds
from dashboards.models import Dimension, HourlyRollup
from dashboards.selectors import HOUR_OF_DAY, Figures, backlog_now, rollup_figures
from dashboards.services import rollup_refresh, rollup_refresh_recent
from tests.conftest import TOTP_KEY, topic
from tickets.models import Channel, SatisfactionRating, SLAState, Ticket, TicketEvent, TicketMessage
from tickets.ratings import rating_submit
from tickets.services import message_post, ticket_assign, ticket_change_status, ticket_intake
from tickets.sla import sla_sweep

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
DAY = datetime(2026, 3, 10, tzinfo=MSK)
S = Ticket.Status
AGENT = TicketMessage.AuthorKind.AGENT
CITIZEN = TicketMessage.AuthorKind.CITIZEN


def at(hour: int, minute: int, second: int = 0, day: int = 0) -> datetime:
    return DAY + timedelta(days=day, hours=hour, minutes=minute, seconds=second)


def intake(channel, citizen, code, **extra) -> Ticket:
    return ticket_intake(channel=channel, citizen=citizen, subject="Не приходит код", body="Помогите, пожалуйста",
                         topic=topic(code) if code else None, **extra)


def reply(ticket, agent):
    message_post(ticket=ticket, author=agent, body="Здравствуйте! Разбираемся.", author_kind=AGENT,
                 channel=ticket.channel)


def resolve(ticket, agent):
    return ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=agent, reason="")


@pytest.fixture
def senior(db):
    """An online L2 specialist for registration: the SLA sweep escalates breached requests to them."""
    user = staff_create(email="senior@support.example", password="Senior-2026!", role=Role.SPECIALIST,
                        first_name="Вера", last_name="Старшая", skills=[topic("registration")], totp_key=TOTP_KEY)
    operator_set_status(profile=user.operator_profile, status=OperatorProfile.Status.ONLINE)
    return user


@pytest.fixture
def desk(citizen, other_citizen, operator, other_operator, senior):
    """A day of requests across channels, topics and operators, with every figure the dashboard shows."""
    for person in (operator, other_operator):  # a reply takes an unassigned request: they must be on the line
        operator_set_status(profile=person.operator_profile, status=OperatorProfile.Status.ONLINE)
    with time_machine.travel(at(15, 0, day=-9), tick=False) as clock:
        old = intake(Channel.WEB, citizen, "password-recovery")  # more than 7 days before the next: no repeat
        clock.move_to(at(15, 2, day=-9))
        reply(old, operator)
        resolve(old, operator)

        clock.move_to(at(15, 0, day=-1))
        yesterday = intake(Channel.PHONE, citizen, "password-recovery")
        ticket_assign(ticket=yesterday, assignee=operator, actor=operator)
        clock.move_to(at(15, 0, 10, day=-1))
        reply(yesterday, operator)
        clock.move_to(at(15, 3, day=-1))
        resolve(yesterday, operator)

        clock.move_to(at(10, 5))
        fast = intake(Channel.WEB, citizen, "password-recovery")  # a repeat of yesterday's, within 7 days
        clock.move_to(at(10, 5, 20))
        reply(fast, operator)
        clock.move_to(at(10, 9))
        resolve(fast, operator)
        rating_submit(ticket=fast, citizen=citizen, score=5, comment="Спасибо")

        clock.move_to(at(10, 20))
        paused = intake(Channel.WEB, citizen, "password-recovery")
        clock.move_to(at(10, 21))
        reply(paused, operator)  # 60 s: misses the 30 s first-contact target
        clock.move_to(at(10, 25))
        ticket_change_status(ticket=paused, status=S.WAITING, actor=operator, reason="ждём скриншот")
        clock.move_to(at(10, 35))
        message_post(ticket=paused, author=citizen, body="Вот скриншот", author_kind=CITIZEN, channel=Channel.WEB)
        clock.move_to(at(11, 5))
        resolve(paused, operator)
        rating_submit(ticket=paused, citizen=citizen, score=2)

        clock.move_to(at(10, 40))
        handed = intake(Channel.CHAT, other_citizen, "application-status")
        ticket_assign(ticket=handed, assignee=operator, actor=operator)
        ticket_assign(ticket=handed, assignee=other_operator, actor=other_operator)  # a reassignment
        clock.move_to(at(10, 41))
        reply(handed, other_operator)
        clock.move_to(at(12, 10))
        resolve(handed, other_operator)  # beyond the hour
        clock.move_to(at(12, 20))
        message_post(ticket=handed, author=other_citizen, body="Не помогло", author_kind=CITIZEN,
                     channel=Channel.CHAT)  # reopened
        clock.move_to(at(12, 30))
        resolve(handed, other_operator)

        clock.move_to(at(11, 10))
        anonymous = ticket_intake(channel=Channel.EMAIL, subject="Вопрос", body="Как подать заявление?",
                                  contact_email="anon@example.ru")  # no citizen, no topic; stays open

        clock.move_to(at(11, 30))
        waiting = intake(Channel.MOBILE, other_citizen, "two-factor")
        ticket_assign(ticket=waiting, assignee=operator, actor=operator)  # never answered: breaches

        clock.move_to(at(13, 0))
        sla_sweep(now=at(13, 0))
    return [old, yesterday, fast, paused, handed, anonymous, waiting]


# --- the direct count ------------------------------------------------------------------------------------


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def _direct(tickets: list[Ticket], all_tickets: list[Ticket]) -> tuple[Figures, float | None, float | None]:
    """(counters, exact first-contact p95, exact resolution p95)."""
    figures = Figures()
    fc_values, res_values = [], []
    for t in tickets:
        events = list(TicketEvent.objects.filter(ticket=t))
        rating = SatisfactionRating.objects.filter(ticket=t).first()
        figures.created += 1
        figures.open += t.status in Ticket.OPEN_STATUSES
        if t.citizen_id:
            figures.with_citizen += 1
            figures.repeats += t.topic_id is not None and any(
                p.pk != t.pk and p.citizen_id == t.citizen_id and p.topic_id == t.topic_id
                and t.created_at - timedelta(days=7) <= p.created_at < t.created_at
                for p in all_tickets
            )
        if t.first_response_at:
            fc = _seconds(t.first_response_at - t.created_at)
            fc_values.append(fc)
            figures.first_contact_count += 1
            figures.first_contact_sum += fc
            deadline = t.first_response_due_at or t.created_at + timedelta(seconds=30)
            figures.first_contact_met += t.first_response_at <= deadline
        if t.resolved_at:
            res = max(_seconds(t.resolved_at - t.created_at) - t.sla_paused_seconds, 0)
            res_values.append(res)
            figures.resolved += 1
            figures.resolution_sum += res
            figures.within_hour += res <= 3600
            if t.due_at:
                figures.sla_total += 1
                figures.sla_met += t.resolved_at <= t.due_at
            start = t.routed_at or t.first_response_at or t.created_at
            figures.handling_count += 1
            figures.handling_sum += max(_seconds(t.resolved_at - start) - t.sla_paused_seconds, 0)
            reopened_or_moved = any(
                e.kind in (TicketEvent.Kind.TRANSFERRED, TicketEvent.Kind.ESCALATED)
                or (e.kind == TicketEvent.Kind.STATUS_CHANGED and e.data.get("reopened") is True)
                for e in events
            )
            figures.first_contact_resolved += (
                t.reassignment_count == 0 and t.escalation_level == 0 and not reopened_or_moved
            )
        figures.breached += t.sla_state == SLAState.BREACHED or any(
            e.kind == TicketEvent.Kind.SLA_BREACHED for e in events
        )
        figures.escalated += t.escalation_level > 0
        figures.reassigned += t.reassignment_count > 0
        if rating:
            figures.csat_count += 1
            figures.csat_sum += rating.score
        if t.routed_at:
            figures.routed_count += 1
            figures.routed_sum += _seconds(t.routed_at - t.created_at)
    return figures, _direct_p95(fc_values), _direct_p95(res_values)


def _direct_p95(values: list[float]):
    """The exact nearest-rank 95th percentile (what percentile_disc(0.95) gives)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def assert_agrees(rolled: Figures, direct_count: tuple[Figures, float | None, float | None]) -> None:
    direct, fc_p95, res_p95 = direct_count
    for name in ("created", "open", "with_citizen", "repeats", "first_contact_count", "first_contact_met",
                 "resolved", "sla_total", "sla_met", "within_hour", "handling_count", "first_contact_resolved",
                 "breached", "escalated", "reassigned", "csat_count", "csat_sum", "routed_count"):
        assert getattr(rolled, name) == getattr(direct, name), name
    for name in ("first_contact_sum", "resolution_sum", "handling_sum", "routed_sum"):
        assert getattr(rolled, name) == pytest.approx(getattr(direct, name), abs=1e-3), name
    for hist, edges, exact in (
        (rolled.first_contact_hist, FIRST_CONTACT_EDGES, fc_p95),
        (rolled.resolution_hist, RESOLUTION_EDGES, res_p95),
    ):
        bounds = percentile_bounds(hist, edges, 0.95)
        if exact is None:
            assert bounds is None
        else:  # the histogram says which bucket the true p95 lies in: it must be right
            assert bounds[0] < exact <= bounds[1] or (exact == 0 and bounds[0] == 0)


def _in(tickets, start, end):
    return [t for t in tickets if start <= t.created_at < end]


def _group_key(t: Ticket, group: str) -> str:
    if group == Dimension.CHANNEL:
        return t.channel
    if group == Dimension.TOPIC:
        return str(t.topic_id) if t.topic_id else ""
    if group == Dimension.OPERATOR:
        return str(t.assignee_id) if t.assignee_id else ""
    if group == HOUR_OF_DAY:
        return str(t.created_at.astimezone(MSK).hour)
    return ""


@pytest.mark.parametrize("group", [Dimension.ALL, Dimension.CHANNEL, Dimension.TOPIC, Dimension.OPERATOR,
                                   HOUR_OF_DAY])
@pytest.mark.parametrize(("start", "end"), [(at(0, 0), at(0, 0, day=1)), (at(0, 0, day=-10), at(0, 0, day=1)),
                                            (at(10, 0), at(11, 0))])
def test_every_figure_matches_a_direct_count(desk, group, start, end):
    rollup_refresh(since=None)
    tickets = list(Ticket.objects.all())
    chosen = _in(tickets, start, end)

    rolled = rollup_figures(group=group, start=start, end=end)

    expected_keys = {_group_key(t, group) for t in chosen}
    assert set(rolled) == expected_keys
    for key in expected_keys:
        assert_agrees(rolled[key], _direct([t for t in chosen if _group_key(t, group) == key], tickets))


def test_the_scenario_exercises_every_figure(desk):
    rollup_refresh(since=None)

    day = rollup_figures(group=Dimension.ALL, start=at(0, 0), end=at(0, 0, day=1))[""]

    assert day.created == 5
    assert day.repeats == 2  # «fast» repeats yesterday's; «paused» repeats «fast»
    assert day.open == 2
    assert day.first_contact_met == 1 and day.first_contact_count == 3  # only «fast» answered within 30 s
    assert day.resolved == 3 and day.within_hour == 2
    assert day.reassigned == 1  # «handed» by hand; «waiting» went to a senior, an escalation, not a wrong assignment
    assert day.first_contact_resolved == 2  # «handed» was reassigned and reopened
    assert day.breached >= 1 and day.escalated == 1
    assert (day.csat_count, day.csat_sum) == (2, 7)
    paused = Ticket.objects.get(status=S.RESOLVED, citizen__email="ivanova@example.ru", created_at=at(10, 20))
    assert paused.sla_paused_seconds == 600  # the 10 minutes waiting for the citizen are not resolution time


def test_backlog_now_counts_open_requests_per_operator(desk, operator):
    rollup_refresh(since=None)

    backlog = backlog_now(group=Dimension.OPERATOR)

    open_by_assignee: dict[str, int] = {}
    for t in Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES):
        key = str(t.assignee_id) if t.assignee_id else ""
        open_by_assignee[key] = open_by_assignee.get(key, 0) + 1
    assert backlog == open_by_assignee
    assert sum(backlog.values()) == 2


def test_incremental_refresh_recomputes_only_touched_hours_and_agrees(desk, citizen, operator):
    with time_machine.travel(at(14, 0), tick=False):
        rollup_refresh(since=None)
    untouched = HourlyRollup.objects.get(dimension=Dimension.ALL, hour=at(15, 0, day=-9))

    with time_machine.travel(at(16, 0), tick=False):
        waiting = Ticket.objects.get(channel=Channel.MOBILE)
        reply(waiting, operator)
        resolve(waiting, operator)
        rollup_refresh_recent()

    assert HourlyRollup.objects.get(pk=untouched.pk).created == 1  # the row was not rewritten
    tickets = list(Ticket.objects.all())
    day = rollup_figures(group=Dimension.ALL, start=at(0, 0), end=at(0, 0, day=1))[""]
    assert_agrees(day, _direct(_in(tickets, at(0, 0), at(0, 0, day=1)), tickets))
    assert day.open == 1


def test_a_new_request_appears_after_the_periodic_refresh(desk, citizen):
    with time_machine.travel(at(14, 0), tick=False):
        rollup_refresh(since=None)
    with time_machine.travel(at(14, 30), tick=False):
        intake(Channel.WEB, citizen, "registration-create")
        hours = rollup_refresh_recent()

    assert hours >= 1
    assert rollup_figures(group=Dimension.ALL, start=at(14, 0), end=at(15, 0))[""].created == 1
