"""A malware-scan hook for ClamAV's daemon (SEC4): the INSTREAM command over a unix socket or TCP.

The protocol is a few lines (clamd's manual, «INSTREAM»): «zINSTREAM\\0», then chunks each prefixed with its
length as four big-endian bytes, a zero length to finish; clamd answers «stream: OK» or «stream: <name> FOUND»
(or «… ERROR»), terminated by a zero byte. The PyPI «clamd» client has not been released since 2014 and its
maintained fork «clamdpy» calls its zero-terminated mode untested, so these few lines live here, with timeouts.
Settings: CLAMD_SOCKET (a unix socket path) or CLAMD_HOST + CLAMD_PORT; neither set: no scan (logged once).
Whether an outage refuses uploads is decided by the caller (tickets.attachments, ATTACHMENT_SCAN_REQUIRED).
"""

from __future__ import annotations

import enum
import logging
import socket
import struct
import threading
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30.0
REPLY_MAX = 4096
_off_logged = threading.Event()


class Outcome(enum.Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"  # configured, but it did not answer or answered an error
    OFF = "off"  # no scanner configured


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    signature: str = ""

    @property
    def infected(self) -> bool:
        return self.outcome is Outcome.INFECTED

    @property
    def scanned(self) -> bool:
        return self.outcome in (Outcome.CLEAN, Outcome.INFECTED)


def is_configured() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.settimeout(TIMEOUT_SECONDS)
            connection.connect(settings.CLAMD_SOCKET)
        except OSError:
            connection.close()
            raise
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=TIMEOUT_SECONDS)


def scan(data: bytes) -> Verdict:
    """Scan bytes; never raises: a scanner that cannot be reached gives Outcome.UNAVAILABLE."""
    if not is_configured():
        if not _off_logged.is_set():
            _off_logged.set()
            logger.warning("attachments are not scanned for malware: set CLAMD_SOCKET or CLAMD_HOST")
        return Verdict(Outcome.OFF)
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            view = memoryview(data)
            for start in range(0, len(data), CHUNK):
                chunk = view[start: start + CHUNK]
                connection.sendall(struct.pack("!L", len(chunk)))
                connection.sendall(chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = _read_reply(connection)
    except OSError as error:
        logger.error("clamd unreachable or failed: %s", type(error).__name__)
        return Verdict(Outcome.UNAVAILABLE)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" FOUND"):
        return Verdict(Outcome.INFECTED, answer.removeprefix("stream:").removesuffix("FOUND").strip())
    if answer == "stream: OK":
        return Verdict(Outcome.CLEAN)
    logger.error("clamd answered an error: %r", answer[:200])
    return Verdict(Outcome.UNAVAILABLE)


def _read_reply(connection: socket.socket) -> bytes:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < REPLY_MAX:
        part = connection.recv(REPLY_MAX)
        if not part:
            break
        reply += part
    return reply
