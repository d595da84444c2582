"""Skills-based routing (AU1, AI2, SLA5, OP1): which operator gets a request, decided in one transaction.

Who fits a request: status «на линии»; speaks its language; level covers its tier; skills cover its
topic (a skill in a section covers its sub-topics). A request without a topic goes to triage at its own
tier (any operator of exactly that level). Tier 3 is the technical group: any online L3 fits, whatever
the topic. Among those who fit and are under capacity: least loaded first (open requests assigned to
them, see lifecycle.LOAD_STATUSES), ties to whoever has waited longest for a request, then by id.

Locks, so that two workers never give one request twice and nobody exceeds capacity:
- route_ticket (a request looks for an operator) waits for the ticket row, then locks the chosen
  operator's profile row, skipping profiles other workers hold (SKIP LOCKED); only when every fitting
  operator is held does it wait for the best one.
- routing_claim_next (an operator looks for a request) waits for their own profile row, then takes
  the most urgent, oldest request of their queue with FOR UPDATE SKIP LOCKED.
An operator's load is counted again after their profile is locked, in a new statement: every
assignment by routing holds that lock until it commits, so the count cannot be stale.
A path that holds a profile never waits for a ticket, so the two paths cannot deadlock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OperatorProfile
from tickets.broadcast import DESK_GROUP, agent_group, broadcast_on_commit
from tickets.lifecycle import LOAD_STATUSES, QUEUE_STATUSES, transition_apply
from tickets.models import Ticket, TicketEvent, Topic

logger = logging.getLogger(__name__)  # ids only

S = Ticket.Status
TECHNICAL_TIER = 3

# Why routing ran; stored in ROUTED/QUEUED events, shown in the journal.
REASONS = {
    "intake": _("новое обращение"),
    "transfer": _("передача на другой уровень"),
    "operator_away": _("исполнитель отошёл"),
    "operator_offline": _("исполнитель вышел из сети"),
    "operator_online": _("сотрудник вышел на линию"),
    "capacity_freed": _("у сотрудника освободилось место"),
    "claim": _("сотрудник взял следующее обращение из очереди"),
    "sweep": _("повторное распределение очереди"),
    "citizen_returned": _("гражданин ответил"),
}
# Why a request stays queued.
QUEUED_CAUSES = {
    "no_agent": _("нет подходящего сотрудника на линии"),
    "at_capacity": _("все подходящие сотрудники заняты"),
}
# What an operator's departure hands over: «away» gives up the requests where the citizen waits for
# us; «offline» ends the shift and gives up everything open.
REROUTED_ON = {
    OperatorProfile.Status.AWAY: (S.ASSIGNED, S.IN_PROGRESS),
    OperatorProfile.Status.OFFLINE: LOAD_STATUSES,
}
SWEEP_BATCH = 500


@dataclass(frozen=True)
class RoutingOutcome:
    ticket_id: int
    assignee_id: int | None
    cause: str = ""  # QUEUED_CAUSES key when nobody got it

    @property
    def routed(self) -> bool:
        return self.assignee_id is not None


# --- Who fits -------------------------------------------------------------------------------------------


def _load_expression():
    open_assigned = (
        Ticket.objects.filter(assignee_id=OuterRef("user_id"), status__in=LOAD_STATUSES)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_assigned, output_field=IntegerField()), Value(0))


def load_of(user_id: int) -> int:
    """Open requests the operator holds now (a fresh statement: sees everything committed)."""
    return Ticket.objects.filter(assignee_id=user_id, status__in=LOAD_STATUSES).count()


def _fits(ticket: Ticket) -> Q:
    """Profiles whose level, skills and language fit the request (status and capacity aside)."""
    condition = Q(languages__contains=[ticket.language])
    if ticket.tier >= TECHNICAL_TIER:
        return condition & Q(level__gte=TECHNICAL_TIER)
    if ticket.topic_id is None:
        return condition & Q(level=ticket.tier)  # triage at the request's own level
    covering = [ticket.topic_id]
    if ticket.topic.parent_id:
        covering.append(ticket.topic.parent_id)
    skilled = OperatorProfile.skills.through.objects.filter(operatorprofile_id=OuterRef("pk"), topic_id__in=covering)
    return condition & Q(level__gte=ticket.tier) & Exists(skilled)


def agents_available_for(ticket: Ticket, *, exclude_user_ids=()) -> QuerySet[OperatorProfile]:
    """Online operators who may take the request now, best first; each carries its `load`."""
    profiles = (
        OperatorProfile.objects.filter(_fits(ticket), status=OperatorProfile.Status.ONLINE)
        .annotate(load=_load_expression())
        .filter(load__lt=F("max_concurrent_chats"))
        .order_by("load", F("last_assigned_at").asc(nulls_first=True), "pk")
    )
    if exclude_user_ids:
        profiles = profiles.exclude(user_id__in=list(exclude_user_ids))
    return profiles


def _queued_cause(ticket: Ticket) -> str:
    online = OperatorProfile.objects.filter(_fits(ticket), status=OperatorProfile.Status.ONLINE)
    return "at_capacity" if online.exists() else "no_agent"


# --- Decisions ------------------------------------------------------------------------------------------


def _lock_agent_for(ticket: Ticket, exclude: set[int]) -> tuple[OperatorProfile | None, int]:
    tried = set(exclude)
    while True:
        candidates = agents_available_for(ticket, exclude_user_ids=tried).select_related("user")
        profile = candidates.select_for_update(skip_locked=True, of=("self",)).first()
        if profile is None:
            # Every fitting operator may be held by a parallel decision: wait for the best one rather
            # than queue a request that someone can take a millisecond later.
            profile = candidates.select_for_update(of=("self",)).first()
            if profile is None:
                return None, 0
        load = load_of(profile.user_id)
        if profile.status == OperatorProfile.Status.ONLINE and load < profile.max_concurrent_chats:
            return profile, load
        tried.add(profile.user_id)


def _give(*, ticket: Ticket, profile: OperatorProfile, load: int, actor, reason: str) -> None:
    """Assign a locked request to a locked operator. Caller holds both row locks."""
    from tickets.services import _revoke, event_broadcast, event_record  # services call routing via tasks

    now = timezone.now()
    previous_id = ticket.assignee_id
    fields = ["assignee", "routed_at", "updated_at"]
    if previous_id is not None:
        _revoke(ticket, ticket.assignee)
        ticket.reassignment_count += 1  # SLA5 counts handoffs
        fields.append("reassignment_count")
    ticket.assignee_id = profile.user_id
    ticket.routed_at = now
    journal: list = []
    if ticket.status in QUEUE_STATUSES:
        fields += transition_apply(
            ticket=ticket, target=S.ASSIGNED, actor=actor, reason=str(REASONS[reason]), now=now, journal=journal
        )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.ROUTED,
        actor=actor,
        journal=journal,
        reason=reason,
        assignee_id=profile.user_id,
        previous_id=previous_id,
        level=profile.level,
        department=profile.department,
        load=load,
        capacity=profile.max_concurrent_chats,
    )
    _assignment_write(ticket=ticket, fields=fields, profile=profile, now=now, events=journal)
    for event in journal:
        event_broadcast(ticket, event)
    broadcast_on_commit(
        agent_group(profile.user_id),
        {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number, "priority": ticket.priority},
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    logger.info("ticket routed id=%s agent=%s reason=%s load=%s", ticket.pk, profile.user_id, reason, load)


def _assignment_write(*, ticket: Ticket, fields: list[str], profile: OperatorProfile, now, events: list) -> None:
    """An assignment's writes in one statement: the assignee's grants, the operator's «last given» time (fair
    ties), the request's changed fields and its journal rows. Routing runs this on every assignment, and each
    separate statement was a round trip of the claim's 5 ms budget. Values are prepared by the model fields
    themselves (as save() and bulk_create() do); the journal rows get their ids back in order."""
    from tickets.services import grant_statement

    grant_sql, params = grant_statement(ticket_id=ticket.pk, agent_id=profile.user_id)
    sets = []
    for name in dict.fromkeys(fields):
        field = Ticket._meta.get_field(name)
        value = field.pre_save(ticket, add=False)  # auto_now fields take their time here, as in save()
        sets.append(f"{connection.ops.quote_name(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    params += [ticket.pk, now, profile.pk]
    rows, event_fields = [], [TicketEvent._meta.get_field(name) for name in ("ticket", "kind", "actor", "data")]
    for event in events:
        event.created_at = now
        rows.append("(%s, %s, %s, %s, %s)")
        params += [field.get_db_prep_save(getattr(event, field.attname), connection) for field in event_fields]
        params.append(now)
    events_table = TicketEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH granted AS ({grant_sql}),
                 moved AS (UPDATE {Ticket._meta.db_table} SET {", ".join(sets)} WHERE id = %s),
                 agent AS (UPDATE {OperatorProfile._meta.db_table} SET last_assigned_at = %s WHERE id = %s)
            INSERT INTO {events_table} (ticket_id, kind, actor_id, data, created_at)
            VALUES {", ".join(rows)}
            RETURNING id
            """,  # noqa: S608 — names come from model metadata, every value is a parameter
            params,
        )
        for event, (event_id,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = event_id
    profile.last_assigned_at = now


def _leave_queued(*, ticket: Ticket, actor, reason: str, away_from: int | None, journal: bool) -> RoutingOutcome:
    from tickets.services import _revoke, event_record

    if away_from is not None:
        # The operator left and nobody can take over: the request goes back to the queue. One waiting
        # for the citizen keeps its status (and its paused clock) until the citizen answers.
        _revoke(ticket, ticket.assignee)
        ticket.assignee = None
        fields = ["assignee", "updated_at"]
        if ticket.status in (S.ASSIGNED, S.IN_PROGRESS):
            fields += transition_apply(ticket=ticket, target=S.TRIAGED, actor=actor, reason=str(REASONS[reason]))
        ticket.save(update_fields=fields)
        broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    cause = _queued_cause(ticket)
    if journal or away_from is not None:
        event_record(
            ticket=ticket, kind=TicketEvent.Kind.QUEUED, actor=actor, reason=reason, cause=cause, previous_id=away_from
        )
    return RoutingOutcome(ticket_id=ticket.pk, assignee_id=None, cause=cause)


@transaction.atomic
def route_ticket(
    *, ticket_id: int, reason: str, actor=None, away_from: int | None = None, journal_queued: bool = True
) -> RoutingOutcome | None:
    """Give an open request to the best operator available, or leave it queued with the cause journaled.

    away_from: re-route the request away from this operator (they left); nothing happens when it is
    no longer theirs. Without it, a request that already has an operator is left alone, so a task
    that runs twice does no harm. Returns None when there was nothing to decide.
    """
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("topic").filter(pk=ticket_id).first()
    if ticket is None or not ticket.is_open:
        return None
    if ticket.assignee_id != away_from:
        return None
    profile, load = _lock_agent_for(ticket, {away_from} if away_from else set())
    if profile is None:
        return _leave_queued(ticket=ticket, actor=actor, reason=reason, away_from=away_from, journal=journal_queued)
    _give(ticket=ticket, profile=profile, load=load, actor=actor, reason=reason)
    return RoutingOutcome(ticket_id=ticket.pk, assignee_id=profile.user_id)


# The claim is the hot path of routing (every operator who frees a place runs it), so its two reads are
# written out in SQL: the ORM spent longer building them than PostgreSQL spent running them. The queue
# condition mirrors _fits (a skill in a section covers its sub-topics; tier 3 takes any topic); the order
# is that of the queue's partial index (priority, age, id).
_CLAIM_PROFILE_SQL = """
    SELECT profile.*, ARRAY(
        SELECT topic.id FROM {topic} topic
          JOIN {skills} skill ON skill.topic_id IN (topic.id, topic.parent_id)
         WHERE skill.operatorprofile_id = profile.id
    ) AS skilled_topic_ids
      FROM {profile} profile
     WHERE profile.user_id = %(user)s
       FOR UPDATE OF profile
"""
_CLAIM_TICKET_SQL = """
    WITH agent_load AS MATERIALIZED (
        -- a new statement after the profile lock: sees every assignment committed while we waited for it
        SELECT count(*) AS n FROM {ticket} WHERE assignee_id = %(user)s AND status IN %(load_statuses)s
    )
    SELECT ticket.*, agent_load.n AS agent_load
      FROM {ticket} ticket, agent_load
     WHERE agent_load.n < %(capacity)s
       AND ticket.assignee_id IS NULL AND ticket.status IN %(queue_statuses)s
       AND ticket.language = ANY(%(languages)s)
       AND ((ticket.topic_id IS NULL AND ticket.tier = %(level)s)
            OR (ticket.tier <= %(level)s AND ticket.topic_id = ANY(%(topics)s))
            OR (%(level)s >= %(technical)s AND ticket.tier >= %(technical)s))
     ORDER BY ticket.priority DESC, ticket.created_at, ticket.id
     LIMIT 1
       FOR UPDATE OF ticket SKIP LOCKED
"""


def _sql(template: str) -> str:
    return template.format(
        profile=OperatorProfile._meta.db_table,
        ticket=Ticket._meta.db_table,
        topic=Topic._meta.db_table,
        skills=OperatorProfile.skills.through._meta.db_table,
    )


def _in_list(values) -> str:
    """Statuses are our own constants: inlined so the planner matches the partial indexes' predicates."""
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


@transaction.atomic
def routing_claim_next(*, agent, reason: str = "claim") -> Ticket | None:
    """The operator takes the most urgent, oldest request of their queue; None when full, away or none fit."""
    profile = next(iter(OperatorProfile.objects.raw(_sql(_CLAIM_PROFILE_SQL), {"user": agent.pk})), None)
    if profile is None or profile.status != OperatorProfile.Status.ONLINE:
        return None
    claim_sql = _sql(_CLAIM_TICKET_SQL).replace("%(load_statuses)s", _in_list(LOAD_STATUSES))
    claim_sql = claim_sql.replace("%(queue_statuses)s", _in_list(QUEUE_STATUSES))
    params = {
        "user": profile.user_id,
        "profile": profile.pk,
        "capacity": profile.max_concurrent_chats,
        "languages": list(profile.languages),
        "level": profile.level,
        "topics": list(profile.skilled_topic_ids),
        "technical": TECHNICAL_TIER,
    }
    ticket = next(iter(Ticket.objects.raw(claim_sql, params)), None)
    if ticket is None:
        return None
    _give(ticket=ticket, profile=profile, load=ticket.agent_load, actor=None, reason=reason)
    return ticket


def routing_offer_queued(*, agent, reason: str) -> list[Ticket]:
    """Fill the operator's free capacity from their queue (they came online, or finished a request)."""
    given = []
    while (ticket := routing_claim_next(agent=agent, reason=reason)) is not None:
        given.append(ticket)
    return given


def routing_reroute_from(*, user_id: int, status: str) -> list[RoutingOutcome]:
    """Hand the requests of an operator who went away or offline to colleagues, most urgent first."""
    statuses = REROUTED_ON.get(status)
    if not statuses:
        return []
    reason = f"operator_{status}"
    ids = list(
        Ticket.objects.filter(assignee_id=user_id, status__in=statuses)
        .order_by("-priority", "created_at", "id")
        .values_list("pk", flat=True)
    )
    outcomes = []
    for ticket_id in ids:
        outcome = route_ticket(ticket_id=ticket_id, reason=reason, away_from=user_id)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def operator_status_routing(*, user_id: int) -> None:
    """React to an operator's line status as it is now (the task may run late or twice)."""
    profile = OperatorProfile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None:
        return
    if profile.status == OperatorProfile.Status.ONLINE:
        routing_offer_queued(agent=profile.user, reason="operator_online")
    else:
        routing_reroute_from(user_id=user_id, status=profile.status)


def routing_capacity_freed(*, user_id: int) -> list[Ticket]:
    profile = OperatorProfile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None or profile.status != OperatorProfile.Status.ONLINE:
        return []
    return routing_offer_queued(agent=profile.user, reason="capacity_freed")


def routing_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Safety net: try the queue again, most urgent first; returns how many requests found an operator."""
    if not OperatorProfile.objects.filter(status=OperatorProfile.Status.ONLINE).exists():
        return 0
    ids = list(
        Ticket.objects.filter(assignee__isnull=True, status__in=QUEUE_STATUSES)
        .order_by("-priority", "created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    routed = 0
    for ticket_id in ids:
        outcome = route_ticket(ticket_id=ticket_id, reason="sweep", journal_queued=False)
        routed += bool(outcome and outcome.routed)
    return routed
