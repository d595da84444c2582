"""Reads of calls and callbacks used by the desk pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from telephony.models import Call, Callback
from tickets.models import Ticket
from tickets.selectors import tickets_visible_to_staff


def is_supervisor(user) -> bool:
    return bool(user.is_superuser or user.has_perm("tickets.view_all_tickets"))


def call_log(*, outcome: str = "", direction: str = "", day: date | None = None) -> QuerySet[Call]:
    """Every call, newest first, for supervisors' call log; one query per page whatever its length."""
    calls = Call.objects.select_related("operator", "ticket", "topic").order_by("-created_at", "-id")
    if outcome:
        calls = calls.filter(outcome=outcome)
    if direction:
        calls = calls.filter(direction=direction)
    if day is not None:
        calls = calls.filter(created_at__date=day)
    return calls


def callbacks_pending_for(user) -> QuerySet[Callback]:
    """Pending callbacks whose request this staff member can see (all for supervisors), soonest due first."""
    callbacks = Callback.objects.filter(status=Callback.Status.PENDING).select_related("ticket", "assignee", "call")
    if not is_supervisor(user):
        callbacks = callbacks.filter(Q(assignee=user) | Q(ticket__in=tickets_visible_to_staff(user).values("pk")))
    return callbacks.order_by("due_at", "id")


def callbacks_of_ticket(ticket_id: int) -> QuerySet[Callback]:
    return Callback.objects.filter(ticket_id=ticket_id).select_related("completed_by", "assignee").order_by("-id")


def caller_open_requests(*, user, call: Call) -> tuple[list[Ticket], int]:
    """The caller's open requests this staff member may open, and how many open ones there are in all."""
    if call.citizen_id is not None:
        condition = Q(citizen_id=call.citizen_id)
    elif call.phone and len(call.phone) <= 12:
        condition = Q(citizen__isnull=True, contact_phone=call.phone)
    else:
        return [], 0
    open_requests = Ticket.objects.filter(condition, status__in=Ticket.OPEN_STATUSES)
    visible = list(
        tickets_visible_to_staff(user).filter(condition, status__in=Ticket.OPEN_STATUSES)
        .select_related("topic").order_by("-created_at", "-id")[:10]
    )
    return visible, open_requests.count()
