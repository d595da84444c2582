"""The request lifecycle as one state machine (issue #3): which status may follow which, and what a move records.

    new → triaged → assigned → in progress ⇄ waiting for the citizen → resolved → closed
    resolved → in progress (or back to the queue) is a reopening; any open status → cancelled; a
    request handed back to a queue (transfer, its operator left) returns to triaged.

Every status change in the code base goes through transition_apply(): it refuses moves the table
does not allow, keeps the timestamps honest and journals the move with its actor and reason.
"""

from __future__ import annotations

from django.utils import timezone

from tickets import sla
from tickets.errors import IllegalTransition
from tickets.models import Ticket, TicketEvent

S = Ticket.Status

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSISTANT, S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    # the assistant hands over to people (triaged, or an operator steps in) or answers the question itself
    S.ASSISTANT: frozenset({S.TRIAGED, S.IN_PROGRESS, S.RESOLVED, S.CANCELLED}),
    S.TRIAGED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.TRIAGED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.TRIAGED, S.WAITING, S.RESOLVED, S.CANCELLED}),
    S.WAITING: frozenset({S.TRIAGED, S.IN_PROGRESS, S.RESOLVED, S.CANCELLED}),
    S.RESOLVED: frozenset({S.ASSISTANT, S.TRIAGED, S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Requests that occupy an operator: what routing counts against OperatorProfile.max_concurrent_chats.
# A request waiting for the citizen counts in full: a chat comes back at any moment, and the
# capacity promise must hold when it does.
LOAD_STATUSES = (S.ASSIGNED, S.IN_PROGRESS, S.WAITING)
# Requests sitting in a queue, not yet with anyone.
QUEUE_STATUSES = (S.NEW, S.TRIAGED)


def transition_allowed(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def transition_check(ticket: Ticket, target: str) -> None:
    """Raise IllegalTransition (a readable Russian error) unless the lifecycle allows the move."""
    if not transition_allowed(ticket.status, target):
        raise IllegalTransition(_label(ticket.status), _label(target))


def transition_targets(ticket: Ticket) -> list[tuple[str, str]]:
    """(value, label) of the statuses the request may move to, in lifecycle order, for status pickers."""
    allowed = ALLOWED_TRANSITIONS.get(ticket.status, frozenset())
    return [(value, label) for value, label in S.choices if value in allowed]


def transition_apply(
    *, ticket: Ticket, target: str, actor=None, reason: str = "", now=None, journal: list | None = None, **data
) -> list[str]:
    """Move a locked request to `target` and journal it; returns the fields the caller must save.

    Should be called while holding a SELECT FOR UPDATE lock on the ticket row. The caller saves the
    returned fields (with its own) so that the move and its other changes land in one UPDATE.
    """
    from tickets.services import event_record  # services import this module: the journal lives there

    transition_check(ticket, target)
    now = now or timezone.now()
    previous = ticket.status
    ticket.status = target
    fields = ["status"]
    if target == S.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    elif target in (S.CLOSED, S.CANCELLED):
        ticket.closed_at = now
        fields.append("closed_at")
    elif previous == S.RESOLVED:
        ticket.resolved_at = None
        fields.append("resolved_at")
    sla.clocks_follow_status(ticket=ticket, previous=previous, now=now)  # waiting pauses the clocks; saves its own
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS_CHANGED,
        actor=actor,
        old=previous,
        new=target,
        reason=reason,
        reopened=previous == S.RESOLVED,
        journal=journal,
        **data,
    )
    return fields


def _label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return str(status)
