"""Every write to requests goes through here: intake from all channels, messages, status, assignment."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from tickets.attachments import CheckedFile
from tickets.broadcast import DESK_GROUP, broadcast_on_commit, ticket_group
from tickets.errors import EmptyMessage, IllegalTransition, TicketAlreadyTaken, TicketClosed
from tickets.models import Attachment, Channel, Ticket, TicketEvent, TicketMessage, Topic
from tickets.tasks import ticket_acknowledge_task, ticket_notify_citizen_task

logger = logging.getLogger(__name__)  # ids only: personal data never reaches log lines

# A request without a detected topic is answered like a complex one until triage says otherwise.
DEFAULT_RESOLUTION_TARGET = timedelta(minutes=30)

S = Ticket.Status
# The lifecycle in one place; issue #3 grows it into the full state machine with SLA clocks.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.TRIAGED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.TRIAGED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.TRIAGED, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.WAITING: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CANCELLED}),
    S.RESOLVED: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
CITIZEN_VISIBLE_EVENT_KINDS = frozenset(
    {
        TicketEvent.Kind.CREATED,
        TicketEvent.Kind.STATUS_CHANGED,
        TicketEvent.Kind.TRANSFERRED,
        TicketEvent.Kind.ACKNOWLEDGED,
    }
)
AGENT_PERMS = ("tickets.view_ticket", "tickets.change_ticket")


def _next_ticket_number(now) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('tickets_ticket_number_seq')")
        (value,) = cursor.fetchone()
    return f"SD-{now:%Y}-{value:06d}"


def resolution_target(topic: Topic | None) -> timedelta:
    return topic.resolution_target if topic else DEFAULT_RESOLUTION_TARGET


def event_record(*, ticket: Ticket, kind: str, actor=None, **data) -> TicketEvent:
    """Append a journal row and tell everyone watching the request."""
    event = TicketEvent.objects.create(ticket=ticket, kind=kind, actor=actor, data=data)
    broadcast_on_commit(
        ticket_group(ticket.pk),
        {"type": "ticket.event", "kind": kind, "status": ticket.status, "event_id": event.pk},
    )
    return event


def _attach(*, ticket: Ticket, message: TicketMessage | None, files: Sequence[CheckedFile], actor) -> None:
    for checked in files:
        attachment = Attachment(
            ticket=ticket,
            message=message,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.safe_name, checked.upload, save=False)
        attachment.save()
        event_record(
            ticket=ticket, kind=TicketEvent.Kind.ATTACHMENT_ADDED, actor=actor, attachment_id=attachment.pk
        )


@transaction.atomic
def ticket_intake(
    *,
    channel: str,
    subject: str,
    body: str,
    citizen=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    topic: Topic | None = None,
    language: str = "ru",
    attachments: Sequence[CheckedFile] = (),
    session_key: str = "",
    client_message_id: str = "",
) -> Ticket:
    """Register a request from any channel: number, first message, journal, acknowledgment, queue update."""
    body = body.strip()
    if not body:
        raise EmptyMessage
    now = timezone.now()
    ticket = Ticket.objects.create(
        number=_next_ticket_number(now),
        channel=channel,
        citizen=citizen,
        contact_name=contact_name,
        contact_email=contact_email or (citizen.email if citizen else ""),
        contact_phone=contact_phone,
        subject=(subject.strip() or body[:80])[:200],
        topic=topic,
        tier=topic.tier if topic else 1,
        language=language,
        due_at=now + resolution_target(topic),
        session_key=session_key,
    )
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=citizen,
        author_kind=TicketMessage.AuthorKind.CITIZEN,
        body=body,
        channel=channel,
        client_message_id=client_message_id,
    )
    event_record(ticket=ticket, kind=TicketEvent.Kind.CREATED, actor=citizen, channel=channel)
    _attach(ticket=ticket, message=message, files=attachments, actor=citizen)
    logger.info("ticket registered id=%s channel=%s topic=%s", ticket.pk, channel, topic.code if topic else "-")
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    if ticket.contact_email and channel != Channel.CHAT:
        transaction.on_commit(lambda: ticket_acknowledge_task.delay(ticket_id=ticket.pk))
    return ticket


def _agent_touch(ticket: Ticket, agent, now) -> list[str]:
    """An agent's public reply is the first contact and starts the work."""
    changed = []
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        changed.append("first_response_at")
    if ticket.status in (S.NEW, S.TRIAGED, S.ASSIGNED):
        ticket.status = S.IN_PROGRESS
        changed.append("status")
    if ticket.assignee_id is None:
        ticket.assignee = agent
        changed.append("assignee")
        _grant(ticket, agent)
    return changed


@transaction.atomic
def message_post(
    *,
    ticket: Ticket,
    author,
    body: str,
    author_kind: str,
    channel: str,
    is_internal: bool = False,
    client_message_id: str = "",
    attachments: Sequence[CheckedFile] = (),
) -> tuple[TicketMessage, bool]:
    """Add a message; returns (message, created). A resent client id returns the saved copy."""
    body = body.strip()
    if not body and not attachments:
        raise EmptyMessage
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # replies and status changes race
    if client_message_id:
        existing = TicketMessage.objects.filter(ticket=ticket, client_message_id=client_message_id).first()
        if existing is not None:
            return existing, False
    if ticket.status in (S.CLOSED, S.CANCELLED):
        raise TicketClosed
    try:
        with transaction.atomic():
            message = TicketMessage.objects.create(
                ticket=ticket,
                author=author,
                author_kind=author_kind,
                body=body,
                channel=channel,
                is_internal=is_internal,
                client_message_id=client_message_id,
            )
    except IntegrityError:  # the same client id committed by a parallel connection
        return TicketMessage.objects.get(ticket=ticket, client_message_id=client_message_id), False

    now = timezone.now()
    previous_status = ticket.status
    changed: list[str] = []
    if author_kind == TicketMessage.AuthorKind.AGENT and not is_internal:
        changed = _agent_touch(ticket, author, now)
    elif author_kind == TicketMessage.AuthorKind.CITIZEN and ticket.status in (S.WAITING, S.RESOLVED):
        ticket.status = S.IN_PROGRESS  # the citizen answered, or came back: the request is live again
        changed = ["status"]
    if changed:
        ticket.save(update_fields=[*changed, "updated_at"])
    if "assignee" in changed:
        event_record(ticket=ticket, kind=TicketEvent.Kind.ASSIGNED, actor=author, assignee_id=author.pk)
    if "status" in changed:
        event_record(
            ticket=ticket,
            kind=TicketEvent.Kind.STATUS_CHANGED,
            actor=author,
            old=previous_status,
            new=ticket.status,
            reopened=previous_status == S.RESOLVED,
        )
    _attach(ticket=ticket, message=message, files=attachments, actor=author)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.MESSAGE,
        actor=author,
        message_id=message.pk,
        author_kind=author_kind,
        internal=is_internal,
    )
    broadcast_on_commit(
        ticket_group(ticket.pk),
        {
            "type": "ticket.message",
            "message_id": message.pk,
            "client_message_id": client_message_id,
            "author_kind": author_kind,
            "internal": is_internal,
        },
    )
    if author_kind == TicketMessage.AuthorKind.AGENT and not is_internal and ticket.channel != Channel.CHAT:
        transaction.on_commit(
            lambda: ticket_notify_citizen_task.delay(ticket_id=ticket.pk, message_id=message.pk)
        )
    return message, True


@transaction.atomic
def ticket_change_status(*, ticket: Ticket, status: str, actor, reason: str = "") -> Ticket:
    """Move a request along its lifecycle; refuse moves the lifecycle does not allow; tell the citizen."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if status == ticket.status:
        return ticket
    if status not in ALLOWED_TRANSITIONS.get(ticket.status, frozenset()):
        raise IllegalTransition(ticket.get_status_display(), S(status).label)
    previous = ticket.status
    now = timezone.now()
    ticket.status = status
    fields = ["status", "updated_at"]
    if status == S.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    elif status in (S.CLOSED, S.CANCELLED):
        ticket.closed_at = now
        fields.append("closed_at")
    elif previous == S.RESOLVED:
        ticket.resolved_at = None
        fields.append("resolved_at")
    ticket.save(update_fields=fields)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        actor=actor,
        old=previous,
        new=status,
        reason=reason,
        reopened=previous == S.RESOLVED,
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    transaction.on_commit(lambda: ticket_notify_citizen_task.delay(ticket_id=ticket.pk))
    return ticket


def _grant(ticket: Ticket, agent) -> None:
    for perm in AGENT_PERMS:
        assign_perm(perm, agent, ticket)


def _revoke(ticket: Ticket, agent) -> None:
    for perm in AGENT_PERMS:
        remove_perm(perm, agent, ticket)


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee, actor) -> Ticket:
    """Hand a request to an agent (or take it from the queue); the previous assignee loses access."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # two operators may click «take» at once
    if not ticket.is_open:
        raise TicketClosed
    if ticket.assignee_id == getattr(assignee, "pk", None):
        return ticket
    previous = ticket.assignee
    if previous is not None:
        _revoke(ticket, previous)
    ticket.assignee = assignee
    fields = ["assignee", "updated_at"]
    if assignee is not None:
        _grant(ticket, assignee)
        if ticket.status in (S.NEW, S.TRIAGED):
            ticket.status = S.ASSIGNED
            fields.append("status")
    ticket.save(update_fields=fields)
    if assignee is None:
        event_record(ticket=ticket, kind=TicketEvent.Kind.UNASSIGNED, actor=actor, previous_id=previous.pk)
    else:
        event_record(
            ticket=ticket,
            kind=TicketEvent.Kind.ASSIGNED,
            actor=actor,
            assignee_id=assignee.pk,
            previous_id=previous.pk if previous else None,
        )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    return ticket


@transaction.atomic
def ticket_take(*, ticket: Ticket, agent) -> Ticket:
    """An agent takes a request from the queue; refused when a colleague took it a moment earlier."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # the page the agent saw may be stale
    if ticket.assignee_id not in (None, agent.pk):
        raise TicketAlreadyTaken
    return ticket_assign(ticket=ticket, assignee=agent, actor=agent)


@transaction.atomic
def ticket_change_priority(*, ticket: Ticket, priority: int, actor, reason: str = "") -> Ticket:
    """Re-rank an open request in the queue; journaled, and every open queue page refreshes."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if priority == ticket.priority:
        return ticket
    if not ticket.is_open:
        raise TicketClosed
    previous = ticket.priority
    ticket.priority = priority
    ticket.save(update_fields=["priority", "updated_at"])
    event_record(
        ticket=ticket, kind=TicketEvent.Kind.PRIORITY_CHANGED, actor=actor, old=previous, new=priority, reason=reason
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    return ticket


def tickets_close_resolved(*, older_than: timedelta = timedelta(days=3)) -> int:
    """Close requests resolved long enough ago that the citizen has not come back."""
    closed = 0
    cutoff = timezone.now() - older_than
    for ticket_id in Ticket.objects.filter(status=S.RESOLVED, resolved_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=ticket_id, status=S.RESOLVED).first()
            if ticket is None:
                continue
            ticket.status, ticket.closed_at = S.CLOSED, timezone.now()
            ticket.save(update_fields=["status", "closed_at", "updated_at"])
            event_record(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED, old=S.RESOLVED, new=S.CLOSED,
                         reason="auto-close")
            closed += 1
    return closed
