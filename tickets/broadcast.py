"""Live updates over the channel layer. Group names come only from here; only services broadcast."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

DESK_GROUP = "desk.queue"
# Supervisors (and superusers) on the desk hear SLA alerts: at risk, breached, escalated (tickets.sla).
SUPERVISOR_GROUP = "desk.supervisors"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def agent_group(user_id: int) -> str:
    return f"agent.{user_id}"


def broadcast_on_commit(group: str, event: dict) -> None:
    """Send a channel-layer event once the transaction commits (Zulip's send_event_on_commit rule)."""
    transaction.on_commit(lambda: broadcast_now(group, event))


def broadcast_now(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)
