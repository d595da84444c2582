"""Emails to the citizen: acknowledgment (CH3), status changes and replies. In the citizen's language.

Each letter goes out once, although its task runs with acks_late (a worker restart runs it again) and two
workers may run it at once: under the request's row lock the letter is skipped when its journal row exists,
else it is claimed by the mail channel and journaled in the same transaction; it is sent after that commit,
under the letter's own lock (mail.outbound).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tickets.models import Attachment, Ticket, TicketEvent, TicketMessage

logger = logging.getLogger(__name__)
AUTO_SUBMITTED = {"acknowledgment": "auto-replied", "status_changed": "auto-generated"}  # RFC 3834; replies: none
K = TicketEvent.Kind
# the operator's files travel in the reply up to this size together (about 13.5 MB once base64-encoded, under
# the 20–25 MB most mailboxes accept); the rest go as download links
OUTBOUND_FILES_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Notice:
    """One letter to the citizen: its key (unique per request), template and journal row."""

    key: str
    template: str
    kind: str
    data: dict
    context: dict = field(default_factory=dict)


def _letter(ticket: Ticket, notice: Notice) -> EmailMessage:
    # lazy: the mail channel imports tickets.services
    from mail.citizen_links import citizen_link_expires, citizen_link_token, citizen_link_url
    from mail.outbound import mail_thread_subject

    context = {"ticket": ticket, "support_phone": settings.SUPPORT_PHONE, **notice.context}
    if ticket.citizen_id is None:  # no account to sign in to: a signed link opens the request instead
        token = citizen_link_token(ticket=ticket)
        context.update(ticket_url=citizen_link_url(ticket=ticket, token=token), link_expires=citizen_link_expires())
    else:
        token = None
        context["ticket_url"] = settings.SITE_URL + reverse("tickets:citizen_detail", args=[ticket.number])
    files: list[tuple[Attachment, bytes]] = []
    if isinstance(notice.context.get("message"), TicketMessage):
        files, context["linked"] = _reply_files(ticket, notice.context["message"], token)
        context["attached"] = [attachment for attachment, _data in files]
    with translation.override(ticket.language or "ru"):
        context["thread_subject"] = mail_thread_subject(ticket=ticket)  # requests that came by mail answer under it
        subject = render_to_string(f"tickets/email/{notice.template}_subject.txt", context).strip()
        body = render_to_string(f"tickets/email/{notice.template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[ticket.contact_email])
    for attachment, data in files:
        message.attach(attachment.original_name, data, attachment.content_type)
    # replies thread by the request number in the subject and by the Message-ID the mail channel gives it
    message.extra_headers["X-Supportdesk-Ticket"] = ticket.number
    return message


def _reply_files(
    ticket: Ticket, message: TicketMessage, token: str | None
) -> tuple[list[tuple[Attachment, bytes]], list[tuple[Attachment, str]]]:
    """The operator's files: attached while they fit in OUTBOUND_FILES_MAX_BYTES together, the rest as links
    (the signed link for a citizen without an account, the personal account's download otherwise)."""
    from mail.citizen_links import citizen_file_url

    attached, linked, total = [], [], 0
    for attachment in message.attachments.order_by("pk"):
        data = None
        if total + attachment.size <= OUTBOUND_FILES_MAX_BYTES:
            try:
                with attachment.file.open("rb") as handle:
                    data = handle.read()
            except OSError:  # the storage does not give it now: the link still will, once it is back
                logger.warning("reply file unreadable attachment=%s", attachment.pk)
        if data is not None:
            attached.append((attachment, data))
            total += len(data)
        elif token is not None:
            linked.append((attachment, citizen_file_url(attachment=attachment, token=token)))
        else:
            linked.append((attachment, settings.SITE_URL + reverse(
                "tickets:citizen_attachment", args=[ticket.number, attachment.pk])))
    return attached, linked


def _notify(ticket_id: int, notice_for) -> None:
    """Claim and journal the letter notice_for(ticket) describes (None: nothing to send), then send it."""
    # lazy: the mail channel imports tickets.services
    from mail.outbound import mail_outbound_claim, mail_outbound_deliver, mail_outbound_find

    message = None
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",)).select_related("topic", "citizen")
            .filter(pk=ticket_id).first()
        )  # two runs of one task wait here for each other
        if ticket is None or not ticket.contact_email:
            return  # deleted since queued, or nobody to write to
        notice = notice_for(ticket)
        if notice is None:
            return
        if ticket.events.filter(kind=notice.kind, data__letter=notice.key).exists():
            letter = mail_outbound_find(ticket=ticket, key=notice.key)  # journaled: perhaps not yet sent
        else:
            message = _letter(ticket, notice)
            letter = mail_outbound_claim(ticket=ticket, key=notice.key, message=message,
                                         automatic=AUTO_SUBMITTED.get(notice.template, ""))
            TicketEvent.objects.create(ticket=ticket, kind=notice.kind, data={**notice.data, "letter": notice.key})
    if letter is not None and mail_outbound_deliver(letter_id=letter.pk, message=message):
        logger.info("citizen notified ticket=%s letter=%s", ticket_id, notice.key)


def ticket_acknowledge(*, ticket_id: int) -> None:
    def acknowledgment(ticket: Ticket) -> Notice | None:
        from mail.services import mail_sender_notices

        if ticket.events.filter(kind=K.ACKNOWLEDGED).exclude(data__has_key="letter").exists():
            return None  # acknowledged before letters had keys
        return Notice("ack", "acknowledgment", K.ACKNOWLEDGED, {"channel": "email"},
                      {"sender_notices": mail_sender_notices(ticket=ticket)})

    _notify(ticket_id, acknowledgment)


def ticket_notify_citizen(*, ticket_id: int, message_id: int | None = None) -> None:
    """A public reply (message_id), or the request's current status after its latest change."""

    def reply(ticket: Ticket) -> Notice | None:
        message = TicketMessage.objects.filter(pk=message_id, ticket=ticket, is_internal=False).first()
        if message is None:
            return None
        return Notice(f"reply-{message.pk}", "reply", K.CITIZEN_NOTIFIED,
                      {"channel": "email", "status": ticket.status, "message_id": message.pk}, {"message": message})

    def status_notice(ticket: Ticket) -> Notice:
        # keyed by the latest change: a run repeated, or runs queued by changes in quick succession, all tell
        # the current status once
        change = ticket.events.filter(kind=K.STATUS_CHANGED).order_by("-created_at", "-id").first()
        key = f"status-{change.pk}" if change is not None else f"status-{ticket.status}"
        return Notice(key, "status_changed", K.CITIZEN_NOTIFIED,
                      {"channel": "email", "status": ticket.status, "message_id": None})

    _notify(ticket_id, reply if message_id is not None else status_notice)
