"""The one way desk code obtains a call or a callback. Missing and forbidden both give 404."""

from __future__ import annotations

from django.http import Http404

from telephony.models import Call, Callback
from telephony.selectors import is_supervisor
from tickets.permissions import ticket_can_change
from tickets.selectors import tickets_visible_to_staff


def _ticket_visible(user, ticket_id: int | None) -> bool:
    return ticket_id is not None and tickets_visible_to_staff(user).filter(pk=ticket_id).exists()


def call_get_for_staff(*, user, call_id: int) -> Call:
    """Supervisors see every call; an operator the calls they answered and those of requests they can open."""
    call = (
        Call.objects.select_related("operator", "topic", "citizen", "ticket", "ticket__citizen",
                                    "ticket__citizen__citizen_profile")
        .filter(pk=call_id)
        .first()
    )
    allowed = call is not None and (
        is_supervisor(user) or call.operator_id == user.pk or _ticket_visible(user, call.ticket_id)
    )
    if not allowed:
        raise Http404
    return call


def call_can_act(*, user, call: Call) -> bool:
    """Plan a callback or see the full number: the call's operator, the request's owner, a supervisor."""
    if is_supervisor(user) or call.operator_id == user.pk:
        return True
    return call.ticket is not None and ticket_can_change(user=user, ticket=call.ticket)


def callback_get_for_staff(*, user, callback_id: int) -> Callback:
    callback = Callback.objects.select_related("ticket", "call").filter(pk=callback_id).first()
    if callback is None or not (
        is_supervisor(user) or callback.assignee_id == user.pk or _ticket_visible(user, callback.ticket_id)
    ):
        raise Http404
    return callback


def callback_can_complete(*, user, callback: Callback) -> bool:
    """Whoever it is assigned to; an unassigned one, anyone who sees its request; supervisors always."""
    return is_supervisor(user) or callback.assignee_id in (None, user.pk)
