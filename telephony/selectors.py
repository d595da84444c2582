"""Reads of calls and callbacks used by the desk pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from telephony.models import Call, Callback, IvrChoice
from tickets.models import Channel, Ticket, Topic
from tickets.selectors import tickets_visible_to_staff

# A second call within a day about the same topic continues the open request instead of opening another.
REPEAT_CALL_WINDOW = timedelta(hours=24)


def is_supervisor(user) -> bool:
    return bool(user.is_superuser or user.has_perm("tickets.view_all_tickets"))


def call_log(*, outcome: str = "", direction: str = "", day: date | None = None) -> QuerySet[Call]:
    """Every call, newest first, for supervisors' call log; one query per page whatever its length.

    Each call carries `callback_overdue`: a callback it caused is still owed past its deadline.
    """
    overdue = Callback.objects.filter(call=OuterRef("pk"), status=Callback.Status.PENDING, due_at__lt=timezone.now())
    calls = (
        Call.objects.select_related("operator", "ticket", "topic")
        .annotate(callback_overdue=Exists(overdue))
        .order_by("-created_at", "-id")
    )
    if outcome:
        calls = calls.filter(outcome=outcome)
    if direction:
        calls = calls.filter(direction=direction)
    if day is not None:
        calls = calls.filter(created_at__date=day)
    return calls


@dataclass(frozen=True)
class CallLogPage:
    calls: list[Call]
    newer: str  # cursor of the page before (newer calls), "" on the first page
    older: str  # cursor of the next page (older calls), "" on the last


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _cursor_of(call: Call) -> str:
    return f"{(call.created_at - _EPOCH) // timedelta(microseconds=1)}.{call.pk}"


def _cursor_key(cursor: str) -> tuple[datetime, int] | None:
    """«microseconds since 1970.id» → (created_at, id); None for anything else (the page starts afresh)."""
    micros, separator, pk = cursor.partition(".")
    if not (separator and micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        return None
    if len(micros) > 16 or len(pk) > 18:  # within datetime's years and a bigint's range
        return None
    return _EPOCH + timedelta(microseconds=int(micros)), int(pk)


def call_log_page(calls: QuerySet[Call], *, before: str = "", after: str = "", size: int) -> CallLogPage:
    """One page of the call log by keyset on (created_at, id): no OFFSET and no COUNT, however long the log.

    before: the page of calls older than that cursor; after: the page of calls newer than it (going back).
    A cursor that does not parse gives the first page.
    """
    older_than, newer_than = _cursor_key(before), _cursor_key(after)
    if newer_than is not None:
        moment, pk = newer_than
        rows = list(
            calls.filter(Q(created_at__gt=moment) | Q(created_at=moment, pk__gt=pk))
            .order_by("created_at", "id")[: size + 1]
        )
        has_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_older = bool(rows)  # we came back from an older page
        if not has_newer:  # reached the newest calls: the first page, as a fresh visit shows it
            return call_log_page(calls, size=size)
    else:
        if older_than is not None:
            moment, pk = older_than
            calls = calls.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
        rows = list(calls[: size + 1])
        has_older = len(rows) > size
        rows = rows[:size]
        has_newer = older_than is not None and bool(rows)
    return CallLogPage(
        calls=rows,
        newer=_cursor_of(rows[0]) if has_newer and rows else "",
        older=_cursor_of(rows[-1]) if has_older and rows else "",
    )


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


def ivr_topic(digits: str) -> Topic | None:
    """The active topic the voice-menu keys stand for, or None (no keys, an unknown key, a retired topic)."""
    if not digits:
        return None
    choice = IvrChoice.objects.filter(digits=digits, is_active=True).select_related("topic", "topic__parent").first()
    return choice.topic if choice is not None and choice.topic.is_active else None


def phone_request_to_continue(*, citizen_id: int | None, phone: str, topic: Topic | None) -> Ticket | None:
    """The caller's open phone request a call continues: the one owed a callback, else one updated in the last
    day on the same topic (or still without one); None: the call opens a new request."""
    tickets = Ticket.objects.filter(channel=Channel.PHONE, status__in=Ticket.STAFF_OPEN_STATUSES)
    if citizen_id is not None:
        tickets = tickets.filter(citizen_id=citizen_id)
    elif phone and len(phone) <= 12:  # Ticket.contact_phone holds Russian numbers
        tickets = tickets.filter(citizen__isnull=True, contact_phone=phone)
    else:
        return None
    candidates = tickets.select_related("topic").order_by("-updated_at", "-id")
    owed = candidates.filter(callbacks__status=Callback.Status.PENDING).first()
    if owed is not None:
        return owed
    recent = candidates.filter(updated_at__gte=timezone.now() - REPEAT_CALL_WINDOW)
    if topic is not None:
        recent = recent.filter(Q(topic__isnull=True) | Q(topic=topic))
    return recent.first()
