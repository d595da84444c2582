"""Chat writes: start a dialogue from the portal, post into it. Both go through tickets.services."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chat.dialogue import dialogue_reply, dialogue_resume_if_assistant_resolved
from chat.selectors import SESSION_CHAT_IDS, chat_current, session_chat_ids
from supportdesk.errors import DomainError
from tickets.attachments import CheckedFile
from tickets.broadcast import agent_group, broadcast_on_commit, ticket_group
from tickets.models import Channel, Ticket, TicketMessage, Topic
from tickets.permissions import ticket_can_change
from tickets.services import message_post, ticket_assign, ticket_intake, ticket_transfer

MESSAGE_MAX_LENGTH = 4000
# A browser session remembers its last chats only; older ones stay reachable by signing in.
SESSION_CHAT_IDS_KEPT = 20


class MessageTooLong(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Сообщение слишком длинное: не более %(limit)d символов.") % {"limit": MESSAGE_MAX_LENGTH})


class ChatActionRefused(DomainError):
    pass


def _check_length(body: str) -> None:
    if len(body) > MESSAGE_MAX_LENGTH:
        raise MessageTooLong


def chat_remember(*, session, ticket: Ticket) -> None:
    """Let this browser session follow the chat, also when the visitor has not signed in."""
    ids = [value for value in session_chat_ids(session) if value != ticket.pk]
    session[SESSION_CHAT_IDS] = [*ids, ticket.pk][-SESSION_CHAT_IDS_KEPT:]


def chat_start(
    *,
    session,
    citizen,
    body: str,
    topic: Topic | None = None,
    language: str = "ru",
    client_message_id: str = "",
) -> Ticket:
    """Open a chat from the portal in one step and bind it to the citizen or, for a visitor, to the session.

    A visitor who already has an unfinished chat gets the text added to it instead of a second
    request; with the same client_message_id a repeated submit (double click, reload) adds nothing and
    the assistant does not answer it again. Starts from one citizen or session run one at a time, so two
    tabs or a double submit arriving together still open one chat.
    """
    _check_length(body)
    if session.session_key is None:
        session.save()  # a visitor's first request has no session row yet; the chat is bound to its key
    with transaction.atomic():
        _chat_start_lock(citizen=citizen, session_key=session.session_key)
        current = chat_current(user=citizen, session=session)
        if current is not None and current.status == Ticket.Status.RESOLVED:
            dialogue_resume_if_assistant_resolved(current)
        if current is not None and current.is_open:
            message, created = message_post(
                ticket=current,
                author=citizen,
                body=body,
                author_kind=TicketMessage.AuthorKind.CITIZEN,
                channel=Channel.CHAT,
                client_message_id=client_message_id,
            )
            chat_remember(session=session, ticket=current)
            if created:  # a resent start was answered the first time
                current.status = message.ticket.status  # read by message_post under its row lock
                _assistant_answers(current)
            return current
        ticket = ticket_intake(
            channel=Channel.CHAT,
            citizen=citizen,
            subject="",
            body=body,
            topic=topic,
            language=language,
            session_key=session.session_key,
            client_message_id=client_message_id,
            assistant_first=settings.CHAT_ASSISTANT_FIRST,
        )
        chat_remember(session=session, ticket=ticket)
        _assistant_answers(ticket)
        return ticket


def _chat_start_lock(*, citizen, session_key: str) -> None:
    """Serialise chat starts of one citizen (or one browser session) until the transaction ends.

    A visitor without an account is known by the session key only; an app's DeviceSession has none, but
    its chats belong to the signed-in citizen. Different people never wait for each other.
    """
    if citizen is not None and citizen.is_authenticated:
        owner = f"citizen:{citizen.pk}"
    elif session_key:
        owner = f"session:{session_key}"
    else:
        return
    key = int.from_bytes(hashlib.blake2b(f"chat_start:{owner}".encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _assistant_answers(ticket: Ticket) -> None:
    """While the assistant has the chat, it answers each citizen message right after it is committed.

    In the same request, not through the task queue: the answer is the chat's first contact and must not
    wait for a worker (tens of milliseconds of analysis and search; the citizen's message is saved first).
    """
    if ticket.status == Ticket.Status.ASSISTANT:
        transaction.on_commit(lambda: dialogue_reply(ticket_id=ticket.pk))


def chat_message_send(
    *,
    ticket: Ticket,
    author,
    as_staff: bool,
    body: str,
    client_message_id: str = "",
    internal: bool = False,
    attachments: Sequence[CheckedFile] = (),
) -> tuple[TicketMessage, bool]:
    """Post into a live conversation; returns (message, created). Only staff write internal notes.

    attachments: files already passed tickets.attachments (the chat's upload endpoint checks them).
    """
    _check_length(body)
    if as_staff and ticket.assignee_id not in (None, getattr(author, "pk", None)) and not ticket_can_change(
        user=author, ticket=ticket
    ):  # as the desk's reply form: a colleague's chat is theirs to answer (a queued one is taken by answering)
        raise ChatActionRefused(_("Обращение ведёт другой сотрудник: ответить может только исполнитель."))
    if not as_staff:
        dialogue_resume_if_assistant_resolved(ticket)
    message, created = message_post(
        ticket=ticket,
        author=author if author is not None and author.is_authenticated else None,
        body=body,
        author_kind=TicketMessage.AuthorKind.AGENT if as_staff else TicketMessage.AuthorKind.CITIZEN,
        channel=ticket.channel,
        is_internal=internal and as_staff,
        client_message_id=client_message_id,
        attachments=attachments,
    )
    if created and not as_staff and body.strip():  # a file alone gives the assistant nothing to read
        ticket.status = message.ticket.status  # message_post read it under its row lock: no query again
        _assistant_answers(ticket)
    return message, created


# --- The live chat around the messages: read receipts, language, transfers (CH1) -----------------------


def chat_read_mark(*, ticket_id: int, side: str, message_id: int) -> bool:
    """Move one side's read mark forward to a message of this chat (never back); the other side hears of it.

    Returns False when nothing moved (an older or unknown message id, a repeated receipt).
    """
    from chat.models import ChatReadMark

    visible = TicketMessage.objects.filter(ticket_id=ticket_id, pk=message_id)
    if side == ChatReadMark.Side.CITIZEN:
        visible = visible.filter(is_internal=False)
    if not visible.exists():
        return False
    with transaction.atomic():
        moved = ChatReadMark.objects.filter(ticket_id=ticket_id, side=side, message_id__lt=message_id).update(
            message_id=message_id, read_at=timezone.now()
        )
        if not moved:
            _mark, moved = ChatReadMark.objects.get_or_create(
                ticket_id=ticket_id, side=side, defaults={"message_id": message_id}
            )
        if moved:
            broadcast_on_commit(ticket_group(ticket_id), {"type": "chat.read", "side": side, "message_id": message_id})
    return bool(moved)


def _system_say(ticket: Ticket, text: str) -> TicketMessage:
    """A line from the desk itself in the conversation, seen by both sides (written in the chat's language)."""
    message, _created = message_post(
        ticket=ticket, author=None, body=text, author_kind=TicketMessage.AuthorKind.SYSTEM, channel=ticket.channel
    )
    return message


def language_supported(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


@transaction.atomic
def chat_language_set(*, ticket: Ticket, language: str, actor=None) -> Ticket:
    """The citizen switches the chat's language: routing and the operator follow ticket.language."""
    if not language_supported(language):
        raise ChatActionRefused(_("Этот язык чат пока не поддерживает."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED):
        raise ChatActionRefused(_("Чат завершён: язык изменить нельзя."))
    if ticket.language == language:
        return ticket
    ticket.language = language
    ticket.save(update_fields=["language", "updated_at"])
    with translation.override(language):
        _system_say(ticket, _("Язык чата: %(language)s.") % {"language": dict(settings.LANGUAGES)[language]})
    broadcast_on_commit(ticket_group(ticket.pk), {"type": "chat.language", "language": language})
    return ticket


@transaction.atomic
def chat_transfer_to_operator(*, ticket: Ticket, to_agent, actor, reason: str = "") -> Ticket:
    """Hand a chat with its whole history to a colleague on the line who fits it and has a free place.

    The routing rules decide, under the colleague's profile lock (two transfers to one free place at once
    fill it once): tickets.routing.assignment_check refuses in Russian (a DomainError).
    """
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not ticket.is_open:
        raise ChatActionRefused(_("Передать можно только открытый чат."))
    if to_agent is None or to_agent.pk == ticket.assignee_id:
        raise ChatActionRefused(_("Выберите другого сотрудника."))
    ticket_assign(ticket=ticket, assignee=to_agent, actor=actor, enforce_rules=True)
    # the colleague's chat desk adds the chat at once, as it does for what routing gives them
    broadcast_on_commit(
        agent_group(to_agent.pk),
        {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number, "priority": ticket.priority},
    )
    if reason.strip():
        message_post(ticket=ticket, author=actor, body=_("Причина передачи: %(reason)s") % {"reason": reason.strip()},
                     author_kind=TicketMessage.AuthorKind.AGENT, channel=ticket.channel, is_internal=True)
    with translation.override(ticket.language):
        _system_say(ticket, _("Чат передан другому специалисту. Вся переписка у него, повторять ничего не нужно."))
    return ticket


@transaction.atomic
def chat_transfer_to_tier(*, ticket: Ticket, to_tier: int, actor, reason: str, topic: Topic | None = None) -> Ticket:
    """Hand a chat to a higher support tier through tickets.services.ticket_transfer; the citizen is told."""
    ticket = ticket_transfer(ticket=ticket, to_tier=to_tier, actor=actor, reason=reason, topic=topic)
    with translation.override(ticket.language):
        _system_say(
            ticket,
            _("Ваш вопрос передан специалисту уровня L%(tier)s. Вся переписка сохранена, повторять ничего не нужно.")
            % {"tier": ticket.tier},
        )
    return ticket
