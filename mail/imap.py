"""IMAP polling: read the support mailbox by UID, hand each new letter to mail_receive, remember how far it got.

Intake follows UIDs (MailboxState), not the \\Seen flag: a letter someone opened in webmail before the poll is
still taken. The flag is still set on the letters taken, so people looking at the mailbox see what the desk
has. The very first poll of a mailbox starts at its first unseen letter, so connecting the desk to a mailbox
with years of handled mail does not turn that history into requests.

One bad letter never stops a poll: its failure is recorded (mail_receive keeps the raw bytes), or, when the
letter could not even be fetched, it is tried again at the next polls. A database outage ends the poll
without moving past the letter, and the next poll, a minute later, takes it. A lost connection ends the poll too.
A letter over MAIL_MAX_BYTES is not downloaded: a request is opened from its header, telling the sender.
"""

from __future__ import annotations

import imaplib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Greatest

from mail.models import MailboxState, MailMessage
from mail.parsing import mail_parse
from mail.services import database_error_is_transient, mail_is_known, mail_receive

logger = logging.getLogger(__name__)

BATCH = 200  # letters per poll: a flood is worked off over several minutes instead of one endless task
TIMEOUT = 60
MAX_FETCH_ATTEMPTS = 5  # a letter the server refuses to hand over is tried at this many polls, then left
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class PollResult:
    processed: int = 0
    failed: int = 0
    skipped: bool = False


def _connect() -> imaplib.IMAP4:
    if settings.MAIL_IMAP_SSL:
        return imaplib.IMAP4_SSL(settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT, timeout=TIMEOUT)
    return imaplib.IMAP4(settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT, timeout=TIMEOUT)


def _fetch(client: imaplib.IMAP4, uid: int, item: str) -> list:
    status, data = client.uid("FETCH", str(uid), item)
    if status != "OK" or not data or data == [None]:
        raise imaplib.IMAP4.error(f"FETCH {item} refused")
    return data


def _literal(data: list) -> bytes:
    for entry in data:
        if isinstance(entry, tuple):
            return entry[1]
    return b""


def _number(client: imaplib.IMAP4, name: str) -> int | None:
    _typ, values = client.response(name)
    try:
        return int(values[0]) if values and values[0] is not None else None
    except (TypeError, ValueError):
        return None


def _uids(client: imaplib.IMAP4, *criteria: str) -> list[int]:
    status, data = client.uid("SEARCH", None, *criteria)
    if status != "OK":
        raise imaplib.IMAP4.error(f"SEARCH {' '.join(criteria)} refused")
    return sorted(int(uid) for uid in (data[0] or b"").split()) if data else []


def _take_one(client: imaplib.IMAP4, uid: int) -> None:
    fetched = _fetch(client, uid, "(RFC822.SIZE BODY.PEEK[HEADER])")
    header = _literal(fetched)
    size_match = _SIZE.search(b" ".join(entry if isinstance(entry, bytes) else entry[0] for entry in fetched if entry))
    size = int(size_match.group(1)) if size_match else 0
    message_id = mail_parse(header).message_id
    if message_id.endswith("@no-message-id>") or not mail_is_known(message_id=message_id):
        if size > settings.MAIL_MAX_BYTES:
            mail_receive(raw=header, size=size, source=MailMessage.Source.IMAP)
        else:
            mail_receive(raw=_literal(_fetch(client, uid, "(BODY.PEEK[])")), source=MailMessage.Source.IMAP)
    # else: delivered already (LMTP, an earlier poll before a UIDVALIDITY change): not downloaded again
    client.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")  # for people looking at the mailbox; intake uses UIDs


def _mailbox_key() -> str:
    return (f"{settings.MAIL_IMAP_USER}@{settings.MAIL_IMAP_HOST}:{settings.MAIL_IMAP_PORT}/"
            f"{settings.MAIL_IMAP_FOLDER}")[:400]


def _state_for(client: imaplib.IMAP4) -> MailboxState:
    uidvalidity = _number(client, "UIDVALIDITY") or 0
    state, created = MailboxState.objects.get_or_create(mailbox=_mailbox_key(), defaults={"uidvalidity": uidvalidity})
    if created:
        unseen = _uids(client, "UNSEEN")
        if unseen:
            state.last_uid = unseen[0] - 1
        else:
            uid_next = _number(client, "UIDNEXT")
            state.last_uid = uid_next - 1 if uid_next else max(_uids(client, "ALL"), default=0)
        state.save(update_fields=["last_uid", "updated_at"])
        logger.info("mail: IMAP intake of %s starts after UID %s", settings.MAIL_IMAP_FOLDER, state.last_uid)
    elif state.uidvalidity != uidvalidity:
        logger.warning("mail: UIDVALIDITY of %s changed: the folder is read again", settings.MAIL_IMAP_FOLDER)
        state.uidvalidity, state.last_uid, state.retry_uids = uidvalidity, 0, {}
        state.save(update_fields=["uidvalidity", "last_uid", "retry_uids", "updated_at"])
    return state


def _progress_save(state: MailboxState, *, last_uid: int, retry_uids: dict[str, int]) -> None:
    # GREATEST: a poll running in parallel may have got further; neither moves the other back
    MailboxState.objects.filter(pk=state.pk, uidvalidity=state.uidvalidity).update(
        last_uid=Greatest(F("last_uid"), last_uid), retry_uids=retry_uids
    )
    state.last_uid, state.retry_uids = max(state.last_uid, last_uid), retry_uids


def mail_imap_poll() -> PollResult:
    """One pass over the mailbox's letters not yet taken. Does nothing while MAIL_IMAP_HOST is empty."""
    result = PollResult()
    if not settings.MAIL_IMAP_HOST:
        result.skipped = True
        return result
    with _connect() as client:
        client.login(settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD)
        status, _data = client.select(settings.MAIL_IMAP_FOLDER)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {settings.MAIL_IMAP_FOLDER}")
        state = _state_for(client)
        retry = dict(state.retry_uids)
        # «n:*» always names the highest UID, even below n: hence the filter
        new = [uid for uid in _uids(client, "UID", f"{state.last_uid + 1}:*") if uid > state.last_uid]
        for uid in [*sorted(int(uid) for uid in retry), *new][:BATCH]:
            try:
                _take_one(client, uid)
            except imaplib.IMAP4.abort:
                raise  # the connection is gone: the next poll reconnects
            except Exception as error:
                result.failed += 1
                if database_error_is_transient(error):
                    logger.warning("mail: IMAP poll stopped at uid=%s: database unavailable (%s)", uid,
                                   type(error).__name__)
                    break  # not moving past it: the next poll takes it and the rest
                logger.exception("mail: IMAP letter uid=%s not taken", uid)
                attempts = retry.get(str(uid), 0) + 1
                if attempts < MAX_FETCH_ATTEMPTS:
                    retry[str(uid)] = attempts
                else:
                    retry.pop(str(uid), None)
                    logger.error("mail: IMAP letter uid=%s given up after %s attempts; it stays in the mailbox",
                                 uid, attempts)
            else:
                result.processed += 1
                retry.pop(str(uid), None)
            _progress_save(state, last_uid=uid, retry_uids=retry)
    logger.info("mail: IMAP poll processed=%s failed=%s", result.processed, result.failed)
    return result
