"""The email channel's writes: a received letter becomes a request or a reply in one; desk letters are threaded.

Inbound (IMAP poll and the LMTP/SMTP endpoint both call mail_receive):
- the Message-ID is claimed first (unique row): a duplicate, even one delivered at the same moment, is ignored;
- bounces and auto-replies are recorded for operators and never open a request nor get an answer (no loops);
- a reply (In-Reply-To/References naming a stored letter, or the request number in the subject) from the
  request's own address is posted to that request; anything else opens a request through ticket_intake,
  which acknowledges it by email;
- a refused attachment never loses the letter: the text is kept with a note saying which file was refused;
- a transient database failure (lost connection, deadlock, lock or statement timeout) is raised, so nothing
  is stored and the letter is taken again: LMTP answers 451 and the MTA retries, IMAP takes it at the next poll;
- any other failure is recorded with the raw letter (outcome «failed»), so the poller moves on and nothing is
  lost; mail_failed_retry processes failed letters again with a growing delay, then leaves them to a person.
Outbound letters (threading, sending once) are mail.outbound's.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.validators import mask_email
from mail.models import MailMessage
from mail.parsing import MailFile, ParsedMail, mail_parse, reply_text_trim
from tickets.attachments import CheckedFile, attachment_check
from tickets.errors import AttachmentRejected, TicketClosed
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import event_record, message_post, ticket_intake

logger = logging.getLogger(__name__)  # ids and outcomes only: addresses and texts are personal data

TICKET_NUMBER = re.compile(r"\bSD-\d{4}-\d{6}\b")
Outcome = MailMessage.Outcome
RETRY_FIRST_DELAY = timedelta(minutes=5)
RETRY_LONGEST_DELAY = timedelta(hours=6)
RETRY_MAX_ATTEMPTS = 8  # about 16 hours of retries; then the letter waits for a person («process again»)
# SQLSTATE classes and codes a later attempt can get past: connection (08), rollback on serialization failure
# or deadlock (40), insufficient resources (53), operator intervention such as a statement timeout or a
# restart (57), lock_not_available (55P03, lock_timeout). Others (54 program limit, 22 bad data) stay failed.
_TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "57"})
_TRANSIENT_SQLSTATES = frozenset({"55P03"})


def database_error_is_transient(error: BaseException) -> bool:
    """True for a database failure that retrying later can fix; such a letter must be taken again, not failed."""
    if isinstance(error, InterfaceError):  # the connection is gone
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if not sqlstate:  # no answer from the server at all: it is down or unreachable
        return True
    return sqlstate[:2] in _TRANSIENT_SQLSTATE_CLASSES or sqlstate in _TRANSIENT_SQLSTATES


# --- Inbound ---------------------------------------------------------------------------------------------


def mail_receive(
    *, raw: bytes, source: str, envelope_sender: str | None = None, size: int | None = None
) -> MailMessage:
    """Take one raw letter; returns its record (the earlier one for a duplicate). Raises only when the
    database itself fails, so the caller can retry later (IMAP takes it at the next poll, LMTP answers 451).

    size: the letter's real size when raw is only its header (an IMAP letter over MAIL_MAX_BYTES): a request
    is opened from the header, saying the text and files did not come through.
    """
    try:
        parsed = mail_parse(raw, envelope_sender=envelope_sender)
    except Exception:  # the parser already falls back everywhere; this is the last guard for a garbage letter
        logger.exception("mail: unreadable letter from %s", source)
        parsed = None
    message_id = parsed.message_id if parsed else f"<{hashlib.sha256(raw).hexdigest()}@unreadable>"
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = MailMessage.objects.create(
                    message_id=message_id,
                    direction=MailMessage.Direction.INBOUND,
                    outcome=Outcome.FAILED,  # until processed below
                    source=source,
                    sender=(parsed.sender_email if parsed else "")[:320],
                    subject=(parsed.subject if parsed else "")[:300],
                    in_reply_to=parsed.in_reply_to[0] if parsed and parsed.in_reply_to else "",
                    references=" ".join(parsed.references) if parsed else "",
                    size=max(size or 0, len(raw)),
                    raw=raw,
                )
        except IntegrityError:  # the same letter again, or a parallel delivery that committed first
            logger.info("mail: duplicate ignored source=%s", source)
            return MailMessage.objects.get(message_id=message_id)
        _process_guarded(record, parsed)
    return record


def mail_sender_notices(*, ticket: Ticket) -> list[str]:
    """What the letter that opened the request could not bring in (files refused, a letter too big)."""
    opening = ticket.mail_messages.filter(direction=MailMessage.Direction.INBOUND, outcome=Outcome.OPENED).first()
    return list(opening.sender_notices) if opening is not None else []


def mail_is_known(*, message_id: str) -> bool:
    return MailMessage.objects.filter(message_id=message_id).exists()


def mail_reprocess(*, record: MailMessage) -> MailMessage:
    """Process a stored letter again (an operator's action after a failure was fixed)."""
    with transaction.atomic():
        record = MailMessage.objects.select_for_update().get(pk=record.pk)
        if record.outcome != Outcome.FAILED:
            return record
        _process_guarded(record, mail_parse(bytes(record.raw)))
    return record


def _process_guarded(record: MailMessage, parsed: ParsedMail | None) -> None:
    try:
        with transaction.atomic():  # a savepoint: a failure undoes the half-made request, not the record
            _process(record, parsed)
    except Exception as error:
        if database_error_is_transient(error):
            raise  # nothing is kept: the letter is taken again (LMTP 451, IMAP next poll, or the next retry)
        logger.exception("mail: letter %s not processed", record.pk)
        record.outcome = Outcome.FAILED
        record.attempts += 1
        record.retry_at = _retry_time(record.attempts)
        record.note = _("Письмо не обработано (%(error)s); исходное письмо сохранено.") % {
            "error": type(error).__name__
        }
    else:
        record.retry_at = None
    record.save(update_fields=["outcome", "ticket", "ticket_message", "note", "attempts", "retry_at",
                               "sender_notices"])


def _retry_time(attempts: int):
    if attempts >= RETRY_MAX_ATTEMPTS:
        return None
    return timezone.now() + min(RETRY_FIRST_DELAY * 2 ** (attempts - 1), RETRY_LONGEST_DELAY)


def mail_failed_retry(*, limit: int = 100) -> int:
    """Process again the failed letters whose retry time has come; returns how many are now done.

    Stops at the first transient database failure: the next run (minutes later) continues. A letter being
    retried by a parallel run is skipped, not waited for.
    """
    due = list(
        MailMessage.objects.filter(outcome=Outcome.FAILED, direction=MailMessage.Direction.INBOUND,
                                   retry_at__lte=timezone.now())
        .order_by("retry_at").values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            record = MailMessage.objects.select_for_update(skip_locked=True).filter(pk=pk, outcome=Outcome.FAILED)
            record = record.first()
            if record is None:
                continue
            _process_guarded(record, mail_parse(bytes(record.raw)))
        if record.outcome != Outcome.FAILED:
            done += 1
    return done


def mail_failed_counts() -> dict[str, int]:
    """Failed inbound letters: «retrying» still have a retry planned, «stuck» wait for a person."""
    failed = MailMessage.objects.filter(outcome=Outcome.FAILED, direction=MailMessage.Direction.INBOUND)
    retrying = failed.filter(retry_at__isnull=False).count()
    return {"retrying": retrying, "stuck": failed.count() - retrying}


def _process(record: MailMessage, parsed: ParsedMail | None) -> None:
    if parsed is None:
        record.outcome, record.note = Outcome.REJECTED, _("Письмо не удалось разобрать.")
        return
    if parsed.automatic:
        # recorded for operators (a bounce tells them an address is dead), linked to its request when known
        record.outcome = Outcome.BOUNCE if parsed.automatic == "bounce" else Outcome.AUTO_REPLY
        record.note = parsed.automatic_reason
        record.ticket = _referenced_ticket(parsed)
        _automatic_journal(record, parsed)
        logger.info("mail: %s recorded id=%s (%s)", record.outcome, record.pk, parsed.automatic_reason)
        return
    if parsed.auto_reply_subject and _answers_our_letter(parsed):
        # «Автоответ: …» from a responder that sets no header; the same subject on a fresh letter is a question
        record.outcome, record.note = Outcome.AUTO_REPLY, "auto-reply subject in reply to our letter"
        record.ticket = _referenced_ticket(parsed)
        _automatic_journal(record, parsed)
        logger.info("mail: auto_reply recorded id=%s (subject)", record.pk)
        return
    if parsed.sender_email in _own_addresses():
        record.outcome, record.note = Outcome.AUTO_REPLY, _("Письмо с адреса службы поддержки: петля, не обработано.")
        return
    try:
        validate_email(parsed.sender_email)
    except ValidationError:
        record.outcome, record.note = Outcome.REJECTED, _("В письме нет адреса отправителя, ответить некуда.")
        return

    notes: list[str] = []
    language = _language_guess(f"{parsed.subject}\n{parsed.text}")
    with translation.override(language):  # the sender reads these in the acknowledgment, in their language
        files, refusals = _files_check(parsed.files)
        truncated = ""
        if record.size > len(record.raw):  # only the header was read: the letter is over MAIL_MAX_BYTES
            truncated = _(
                "Письмо получено не целиком: его размер %(size)s МБ больше допустимых %(limit)s МБ, поэтому текст "
                "и вложения не сохранены. Пришлите, пожалуйста, текст ответным письмом, а файлы — несколькими "
                "письмами поменьше или через личный кабинет."
            ) % {"size": _megabytes(record.size), "limit": _megabytes(settings.MAIL_MAX_BYTES)}
    record.sender_notices = [truncated, *refusals] if truncated else refusals
    ticket = _referenced_ticket(parsed)
    if ticket is not None and not _sender_owns(ticket, parsed.sender_email):
        notes.append(_("Письмо ссылается на обращение %(number)s, но пришло с другого адреса: открыто новое.")
                     % {"number": ticket.number})
        ticket = None
    citizen = _citizen_for(parsed.sender_email)
    if ticket is not None:
        body = _body(reply_text_trim(parsed.text), parsed, refusals, truncated)
        try:
            message, _created = message_post(
                ticket=ticket,
                author=citizen if citizen is not None and ticket.citizen_id == citizen.pk else None,
                body=body,
                author_kind=TicketMessage.AuthorKind.CITIZEN,
                channel=Channel.EMAIL,
                client_message_id=_client_id(record.message_id),
                attachments=files,
            )
        except TicketClosed:
            notes.append(_("Ответ на закрытое обращение %(number)s: открыто новое.") % {"number": ticket.number})
        else:
            record.outcome, record.ticket, record.ticket_message = Outcome.THREADED, ticket, message
            record.note = "\n".join(notes + refusals)
            logger.info("mail: reply threaded id=%s ticket=%s", record.pk, ticket.pk)
            return

    body = _body(parsed.text, parsed, refusals, truncated)
    ticket = ticket_intake(
        channel=Channel.EMAIL,
        subject=parsed.subject or _("Письмо без темы"),
        body=body,
        citizen=citizen,
        contact_name=parsed.sender_name[:200],
        contact_email=parsed.sender_email,
        language=language,
        attachments=files,
        client_message_id=_client_id(record.message_id),
    )
    record.outcome, record.ticket = Outcome.OPENED, ticket
    record.ticket_message = ticket.messages.order_by("created_at", "id").first()
    record.note = "\n".join(notes + refusals)
    logger.info("mail: request opened id=%s ticket=%s", record.pk, ticket.pk)


def _automatic_journal(record: MailMessage, parsed: ParsedMail) -> None:
    """A bounce or an auto-reply to one of our letters goes into that request's journal (AU7): operators
    learn that the address is dead or the citizen away. Addresses are kept masked, as the desk shows them."""
    ticket = record.ticket
    if ticket is None:
        return
    if parsed.automatic == "bounce":
        addresses = [address for address, _status in parsed.failed_recipients] or [ticket.contact_email]
        status = next((status for _address, status in parsed.failed_recipients if status), "")
        event_record(ticket=ticket, kind=TicketEvent.Kind.MAIL_BOUNCED, mail_id=record.pk, status=status,
                     addresses=[mask_email(address) for address in addresses if address])
    else:
        event_record(ticket=ticket, kind=TicketEvent.Kind.MAIL_AUTO_REPLY, mail_id=record.pk,
                     addresses=[mask_email(parsed.sender_email)] if parsed.sender_email else [])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _client_id(message_id: str) -> str:
    """TicketMessage.client_message_id (64 characters): the letter's id, hashed to fit."""
    return hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()


def _body(text: str, parsed: ParsedMail, refusals: Sequence[str], truncated: str = "") -> str:
    body = text.strip() or parsed.subject.strip() or _("(письмо без текста)")
    for forwarded in parsed.forwarded:
        body += "\n\n" + _("Пересланное письмо от %(sender)s, тема «%(subject)s»:") % {
            "sender": forwarded.sender or "—", "subject": forwarded.subject or "—"
        } + "\n" + (forwarded.text or _("(письмо без текста)"))
    if truncated:
        body += "\n\n" + _("Служба поддержки: %(notice)s") % {"notice": truncated}
    if refusals:
        body += "\n\n" + _("Служба поддержки: не все вложения приняты.") + "\n" + "\n".join(refusals)
    return body


def _files_check(files: Sequence[MailFile]) -> tuple[list[CheckedFile], list[str]]:
    """The shared attachment checks (SEC4) for each file; a refusal becomes a note, never a lost letter."""
    accepted: list[CheckedFile] = []
    refusals: list[str] = []
    total = 0
    for item in files:
        if len(accepted) >= settings.ATTACHMENT_MAX_COUNT:
            refusals.append(_("Файл «%(name)s» не принят: в одном письме — не больше %(count)d файлов.")
                            % {"name": item.filename, "count": settings.ATTACHMENT_MAX_COUNT})
            continue
        if total + len(item.data) > settings.ATTACHMENT_MAX_TOTAL_BYTES:
            refusals.append(_("Файл «%(name)s» не принят: все файлы письма вместе — не больше %(limit)d МБ.")
                            % {"name": item.filename, "limit": settings.ATTACHMENT_MAX_TOTAL_BYTES // (1024 * 1024)})
            continue
        try:
            checked = attachment_check(SimpleUploadedFile(item.filename, item.data, item.content_type))
        except AttachmentRejected as refusal:
            refusals.append(str(refusal))
            continue
        accepted.append(checked)
        total += len(item.data)
    return accepted, refusals


def _referenced_ticket(parsed: ParsedMail) -> Ticket | None:
    """The request a letter answers: by a stored Message-ID it refers to, else by the number in its subject."""
    ids = [*parsed.in_reply_to, *reversed(parsed.references), *parsed.returned_ids]
    if ids:
        known = (
            MailMessage.objects.filter(message_id__in=ids, ticket__isnull=False)
            .select_related("ticket__citizen")
            .order_by("-created_at", "-id")
            .first()
        )
        if known is not None:
            return known.ticket
    number = TICKET_NUMBER.search(parsed.subject)
    if number:
        return Ticket.objects.select_related("citizen").filter(number=number.group(0)).first()
    return None


def _answers_our_letter(parsed: ParsedMail) -> bool:
    ids = [*parsed.in_reply_to, *parsed.references]
    outbound = MailMessage.objects.filter(direction=MailMessage.Direction.OUTBOUND)
    return bool(ids) and outbound.filter(message_id__in=ids).exists()


def _sender_owns(ticket: Ticket, address: str) -> bool:
    """Only the request's own address may add to it: numbers are printed on paper and easy to guess."""
    owners = {ticket.contact_email.lower()}
    if ticket.citizen is not None:
        owners.add(ticket.citizen.email.lower())
    return address.lower() in owners


def _citizen_for(address: str):
    user = get_user_model().objects.filter(email__iexact=address, is_active=True).first()
    return user if user is not None and user.is_citizen else None


def _own_addresses() -> set[str]:
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()}
    if "@" in settings.MAIL_IMAP_USER:
        own.add(settings.MAIL_IMAP_USER.lower())
    return own - {""}


def _language_guess(text: str) -> str:
    """Russian unless the letter is written in Latin letters only (then the desk answers in English)."""
    cyrillic = len(re.findall(r"[А-Яа-яЁё]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "en" if latin and not cyrillic else "ru"
