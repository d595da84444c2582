"""Skills-based routing (AU1, AI2, SLA5, OP1): which operator gets a request, decided in one transaction.

Who fits a request: status «на линии», account active; speaks its language; level covers its tier; skills cover its
topic (a skill in a section covers its sub-topics). A request without a topic goes to triage at its own
tier (any operator of exactly that level). Tier 3 is the technical group: any online L3 fits, whatever
the topic. Among those who fit and are under capacity: least loaded first (open requests assigned to
them, see lifecycle.LOAD_STATUSES), ties to whoever has waited longest for a request, then by id.

Locks, so that two workers never give one request twice and nobody exceeds capacity:
- route_ticket (a request looks for an operator) waits for the ticket row, then locks the chosen
  operator's profile row, skipping profiles other workers hold (SKIP LOCKED); only when every fitting
  operator is held does it wait for the best one.
- routing_claim_next (an operator looks for a request) waits for their own profile row, then takes
  the most urgent, oldest request of their queue with FOR UPDATE SKIP LOCKED, in one statement.
An operator's load is counted as of after their profile is locked: every assignment by routing or SLA
escalation holds that lock until it commits, and changes the row (last_assigned_at). route_ticket counts
in a new statement after the lock; the claim's single statement checks that the row it locked is the one
its snapshot sees, and else runs again behind the lock (see _CLAIM_SQL).
A path that holds a profile never waits for a ticket, so the two paths cannot deadlock.
A manual take and a supervisor's assignment (assignment_check) lock the ticket, then the operator's profile,
as route_ticket does, count the load after the lock and change the profile row as every assignment does.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OperatorProfile
from dashboards.routing_timing import decision_timed
from supportdesk.errors import DomainError
from tickets.broadcast import DESK_GROUP, agent_group, broadcast_on_commit
from tickets.lifecycle import LOAD_STATUSES, QUEUE_STATUSES, transition_apply
from tickets.models import Ticket, TicketEvent, TicketUserObjectPermission, Topic

logger = logging.getLogger(__name__)  # ids only

S = Ticket.Status
TECHNICAL_TIER = 3

# Why routing ran; stored in ROUTED/QUEUED events, shown in the journal.
REASONS = {
    "intake": _("новое обращение"),
    "transfer": _("передача на другой уровень"),
    "operator_away": _("исполнитель отошёл"),
    "operator_offline": _("исполнитель вышел из сети"),
    "operator_busy": _("исполнитель занят и не начал работу"),
    "operator_inactive": _("учётная запись исполнителя отключена"),
    "operator_online": _("сотрудник вышел на линию"),
    "capacity_freed": _("у сотрудника освободилось место"),
    "claim": _("сотрудник взял следующее обращение из очереди"),
    "sweep": _("повторное распределение очереди"),
    "citizen_returned": _("гражданин ответил"),
    "unassigned": _("исполнитель снят с обращения"),
}
# Why a request stays queued.
QUEUED_CAUSES = {
    "nobody_online": _("на линии нет ни одного сотрудника"),
    "no_language": _("на линии нет сотрудника, говорящего на языке обращения"),
    "no_skill": _("на линии нет сотрудника с нужными уровнем и компетенцией"),
    "at_capacity": _("все подходящие сотрудники заняты"),
    "no_agent": _("нет подходящего сотрудника на линии"),  # journal rows written before the causes were split
}
# What an operator's departure hands over: «away» gives up the requests where the citizen waits for
# us; «offline» ends the shift and gives up everything open; «busy» (on the line, taking nothing new)
# gives up only what they have not started, whose first contact would otherwise wait for them.
REROUTED_ON = {
    OperatorProfile.Status.BUSY: (S.ASSIGNED,),
    OperatorProfile.Status.AWAY: (S.ASSIGNED, S.IN_PROGRESS),
    OperatorProfile.Status.OFFLINE: LOAD_STATUSES,
}
SWEEP_BATCH = 500


class AssignmentRefused(DomainError):
    """A take or an assignment that the routing rules do not allow; the message says why, in Russian.

    overridable: a supervisor may assign anyway after confirming (capacity, language, skills), never
    to someone who is not on the line.
    """

    def __init__(self, message: str, *, overridable: bool = False) -> None:
        super().__init__(message)
        self.overridable = overridable


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
        OperatorProfile.objects.filter(_fits(ticket), status=OperatorProfile.Status.ONLINE, user__is_active=True)
        .annotate(load=_load_expression())
        .filter(load__lt=F("max_concurrent_chats"))
        .order_by("load", F("last_assigned_at").asc(nulls_first=True), "pk")
    )
    if exclude_user_ids:
        profiles = profiles.exclude(user_id__in=list(exclude_user_ids))
    return profiles


def assignee_is_away(*, user_id: int, status: str) -> bool:
    """Whether routing would take a request in `status` from this assignee now: their line status hands
    such requests over (REROUTED_ON), or their account is switched off. No operator profile: a supervisor
    holds it, and keeps it."""
    row = OperatorProfile.objects.filter(user_id=user_id).values_list("status", "user__is_active").first()
    if row is None:
        return False
    line_status, is_active = row
    return not is_active or status in REROUTED_ON.get(line_status, ())


def _queued_cause(ticket: Ticket) -> str:
    """Why nobody got the request, in the words a supervisor acts on (one query)."""
    on_line = OperatorProfile.objects.filter(status=OperatorProfile.Status.ONLINE, user__is_active=True)
    counts = on_line.aggregate(
        everyone=Count("pk"),
        speaking=Count("pk", filter=Q(languages__contains=[ticket.language])),
        fitting=Count("pk", filter=_fits(ticket)),
    )
    if counts["fitting"]:
        return "at_capacity"
    if not counts["everyone"]:
        return "nobody_online"
    return "no_skill" if counts["speaking"] else "no_language"


# --- A person chooses the operator: a take, a supervisor's assignment ----------------------------------

# The languages requests arrive in, named in the desk's words (filters, refusals, the unrouted list).
LANGUAGE_NAMES = {"ru": _("русский"), "tt": _("татарский"), "en": _("английский")}


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def _misfit_text(ticket: Ticket) -> str:
    if ticket.tier >= TECHNICAL_TIER:
        return str(_("обращения технической группы берут сотрудники уровня L3"))
    if ticket.topic_id is None:
        return str(_("обращение без темы разбирают сотрудники уровня L%(tier)s") % {"tier": ticket.tier})
    return str(
        _("обращение уровня L%(tier)s по теме «%(topic)s» требует этой компетенции")
        % {"tier": ticket.tier, "topic": ticket.topic.name}
    )


def assignment_check(*, ticket: Ticket, user, actor, override: bool = False) -> int:
    """Lock the operator's profile and apply the routing rules to giving them this request; returns their load.

    Call while holding the ticket's row lock: ticket, then profile, the order route_ticket keeps. The operator
    must be on the line with an active account. Unless a supervisor confirmed (override), they must also have
    a free place (counted after the lock), speak the request's language and cover its tier and topic (_fits).
    The profile row is changed (last_assigned_at) as every assignment changes it, so that a claim which waited
    for this lock counts the request (see _CLAIM_SQL). Raises AssignmentRefused with a Russian message.
    """
    own = actor is not None and actor.pk == user.pk
    name = user.display_name
    profile = (
        OperatorProfile.objects.select_for_update(of=("self",)).select_related("user").filter(user_id=user.pk).first()
    )
    if profile is None:
        raise AssignmentRefused(
            _("Брать обращения из очереди могут сотрудники линии; супервизор назначает исполнителя.")
            if own
            else _("У сотрудника %(name)s нет профиля оператора: назначьте сотрудника линии.") % {"name": name}
        )
    if not profile.user.is_active:
        raise AssignmentRefused(_("Учётная запись сотрудника %(name)s отключена.") % {"name": name})
    if profile.status != OperatorProfile.Status.ONLINE:
        status = profile.get_status_display()
        raise AssignmentRefused(
            _("Чтобы брать обращения, выберите статус «на линии» (сейчас: «%(status)s»).") % {"status": status}
            if own
            else _("%(name)s сейчас не на линии (статус «%(status)s»): назначьте сотрудника, который на линии.")
            % {"name": name, "status": status}
        )
    if not (override and not own):
        language = language_name(ticket.language)
        if ticket.language not in profile.languages:
            raise AssignmentRefused(
                _("Обращение на языке «%(language)s», а в вашем профиле этого языка нет: его возьмёт коллега.")
                % {"language": language}
                if own
                else _("%(name)s не говорит на языке обращения («%(language)s»).")
                % {"name": name, "language": language},
                overridable=not own,
            )
        if not OperatorProfile.objects.filter(_fits(ticket), pk=profile.pk).exists():
            raise AssignmentRefused(
                _("Это обращение не для вашего уровня и компетенций: %(why)s.") % {"why": _misfit_text(ticket)}
                if own
                else _("Обращение не подходит сотруднику %(name)s по уровню и компетенциям: %(why)s.")
                % {"name": name, "why": _misfit_text(ticket)},
                overridable=not own,
            )
    load = load_of(user.pk)  # a fresh statement after the lock: sees every assignment committed before it
    if load >= profile.max_concurrent_chats and not (override and not own):
        counts = {"name": name, "load": load, "capacity": profile.max_concurrent_chats}
        raise AssignmentRefused(
            _("У вас уже %(load)s открытых обращений из %(capacity)s — это ваш предел. Завершите одно из них.")
            % counts
            if own
            else _("У сотрудника %(name)s уже %(load)s открытых обращений из %(capacity)s: больше назначить нельзя.")
            % counts,
            overridable=not own,
        )
    OperatorProfile.objects.filter(pk=profile.pk).update(last_assigned_at=timezone.now())
    return load


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
        on_line = profile.status == OperatorProfile.Status.ONLINE and profile.user.is_active
        if on_line and load < profile.max_concurrent_chats:
            return profile, load
        tried.add(profile.user_id)


def _give(*, ticket: Ticket, profile: OperatorProfile, load: int, actor, reason: str) -> None:
    """Assign a locked request to a locked operator. Caller holds both row locks."""
    from tickets.services import _revoke, event_record  # services call routing via tasks

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
    _announce(ticket=ticket, assignee_id=profile.user_id, journal=journal)
    logger.info("ticket routed id=%s agent=%s reason=%s load=%s", ticket.pk, profile.user_id, reason, load)


def _announce(*, ticket: Ticket, assignee_id: int, journal: list) -> None:
    """The live updates of an assignment, sent once its transaction commits: the journal rows to the
    request's watchers, the request to its operator's desk, the change to the queue."""
    from tickets.services import event_broadcast  # services call routing via tasks

    for event in journal:
        event_broadcast(ticket, event)
    broadcast_on_commit(
        agent_group(assignee_id),
        {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number, "priority": ticket.priority},
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})


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


@decision_timed("route")  # outside the transaction: its commit counts, and the count waits for it
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


# The claim is the hot path of routing (every operator who frees a place runs it): one SQL statement that
# locks the operator's profile row, counts their load, picks the most urgent, oldest fitting request of
# their queue with FOR UPDATE SKIP LOCKED and writes the assignment (grants, the request's fields, the
# operator's «last given» time, the two journal rows). Run on its own in autocommit it is atomic and one
# round trip, where the transaction was five (BEGIN, profile lock, pick, writes, COMMIT) with ORM work between.
#
# A statement sees the database as of its start, also after waiting for the profile lock, so its load
# count could miss an assignment committed while it waited. Every assignment by routing or SLA escalation
# changes the operator's profile row (last_assigned_at) in its transaction, under that row's lock: the
# statement compares the row version it locked (the newest) with the one its snapshot sees, and writes
# nothing when they differ. The claim then runs again in a transaction that takes the lock first, so that
# the statement's snapshot, taken after the lock, holds every assignment to them.
#
# The queue condition mirrors _fits (a skill in a section covers its sub-topics; tier 3 takes any topic);
# the order is that of the queue's partial index (priority, age, id). The pick is a LATERAL subquery with
# its own LIMIT, so the planner walks that index in order: joined to the profile it sorted the whole queue
# instead (10–30 ms with 10,000 open requests).
_CLAIM_SQL = """
    WITH agent AS MATERIALIZED (
        SELECT profile.id, profile.user_id, profile.status, profile.level, profile.languages,
               profile.department, profile.max_concurrent_chats, account.is_active,
               profile.xmin AS row_xmin, profile.ctid AS row_ctid,  -- the locked (newest) version
               ARRAY(
                   SELECT topic.id FROM {topic} topic
                     JOIN {skills} skill ON skill.topic_id IN (topic.id, topic.parent_id)
                    WHERE skill.operatorprofile_id = profile.id
               ) AS topics
          FROM {profile} profile
          JOIN {user} account ON account.id = profile.user_id
         WHERE profile.user_id = %(user)s
           FOR UPDATE OF profile
    ),
    seen AS MATERIALIZED (
        SELECT xmin AS row_xmin, ctid AS row_ctid FROM {profile} WHERE user_id = %(user)s
    ),
    agent_load AS MATERIALIZED (
        SELECT count(*) AS n FROM {ticket} WHERE assignee_id = %(user)s AND status IN {load_statuses}
    ),
    fit AS MATERIALIZED (
        SELECT agent.*, agent_load.n AS load
          FROM agent, seen, agent_load
         WHERE agent.row_xmin = seen.row_xmin AND agent.row_ctid = seen.row_ctid
           AND agent.status = {online} AND agent.is_active AND agent_load.n < agent.max_concurrent_chats
    ),
    pick AS MATERIALIZED (
        SELECT queued.id, queued.status
          FROM fit CROSS JOIN LATERAL (
               SELECT ticket.id, ticket.status
                 FROM {ticket} ticket
                WHERE ticket.assignee_id IS NULL AND ticket.status IN {queue_statuses}
                  AND ticket.language = ANY(fit.languages)
                  AND ((ticket.topic_id IS NULL AND ticket.tier = fit.level)
                       OR (ticket.tier <= fit.level AND ticket.topic_id = ANY(fit.topics))
                       OR (fit.level >= {technical} AND ticket.tier >= {technical}))
                ORDER BY ticket.priority DESC, ticket.created_at, ticket.id
                LIMIT 1
                  FOR UPDATE OF ticket SKIP LOCKED
          ) queued
    ),
    moved AS (
        UPDATE {ticket} ticket
           SET assignee_id = fit.user_id, status = {assigned}, routed_at = %(now)s, updated_at = %(now)s
          FROM pick, fit
         WHERE ticket.id = pick.id
     RETURNING {ticket_columns}
    ),
    granted AS (
        INSERT INTO {grants} (permission_id, user_id, content_object_id)
        SELECT permission.id, fit.user_id, pick.id
          FROM pick, fit, {permission} permission
          JOIN {content_type} content_type ON content_type.id = permission.content_type_id
         WHERE content_type.app_label = 'tickets' AND permission.codename = ANY(%(codenames)s)
        ON CONFLICT DO NOTHING
    ),
    given AS (
        UPDATE {profile} profile SET last_assigned_at = %(now)s FROM pick, fit WHERE profile.id = fit.id
    ),
    journal AS (
        -- what transition_apply and event_record write for a queued request given to an operator
        INSERT INTO {events} (ticket_id, kind, actor_id, data, created_at)
        SELECT pick.id, entry.kind, NULL, entry.data, %(now)s
          FROM pick, fit, LATERAL (VALUES
               (1, {status_changed}, jsonb_build_object(
                   'old', pick.status, 'new', {assigned}, 'reason', %(reason_label)s::text, 'reopened', false)),
               (2, {routed}, jsonb_build_object(
                   'reason', %(reason)s::text, 'assignee_id', fit.user_id, 'previous_id', NULL,
                   'level', fit.level, 'department', fit.department, 'load', fit.load,
                   'capacity', fit.max_concurrent_chats))
          ) AS entry (position, kind, data)
         ORDER BY entry.position
     RETURNING id, kind
    )
    SELECT NOT (agent.row_xmin = seen.row_xmin AND agent.row_ctid = seen.row_ctid) AS claim_agent_changed,
           fit.load AS agent_load,
           ARRAY(SELECT id FROM journal ORDER BY id) AS claim_event_ids,
           ARRAY(SELECT kind FROM journal ORDER BY id) AS claim_event_kinds,
           moved.*
      FROM agent CROSS JOIN seen LEFT JOIN fit ON true LEFT JOIN moved ON true
"""


def _literal(value: str) -> str:
    """Statuses and kinds are our own constants: inlined so the planner matches the partial indexes' predicates."""
    return f"'{value}'"


def _in_list(values) -> str:
    return "(" + ", ".join(_literal(value) for value in values) + ")"


@functools.cache
def _claim_sql() -> str:
    """Built once per process: table and column names come from model metadata, constants are inlined."""
    quote = connection.ops.quote_name
    return _CLAIM_SQL.format(
        profile=OperatorProfile._meta.db_table,
        user=OperatorProfile._meta.get_field("user").related_model._meta.db_table,
        ticket=Ticket._meta.db_table,
        topic=Topic._meta.db_table,
        skills=OperatorProfile.skills.through._meta.db_table,
        grants=TicketUserObjectPermission._meta.db_table,
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        events=TicketEvent._meta.db_table,
        # named, not «*»: the statement's result keeps its shape when a column is added to the table
        ticket_columns=", ".join(f"ticket.{quote(field.column)}" for field in Ticket._meta.concrete_fields),
        load_statuses=_in_list(LOAD_STATUSES),
        queue_statuses=_in_list(QUEUE_STATUSES),
        online=_literal(OperatorProfile.Status.ONLINE),
        assigned=_literal(S.ASSIGNED),
        status_changed=_literal(TicketEvent.Kind.STATUS_CHANGED),
        routed=_literal(TicketEvent.Kind.ROUTED),
        technical=TECHNICAL_TIER,
    )


def _claim_statement(*, user_id: int, reason: str) -> Ticket | None:
    """Run the claim statement. None: no such operator; else a Ticket whose pk is None when nothing was
    given, with claim_agent_changed (True: nothing written, the profile changed under the statement)."""
    from tickets.services import AGENT_PERMS  # services call routing via tasks

    params = {
        "user": user_id,
        "now": timezone.now(),
        "reason": reason,
        "reason_label": str(REASONS[reason]),
        "codenames": [name.split(".")[1] for name in AGENT_PERMS],
    }
    return next(iter(Ticket.objects.raw(_claim_sql(), params)), None)


@decision_timed("claim")
def routing_claim_next(*, agent, reason: str = "claim") -> Ticket | None:
    """The operator takes the most urgent, oldest request of their queue; None when full, away, deactivated
    or none fit.

    One statement in autocommit (see _CLAIM_SQL); inside a caller's transaction it is part of it. The
    live updates leave after the commit: the atomic block batches their hooks, and when the statement
    ran alone it holds no statement at all (no BEGIN/COMMIT, no savepoint).
    """
    row = _claim_statement(user_id=agent.pk, reason=reason)
    with transaction.atomic(savepoint=False):
        if row is not None and row.claim_agent_changed:
            # An assignment (or a status change) reached the operator's row after the statement's start:
            # its load count may be stale, and it wrote nothing. Lock the row first, then run it again.
            list(OperatorProfile.objects.select_for_update().filter(user_id=agent.pk).values_list("pk"))
            row = _claim_statement(user_id=agent.pk, reason=reason)
            if row is not None and row.claim_agent_changed:  # cannot happen while we hold the lock
                logger.warning("routing claim found the profile changed under its lock agent=%s", agent.pk)
                return None
        if row is None or row.pk is None:
            return None
        journal = [
            TicketEvent(pk=event_id, ticket=row, kind=kind)
            for event_id, kind in zip(row.claim_event_ids, row.claim_event_kinds, strict=True)
        ]
        _announce(ticket=row, assignee_id=row.assignee_id, journal=journal)
        logger.info("ticket routed id=%s agent=%s reason=%s load=%s", row.pk, row.assignee_id, reason, row.agent_load)
        return row


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


def _stranded(limit: int) -> list[tuple[int, int, str]]:
    """Open requests held by someone routing would have taken them from: (ticket id, assignee id, reason).

    The status event that re-routes them (operator_status_routing_task) may be lost, or the account was
    switched off outside the admin. An assignee without an operator profile (a supervisor) is left alone.
    """
    held_by_absent = Q(assignee__is_active=False)
    for status, statuses in REROUTED_ON.items():
        held_by_absent |= Q(assignee__operator_profile__status=status, status__in=statuses)
    rows = (
        Ticket.objects.filter(held_by_absent, status__in=LOAD_STATUSES, assignee__operator_profile__isnull=False)
        .order_by("-priority", "created_at", "id")
        .values_list("pk", "assignee_id", "assignee__is_active", "assignee__operator_profile__status")[:limit]
    )
    return [(pk, assignee_id, f"operator_{status}" if active else "operator_inactive")
            for pk, assignee_id, active, status in rows]


def routing_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Safety net, each minute: deactivated staff leave the line, requests held by operators who left are
    handed on, the queue is tried again (most urgent first); returns how many requests found an operator."""
    from accounts.services import operator_set_status  # accounts calls routing only through tasks

    for profile in OperatorProfile.objects.filter(user__is_active=False).exclude(status=OperatorProfile.Status.OFFLINE):
        operator_set_status(profile=profile, status=OperatorProfile.Status.OFFLINE)
    routed = 0
    for ticket_id, assignee_id, reason in _stranded(limit):
        outcome = route_ticket(ticket_id=ticket_id, reason=reason, away_from=assignee_id)
        routed += bool(outcome and outcome.routed)
    if not OperatorProfile.objects.filter(status=OperatorProfile.Status.ONLINE, user__is_active=True).exists():
        return routed
    ids = list(
        Ticket.objects.filter(assignee__isnull=True, status__in=QUEUE_STATUSES)
        .order_by("-priority", "created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for ticket_id in ids:
        outcome = route_ticket(ticket_id=ticket_id, reason="sweep", journal_queued=False)
        routed += bool(outcome and outcome.routed)
    return routed
