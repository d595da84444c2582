"""IMAP polling: read unseen letters from the support mailbox, hand each to mail_receive, mark it seen.

One bad letter never stops a poll: its failure is recorded (mail_receive keeps the raw bytes) or, when the
database itself failed, the letter stays unseen and the next poll tries again. A lost connection ends the
poll; the next one, a minute later, starts afresh.
"""

from __future__ import annotations

import imaplib
import logging
import re
from dataclasses import dataclass

from django.conf import settings

from mail.models import MailMessage
from mail.services import mail_oversized_record, mail_receive

logger = logging.getLogger(__name__)

BATCH = 200  # letters per poll: a flood is worked off over several minutes instead of one endless task
TIMEOUT = 60
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


def _fetch(client: imaplib.IMAP4, uid: bytes, item: str) -> list:
    status, data = client.uid("FETCH", uid, item)
    if status != "OK":
        raise imaplib.IMAP4.error(f"FETCH {item} refused")
    return data


def _literal(data: list) -> bytes:
    for entry in data:
        if isinstance(entry, tuple):
            return entry[1]
    return b""


def _take_one(client: imaplib.IMAP4, uid: bytes) -> None:
    size_match = _SIZE.search(b" ".join(entry if isinstance(entry, bytes) else entry[0]
                                        for entry in _fetch(client, uid, "(RFC822.SIZE)") if entry))
    size = int(size_match.group(1)) if size_match else 0
    if size > settings.MAIL_MAX_BYTES:
        mail_oversized_record(raw_header=_literal(_fetch(client, uid, "(BODY.PEEK[HEADER])")), size=size,
                              source=MailMessage.Source.IMAP)
    else:
        mail_receive(raw=_literal(_fetch(client, uid, "(BODY.PEEK[])")), source=MailMessage.Source.IMAP)
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # only after the letter is safely stored


def mail_imap_poll() -> PollResult:
    """One pass over the mailbox's unseen letters. Does nothing while MAIL_IMAP_HOST is empty."""
    result = PollResult()
    if not settings.MAIL_IMAP_HOST:
        result.skipped = True
        return result
    with _connect() as client:
        client.login(settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD)
        status, _data = client.select(settings.MAIL_IMAP_FOLDER)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {settings.MAIL_IMAP_FOLDER}")
        status, data = client.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids[:BATCH]:
            try:
                _take_one(client, uid)
            except imaplib.IMAP4.abort:
                raise  # the connection is gone: the next poll reconnects
            except Exception:  # this letter only; it stays unseen and is tried again next time
                logger.exception("mail: IMAP letter uid=%s not taken", uid.decode())
                result.failed += 1
            else:
                result.processed += 1
    logger.info("mail: IMAP poll processed=%s failed=%s", result.processed, result.failed)
    return result
