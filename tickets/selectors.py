"""Reads of requests used by more than one caller. Visibility rules for staff live here (SEC3)."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields.json import KT

from accounts.models import OperatorProfile
from tickets.lifecycle import LOAD_STATUSES
from tickets.models import SavedReply, Ticket, TicketEvent, TicketMessage, TicketUserObjectPermission, Topic

QUEUE_STATUSES = (Ticket.Status.NEW, Ticket.Status.TRIAGED)


def _covered_topics(profile_pk) -> QuerySet[Topic]:
    """The topics an operator's skills cover: a skill in a topic also covers its sub-topics. `profile_pk` is
    used two queries deep (inside the skills subquery): a reference to an outer query needs OuterRef(OuterRef())."""
    skills = OperatorProfile.skills.through.objects.filter(operatorprofile_id=profile_pk).values("topic_id")
    return Topic.objects.filter(Q(pk__in=skills) | Q(parent_id__in=skills)).order_by().values("pk")


def agent_scope(user) -> tuple[OperatorProfile | None, frozenset[int]]:
    """The agent's profile and the topics their skills cover, read once per user object, in one query.

    One page asks for it from several lists (at risk, queue, team); the request's user object lives as
    long as the request, so caching on it (as Django caches permissions) keeps the page's queries constant.
    """
    cached = getattr(user, "_agent_scope", None)
    if cached is None:
        profile = (
            OperatorProfile.objects.filter(user=user)
            .annotate(covered_topics=ArraySubquery(_covered_topics(OuterRef(OuterRef("pk")))))
            .first()
        )
        cached = (profile, frozenset(profile.covered_topics) if profile else frozenset())
        user._agent_scope = cached
    return cached


def queue_condition(user) -> Q:
    """Unassigned open requests this agent may take: they speak its language, their level covers the tier,
    their skills cover the topic (routing.assignment_check refuses a take outside it).

    Requests without a topic wait for triage in the L1 queue of everyone.
    """
    profile, topics = agent_scope(user)
    if profile is None:
        return Q(pk__in=[])
    return Q(
        assignee__isnull=True, status__in=QUEUE_STATUSES, tier__lte=profile.level, language__in=profile.languages
    ) & (Q(topic__isnull=True) | Q(topic_id__in=topics))


def tickets_visible_to_staff(user) -> QuerySet[Ticket]:
    """Requests a staff member may see: all for supervisors; else own, granted, or in their queue."""
    tickets = Ticket.objects.all()
    if user.is_superuser or user.has_perm("tickets.view_all_tickets"):
        return tickets
    if not user.is_agent:
        return tickets.none()
    granted = TicketUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user=user, permission__codename="view_ticket"
    )
    return tickets.filter(Q(assignee=user) | Exists(granted) | queue_condition(user))


def ticket_queue_unassigned(user) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(queue_condition(user))
        .order_by("-priority", "created_at", "id")
    )


# The journal rows that decide or change who holds a request: the last of them says why one nobody holds waits.
ROUTING_EVENT_KINDS = (
    TicketEvent.Kind.QUEUED,
    TicketEvent.Kind.ROUTED,
    TicketEvent.Kind.ASSIGNED,
    TicketEvent.Kind.UNASSIGNED,
    TicketEvent.Kind.TRANSFERRED,
)


def ticket_list_unassigned() -> QuerySet[Ticket]:
    """Open requests in a queue that nobody holds, most urgent then oldest (supervisors' «Не распределены»).

    Each carries `queued_cause`: the cause (routing.QUEUED_CAUSES key) of its last QUEUED journal row when no
    assignment came after it, else "" (not decided yet). The cause is a subquery per row shown, not per row in
    the queue: the list walks the partial index ticket_queue_claim_order and stops after a page.
    """
    last_decision = (
        TicketEvent.objects.filter(ticket_id=OuterRef("pk"), kind__in=ROUTING_EVENT_KINDS)
        .order_by("-pk")
        .annotate(
            cause=Case(
                When(kind=TicketEvent.Kind.QUEUED, then=KT("data__cause")), default=Value(""), output_field=CharField()
            )
        )
        .values("cause")[:1]
    )
    return (
        Ticket.objects.filter(assignee__isnull=True, status__in=QUEUE_STATUSES)
        .annotate(queued_cause=Subquery(last_decision, output_field=CharField()))
        .order_by("-priority", "created_at", "id")
    )


def ticket_list_assigned(user) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(assignee=user, status__in=Ticket.OPEN_STATUSES)
        .order_by("-priority", "created_at", "id")
    )


def ticket_list_for_citizen(user) -> QuerySet[Ticket]:
    return Ticket.objects.filter(citizen=user).select_related("topic").order_by("-created_at", "-id")


def ticket_messages(ticket: Ticket, *, include_internal: bool) -> QuerySet[TicketMessage]:
    messages = ticket.messages.select_related("author").prefetch_related("attachments")
    return messages if include_internal else messages.filter(is_internal=False)


def citizen_bodies_newest_first(ticket: Ticket) -> QuerySet:
    """The texts of the citizen's public messages, newest first: what the assistant reads of a request."""
    return (
        ticket.messages.filter(author_kind=TicketMessage.AuthorKind.CITIZEN, is_internal=False)
        .order_by("-created_at", "-pk")
        .values_list("body", flat=True)
    )


def ticket_events(ticket: Ticket, *, kinds=None) -> QuerySet[TicketEvent]:
    events = ticket.events.select_related("actor")
    return events.filter(kind__in=kinds) if kinds else events


def topic_choices() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).select_related("parent").order_by("parent__position", "position")


def topic_options() -> list[tuple[int, str]]:
    """(pk, label) of the active topics in choice order, read as plain values rather than model rows."""
    rows = topic_choices().values_list("pk", "name", "parent__name")
    return [(pk, Topic.label(name, parent_name)) for pk, name, parent_name in rows]


# --- Operator workspace (issue #3): at-risk and team queues, filters, roster, saved replies -------------

AT_RISK_STATES = ("at_risk", "breached")


def ticket_list_at_risk(user) -> QuerySet[Ticket]:
    """Open requests this staff member can see whose SLA is at risk or already breached."""
    return (
        tickets_visible_to_staff(user)
        # staff statuses: a chat the assistant is answering is nobody's to rescue yet, and they match the
        # partial index ticket_open_at_risk (with the assistant's status in the list the planner cannot use it)
        .filter(status__in=Ticket.STAFF_OPEN_STATUSES, sla_state__in=AT_RISK_STATES)
        .order_by("-priority", "created_at", "id")
    )


def ticket_list_team(user) -> QuerySet[Ticket]:
    """Requests colleagues are working on: for supervisors all assigned ones; for agents those in their
    skills (and department, when set), so they see who holds what before transferring or helping."""
    # LOAD_STATUSES: an assigned request is never new or triaged; matches the partial index ticket_team_order
    tickets = Ticket.objects.filter(status__in=LOAD_STATUSES, assignee__isnull=False).exclude(assignee=user)
    if not (user.is_superuser or user.has_perm("tickets.view_all_tickets")):
        # the agent's level, topics and department as constants: as subqueries they led the planner to walk
        # every user (42 ms at a million requests) instead of the team index in queue order
        profile, topics = agent_scope(user)
        if profile is None:
            return tickets.none()
        tickets = tickets.filter(topic_id__in=topics, tier__lte=profile.level)
        if profile.department:
            tickets = tickets.filter(assignee__operator_profile__department=profile.department)
    return tickets.order_by("-priority", "created_at", "id")


def team_roster(user) -> list[OperatorProfile]:
    """Agents on the line (online or away) with their open load; agents see their own department. Two queries.

    Offline colleagues are not on the line, and leaving them out keeps the panel short on a big shift.
    """
    profiles = OperatorProfile.objects.filter(user__is_active=True).exclude(status=OperatorProfile.Status.OFFLINE)
    if not (user.is_superuser or user.has_perm("tickets.view_all_tickets")):
        own, _topics = agent_scope(user)
        if own is None:
            return []
        if own.department:
            profiles = profiles.filter(department=own.department)
    members = list(profiles.select_related("user").order_by("-level", "user__last_name", "user__first_name", "pk"))
    # one grouped count over open requests (partial index ticket_open_by_assignee), not two subqueries a member
    loads = {
        row["assignee_id"]: row
        for row in Ticket.objects.filter(status__in=LOAD_STATUSES, assignee_id__in=[m.user_id for m in members])
        .values("assignee_id")
        .annotate(open_load=Count("pk"), at_risk_load=Count("pk", filter=Q(sla_state__in=AT_RISK_STATES)))
    }
    for member in members:
        load = loads.get(member.user_id, {})
        member.open_load = load.get("open_load", 0)
        member.at_risk_load = load.get("at_risk_load", 0)
    return members


def tickets_search(tickets: QuerySet[Ticket], query: str) -> QuerySet[Ticket]:
    """By number (full «SD-2026-000123» or its last digits) or by words of the subject."""
    query = " ".join(query.split())
    if not query:
        return tickets
    condition = Q(number__iexact=query) | Q(subject__icontains=query)
    if query.isdigit() and len(query) <= 6:
        condition |= Q(number__endswith=f"-{query.zfill(6)}")
    return tickets.filter(condition)


def tickets_filter(
    tickets: QuerySet[Ticket],
    *,
    query: str = "",
    channel: str = "",
    topic: Topic | None = None,
    priority: int | None = None,
    sla_state: str = "",
    language: str = "",
) -> QuerySet[Ticket]:
    """The workspace filters; a topic that is a section also matches its sub-topics."""
    tickets = tickets_search(tickets, query)
    if channel:
        tickets = tickets.filter(channel=channel)
    if topic is not None:
        tickets = tickets.filter(Q(topic=topic) | Q(topic__parent=topic))
    if priority:
        tickets = tickets.filter(priority=priority)
    if sla_state:
        tickets = tickets.filter(sla_state=sla_state)
    if language:
        tickets = tickets.filter(language=language)
    return tickets


def saved_replies_for(ticket: Ticket) -> QuerySet[SavedReply]:
    """Active saved replies for the request: general ones, those of its topic or section, and those of the topic
    the assistant reads in the citizen's words when that one differs or none is stored (tickets.assist).

    In the request's language; in Russian when none exist in it (the operator translates).
    """
    from tickets.assist import detected_topic  # assist reads the citizen's messages through this module

    topics = [ticket.topic, detected_topic(ticket) if ticket.is_open else None]
    topic_ids = {pk for topic in topics if topic is not None for pk in (topic.pk, topic.parent_id) if pk}
    fitting = SavedReply.objects.filter(is_active=True).filter(Q(topic__isnull=True) | Q(topic_id__in=topic_ids))
    language = Value(ticket.language)
    if ticket.language != "ru":  # one query still: the fallback is a CASE over EXISTS
        language = Case(
            When(Exists(fitting.filter(language=ticket.language)), then=Value(ticket.language)), default=Value("ru")
        )
    return fitting.filter(language=language).order_by("title", "pk")
