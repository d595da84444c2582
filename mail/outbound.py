"""Letters the desk sends about a request: threaded, numbered, and sent once.

A letter is first claimed: it gets a Message-ID made from the request and what the letter is about (its key:
«ack», «reply-17», «status-204»), its threading headers, and an outbound MailMessage row (outcome «pending»)
holding its bytes. The caller claims while holding the request's row lock, in the transaction that writes the
journal row, so two runs of one task claim one letter. Delivery then takes the letter's own row lock, sends,
and marks it sent; a second run waits for that lock and finds the letter sent. A run that died after the SMTP
server took the letter but before the mark sends it again under the same Message-ID, which mail clients show
once. A relay that is down or refuses for now leaves the letter pending, and mail_outbound_retry (the
mail-failed-retry beat task) sends it later from the stored bytes; a permanent refusal marks it failed.
"""

from __future__ import annotations

import email
import logging
import re
import smtplib
from datetime import timedelta
from email import policy
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.validators import mask_email
from mail.models import MailMessage
from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import event_record

logger = logging.getLogger(__name__)  # ids and outcomes only: addresses are personal data

Outcome = MailMessage.Outcome
MAX_REFERENCES = 10
SEND_RETRY_FIRST_DELAY = timedelta(minutes=5)
SEND_RETRY_LONGEST_DELAY = timedelta(hours=2)
SEND_MAX_ATTEMPTS = 12  # about a day of a relay outage; then the letter is failed and an operator sees it
# a claimed letter whose worker died before sending (and whose task is not redelivered) is sent by the retry
SEND_SAFETY_NET = timedelta(minutes=15)
_KEPT_HEADERS = ("Message-ID", "In-Reply-To", "References", "Auto-Submitted", "X-Auto-Response-Suppress",
                 "X-Supportdesk-Ticket")


# reply and forward prefixes as clients write them (Outlook «RE:», «AW:», «Ответ:», numbered «Re[2]:»)
_SUBJECT_PREFIXES = re.compile(r"^\s*((re|fwd?|aw|sv|отв|ответ|пересл)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_TICKET_NUMBER = re.compile(r"\[?\bSD-\d{4}-\d{6}\b\]?")


def mail_thread_subject(*, ticket: Ticket) -> str | None:
    """«Re: <the citizen's subject> [SD-…]» for a request that came by mail, None for the others.

    Gmail and some other clients group a conversation only when the subjects match as well as the threading
    headers; «Re:» is what every client writes and strips, in Russian too. The number stays in the subject:
    a reply that lost its headers still finds its request by it.
    """
    if ticket.channel != Channel.EMAIL:
        return None
    opening = ticket.mail_messages.filter(direction=MailMessage.Direction.INBOUND, outcome=Outcome.OPENED).first()
    base = opening.subject if opening is not None else ticket.subject
    base = " ".join(_TICKET_NUMBER.sub(" ", _SUBJECT_PREFIXES.sub("", base or "")).split())
    return f"Re: {base} [{ticket.number}]" if base else None


def _domain(message: EmailMessage) -> str:
    return parseaddr(message.from_email or settings.DEFAULT_FROM_EMAIL)[1].partition("@")[2] or "supportdesk"


def mail_outbound_message_id(*, ticket: Ticket, key: str, domain: str) -> str:
    """The same id every time for one letter (a resend is one letter to mail clients); not guessable, so
    nobody can make a letter look like a reply to ours without having received ours."""
    tag = salted_hmac("mail.outbound.message-id", f"{ticket.pk}:{key}").hexdigest()[:16]
    return f"<{key}.{ticket.number}.{tag}@{domain}>"


def mail_outbound_find(*, ticket: Ticket, key: str) -> MailMessage | None:
    message_id = mail_outbound_message_id(ticket=ticket, key=key, domain=_domain(EmailMessage()))
    return MailMessage.objects.filter(message_id=message_id).first()


def _thread(ticket: Ticket, message: EmailMessage) -> list[str]:
    """In-Reply-To/References under the citizen's last letter, so clients thread and replies come back here."""
    latest = ticket.mail_messages.filter(direction=MailMessage.Direction.INBOUND,
                                         outcome__in=[Outcome.OPENED, Outcome.THREADED]).first()
    if latest is not None:
        references = [*latest.reference_ids, latest.message_id]
        message.extra_headers["In-Reply-To"] = latest.message_id
    else:  # a request opened on the web: keep the desk's own letters in one thread
        references = list(
            ticket.mail_messages.filter(direction=MailMessage.Direction.OUTBOUND)
            .order_by("created_at", "id")
            .values_list("message_id", flat=True)[:1]
        )
    if len(references) > MAX_REFERENCES:  # RFC 5322: keep the first and the latest
        references = [references[0], *references[-(MAX_REFERENCES - 1):]]
    if references:
        message.extra_headers["References"] = " ".join(references)
    return references


def mail_outbound_claim(*, ticket: Ticket, key: str, message: EmailMessage, automatic: str = "") -> MailMessage:
    """Give the letter its Message-ID and threading headers and store it as pending; the stored letter when
    this key was claimed before. Call while holding the request's row lock.

    automatic: the RFC 3834 Auto-Submitted value for letters no person wrote («auto-replied» for the
    acknowledgment, «auto-generated» for status notices), so that well-behaved autoresponders stay silent.
    """
    message_id = mail_outbound_message_id(ticket=ticket, key=key, domain=_domain(message))
    existing = MailMessage.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing
    references = _thread(ticket, message)
    message.extra_headers["Message-ID"] = message_id
    if automatic:
        message.extra_headers["Auto-Submitted"] = automatic
        message.extra_headers["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to it
    raw = message.message().as_bytes()
    return MailMessage.objects.create(
        message_id=message_id,
        direction=MailMessage.Direction.OUTBOUND,
        outcome=Outcome.PENDING,
        source=MailMessage.Source.DESK,
        ticket=ticket,
        sender=parseaddr(message.from_email or settings.DEFAULT_FROM_EMAIL)[1][:320],
        subject=str(message.subject)[:300],
        in_reply_to=message.extra_headers.get("In-Reply-To", ""),
        references=" ".join(references),
        size=len(raw),
        raw=raw,
        retry_at=timezone.now() + SEND_SAFETY_NET,
    )


def _stored_letter(raw: bytes) -> EmailMessage:
    """The claimed letter again, from its stored bytes: same text, files and headers (the Message-ID above all)."""
    parsed = email.message_from_bytes(raw, policy=policy.default)
    body = parsed.get_body(preferencelist=("plain",))
    message = EmailMessage(
        subject=str(parsed["Subject"] or ""),
        body=body.get_content() if body is not None else "",
        from_email=str(parsed["From"] or settings.DEFAULT_FROM_EMAIL),
        to=[str(address) for address in parsed.get_all("To", [])],
    )
    for name in _KEPT_HEADERS:
        if parsed[name] is not None:
            message.extra_headers[name] = str(parsed[name])
    for part in parsed.iter_attachments():
        message.attach(part.get_filename() or "file", part.get_content(), part.get_content_type())
    return message


def _sent_mark(record: MailMessage) -> None:
    record.outcome, record.retry_at = Outcome.SENT, None
    record.save(update_fields=["outcome", "retry_at"])


def _temporary(error: Exception) -> bool:
    """A refusal the relay may not repeat later: it is down, gone, or answered 4xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def mail_outbound_deliver(*, letter_id: int, message: EmailMessage | None = None) -> bool:
    """Send a claimed letter unless it is sent already; True when it went out now.

    message: the letter as claimed in this process; without it the stored bytes are sent (a later retry).
    """
    with transaction.atomic():
        record = MailMessage.objects.select_for_update().filter(pk=letter_id, outcome=Outcome.PENDING).first()
        if record is None:  # sent (or given up) meanwhile, by this task's other run or the retry
            return False
        letter = message if message is not None else _stored_letter(bytes(record.raw))
        try:
            letter.send()
        except Exception as error:
            if not isinstance(error, (smtplib.SMTPException, OSError)):
                raise
            refusal = error
        else:
            _sent_mark(record)
            logger.info("mail: letter sent id=%s ticket=%s", record.pk, record.ticket_id)
            return True
    _refusal_record(letter_id, refusal)
    return False


def _refusal_record(letter_id: int, error: Exception) -> None:
    record = MailMessage.objects.get(pk=letter_id)
    record.attempts += 1
    if _temporary(error) and record.attempts < SEND_MAX_ATTEMPTS:
        delay = min(SEND_RETRY_FIRST_DELAY * 2 ** (record.attempts - 1), SEND_RETRY_LONGEST_DELAY)
        record.retry_at = timezone.now() + delay
        logger.warning("mail: letter id=%s deferred (%s), retry in %s", record.pk, type(error).__name__, delay)
    else:
        record.outcome, record.retry_at = Outcome.FAILED, None
        logger.error("mail: letter id=%s not sent: %s", record.pk, type(error).__name__)
        if record.ticket_id is not None:  # the operators learn it on the request (AU7), as from a bounce
            ticket = Ticket.objects.get(pk=record.ticket_id)
            codes = [code for code, _text in getattr(error, "recipients", {}).values()]
            status = str(getattr(error, "smtp_code", "") or (codes[0] if codes else ""))
            event_record(ticket=ticket, kind=TicketEvent.Kind.MAIL_BOUNCED, mail_id=record.pk, status=status,
                         addresses=[mask_email(ticket.contact_email)] if ticket.contact_email else [],
                         refused_by_relay=True)
    record.note = f"{type(error).__name__}: {error}"[:1000]
    record.save(update_fields=["attempts", "retry_at", "outcome", "note"])


def mail_outbound_retry(*, limit: int = 100) -> int:
    """Send the pending letters whose retry time has come; returns how many went out."""
    due = MailMessage.objects.filter(outcome=Outcome.PENDING, direction=MailMessage.Direction.OUTBOUND,
                                     retry_at__lte=timezone.now())
    sent = 0
    for pk in list(due.order_by("retry_at").values_list("pk", flat=True)[:limit]):
        sent += mail_outbound_deliver(letter_id=pk)
    return sent
