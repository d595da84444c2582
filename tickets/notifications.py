"""Emails to the citizen: acknowledgment (CH3), status changes and replies. In the citizen's language."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tickets.models import Ticket, TicketEvent, TicketMessage

logger = logging.getLogger(__name__)
AUTO_SUBMITTED = {"acknowledgment": "auto-replied", "status_changed": "auto-generated"}  # RFC 3834; replies: none


def _send(ticket: Ticket, template: str, context: dict) -> bool:
    if not ticket.contact_email:
        return False
    with translation.override(ticket.language or "ru"):
        context = {
            "ticket": ticket,
            "ticket_url": settings.SITE_URL + reverse("tickets:citizen_detail", args=[ticket.number]),
            "support_phone": settings.SUPPORT_PHONE,
            **context,
        }
        subject = render_to_string(f"tickets/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"tickets/email/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[ticket.contact_email])
    # replies thread by the request number in the subject and by this id
    message.extra_headers["X-Supportdesk-Ticket"] = ticket.number
    from mail.services import mail_send  # lazy: the mail channel imports tickets.services

    # the mail channel threads it (Message-ID, In-Reply-To/References) and marks letters no person wrote
    mail_send(ticket=ticket, message=message, automatic=AUTO_SUBMITTED.get(template, ""))
    logger.info("citizen notified ticket=%s template=%s", ticket.pk, template)
    return True


@transaction.atomic
def ticket_acknowledge(*, ticket_id: int) -> None:
    ticket = Ticket.objects.select_related("topic").filter(pk=ticket_id).first()
    if ticket is None or ticket.events.filter(kind=TicketEvent.Kind.ACKNOWLEDGED).exists():
        return  # deleted since queued, or already sent (the task may run twice)
    from mail.services import mail_sender_notices

    if _send(ticket, "acknowledgment", {"sender_notices": mail_sender_notices(ticket=ticket)}):
        TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.ACKNOWLEDGED, data={"channel": "email"})


def ticket_notify_citizen(*, ticket_id: int, message_id: int | None = None) -> None:
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return
    if message_id is not None:
        message = TicketMessage.objects.filter(pk=message_id, ticket=ticket, is_internal=False).first()
        if message is None:
            return
        sent = _send(ticket, "reply", {"message": message})
    else:
        sent = _send(ticket, "status_changed", {})
    if sent:
        TicketEvent.objects.create(
            ticket=ticket,
            kind=TicketEvent.Kind.CITIZEN_NOTIFIED,
            data={"channel": "email", "status": ticket.status, "message_id": message_id},
        )
