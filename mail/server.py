"""Push delivery: an LMTP (or SMTP) endpoint on 127.0.0.1 that the MTA (Postfix, Exim) hands letters to.

The MTA keeps a letter queued until we answer 250: a letter is acknowledged only after mail_receive stored
it, and a database failure answers 451 so the MTA retries later. Letters over MAIL_MAX_BYTES are refused
with 552 before their body is read (the MTA bounces them to the sender).
"""

from __future__ import annotations

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from mail.models import MailMessage
from mail.services import mail_receive

logger = logging.getLogger(__name__)

PROTOCOLS = {"lmtp": LMTP, "smtp": SMTP}


def _receive(raw: bytes, source: str, envelope_sender: str | None) -> None:
    close_old_connections()  # a long-running server: drop connections the database closed meanwhile
    try:
        mail_receive(raw=raw, source=source, envelope_sender=envelope_sender)
    finally:
        close_old_connections()


class DeliveryHandler:
    """aiosmtpd handler: every accepted letter goes to mail_receive."""

    def __init__(self, protocol: str) -> None:
        self.protocol = protocol
        self.source = MailMessage.Source.LMTP if protocol == "lmtp" else MailMessage.Source.SMTP

    async def handle_DATA(self, server, session, envelope) -> str:
        try:
            await sync_to_async(_receive)(envelope.original_content, self.source, envelope.mail_from)
        except Exception:  # the database is down or failing: the MTA keeps the letter and retries
            logger.exception("mail: delivery deferred")
            status = "451 4.3.0 Temporary failure, try again later"
        else:
            status = "250 2.0.0 Delivered"
        if self.protocol == "lmtp":  # LMTP answers DATA once per recipient (RFC 2033)
            return "\r\n".join([status] * max(len(envelope.rcpt_tos), 1))
        return status


class MailController(Controller):
    """aiosmtpd's threaded controller, speaking LMTP or SMTP."""

    def __init__(self, *, protocol: str = "lmtp", hostname: str = "127.0.0.1", port: int | None = None) -> None:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {sorted(PROTOCOLS)}")
        self.protocol = protocol
        super().__init__(
            DeliveryHandler(protocol),
            hostname=hostname,
            port=port or settings.MAIL_SERVER_PORT,
            data_size_limit=settings.MAIL_MAX_BYTES,
        )

    def factory(self):
        return PROTOCOLS[self.protocol](self.handler, **self.SMTP_kwargs)
