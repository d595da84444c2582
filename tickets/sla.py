"""SLA clocks (SPEC SLA1–SLA4): policies, deadlines, the pause while waiting, and the periodic sweep.

Three deadlines per request, all measured from registration and moved forward by every paused second:
first contact (first_response_due_at), resolution (due_at, typical or complex by topic) and the hard cap
(hard_due_at). The first-contact clock runs in every running status until somebody answers; the
resolution clock until the request is resolved.

sla_state is the state of those clocks *now* (on track, at risk, breached): it clears as soon as the clock
it concerned is met (a first contact made, the request resolved) and comes back when a reopened request
resumes late. The journal keeps the history: each crossing — (at risk | breached, clock) — gets one
journal row, the first time only, so a sweep that runs twice, two sweeps that overlap, or a state that
clears and returns write nothing twice. Only the sweep writes new crossings (and tells supervisors);
the services lower the state at once, and raise it only to a crossing the journal already holds.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, Count, DateTimeField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import OperatorProfile
from tickets.broadcast import DESK_GROUP, SUPERVISOR_GROUP, agent_group, broadcast_on_commit
from tickets.models import SLAPolicy, SLAState, Ticket, TicketEvent, Topic

logger = logging.getLogger(__name__)  # ids and counts only

S = Ticket.Status
# The statuses in which the clocks run, with the same lists as the partial indexes that serve the sweep
# (ticket_sla_first_response, ticket_sla_resolution): PostgreSQL uses a partial index only when the query
# repeats its predicate. The first-contact clock runs in all of them while first_response_at is NULL:
# «в работе» set without a reply does not stop it.
RUNNING_STATUSES = [S.NEW, S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS]
FIRST_RESPONSE_STATUSES = RUNNING_STATUSES
RESOLUTION_STATUSES = RUNNING_STATUSES
# Entering one of these stops the clocks; leaving it for an open status starts them again. A resolved
# request that the citizen reopens continues where it stopped instead of counting the quiet days.
PAUSED_STATUSES = frozenset({S.WAITING, S.RESOLVED})
STATE_RANK = {SLAState.ON_TRACK: 0, SLAState.AT_RISK: 1, SLAState.BREACHED: 2}
CROSSING_KIND = {SLAState.AT_RISK: TicketEvent.Kind.SLA_AT_RISK, SLAState.BREACHED: TicketEvent.Kind.SLA_BREACHED}
DEFAULT_AT_RISK_RATIO = SLAPolicy._meta.get_field("at_risk_ratio").default
AT_RISK_STATES = (SLAState.AT_RISK, SLAState.BREACHED)
ALERT_TICKETS_SHOWN = 20  # a burst of breaches is one supervisor alert naming the first few requests
# Each escalation is a reassignment (locks, grants, journal, notifications: 15–45 ms). A burst (beat was
# down for hours) is handed over a few per sweep, most urgent first, the rest 10 s later: at most 25 per
# sweep, and after the first 5 only while the sweep is younger than the budget, so it stays under 2 s.
ESCALATIONS_PER_SWEEP = 25
ESCALATIONS_ALWAYS = 5
SWEEP_BUDGET_SECONDS = 1.5

FIRST_RESPONSE, RESOLUTION, HARD_CAP = "first_response", "resolution", "hard_cap"


# --- Policies and clocks -------------------------------------------------------------------------------


def policy_for(ticket: Ticket) -> SLAPolicy:
    """The most specific active policy: channel+topic > topic > channel > any.

    A policy on a parent topic covers its sub-topics; one on the exact topic wins over the parent's.
    With no active policy at all the SPEC defaults apply (an unsaved SLAPolicy with its field defaults).
    """
    topic_ids = []
    if ticket.topic_id:
        topic_ids.append(ticket.topic_id)
        parent_id = ticket.topic.parent_id if ticket.topic else None
        if parent_id:
            topic_ids.append(parent_id)
    policies = SLAPolicy.objects.filter(
        Q(channel="") | Q(channel=ticket.channel),
        Q(topic__isnull=True) | Q(topic_id__in=topic_ids),
        is_active=True,
    ).order_by("pk")

    def specificity(policy: SLAPolicy) -> tuple[int, int, int]:
        topic_rank = 0 if policy.topic_id is None else (2 if policy.topic_id == ticket.topic_id else 1)
        return (topic_rank > 0, bool(policy.channel), topic_rank)

    best = max(policies, key=specificity, default=None)  # max keeps the first (oldest) among equals
    return best if best is not None else SLAPolicy(name="SPEC")


def resolution_seconds(policy: SLAPolicy, topic: Topic | None) -> int:
    """A request without a topic is treated as complex until triage says otherwise."""
    if topic is not None and topic.complexity == Topic.Complexity.TYPICAL:
        return policy.typical_resolution_seconds
    return policy.complex_resolution_seconds


def resolution_target(topic: Topic | None, policy: SLAPolicy | None = None) -> timedelta:
    """The resolution target of a topic under `policy` (default: the SPEC targets, SLAPolicy's field defaults).

    The one place a target is derived from a topic: a request's own deadlines come from clocks_start with
    the policy that applies to it.
    """
    return timedelta(seconds=resolution_seconds(policy or SLAPolicy(), topic))


def _deadlines(ticket: Ticket, policy: SLAPolicy, start: datetime) -> dict[str, datetime]:
    return {
        "first_response_due_at": start + timedelta(seconds=policy.first_response_seconds),
        "due_at": start + timedelta(seconds=resolution_seconds(policy, ticket.topic)),
        "hard_due_at": start + timedelta(seconds=policy.hard_cap_seconds),
    }


def clocks_start(*, ticket: Ticket, now: datetime) -> Ticket:
    """Set the three deadlines of a new request from its policy and topic; saves only those fields."""
    policy = policy_for(ticket)
    for name, value in _deadlines(ticket, policy, now).items():
        setattr(ticket, name, value)
    ticket.sla_policy = policy if policy.pk else None
    ticket.save(update_fields=["first_response_due_at", "due_at", "hard_due_at", "sla_policy"])
    return ticket


def clocks_recompute(*, ticket: Ticket) -> Ticket:
    """After triage changed the topic or channel: the same clocks, re-targeted from registration.

    The time already paused still counts as paused; a pause still running is added by clock_resume.
    """
    policy = policy_for(ticket)
    start = ticket.created_at + timedelta(seconds=ticket.sla_paused_seconds)
    for name, value in _deadlines(ticket, policy, start).items():
        setattr(ticket, name, value)
    ticket.sla_policy = policy if policy.pk else None
    changed = state_follow(ticket=ticket, now=timezone.now(), may_rise=True)  # the targets moved
    ticket.save(update_fields=["first_response_due_at", "due_at", "hard_due_at", "sla_policy", *changed])
    return ticket


def clock_pause(*, ticket: Ticket, now: datetime) -> list[str]:
    """Stop the clocks (the request waits for the citizen). Returns the changed fields; the caller saves."""
    if ticket.sla_paused_at is not None:
        return []
    ticket.sla_paused_at = now
    return ["sla_paused_at"]


def clock_resume(*, ticket: Ticket, now: datetime) -> list[str]:
    """Start the clocks again: every deadline moves forward by the paused time. The caller saves."""
    if ticket.sla_paused_at is None:
        return []
    paused = max(now - ticket.sla_paused_at, timedelta(0))
    changed = ["sla_paused_at", "sla_paused_seconds"]
    for name in ("due_at", "hard_due_at"):
        if getattr(ticket, name) is not None:
            setattr(ticket, name, getattr(ticket, name) + paused)
            changed.append(name)
    # a first contact already made is history: its deadline stays where it was met
    if ticket.first_response_at is None and ticket.first_response_due_at is not None:
        ticket.first_response_due_at += paused
        changed.append("first_response_due_at")
    ticket.sla_paused_seconds += int(paused.total_seconds())
    ticket.sla_paused_at = None
    return changed


def clocks_follow_status(*, ticket: Ticket, previous: str, now: datetime) -> None:
    """Called by the lifecycle after ticket.status changed (inside its transaction): pause or resume.

    Saves the SLA fields it changed, so the caller's own save does not need to know about them.
    """
    changed: list[str] = []
    resumed = False
    if ticket.status in PAUSED_STATUSES and previous not in PAUSED_STATUSES:
        changed = clock_pause(ticket=ticket, now=now)
    elif previous in PAUSED_STATUSES and ticket.status in Ticket.OPEN_STATUSES:
        changed, resumed = clock_resume(ticket=ticket, now=now), True
    elif ticket.status in (S.CLOSED, S.CANCELLED) and ticket.sla_paused_at is not None:
        changed = clock_resume(ticket=ticket, now=now)  # closes the pause so paused seconds are complete
    # resolved: the clocks are met and the state clears; resumed (a reopening): the clocks as they stand
    changed += state_follow(ticket=ticket, now=now, may_rise=resumed)
    if changed:
        Ticket.objects.filter(pk=ticket.pk).update(**{name: getattr(ticket, name) for name in changed})


# --- The current state -------------------------------------------------------------------------------


def _ticket_row(ticket: Ticket) -> dict:
    """A request's fields in the shape the sweep reads them (SWEEP_ROW_FIELDS)."""
    row = {name: getattr(ticket, name) for name in SWEEP_ROW_FIELDS if "__" not in name and name != "pk"}
    row["pk"] = ticket.pk
    ratio = None
    if ticket.sla_policy_id is not None and (ticket.status in RUNNING_STATUSES or ticket.status == S.WAITING):
        ratio = ticket.sla_policy.at_risk_ratio  # a stopped clock needs no ratio: no query for it
    row["sla_policy__at_risk_ratio"] = ratio
    return row


def _journaled(ticket_ids: list[int]) -> set[tuple[int, str, str]]:
    """(ticket id, kind, clock) of every at-risk/breached crossing already in these requests' journals.

    Asked by id (the journal's ticket index), as _hard_cap_marked does, never as an anti-join.
    """
    if not ticket_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ticket_id, kind, COALESCE(data ->> 'target', '') FROM {TicketEvent._meta.db_table} "  # noqa: S608 -- table name from model meta
            "WHERE ticket_id = ANY(%s) AND kind = ANY(%s)",
            [ticket_ids, list(CROSSING_KIND.values())],
        )
        return {(ticket_id, kind, target) for ticket_id, kind, target in cursor.fetchall()}


def state_follow(*, ticket: Ticket, now: datetime, may_rise: bool = False) -> list[str]:
    """Bring ticket.sla_state to what its clocks say now; returns ["sla_state"] when it changed (the caller saves).

    Called after anything that meets, stops, resumes or re-targets a clock (first contact, status changes,
    clocks_recompute). It lowers at once (a first contact at 25 s clears «at risk» then, not 10 s later).
    With may_rise (a resumed or re-targeted clock) it also raises, but only to a crossing this request's
    journal already holds (a reopened request still late): a new crossing is the sweep's to journal and
    to tell supervisors about, within 10 s. Whatever it cannot raise to, it leaves at the highest journaled
    step below — never at a step the journal lacks, which the sweep would then never journal.
    """
    if ticket.sla_state == SLAState.ON_TRACK and not may_rise:
        return []  # nothing to lower: the common case costs no query
    state, target = _state_at(_ticket_row(ticket), now)
    if state != ticket.sla_state and state != SLAState.ON_TRACK:
        journaled = {(kind, clock) for _pk, kind, clock in _journaled([ticket.pk])}
        while state != SLAState.ON_TRACK and (CROSSING_KIND[state], target) not in journaled:
            state = SLAState.AT_RISK if state == SLAState.BREACHED else SLAState.ON_TRACK
    if state == ticket.sla_state:
        return []
    ticket.sla_state = state
    return ["sla_state"]


# --- What the desk shows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SLATimer:
    """The next deadline of one request as the desk shows it (remaining time, or how late it is)."""

    target: str  # FIRST_RESPONSE or RESOLUTION
    deadline: datetime | None
    seconds_left: int  # negative when late
    paused: bool
    state: str

    @property
    def is_late(self) -> bool:
        return not self.paused and self.seconds_left < 0

    @property
    def clock(self) -> str:
        """The remaining (or overdue) time as H:MM:SS or M:SS, the same format desk-sla.js ticks in."""
        minutes, seconds = divmod(abs(self.seconds_left), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def sla_timer(ticket: Ticket, now: datetime) -> SLATimer | None:
    """None for requests whose clocks have stopped for good (resolved, closed) or never started."""
    if ticket.status not in Ticket.OPEN_STATUSES:
        return None
    if ticket.first_response_at is None and ticket.first_response_due_at is not None:
        target, deadline = FIRST_RESPONSE, ticket.first_response_due_at
    elif ticket.due_at is not None:
        target, deadline = RESOLUTION, ticket.due_at
    else:
        return None
    paused = ticket.sla_paused_at is not None
    # while paused the remaining time is frozen at the moment the pause began
    reference = ticket.sla_paused_at if paused else now
    return SLATimer(
        target=target,
        deadline=deadline,
        seconds_left=int((deadline - reference).total_seconds()),
        paused=paused,
        state=ticket.sla_state,
    )


# --- The sweep -----------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    at_risk: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    hard_cap: list[int] = field(default_factory=list)
    escalated: list[tuple[int, int]] = field(default_factory=list)  # (ticket id, new assignee id)
    not_escalated: list[int] = field(default_factory=list)  # breached now, no senior free
    deferred: list[int] = field(default_factory=list)  # a senior fits, but this sweep's escalations are used up
    cleared: list[int] = field(default_factory=list)  # at risk / breached no longer: the clock was met meanwhile

    def as_dict(self) -> dict[str, int]:
        return {
            "at_risk": len(self.at_risk),
            "breached": len(self.breached),
            "cleared": len(self.cleared),
            "hard_cap": len(self.hard_cap),
            "escalated": len(self.escalated),
            "not_escalated": len(self.not_escalated),
            "deferred": len(self.deferred),
        }


def _lead_time(now: datetime) -> timedelta:
    """How far ahead of a deadline a request can turn «at risk» under the active policies.

    The sweep reads deadlines up to now + this lead through the partial indexes instead of every open request.
    Never negative: a ratio outside (0, 1) that reached the database past the validation must not hide
    deadlines already passed from the sweep.
    """
    leads = [
        (1 - min(max(float(policy.at_risk_ratio), 0.0), 1.0))
        * max(policy.first_response_seconds, policy.complex_resolution_seconds, policy.typical_resolution_seconds)
        for policy in list(SLAPolicy.objects.filter(is_active=True)) or [SLAPolicy()]
    ]
    return timedelta(seconds=max(leads) + 1)


def _state_at(row: dict, now: datetime) -> tuple[str, str]:
    """(state, clock) this request's clocks are in at `now`; the ratio applies to each clock's own length.

    Running statuses are read at `now`; a request waiting for the citizen at the moment its pause began
    (its deadlines move only when it resumes). Resolved, closed, cancelled and the assistant's chats have
    no running clock: on track. The first-contact clock counts first, as the desk's timer shows it.
    """
    status = row["status"]
    if status in RUNNING_STATUSES:
        reference = now
    elif status == S.WAITING:
        reference = row.get("sla_paused_at") or now
    else:
        return SLAState.ON_TRACK, ""
    ratio = float(row["sla_policy__at_risk_ratio"] or DEFAULT_AT_RISK_RATIO)
    start = row["created_at"] + timedelta(seconds=row["sla_paused_seconds"])
    clocks = []
    if row["first_response_at"] is None and row["first_response_due_at"]:
        clocks.append((FIRST_RESPONSE, row["first_response_due_at"]))
    if row["due_at"]:
        clocks.append((RESOLUTION, row["due_at"]))
    state, target = SLAState.ON_TRACK, ""
    for name, deadline in clocks:
        if reference > deadline:
            return SLAState.BREACHED, name
        if reference >= start + (deadline - start) * ratio and state == SLAState.ON_TRACK:
            state, target = SLAState.AT_RISK, name
    return state, target


def _running(now: datetime, lead: timedelta) -> Q:
    """Open requests with a running clock whose deadline is within `lead` (index-friendly predicates)."""
    first_response = Q(
        first_response_at__isnull=True, status__in=FIRST_RESPONSE_STATUSES, first_response_due_at__lte=now + lead
    )
    resolution = Q(status__in=RESOLUTION_STATUSES, due_at__lte=now + lead)
    return (first_response | resolution) & Q(sla_paused_at__isnull=True)


SWEEP_ROW_FIELDS = (
    "pk",
    "number",
    "status",
    "created_at",
    "first_response_at",
    "first_response_due_at",
    "due_at",
    "sla_state",
    "sla_paused_at",
    "sla_paused_seconds",
    "sla_policy__at_risk_ratio",
)


# pg_advisory_xact_lock key of the marking steps (any constant; "SLA" in ASCII)
SWEEP_LOCK_KEY = 0x534C41


def _sweep_lock() -> None:
    """Two sweeps (a slow one and beat's next tick) mark one after the other, each reading what the other wrote.

    Cheaper than locking thousands of ticket rows (FOR UPDATE writes every row it locks); held only for the
    marking transaction. Services are not blocked: the UPDATEs re-check status and state themselves.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])


def _mark(now: datetime, result: SweepResult) -> None:
    """Bring every request whose state may be out of date to its current state, in one transaction.

    Two small index-served sets: requests with a running clock near or past a deadline that are not yet
    breached (they may rise), and open requests marked at risk or breached (they may have cleared — a write
    that bypassed the services, or a crossing still running while another clock was met). A rise to a
    crossing the journal lacks writes its one journal row and goes into the supervisors' alert.
    """
    lead = _lead_time(now)
    with transaction.atomic():
        _sweep_lock()
        rising = Ticket.objects.filter(_running(now, lead), sla_state__in=[SLAState.ON_TRACK, SLAState.AT_RISK])
        rows = {row["pk"]: row for row in rising.order_by().values(*SWEEP_ROW_FIELDS)}  # no sort: only classified
        for row in _maybe_cleared(now).order_by().values(*SWEEP_ROW_FIELDS):
            rows.setdefault(row["pk"], row)
        moves = []
        for row in rows.values():
            state, target = _state_at(row, now)
            if state != row["sla_state"]:
                moves.append((row, state, target))
        if not moves:
            return
        journaled = _journaled([row["pk"] for row, state, _t in moves if state != SLAState.ON_TRACK])
        changes = []
        for row, state, target in moves:
            crossing = state != SLAState.ON_TRACK and (row["pk"], CROSSING_KIND[state], target) not in journaled
            deadline = row["first_response_due_at"] if target == FIRST_RESPONSE else row["due_at"]
            changes.append(_Change(row["pk"], row["sla_state"], state, target, crossing,
                                   deadline.isoformat() if crossing else ""))
        for change in _state_set_and_journal(changes):
            if change.crossing:
                (result.at_risk if change.new == SLAState.AT_RISK else result.breached).append(change.ticket_id)
            elif STATE_RANK[change.new] < STATE_RANK[change.old]:
                result.cleared.append(change.ticket_id)


def _maybe_cleared(now: datetime):
    """Open requests marked at risk or breached that may be so no longer, read through the at-risk queue's
    partial index (ticket_open_at_risk holds exactly the marked ones).

    A breach stands while a deadline of a running clock has passed (most marked requests, all day long): the
    database leaves those out, so the sweep reads only the few at risk and any breach whose clock was met.
    Deadlines of a request waiting for the citizen are compared with the moment its pause began.
    """
    reference = Case(
        When(status=S.WAITING, then=Coalesce(F("sla_paused_at"), Value(now))),
        default=Value(now),
        output_field=DateTimeField(),
    )
    still_breached = Q(first_response_at__isnull=True, first_response_due_at__lt=reference) | Q(due_at__lt=reference)
    return Ticket.objects.filter(status__in=Ticket.STAFF_OPEN_STATUSES, sla_state__in=AT_RISK_STATES).filter(
        Q(sla_state=SLAState.AT_RISK) | ~still_breached
    )


@dataclass(frozen=True)
class _Change:
    ticket_id: int
    old: str
    new: str
    target: str  # the clock the new state concerns ("" when on track)
    crossing: bool  # a step the journal does not hold yet: one row for it
    deadline: str  # ISO time of that clock's deadline, for the journal row


def _state_set_and_journal(changes: list[_Change]) -> list[_Change]:
    """One UPDATE and one INSERT for any number of requests (a cold start may move thousands at once).

    The UPDATE is a compare-and-set: a request moves only if its state is still the one read, it is still
    open, a rise still has its clock running (not paused, a first contact still missing when that is the
    clock) — a reply or a status change since the read wins. Only requests that moved get their journal
    row. The rows go in as arrays (unnest), not one parameter per value; journal rows are plain
    TicketEvents without a per-row broadcast (one alert per sweep).
    """
    ticket_table, event_table = Ticket._meta.db_table, TicketEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {ticket_table} AS t SET sla_state = u.new
              FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::boolean[])
                   AS u(id, old, new, target, rise)
             WHERE t.id = u.id AND t.sla_state = u.old AND t.status = ANY(%s)
               AND (NOT u.rise OR (t.status = ANY(%s) AND t.sla_paused_at IS NULL))
               AND (u.target <> %s OR t.first_response_at IS NULL)
            RETURNING t.id
            """,  # noqa: S608 -- table names from model meta, every value a parameter
            [
                [c.ticket_id for c in changes],
                [c.old for c in changes],
                [c.new for c in changes],
                [c.target for c in changes],
                [STATE_RANK[c.new] > STATE_RANK[c.old] for c in changes],
                [str(status) for status in Ticket.STAFF_OPEN_STATUSES],
                [str(status) for status in RUNNING_STATUSES],
                FIRST_RESPONSE,
            ],
        )
        moved = {ticket_id for (ticket_id,) in cursor.fetchall()}
        done = [c for c in changes if c.ticket_id in moved]
        journal = [c for c in done if c.crossing]
        if journal:
            cursor.execute(
                f"INSERT INTO {event_table} (ticket_id, kind, data, created_at) "  # noqa: S608 -- table names from model meta
                "SELECT t, k, d::jsonb, %s FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS u(t, k, d)",
                [
                    timezone.now(),
                    [c.ticket_id for c in journal],
                    [CROSSING_KIND[c.new] for c in journal],
                    [json.dumps({"target": c.target, "due_at": c.deadline}) for c in journal],
                ],
            )
    return done


def _hard_cap_marked(ids: list[int]) -> set[int]:
    """Which of these requests already have their hard-cap journal row (by id: the journal's ticket index).

    Asked this way rather than as an anti-join: with stale statistics on a freshly filled journal
    PostgreSQL chose a nested loop over the whole journal that took 4 s for 5,000 requests.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ticket_id FROM {TicketEvent._meta.db_table} "  # noqa: S608 -- table name from model meta
            "WHERE ticket_id = ANY(%s) AND kind = %s AND data ->> 'target' = %s",
            [ids, TicketEvent.Kind.SLA_BREACHED, HARD_CAP],
        )
        return {ticket_id for (ticket_id,) in cursor.fetchall()}


def _mark_hard_cap(now: datetime, result: SweepResult) -> None:
    """Past the hard cap (SLA3: the rest within an hour): one more journal row and alert per request."""
    with transaction.atomic():
        _sweep_lock()
        candidates = list(
            Ticket.objects.filter(
                status__in=RESOLUTION_STATUSES,
                due_at__lte=now,  # the hard cap is never earlier than the resolution deadline: uses the index
                hard_due_at__lt=now,
                sla_paused_at__isnull=True,
            )
            .order_by()
            .values_list("pk", "hard_due_at")
        )
        marked = _hard_cap_marked([pk for pk, _due in candidates]) if candidates else set()
        rows = [(pk, due) for pk, due in candidates if pk not in marked]
        if not rows:
            return
        ids = [pk for pk, _due in rows]
        ticket_table, event_table = Ticket._meta.db_table, TicketEvent._meta.db_table
        with connection.cursor() as cursor:
            # most are breached already: only the rest are written
            cursor.execute(
                f"UPDATE {ticket_table} SET sla_state = %s WHERE id = ANY(%s) AND sla_state <> %s",  # noqa: S608 -- table names from model meta
                [SLAState.BREACHED, ids, SLAState.BREACHED],
            )
            cursor.execute(
                f"INSERT INTO {event_table} (ticket_id, kind, data, created_at) "  # noqa: S608 -- table names from model meta
                "SELECT t, %s, d::jsonb, %s FROM unnest(%s::bigint[], %s::text[]) AS u(t, d)",
                [
                    TicketEvent.Kind.SLA_BREACHED,
                    timezone.now(),
                    ids,
                    [json.dumps({"target": HARD_CAP, "due_at": due.isoformat()}) for _pk, due in rows],
                ],
            )
        result.hard_cap.extend(ids)


# --- Escalation to a senior specialist -----------------------------------------------------------------


@dataclass
class _Senior:
    user_id: int
    profile_id: int
    level: int
    topics: set[int]
    languages: list[str]
    capacity: int
    load: int
    last_assigned_at: datetime | None

    def fits(self, *, level: int, topic_id: int | None, language: str) -> bool:
        return (
            self.level > level
            and self.load < self.capacity
            and (topic_id is None or topic_id in self.topics)
            and language in self.languages  # the same rule as routing: the senior speaks the request's language
        )


def _seniors() -> list[_Senior]:
    """Online L2/L3 staff with their current load, read once per sweep (three queries, not three per request).

    Load means what routing counts against capacity (lifecycle.LOAD_STATUSES).
    """
    from tickets.lifecycle import LOAD_STATUSES

    profiles = list(
        OperatorProfile.objects.filter(status=OperatorProfile.Status.ONLINE, level__gt=1, user__is_active=True)
        .annotate(open_load=Count("user__assigned_tickets", filter=Q(user__assigned_tickets__status__in=LOAD_STATUSES)))
        .prefetch_related("skills")
    )
    children: dict[int, set[int]] = {}
    for topic_id, parent_id in Topic.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, set()).add(topic_id)
    seniors = []
    for profile in profiles:
        direct = {skill.pk for skill in profile.skills.all()}
        covered = set(direct)
        for skill_id in direct:  # a skill on a section covers its sub-topics, as in routing
            covered |= children.get(skill_id, set())
        seniors.append(
            _Senior(
                user_id=profile.user_id,
                profile_id=profile.pk,
                level=profile.level,
                topics=covered,
                languages=list(profile.languages),
                capacity=profile.max_concurrent_chats,
                load=profile.open_load,
                last_assigned_at=profile.last_assigned_at,
            )
        )
    return seniors


def _senior_order(senior: _Senior) -> tuple:
    # least loaded first; among equals the nearest level up, then whoever waited longest for work
    waited = senior.last_assigned_at.timestamp() if senior.last_assigned_at else float("-inf")
    return (senior.load / max(senior.capacity, 1), senior.level, waited, senior.user_id)


def _fitting(row: dict, seniors: list[_Senior]) -> tuple[int, list[_Senior]]:
    """The request's current level and the seniors above it who fit, decided in memory (no query)."""
    level = max(row["tier"], row["assignee__operator_profile__level"] or 1)
    return level, [s for s in seniors if s.fits(level=level, topic_id=row["topic_id"], language=row["language"])]


def _escalate_one(row: dict, level: int, fitting: list[_Senior], now: datetime) -> int | None:
    """Hand one breached request to the best fitting senior; returns the new assignee's id, or None."""
    from tickets import services  # services call this module for the clocks
    from tickets.routing import load_of

    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=row["pk"], sla_state=SLAState.BREACHED, escalation_level=0, status__in=Ticket.OPEN_STATUSES)
            .first()
        )
        if ticket is None:  # handled meanwhile, or another sweep holds it
            return None
        for senior in sorted(fitting, key=_senior_order):
            # the in-memory load is a snapshot: lock the senior's row and count again before adding to it
            locked = (
                OperatorProfile.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=senior.profile_id, status=OperatorProfile.Status.ONLINE)
                .first()
            )
            if locked is None:
                continue
            senior.load = load_of(senior.user_id)  # a fresh statement after the lock, as routing counts
            if senior.load >= locked.max_concurrent_chats:
                continue
            previous_id, reassignments = ticket.assignee_id, ticket.reassignment_count
            ticket = services.ticket_assign(ticket=ticket, assignee=locked.user, actor=None)
            ticket.escalation_level += 1
            ticket.tier = max(ticket.tier, senior.level)
            # SLA5's reassignment rate measures wrong first assignments; a handover to a senior on a breach is
            # an escalation, counted by escalation_level, not a reassignment
            ticket.reassignment_count = reassignments
            ticket.save(update_fields=["escalation_level", "tier", "reassignment_count"])
            OperatorProfile.objects.filter(pk=locked.pk).update(last_assigned_at=now)
            services.event_record(
                ticket=ticket,
                kind=TicketEvent.Kind.ESCALATED,
                reason="sla_breached",
                assignee_id=senior.user_id,
                previous_id=previous_id,
                from_level=level,
                to_level=senior.level,
            )
            # the senior's desk hears it like a routed request (routing sends the same frame)
            broadcast_on_commit(
                agent_group(senior.user_id),
                {
                    "type": "ticket.assigned",
                    "ticket_id": ticket.pk,
                    "number": ticket.number,
                    "priority": ticket.priority,
                },
            )
            senior.load += 1
            senior.last_assigned_at = now
            return senior.user_id
    return None


def _escalate(now: datetime, result: SweepResult, *, budget_ends: float = float("inf")) -> None:
    """Breached requests not yet escalated, including earlier ones nobody could take then."""
    waiting = list(
        Ticket.objects.filter(_running(now, timedelta(0)), sla_state=SLAState.BREACHED, escalation_level=0)
        .order_by("-priority", "created_at", "pk")
        .values("pk", "tier", "topic_id", "language", "assignee__operator_profile__level")
    )
    if not waiting:
        return
    seniors = _seniors()
    newly_breached = set(result.breached)
    attempts = 0
    for row in waiting:
        level, fitting = _fitting(row, seniors)
        assignee_id = None
        allowed = attempts < ESCALATIONS_PER_SWEEP and (attempts < ESCALATIONS_ALWAYS or time.monotonic() < budget_ends)
        if fitting and allowed:
            attempts += 1
            assignee_id = _escalate_one(row, level, fitting, now)
        if assignee_id is not None:
            result.escalated.append((row["pk"], assignee_id))
        elif fitting and not allowed:
            result.deferred.append(row["pk"])  # a senior is free: the next sweep, 10 s later, hands it over
        elif row["pk"] in newly_breached:
            result.not_escalated.append(row["pk"])  # told once; later sweeps retry quietly


def _alert(now: datetime, result: SweepResult) -> None:
    """One live alert per sweep for supervisors, and one refresh for every queue page.

    Requests that only cleared refresh the queues (they leave «Под угрозой срока») but alert nobody.
    """
    changed = result.at_risk + result.breached + result.hard_cap + [pk for pk, _user in result.escalated]
    if not changed:
        if result.cleared:
            with transaction.atomic():
                broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": result.cleared[0]})
        return
    numbers = dict(Ticket.objects.filter(pk__in=changed[: 5 * ALERT_TICKETS_SHOWN]).values_list("pk", "number"))
    names = {}
    if result.escalated:
        from accounts.models import User

        names = {user.pk: user.display_name for user in User.objects.filter(pk__in={u for _t, u in result.escalated})}

    def listed(ids: list[int]) -> list[dict]:
        return [{"ticket_id": pk, "number": numbers.get(pk, "")} for pk in ids[:ALERT_TICKETS_SHOWN]]

    with transaction.atomic():
        broadcast_on_commit(
            SUPERVISOR_GROUP,
            {
                "type": "sla.alert",
                "at": now.isoformat(),
                "counts": result.as_dict(),
                "at_risk": listed(result.at_risk),
                "breached": listed(result.breached),
                "hard_cap": listed(result.hard_cap),
                "not_escalated": listed(result.not_escalated),
                "escalated": [
                    {"ticket_id": pk, "number": numbers.get(pk, ""), "assignee": names.get(user_id, "")}
                    for pk, user_id in result.escalated[:ALERT_TICKETS_SHOWN]
                ],
            },
        )
        broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": changed[0]})


def sla_sweep(*, now: datetime | None = None) -> SweepResult:
    """Bring SLA states up to date, journal each crossing once, escalate breaches, tell supervisors live."""
    started = time.monotonic()
    now = now or timezone.now()
    result = SweepResult()
    _mark(now, result)
    _mark_hard_cap(now, result)
    _escalate(now, result, budget_ends=started + SWEEP_BUDGET_SECONDS)
    _alert(now, result)
    if any(result.as_dict().values()):
        logger.info("sla sweep %s", result.as_dict())
    return result
