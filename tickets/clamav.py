"""A malware-scan hook for ClamAV's daemon (SEC4): the INSTREAM command over a unix socket or TCP.

The protocol is a few lines (clamd's manual, «INSTREAM»): «zINSTREAM\\0», then chunks each prefixed with its
length as four big-endian bytes, a zero length to finish; clamd answers «stream: OK» or «stream: <name> FOUND».
The PyPI «clamd» client has not been maintained since 2016, so the few lines live here.
Settings: CLAMD_SOCKET (a unix socket path) or CLAMD_HOST + CLAMD_PORT; neither set: no scan (logged once).
ATTACHMENT_SCAN_REQUIRED decides whether a scanner outage refuses uploads (production) or lets them pass.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30.0
_warned_off = False


@dataclass(frozen=True)
class Verdict:
    infected: bool = False
    signature: str = ""
    unavailable: bool = False  # no scanner configured, or it did not answer


def _connect() -> socket.socket | None:
    path = getattr(settings, "CLAMD_SOCKET", "")
    host = getattr(settings, "CLAMD_HOST", "")
    if path:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(TIMEOUT_SECONDS)
        connection.connect(path)
        return connection
    if host:
        return socket.create_connection((host, settings.CLAMD_PORT), timeout=TIMEOUT_SECONDS)
    return None


def scan(data: bytes) -> Verdict:
    global _warned_off
    try:
        connection = _connect()
    except OSError as error:
        logger.error("clamd unreachable: %s", type(error).__name__)
        return Verdict(unavailable=True)
    if connection is None:
        if not _warned_off:
            logger.warning("attachments are not scanned for malware: set CLAMD_SOCKET or CLAMD_HOST")
            _warned_off = True
        return Verdict(unavailable=True)
    try:
        with connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start: start + CHUNK]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        logger.error("clamd scan failed: %s", type(error).__name__)
        return Verdict(unavailable=True)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("FOUND"):
        return Verdict(infected=True, signature=answer.removeprefix("stream:").removesuffix("FOUND").strip())
    if answer.endswith("OK"):
        return Verdict()
    logger.error("clamd answered %r", answer[:200])
    return Verdict(unavailable=True)
