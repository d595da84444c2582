"""Who may follow a conversation live, and the reads the chat page and the sockets share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from accounts.models import OperatorProfile
from tickets.lifecycle import LOAD_STATUSES, QUEUE_STATUSES
from tickets.models import Attachment, Channel, Ticket, TicketEvent, TicketMessage, Topic
from tickets.routing import TECHNICAL_TIER, agents_available_for
from tickets.routing import _fits as fitting_operators  # the routing's own rule, so the estimate counts the same people
from tickets.selectors import ticket_messages, tickets_visible_to_staff
from tickets.sla import policy_for

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
    """Chats of a citizen (None or AnonymousUser for a visitor), or anonymous chats this session started.

    A session's chats are the ids it remembers and the chats started under its key: a request that ran
    beside the one starting the chat (two tabs, a double submit) read the session before the id was saved.
    """
    condition = Q(pk__in=session_chat_ids(session), citizen__isnull=True) if session is not None else Q(pk__in=[])
    session_key = getattr(session, "session_key", None) if session is not None else None
    if session_key:  # an app's DeviceSession has the empty key, shared by every chat started without a browser
        condition |= Q(session_key=session_key, citizen__isnull=True)
    if user is not None and user.is_authenticated:
        condition |= Q(citizen=user)
    return condition


def ticket_get_for_visitor(*, user, session, ticket_id: int) -> Ticket:
    """A citizen's own ticket, or an anonymous chat held by this session. Missing and forbidden both give 404."""
    ticket = Ticket.objects.filter(_visitor_condition(user=user, session=session), pk=ticket_id).first()
    if ticket is None:
        raise Http404
    return ticket


# What a socket reads of its ticket (chat.consumers, chat.services.chat_message_send): the access check runs
# again for every message written, and building the query for the whole row and its joins cost more than the rest
# of saving a message. Writes lock and read the full row themselves (tickets.services.message_post).
SOCKET_TICKET_FIELDS = ("id", "number", "status", "channel", "assignee_id", "citizen_id")


def viewer_for_socket(*, user, session, ticket_id: int) -> Viewer:
    """Authorize a live connection to one ticket; raises Http404 for everyone else.

    Staff must hold a 2FA-verified session and see the ticket (tickets.selectors.tickets_visible_to_staff);
    they never fall back to the citizen rules, so an unverified operator is refused even for a ticket their
    browser session happens to have started. The ticket carries SOCKET_TICKET_FIELDS only.
    """
    if user.is_authenticated and user.is_desk_staff:
        if not staff_session_verified(user=user, session=session):
            raise Http404
        tickets, is_staff = tickets_visible_to_staff(user), True
    else:
        tickets, is_staff = Ticket.objects.filter(_visitor_condition(user=user, session=session)), False
    ticket = tickets.filter(pk=ticket_id).only(*SOCKET_TICKET_FIELDS).order_by().first()
    if ticket is None:
        raise Http404
    return Viewer(ticket=ticket, is_staff=is_staff)


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
    """One message for a live update; None when it is an internal note and the viewer is not staff.

    Every live message is read once by every socket following the chat, so this is one query: the files are
    read only for a message that has some (most have none), and there is no ORDER BY for a single row.
    """
    ticket = Ticket(pk=ticket_id)
    message = (
        ticket_messages(ticket, include_internal=include_internal)
        .prefetch_related(None)
        .filter(pk=message_id)
        .annotate(has_attachments=Exists(Attachment.objects.filter(message=OuterRef("pk"))))
        .order_by()
        .first()
    )
    if message is not None:
        if message.has_attachments:
            prefetch_related_objects([message], "attachments")
        else:
            message_without_attachments(message)
    return message


def message_without_attachments(message: TicketMessage) -> TicketMessage:
    """Mark a message known to carry no files, as prefetch_related would: message.attachments.all() then
    answers from memory instead of a query (the chat's message template asks for it)."""
    none = Attachment.objects.none()
    none._result_cache, none._prefetch_done = [], True  # evaluated, as prefetch_related leaves its querysets
    message._prefetched_objects_cache = {"attachments": none}
    return message


def conversation_for_visitor(ticket: Ticket) -> list[TicketMessage]:
    return list(ticket_messages(ticket, include_internal=False))


# --- Read receipts, the queue place, quick replies, transcripts, the operator's chats -------------------


def read_marks(*, ticket_id: int) -> dict[str, int]:
    """The last message id each side has read: {"citizen": id, "staff": id} (0 when a side read nothing)."""
    from chat.models import ChatReadMark

    marks = dict.fromkeys(ChatReadMark.Side.values, 0)
    marks.update(ChatReadMark.objects.filter(ticket_id=ticket_id).values_list("side", "message_id"))
    return marks


@dataclass(frozen=True)
class QueuePlace:
    """Where a chat handed to people waits: its place among the chats the same operators will take."""

    position: int  # 1 = next
    operators_on_line: int
    wait_seconds: int
    mean_first_contact_seconds: int
    from_recent_chats: bool  # False: no chat was answered lately, the SLA first-response target is used


# Chats answered in this window make the «recent» mean; older ones say little about today's queue.
FIRST_CONTACT_WINDOW = timedelta(hours=2)
FIRST_CONTACT_SAMPLE = 50


def _topic_family(topic) -> list[int]:
    """The topics whose chats compete for the operators who would take this one (routing: a skill in a
    section covers its sub-topics, so the whole section shares its operators)."""
    root_id = topic.parent_id or topic.pk
    return [root_id, *Topic.objects.filter(parent_id=root_id).values_list("pk", flat=True)]


def _chats_ahead(ticket: Ticket) -> QuerySet[Ticket]:
    """Unassigned chats that routing offers before this one: same tier and topic section, queue order
    (priority first, then age: tickets.models ticket_queue_claim_order)."""
    queued = Ticket.objects.filter(
        channel=Channel.CHAT, assignee__isnull=True, status__in=QUEUE_STATUSES, tier=ticket.tier
    ).exclude(pk=ticket.pk)
    if ticket.tier < TECHNICAL_TIER:  # the technical group takes any topic
        queued = (
            queued.filter(topic_id__in=_topic_family(ticket.topic)) if ticket.topic_id else queued.filter(topic=None)
        )
    earlier = Q(created_at__lt=ticket.created_at) | Q(created_at=ticket.created_at, pk__lt=ticket.pk)
    return queued.filter(Q(priority__gt=ticket.priority) | (Q(priority=ticket.priority) & earlier))


def _waiting_since():
    """When a chat reached people: the assistant's handover, or its registration when no assistant took it."""
    handed_over = TicketEvent.objects.filter(ticket=OuterRef("pk"), kind=TicketEvent.Kind.HANDED_OVER).order_by("pk")
    return Coalesce(Subquery(handed_over.values("created_at")[:1]), F("created_at"))


def mean_first_contact_seconds(*, now=None) -> int | None:
    """Mean time from reaching people to an operator's first answer over the chats answered lately."""
    now = now or timezone.now()
    recent = (
        Ticket.objects.filter(channel=Channel.CHAT, first_response_at__gte=now - FIRST_CONTACT_WINDOW)
        .annotate(waited=F("first_response_at") - _waiting_since())
        .order_by("-first_response_at")
        .values_list("waited", flat=True)[:FIRST_CONTACT_SAMPLE]
    )
    waits = [max(waited.total_seconds(), 0.0) for waited in recent if waited is not None]
    return round(sum(waits) / len(waits)) if waits else None


def queue_place(ticket: Ticket) -> QueuePlace | None:
    """The citizen's place in the operators' queue and a wait estimate; None unless the chat waits for a person.

    Estimate: the chats ahead and this one are shared among the operators on the line who fit it, each
    round taking the recent mean first-contact time: ceil(position / operators) × mean.
    """
    if ticket.channel != Channel.CHAT or ticket.assignee_id is not None or ticket.status not in QUEUE_STATUSES:
        return None
    position = _chats_ahead(ticket).count() + 1
    operators = OperatorProfile.objects.filter(fitting_operators(ticket), status=OperatorProfile.Status.ONLINE).count()
    mean = mean_first_contact_seconds()
    from_recent = mean is not None
    if mean is None:
        mean = policy_for(ticket).first_response_seconds
    rounds = -(-position // max(operators, 1))
    return QueuePlace(
        position=position,
        operators_on_line=operators,
        wait_seconds=rounds * mean,
        mean_first_contact_seconds=mean,
        from_recent_chats=from_recent,
    )


def quick_replies_for(*, ticket_id: int) -> tuple[int, list[dict]]:
    """The assistant's latest quick replies (chat.dialogue keeps them on DialogueState) as (message id, actions).

    Each action is {"label", "reply"}: the button's text and what sending it writes. Strings are accepted too.
    """
    from chat.models import DialogueState

    stored = DialogueState.objects.filter(ticket_id=ticket_id).values_list("quick_replies", flat=True).first()
    if not isinstance(stored, dict) or not isinstance(stored.get("message_id"), int):
        return 0, []
    actions = []
    for action in stored.get("actions") or []:
        if isinstance(action, str):
            label = reply = action
        elif isinstance(action, dict):
            label = action.get("label") or action.get("title") or action.get("text") or ""
            reply = action.get("reply") or action.get("body") or action.get("value") or label
        else:
            continue
        if isinstance(label, str) and isinstance(reply, str) and label.strip() and reply.strip():
            actions.append({"label": label.strip()[:80], "reply": reply.strip()[:500]})
    return stored["message_id"], actions


def transcript_messages(*, ticket: Ticket, include_internal: bool) -> list[TicketMessage]:
    return list(ticket_messages(ticket, include_internal=include_internal))


def chats_active_for_operator(user) -> list[Ticket]:
    """The chats an operator holds now, oldest first: the desk shows them side by side."""
    return list(
        Ticket.objects.filter(channel=Channel.CHAT, assignee=user, status__in=(*LOAD_STATUSES, Ticket.Status.RESOLVED))
        .exclude(status=Ticket.Status.RESOLVED, resolved_at__lt=timezone.now() - timedelta(hours=1))
        .select_related("topic")
        .order_by("created_at", "pk")
    )


def chats_queued_for_operator(user, *, limit: int = 10) -> list[Ticket]:
    """Chats waiting for a person that this operator may take (visible to them), in queue order."""
    return list(
        tickets_visible_to_staff(user)
        .filter(channel=Channel.CHAT, assignee__isnull=True, status__in=QUEUE_STATUSES)
        .select_related("topic")
        .order_by("-priority", "created_at", "pk")[:limit]
    )


def operators_for_transfer(*, ticket: Ticket, exclude_user_id: int) -> list[OperatorProfile]:
    """Colleagues on the line who fit the chat and have a free place, least loaded first."""
    return list(agents_available_for(ticket, exclude_user_ids=[exclude_user_id]).select_related("user")[:50])
