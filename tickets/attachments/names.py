"""File names that are safe to store and hand back on any operating system, and still readable by people."""

from __future__ import annotations

import os
import re
import unicodedata

from django.utils.translation import gettext as _

STEM_MAX_LENGTH = 80
# Windows opens a device, not a file, for these names whatever follows the first dot ("CON.txt", "nul.tar.gz").
_WINDOWS_DEVICE = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
_FORBIDDEN = set('<>:"/\\|?*')


def safe_filename(name: str, extension: str) -> str:
    """Keep the readable stem, drop folders, invisible and control characters; the extension is the sniffed one."""
    name = unicodedata.normalize("NFC", str(name or ""))
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    # isprintable() is False for control, format (bidi overrides such as U+202E) and separator characters
    stem = "".join(ch for ch in stem if (ch.isprintable() or ch == " ") and ch not in _FORBIDDEN)
    stem = " ".join(stem.split())[:STEM_MAX_LENGTH].strip(" .")  # no hidden dot-files, no trailing dots
    if _WINDOWS_DEVICE.match(stem.split(".", 1)[0].strip()):
        stem = f"file-{stem}"
    return f"{stem or 'file'}.{extension}"


def display_name(name: str) -> str:
    """The name as the citizen will recognise it in a message: readable, short, without control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    shown = "".join(ch for ch in os.path.basename(name.replace("\\", "/")) if ch.isprintable() or ch == " ")
    shown = " ".join(shown.split())
    return (shown[:STEM_MAX_LENGTH] + "…" if len(shown) > STEM_MAX_LENGTH else shown) or _("без имени")
