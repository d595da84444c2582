"""PDFs that act when opened: scripts, launched programs, embedded files, XFA forms.

Looked for in the plain bytes and inside compressed streams too: since PDF 1.5 whole dictionaries live in
deflated object streams, and names may be spelt with #-escapes (/J#61vaScript is /JavaScript).
"""

from __future__ import annotations

import re
import zlib

from django.utils.translation import gettext as _

from tickets.attachments.refusal import Unsafe

_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|EF|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
INFLATE_BUDGET = 256 * 1024 * 1024  # bytes unpacked from all streams together; zlib does ~0.5 GB/s
_PIECE = 1024 * 1024
_OVERLAP = 64  # a name split between two pieces is still found


def check_pdf(data: bytes) -> None:
    if _active(data):
        raise _scripts()
    budget = INFLATE_BUDGET
    for match in _STREAM_START.finditer(data):
        end = data.find(b"endstream", match.end())
        body = data[match.end(): end if end != -1 else len(data)]
        budget = _check_stream(body, budget)


def _check_stream(body: bytes, budget: int) -> int:
    """Inflate one stream piece by piece (never all at once) and look for active names; returns the budget left."""
    if not body or body[0] & 0x0F != 8 or body[0] >> 4 > 7:
        return budget  # not a zlib stream (JPEG, JBIG2, raw bytes): nothing to unpack
    inflater = zlib.decompressobj()
    pending, tail = body, b""
    while not inflater.eof:
        try:
            piece = inflater.decompress(pending, _PIECE)
        except zlib.error:
            return budget
        pending = inflater.unconsumed_tail
        if not piece and not pending:
            break
        budget -= len(piece)
        if budget < 0:
            raise Unsafe(_("PDF распаковывается в слишком большой объём"), code="pdf_bomb")
        if _active(tail + piece):
            raise _scripts()
        tail = piece[-_OVERLAP:]
    return budget


def _active(chunk: bytes) -> bool:
    if b"#" in chunk:
        chunk = _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), chunk)
    return _ACTIVE.search(chunk) is not None


def _scripts() -> Unsafe:
    return Unsafe(
        _("PDF содержит сценарии, вложенные файлы или интерактивные формы; сохраните документ заново как обычный PDF "
          "(«Печать» → «Сохранить как PDF»)"),
        code="pdf_active",
    )
