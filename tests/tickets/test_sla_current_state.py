"""sla_state is the state of the clocks now (audit A4, A5), and the journal still records each crossing once.

- The first-contact clock runs in every running status until somebody answers: an operator who sets «в работе»
  without replying does not stop it.
- At risk / breached clear as soon as the clock they concerned is met (first contact made, request resolved);
  they come back on a reopening without a second journal row. The at-risk queue, the Prometheus gauge and the
  team roster then agree with a direct count of the clocks.
The clock is driven with time_machine.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from dashboards.metrics import metrics_render
from tests.tickets.test_sla_sweep import T0, intake, on_the_line, senior, sweep_at
from tickets.models import Channel, SLAState, Ticket, TicketEvent, TicketMessage
from tickets.selectors import team_roster, ticket_list_at_risk
from tickets.services import message_post, ticket_assign, ticket_change_status
from tickets.sla import (
    FIRST_RESPONSE_STATUSES,
    RESOLUTION_STATUSES,
    RUNNING_STATUSES,
    SWEEP_ROW_FIELDS,
    _running,
    _state_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def operator_on_the_line(request):
    """The operators of these tests are on the line: they answer, and the team roster lists them."""
    if "operator" in request.fixturenames:
        on_the_line(request.getfixturevalue("operator"))

S = Ticket.Status


def journal(ticket: Ticket) -> list[tuple[str, str]]:
    return [(e.kind, e.data.get("target", "")) for e in ticket.events.filter(kind__startswith="sla_")]


def reply(ticket: Ticket, agent) -> None:
    message_post(ticket=ticket, author=agent, body="Здравствуйте, разбираюсь", author_kind="agent",
                 channel=Channel.WEB)


def gauge(state: str) -> float:
    for family in text_string_to_metric_families(metrics_render().decode()):
        for sample in family.samples:
            if sample.name == "supportdesk_sla_open_requests" and sample.labels == {"state": state}:
                return sample.value
    raise AssertionError("no supportdesk_sla_open_requests sample")


def direct_count(state: str, now) -> int:
    """What an outside tester counts: open requests whose clocks, read now, are in `state`."""
    rows = Ticket.objects.filter(status__in=Ticket.STAFF_OPEN_STATUSES).values(*SWEEP_ROW_FIELDS)
    return sum(_state_at(row, now)[0] == state for row in rows)


# --- A4: the first-contact clock runs in every running status ---------------------------------------------


def test_in_progress_without_a_reply_still_breaches_at_30_seconds_and_escalates(
    operator, supervisor, django_capture_on_commit_callbacks
):
    chosen = senior("l2@support.example", skills=["services"])
    with time_machine.travel(T0, tick=False) as clock:
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
        clock.shift(5)
        ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=operator, reason="смотрю")

    sweep_at(T0 + timedelta(seconds=24), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.first_response_at, ticket.sla_state) == (S.IN_PROGRESS, None, SLAState.AT_RISK)

    result = sweep_at(T0 + timedelta(seconds=31), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED
    assert journal(ticket) == [("sla_at_risk", "first_response"), ("sla_breached", "first_response")]
    assert result.escalated == [(ticket.pk, chosen.pk)] and ticket.assignee == chosen


def test_the_sweep_reads_unanswered_in_progress_requests_through_the_first_contact_index():
    """The partial indexes must cover every status the sweep's predicates name, or the sweep walks the table.
    Their predicates are read from the database (which plan a planner picks over a test's few rows varies
    between PostgreSQL versions); with sequential scans off the plan must still use an index."""
    assert S.IN_PROGRESS in RUNNING_STATUSES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_expr(i.indpred, i.indrelid) FROM pg_index i"
            " JOIN pg_class index ON index.oid = i.indexrelid"
            " WHERE index.relname IN ('ticket_sla_first_response', 'ticket_sla_resolution')"
        )
        predicates = dict(cursor.fetchall())
        query = Ticket.objects.filter(_running(T0, timedelta(seconds=30))).order_by().values("pk").query
        sql, params = query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index, statuses in (("ticket_sla_first_response", FIRST_RESPONSE_STATUSES),
                            ("ticket_sla_resolution", RESOLUTION_STATUSES)):
        assert all(f"'{status}'" in predicates[index] for status in statuses), (index, predicates[index])
    assert "first_response_at IS NULL" in predicates["ticket_sla_first_response"]
    assert "Seq Scan" not in plan, plan


# --- A5: the state clears when its clock is met ------------------------------------------------------------


def test_at_risk_then_answered_is_back_on_track_at_once_and_leaves_every_count(
    operator, supervisor, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        ticket = intake()  # typical: first contact 30 s, resolution 5 min
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    sweep_at(T0 + timedelta(seconds=24), django_capture_on_commit_callbacks)
    assert list(ticket_list_at_risk(supervisor)) == [ticket]
    assert gauge("at_risk") == 1

    with time_machine.travel(T0 + timedelta(seconds=25), tick=False):
        reply(ticket, operator)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK  # the resolution clock, 25 s of 5 min, is on track
    assert list(ticket_list_at_risk(supervisor)) == []
    assert gauge("at_risk") == 0 == direct_count(SLAState.AT_RISK, T0 + timedelta(seconds=25))
    [member] = [m for m in team_roster(supervisor) if m.user_id == operator.pk]
    assert (member.open_load, member.at_risk_load) == (1, 0)
    assert journal(ticket) == [("sla_at_risk", "first_response")]  # the crossing stays in the journal


def test_repeated_sweeps_after_a_met_clock_write_nothing_twice(operator, supervisor,
                                                              django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    sweep_at(T0 + timedelta(seconds=24), django_capture_on_commit_callbacks)
    with time_machine.travel(T0 + timedelta(seconds=25), tick=False):
        reply(ticket, operator)

    for seconds in (26, 36, 46, 120):
        assert sweep_at(T0 + timedelta(seconds=seconds), django_capture_on_commit_callbacks).as_dict()["at_risk"] == 0
    sweep_at(T0 + timedelta(minutes=4), django_capture_on_commit_callbacks)  # 80 % of the 5-minute resolution
    sweep_at(T0 + timedelta(minutes=4, seconds=10), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.AT_RISK
    assert journal(ticket) == [("sla_at_risk", "first_response"), ("sla_at_risk", "resolution")]


def test_a_late_first_contact_clears_the_breach_but_the_journal_and_rollups_keep_it(
    operator, supervisor, django_capture_on_commit_callbacks
):
    from dashboards.models import Dimension
    from dashboards.selectors import rollup_figures
    from dashboards.services import rollup_refresh

    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    sweep_at(T0 + timedelta(seconds=40), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED

    with time_machine.travel(T0 + timedelta(seconds=50), tick=False):
        reply(ticket, operator)
        rollup_refresh(since=None)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK
    assert gauge("breached") == 0
    assert journal(ticket) == [("sla_breached", "first_response")]
    assert rollup_figures(group=Dimension.ALL, start=None, end=None)[""].breached == 1


def test_a_reply_in_progress_clears_the_first_contact_breach(operator, supervisor,
                                                            django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
        ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=operator)
    sweep_at(T0 + timedelta(seconds=40), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED

    with time_machine.travel(T0 + timedelta(seconds=45), tick=False):
        reply(ticket, operator)  # no status change: the request was in progress already

    ticket.refresh_from_db()
    assert ticket.first_response_at is not None and ticket.sla_state == SLAState.ON_TRACK


def test_resolving_clears_and_reopening_restores_the_breach_without_a_second_row(
    operator, supervisor, citizen, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        ticket = intake(citizen=citizen)
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    with time_machine.travel(T0 + timedelta(seconds=10), tick=False):
        reply(ticket, operator)
    sweep_at(T0 + timedelta(minutes=6), django_capture_on_commit_callbacks)  # past the 5-minute resolution
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED

    with time_machine.travel(T0 + timedelta(minutes=7), tick=False):
        ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=operator)
    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK

    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        message_post(ticket=ticket, author=citizen, body="Не помогло", author_kind=TicketMessage.AuthorKind.CITIZEN,
                     channel=Channel.WEB)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.sla_state) == (S.IN_PROGRESS, SLAState.BREACHED)  # still late after the pause
    sweep_at(T0 + timedelta(minutes=20, seconds=10), django_capture_on_commit_callbacks)
    sweep_at(T0 + timedelta(minutes=20, seconds=20), django_capture_on_commit_callbacks)
    assert journal(ticket) == [("sla_breached", "resolution")]


@pytest.mark.parametrize(("marked_at", "state"), [(24, SLAState.AT_RISK), (40, SLAState.BREACHED)])
def test_the_sweep_lowers_a_state_its_clock_no_longer_supports(operator, supervisor, marked_at, state,
                                                              django_capture_on_commit_callbacks):
    """A backstop for writes that bypass the services (an import, a fix in the database)."""
    with time_machine.travel(T0, tick=False):
        ticket = intake()
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    sweep_at(T0 + timedelta(seconds=marked_at), django_capture_on_commit_callbacks)
    assert Ticket.objects.get(pk=ticket.pk).sla_state == state
    Ticket.objects.filter(pk=ticket.pk).update(first_response_at=T0 + timedelta(seconds=20))

    result = sweep_at(T0 + timedelta(seconds=marked_at + 5), django_capture_on_commit_callbacks)

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.ON_TRACK and result.cleared == [ticket.pk]
    assert TicketEvent.objects.filter(ticket=ticket, kind__startswith="sla_").count() == 1
