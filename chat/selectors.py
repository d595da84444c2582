"""Who may follow a conversation live, and the reads the chat page and the sockets share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from tickets.models import Channel, Ticket, TicketMessage
from tickets.permissions import ticket_get_for_staff
from tickets.selectors import ticket_messages

SESSION_CHAT_IDS = "chat_ticket_ids"
# The chat page keeps showing a resolved chat: the citizen may still answer (that reopens it) or start anew.
CURRENT_CHAT_STATUSES = (*Ticket.OPEN_STATUSES, Ticket.Status.RESOLVED)


@dataclass(frozen=True)
class Viewer:
    """Who is on the other end of a socket or a chat page, as far as one ticket is concerned."""

    ticket: Ticket
    is_staff: bool


def session_chat_ids(session) -> list[int]:
    """Chat tickets this browser session started; tolerant of whatever an old session holds."""
    ids = session.get(SESSION_CHAT_IDS) or []
    return [value for value in ids if isinstance(value, int) and not isinstance(value, bool)]


def staff_session_verified(*, user, session) -> bool:
    """The same test as django_otp.middleware.OTPMiddleware: the session names a confirmed device of this user.

    Sockets do not pass through Django middleware, so the check is repeated here (SEC2).
    """
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not user.is_authenticated or not persistent_id:
        return False
    if persistent_id.count(".") > 1:  # legacy full import paths, normalised as django_otp does
        parts = persistent_id.split(".")
        persistent_id = ".".join((parts[-3], parts[-1]))
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and device.confirmed


def _visitor_condition(*, user, session) -> Q:
    """Chats of a citizen (None or AnonymousUser for a visitor), or anonymous chats this session started."""
    condition = Q(pk__in=session_chat_ids(session), citizen__isnull=True) if session is not None else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        condition |= Q(citizen=user)
    return condition


def ticket_get_for_visitor(*, user, session, ticket_id: int) -> Ticket:
    """A citizen's own ticket, or an anonymous chat held by this session. Missing and forbidden both give 404."""
    ticket = Ticket.objects.filter(_visitor_condition(user=user, session=session), pk=ticket_id).first()
    if ticket is None:
        raise Http404
    return ticket


def viewer_for_socket(*, user, session, ticket_id: int) -> Viewer:
    """Authorize a live connection to one ticket; raises Http404 for everyone else.

    Staff must hold a 2FA-verified session and see the ticket (tickets.permissions); they never
    fall back to the citizen rules, so an unverified operator is refused even for a ticket
    their browser session happens to have started.
    """
    if user.is_authenticated and user.is_desk_staff:
        if not staff_session_verified(user=user, session=session):
            raise Http404
        return Viewer(ticket=ticket_get_for_staff(user=user, ticket_id=ticket_id), is_staff=True)
    return Viewer(ticket=ticket_get_for_visitor(user=user, session=session, ticket_id=ticket_id), is_staff=False)


def chat_current(*, user, session) -> Ticket | None:
    """The chat the /chat/ page shows: the latest unfinished chat of this citizen or browser session."""
    return (
        Ticket.objects.filter(
            _visitor_condition(user=user, session=session),
            channel=Channel.CHAT,
            status__in=CURRENT_CHAT_STATUSES,
        )
        .select_related("topic")
        .order_by("-created_at", "-id")
        .first()
    )


def messages_after(*, ticket_id: int, after: int, include_internal: bool) -> list[TicketMessage]:
    """Messages a reconnecting client missed, oldest first.

    Ordered by id: message_post locks the ticket row before inserting, so within one ticket
    ids are handed out in commit order and "id > after" never skips a message.
    """
    ticket = Ticket(pk=ticket_id)
    return list(ticket_messages(ticket, include_internal=include_internal).filter(pk__gt=after).order_by("pk"))


def message_for_viewer(*, ticket_id: int, message_id: int, include_internal: bool) -> TicketMessage | None:
    """One message for a live update; None when it is an internal note and the viewer is not staff."""
    ticket = Ticket(pk=ticket_id)
    return ticket_messages(ticket, include_internal=include_internal).filter(pk=message_id).first()


def conversation_for_visitor(ticket: Ticket) -> list[TicketMessage]:
    return list(ticket_messages(ticket, include_internal=False))
