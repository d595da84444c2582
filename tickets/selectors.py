"""Reads of requests used by more than one caller. Visibility rules for staff live here (SEC3)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import OperatorProfile
from tickets.models import Ticket, TicketEvent, TicketMessage, TicketUserObjectPermission, Topic

QUEUE_STATUSES = (Ticket.Status.NEW, Ticket.Status.TRIAGED)


def skill_topic_ids(profile: OperatorProfile) -> set[int]:
    """An operator skilled in a topic also covers its sub-topics."""
    direct = set(profile.skills.values_list("pk", flat=True))
    return direct | set(Topic.objects.filter(parent_id__in=direct).values_list("pk", flat=True))


def queue_condition(user) -> Q:
    """Unassigned open requests this agent may take: level covers the tier, skills cover the topic.

    Requests without a topic wait for triage in the L1 queue of everyone.
    """
    profile = OperatorProfile.objects.filter(user=user).first()
    if profile is None:
        return Q(pk__in=[])
    topics = skill_topic_ids(profile)
    return Q(assignee__isnull=True, status__in=QUEUE_STATUSES, tier__lte=profile.level) & (
        Q(topic__isnull=True) | Q(topic_id__in=topics)
    )


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
        .select_related("topic")
        .order_by("-priority", "created_at", "id")
    )


def ticket_list_assigned(user) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(assignee=user, status__in=Ticket.OPEN_STATUSES)
        .select_related("topic")
        .order_by("-priority", "created_at", "id")
    )


def ticket_list_for_citizen(user) -> QuerySet[Ticket]:
    return Ticket.objects.filter(citizen=user).select_related("topic").order_by("-created_at", "-id")


def ticket_messages(ticket: Ticket, *, include_internal: bool) -> QuerySet[TicketMessage]:
    messages = ticket.messages.select_related("author").prefetch_related("attachments")
    return messages if include_internal else messages.filter(is_internal=False)


def ticket_events(ticket: Ticket, *, kinds=None) -> QuerySet[TicketEvent]:
    events = ticket.events.select_related("actor")
    return events.filter(kind__in=kinds) if kinds else events


def topic_choices() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).select_related("parent").order_by("parent__position", "position")
