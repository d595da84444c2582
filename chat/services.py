"""Chat writes: start a dialogue from the portal, post into it. Both go through tickets.services."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from chat.dialogue import dialogue_reply, dialogue_resume_if_assistant_resolved
from chat.selectors import SESSION_CHAT_IDS, chat_current, session_chat_ids
from supportdesk.errors import DomainError
from tickets.models import Channel, Ticket, TicketMessage, Topic
from tickets.services import message_post, ticket_intake

MESSAGE_MAX_LENGTH = 4000
# A browser session remembers its last chats only; older ones stay reachable by signing in.
SESSION_CHAT_IDS_KEPT = 20


class MessageTooLong(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Сообщение слишком длинное: не более %(limit)d символов.") % {"limit": MESSAGE_MAX_LENGTH})


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
    request; with the same client_message_id a repeated submit (double click, reload) adds nothing.
    """
    _check_length(body)
    current = chat_current(user=citizen, session=session)
    if current is not None and current.status == Ticket.Status.RESOLVED:
        dialogue_resume_if_assistant_resolved(current)
    if current is not None and current.is_open:
        message_post(
            ticket=current,
            author=citizen,
            body=body,
            author_kind=TicketMessage.AuthorKind.CITIZEN,
            channel=Channel.CHAT,
            client_message_id=client_message_id,
        )
        chat_remember(session=session, ticket=current)
        _assistant_answers(current)
        return current
    if session.session_key is None:
        session.save()  # a visitor's first request has no session row yet; the chat is bound to its key
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
) -> tuple[TicketMessage, bool]:
    """Post into a live conversation; returns (message, created). Only staff write internal notes."""
    _check_length(body)
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
    )
    if created and not as_staff:
        ticket.refresh_from_db(fields=["status"])
        _assistant_answers(ticket)
    return message, created
