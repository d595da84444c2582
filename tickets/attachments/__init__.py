"""One attachment service for every channel (SEC4): files are judged by their content, never by their name.

attachment_check(upload) → CheckedFile, or AttachmentRejected with a Russian reason the sender can act on:
- size limits per file, and a count and total size per message (ATTACHMENT_MAX_BYTES / _COUNT / _TOTAL_BYTES);
- the type sniffed from the bytes (sniffing.py); archives and programs refused as such;
- polyglots refused (embedded.py): an archive or a program hidden inside a PDF, an image or a text; a text that
  is really a web page or a script; markup inside an image;
- PDFs that run code or carry files (pdf.py); DOCX/ODT that are not real documents, or hold macros, programs
  or links that run something on opening (office.py);
- a malware scan by ClamAV's clamd (tickets.clamav); ATTACHMENT_SCAN_REQUIRED makes an outage refuse uploads;
- images decoded and saved again without any metadata, upright, decompression bombs refused (images.py):
  CheckedFile.content is what gets stored.
Safe to call from many threads at once (mail, API, chat, web): nothing is shared but the scanner's log-once flag
and Pillow's pixel limit, which every call sets to the same setting.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tickets import clamav
from tickets.attachments import embedded
from tickets.attachments.images import reencode_image
from tickets.attachments.names import display_name, safe_filename
from tickets.attachments.office import check_office
from tickets.attachments.pdf import check_pdf
from tickets.attachments.refusal import Unsafe
from tickets.attachments.sniffing import (
    ALLOWED_TYPES,
    ARCHIVE_TYPES,
    EXECUTABLE_TYPES,
    IMAGE_FORMATS,
    OFFICE_TYPES,
    sniff,
)
from tickets.errors import AttachmentRejected

__all__ = ["ALLOWED_TYPES", "CheckedFile", "attachment_check", "attachments_check", "safe_filename"]

# Security events about files: a fixed reason word, the type, the size and the hash — never names or contents.
security_log = logging.getLogger("supportdesk.security.attachments")
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int  # of content
    sha256: str  # of content
    safe_name: str
    content: bytes  # what is stored: images re-encoded without metadata, other files as received
    malware_scanned: bool = False  # False only where scanning is off or was unavailable and not required


def attachment_check(upload: UploadedFile) -> CheckedFile:
    shown = display_name(upload.name)
    data = _read_within_limit(upload, shown)
    received_sha256 = hashlib.sha256(data).hexdigest()
    content_type = sniff(data)
    if content_type in ARCHIVE_TYPES:
        _log_refusal("archive", content_type, data, received_sha256)
        raise _rejected(shown, _("архивы (ZIP, RAR, 7z и другие) не принимаются, приложите файлы по отдельности"))
    if content_type in EXECUTABLE_TYPES:
        _log_refusal("program", content_type, data, received_sha256)
        raise _rejected(shown, _("программы не принимаются"))
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected(
            _("Файл «%(name)s» не принят: подходят изображения (JPG, PNG, GIF, WebP, TIFF), PDF, DOCX, ODT и текст.")
            % {"name": shown}
        )
    try:
        _check_content(content_type, data)
    except Unsafe as unsafe:
        _log_refusal(unsafe.code, content_type, data, received_sha256)
        raise _rejected(shown, unsafe.reason) from unsafe
    verdict = _scan(data, content_type, received_sha256, shown)
    try:
        content = reencode_image(data, IMAGE_FORMATS[content_type]) if content_type in IMAGE_FORMATS else data
    except Unsafe as unsafe:
        _log_refusal(unsafe.code, content_type, data, received_sha256)
        raise _rejected(shown, unsafe.reason) from unsafe
    return CheckedFile(
        upload=upload,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        safe_name=safe_filename(upload.name, ALLOWED_TYPES[content_type]),
        content=content,
        malware_scanned=verdict.scanned,
    )


def attachments_check(uploads: Sequence[UploadedFile]) -> list[CheckedFile]:
    """The files of one message: the count and total limits first, then each file."""
    uploads = list(uploads)
    if len(uploads) > settings.ATTACHMENT_MAX_COUNT:
        raise AttachmentRejected(
            _("Можно приложить не больше %(count)d файлов.") % {"count": settings.ATTACHMENT_MAX_COUNT}
        )
    if sum(upload.size or 0 for upload in uploads) > settings.ATTACHMENT_MAX_TOTAL_BYTES:
        raise AttachmentRejected(
            _("Все файлы вместе — не больше %(limit)d МБ.") % {"limit": settings.ATTACHMENT_MAX_TOTAL_BYTES // MEGABYTE}
        )
    return [attachment_check(upload) for upload in uploads]


def _read_within_limit(upload: UploadedFile, shown: str) -> bytes:
    limit = settings.ATTACHMENT_MAX_BYTES
    too_big = AttachmentRejected(
        _("Файл «%(name)s» больше %(limit)d МБ. Уменьшите размер или разделите на части.")
        % {"name": shown, "limit": limit // MEGABYTE}
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)  # never more than the limit in memory, whatever size the sender claimed
    upload.seek(0)
    if not data:
        raise AttachmentRejected(_("Файл «%(name)s» пустой.") % {"name": shown})
    if len(data) > limit:
        raise too_big
    return data


def _check_content(content_type: str, data: bytes) -> None:
    if content_type in OFFICE_TYPES:
        check_office(data, content_type)  # a ZIP by nature: its entries are inspected instead
        return
    if embedded.hidden_archive(data):
        raise Unsafe(_("внутри спрятан архив"), code="hidden_archive")
    if content_type == "text/plain":
        if embedded.markup_in_text(data):
            raise Unsafe(_("это веб-страница или сценарий, а не текст"), code="markup_text")
        return
    if embedded.hidden_program(data):
        raise Unsafe(_("внутри спрятана программа"), code="hidden_program")
    if content_type == "application/pdf":
        check_pdf(data)
    elif embedded.markup_in_image(data):
        raise Unsafe(_("внутри изображения спрятана веб-страница или сценарий"), code="markup_image")


def _scan(data: bytes, content_type: str, received_sha256: str, shown: str) -> clamav.Verdict:
    verdict = clamav.scan(data)
    if verdict.infected:
        security_log.warning(
            "attachment refused: malware signature=%s type=%s size=%d sha256=%s",
            verdict.signature, content_type, len(data), received_sha256,
        )
        raise _rejected(shown, _("антивирус нашёл в нём вредоносную программу"))
    if not verdict.scanned:
        if settings.ATTACHMENT_SCAN_REQUIRED:
            security_log.error("attachment refused: malware scan required but %s", verdict.outcome.value)
            raise AttachmentRejected(
                _("Проверка файлов на вирусы временно недоступна. Попробуйте через несколько минут "
                  "или отправьте обращение без файла.")
            )
        if verdict.outcome is clamav.Outcome.UNAVAILABLE:  # "off" was logged once by tickets.clamav
            security_log.warning("attachment accepted without a malware scan: scanner unavailable sha256=%s",
                                 received_sha256)
    return verdict


def _log_refusal(code: str, content_type: str | None, data: bytes, sha256: str) -> None:
    security_log.info("attachment refused: reason=%s type=%s size=%d sha256=%s", code, content_type, len(data), sha256)


def _rejected(shown: str, reason: str) -> AttachmentRejected:
    return AttachmentRejected(_("Файл «%(name)s» не принят: %(reason)s.") % {"name": shown, "reason": reason})

