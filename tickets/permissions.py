"""The one way request code obtains a Ticket. Missing and forbidden both give 404, so ids can't be probed."""

from __future__ import annotations

from django.http import Http404

from tickets.models import Ticket
from tickets.selectors import tickets_visible_to_staff


def ticket_get_for_citizen(*, user, number: str) -> Ticket:
    if not user.is_authenticated:
        raise Http404
    ticket = Ticket.objects.select_related("topic").filter(number=number, citizen=user).first()
    if ticket is None:
        raise Http404
    return ticket


def ticket_get_for_staff(*, user, ticket_id: int) -> Ticket:
    ticket = (
        tickets_visible_to_staff(user)
        .select_related("topic", "citizen", "citizen__citizen_profile", "assignee")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def ticket_can_change(*, user, ticket: Ticket) -> bool:
    """Viewing a queued request is not owning it: changes need assignment or a supervisor."""
    return (
        user.is_superuser
        or ticket.assignee_id == user.pk
        or user.has_perm("tickets.view_all_tickets")
        or user.has_perm("tickets.change_ticket", ticket)
    )
