"""Reads of the mobile API: a request's change feed for an app that works offline and catches up later."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from tickets.models import Ticket, TicketEvent, TicketMessage
from tickets.selectors import ticket_messages
from tickets.services import CITIZEN_VISIBLE_EVENT_KINDS


@dataclass(frozen=True)
class FeedItem:
    event: TicketEvent
    message: TicketMessage | None  # a «message» row's message; a «created» row's is the request's first one


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    last_id: int  # the last journal row read (or `after`): the next page's `after`
    has_more: bool


def request_feed_after(ticket: Ticket, *, after: int, limit: int) -> FeedPage:
    """What the citizen may see of the request after journal row `after`, in journal order: the citizen-visible
    history and every public message (each message has its journal row, written with it; the first one is
    the registration's). Internal notes and staff-only rows never appear. Three queries at most, whatever the
    page holds.

    Messages, status changes and transfers are journaled under the request's row lock, so within a request
    their ids follow commit order: a row committed later never gets an id below one already read.
    """
    visible = Q(kind__in=CITIZEN_VISIBLE_EVENT_KINDS) | Q(kind=TicketEvent.Kind.MESSAGE, data__internal=False)
    events = list(ticket.events.filter(visible, pk__gt=after).order_by("id")[: limit + 1])
    has_more = len(events) > limit
    events = events[:limit]
    wanted = {event.pk: (event.data or {}).get("message_id") for event in events
              if event.kind == TicketEvent.Kind.MESSAGE}
    if any(event.kind == TicketEvent.Kind.CREATED for event in events):
        first = ticket.messages.filter(is_internal=False).order_by("created_at", "id").values_list("pk", flat=True)
        first_id = first.first()
        wanted.update({event.pk: first_id for event in events if event.kind == TicketEvent.Kind.CREATED})
    ids = [message_id for message_id in wanted.values() if isinstance(message_id, int)]
    messages = {message.pk: message for message in ticket_messages(ticket, include_internal=False).filter(pk__in=ids)}
    items = []
    for event in events:
        message = messages.get(wanted.get(event.pk))
        if event.kind == TicketEvent.Kind.MESSAGE and message is None:
            continue  # a message the citizen may not see (defensive: the journal row says it is public)
        items.append(FeedItem(event=event, message=message))
    return FeedPage(items=items, last_id=events[-1].pk if events else after, has_more=has_more)
