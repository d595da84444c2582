"""Polyglots: a file that is one thing at its start and another inside — an archive, a program, a web page.

Each test looks for a structure, not for two magic letters, so ordinary compressed bytes do not trip it:
a ZIP entry header must carry a real version, method and name length, a Windows program's "MZ" must point
at its "PE" header.
"""

from __future__ import annotations

import re
import struct

ZIP_METHODS = {0, 8, 9, 12, 14, 93, 95, 98, 99}  # stored, deflate, deflate64, bzip2, lzma, zstd, mp3, xz, AES
_ZIP_LOCAL = re.compile(rb"PK\x03\x04")
_ZIP_END = re.compile(rb"PK\x05\x06")
_OTHER_ARCHIVES = re.compile(rb"Rar!\x1a\x07|7z\xbc\xaf\x27\x1c")
_ELF = re.compile(rb"\x7fELF[\x01\x02][\x01\x02]\x01")
_DOS_STUB = re.compile(rb"[Tt]his program (cannot|must) be run (in|under) (DOS|Win32)")
_MZ = re.compile(rb"MZ")
MZ_CANDIDATES_MAX = 100_000  # random bytes hold ~150 "MZ" per 10 MB; a flood of them is an evasion attempt
# Web pages and scripts: what a browser or a shell would run if the file were ever opened as one.
_MARKUP_IN_TEXT = re.compile(
    rb"<\s*(script|html|iframe|frame|svg|object|embed|applet|body|head|meta|link|style|form|img|base|a\s+href"
    rb"|\?php|%@|!doctype\s+html)\b",
    re.IGNORECASE,
)
_SCRIPT_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(#!|@echo\s+off\b)", re.IGNORECASE)
# In an image only tags of four letters and more: short ones ("<svg", "<img") turn up by chance in compressed
# pixels often enough to refuse an honest photo now and then.
_MARKUP_IN_IMAGE = re.compile(
    rb"<\s*(script|html|iframe|object|embed|applet|body|\?php|!doctype\s+html)\b", re.IGNORECASE
)


def markup_in_text(data: bytes) -> bool:
    return _MARKUP_IN_TEXT.search(data) is not None or _SCRIPT_START.match(data) is not None


def markup_in_image(data: bytes) -> bool:
    return _MARKUP_IN_IMAGE.search(data) is not None


def hidden_archive(data: bytes, *, start: int = 1) -> bool:
    """A ZIP (entry or end record), RAR or 7z inside the bytes, past the file's own header."""
    for match in _ZIP_LOCAL.finditer(data, start):
        if _plausible_zip_entry(data, match.start()):
            return True
    for match in _ZIP_END.finditer(data, start):
        if _plausible_zip_end(data, match.start()):
            return True
    return _OTHER_ARCHIVES.search(data, start) is not None


def _plausible_zip_entry(data: bytes, at: int) -> bool:
    header = data[at: at + 30]
    if len(header) < 30:
        return False
    version, _flags, method = struct.unpack_from("<HHH", header, 4)
    name_length = struct.unpack_from("<H", header, 26)[0]
    return version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024 and at + 30 + name_length <= len(data)


def _plausible_zip_end(data: bytes, at: int) -> bool:
    record = data[at: at + 22]
    if len(record) < 22:
        return False
    _disk, _cd_disk, on_disk, total, cd_size, cd_offset, comment_length = struct.unpack_from("<HHHHIIH", record, 4)
    return on_disk == total and cd_offset + cd_size <= at and at + 22 + comment_length <= len(data)


def hidden_program(data: bytes) -> bool:
    """A Windows (MZ…PE) or Linux (ELF) program anywhere in the bytes."""
    if _ELF.search(data) or _DOS_STUB.search(data):
        return True
    for count, match in enumerate(_MZ.finditer(data)):
        if count > MZ_CANDIDATES_MAX:
            return True
        at = match.start()
        if at + 0x40 > len(data):
            break
        pe_offset = struct.unpack_from("<I", data, at + 0x3C)[0]
        if 0x40 <= pe_offset < 0x10000 and data[at + pe_offset: at + pe_offset + 4] == b"PE\x00\x00":
            return True
    return False
