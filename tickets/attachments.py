"""Validation of uploaded files by their content, not their name (SEC4, first cut)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tickets.errors import AttachmentRejected

# MIME types citizens send: scans, screenshots, documents. Archives and executables are refused.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int
    sha256: str
    safe_name: str


def _sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def safe_filename(name: str, extension: str) -> str:
    """Keep the readable stem for the user, drop paths and control characters, force the sniffed extension."""
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")[:80]
    return f"{stem or 'file'}.{extension}"


def attachment_check(upload: UploadedFile) -> CheckedFile:
    if upload.size is None or upload.size == 0:
        raise AttachmentRejected(_("Файл «%(name)s» пустой.") % {"name": upload.name})
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentRejected(
            _("Файл «%(name)s» больше %(limit)d МБ. Уменьшите размер или разделите на части.")
            % {"name": upload.name, "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        digest.update(chunk)
    upload.seek(0)
    content_type = _sniff(head)
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected(
            _("Файл «%(name)s» не принят: подходят изображения (JPG, PNG), PDF, DOCX, ODT и текст.")
            % {"name": upload.name}
        )
    return CheckedFile(
        upload=upload,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        safe_name=safe_filename(upload.name or "", ALLOWED_TYPES[content_type]),
    )


def attachments_check(uploads: list[UploadedFile]) -> list[CheckedFile]:
    if len(uploads) > settings.ATTACHMENT_MAX_COUNT:
        raise AttachmentRejected(
            _("Можно приложить не больше %(count)d файлов.") % {"count": settings.ATTACHMENT_MAX_COUNT}
        )
    return [attachment_check(upload) for upload in uploads]
