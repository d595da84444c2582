"""One attachment service for every channel (SEC4): files are judged by their content, never by their name.

attachment_check(upload) → CheckedFile or AttachmentRejected with a Russian reason:
- size, count and total limits (settings ATTACHMENT_MAX_BYTES / _COUNT / _TOTAL_BYTES);
- the type sniffed from the bytes; archives and executables are not accepted;
- polyglots refused: an archive hidden inside a PDF, an image or a text; a text that is really a web page
  or a script; a PDF that runs code (/JavaScript, /Launch) or carries embedded files; a DOCX/ODT that is not
  a real document, holds macros or executables, or unpacks to far more than it weighs (a zip bomb);
- images decoded and re-encoded (orientation applied, EXIF with GPS and every other metadata dropped),
  oversized pixel counts (decompression bombs) refused: the stored file is the re-encoded one;
- a malware scan by ClamAV's clamd (tickets.clamav) when CLAMD_SOCKET or CLAMD_HOST is set.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tickets import clamav
from tickets.errors import AttachmentRejected

logger = logging.getLogger(__name__)  # never file contents or names of citizens' files

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
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP", "image/tiff": "TIFF"}
DOCUMENT_ZIPS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
}
ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
_MARKUP = re.compile(rb"<\s*(script|html|iframe|svg|object|embed|\?php)\b", re.IGNORECASE)
_DANGEROUS_MEMBERS = re.compile(r"(vbaProject\.bin|activeX|\.(exe|dll|js|vbs|bat|cmd|scr|jar|ps1)$)", re.IGNORECASE)
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_RATIO = 100  # unpacked ÷ packed: a document never compresses a hundredfold, a zip bomb does


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int
    sha256: str
    safe_name: str
    content: bytes  # what is stored: images re-encoded without metadata, other files as received


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
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")[:80]
    if _WINDOWS_RESERVED.match(stem):
        stem = f"file-{stem}"
    return f"{stem or 'file'}.{extension}"


def _refuse(name: str, reason: str) -> AttachmentRejected:
    return AttachmentRejected(_("Файл «%(name)s» не принят: %(reason)s.") % {"name": name, "reason": reason})


def _check_structure(name: str, content_type: str, data: bytes) -> None:
    """Polyglots and active content: what the sniffed type does not say about the bytes."""
    if content_type not in DOCUMENT_ZIPS and data.find(ZIP_LOCAL_HEADER, 1) != -1:
        raise _refuse(name, _("внутри спрятан архив"))
    if content_type == "text/plain" and _MARKUP.search(data):
        raise _refuse(name, _("это веб-страница или скрипт, а не текст"))
    if content_type == "application/pdf" and _ACTIVE_PDF.search(data):
        raise _refuse(name, _("PDF содержит сценарии или вложенные файлы; сохраните документ заново как обычный PDF"))
    if content_type in DOCUMENT_ZIPS:
        _check_document_zip(name, content_type, data)


def _check_document_zip(name: str, content_type: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if len(members) > MAX_ZIP_MEMBERS or any(member.flag_bits & 0x1 for member in members):
                raise _refuse(name, _("документ повреждён или зашифрован"))
            if sum(member.file_size for member in members) > MAX_ZIP_RATIO * max(len(data), 1):
                raise _refuse(name, _("документ распаковывается в слишком большой объём"))
            if content_type == "application/vnd.oasis.opendocument.text":
                is_document = "mimetype" in names and archive.read("mimetype").strip() == content_type.encode()
            else:
                is_document = "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
            if not is_document:
                raise _refuse(name, _("это архив, а не документ"))
            if any(_DANGEROUS_MEMBERS.search(member) for member in names):
                raise _refuse(name, _("документ содержит макросы или программы; сохраните его без макросов"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise _refuse(name, _("документ повреждён")) from error


def _reencode_image(name: str, content_type: str, data: bytes) -> bytes:
    """Decode and save again: orientation applied, metadata (EXIF with GPS, comments, profiles) dropped."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = settings.ATTACHMENT_MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            frames = getattr(image, "n_frames", 1)
            if frames > 1 and content_type == "image/gif":
                return _reencode_animation(image)
            clean = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            fmt = IMAGE_TYPES[content_type]
            if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True},
                       "TIFF": {"compression": "tiff_lzw"}, "WEBP": {"quality": 90}}.get(fmt, {})
            clean.save(out, format=fmt, **options)
            return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(name, _("изображение слишком большое по числу точек; уменьшите разрешение")) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise _refuse(name, _("изображение повреждено или не читается")) from error


def _reencode_animation(image) -> bytes:
    from PIL import ImageSequence

    frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0)
    return out.getvalue()


def attachment_check(upload: UploadedFile) -> CheckedFile:
    name = upload.name or "file"
    if upload.size is None or upload.size == 0:
        raise AttachmentRejected(_("Файл «%(name)s» пустой.") % {"name": name})
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentRejected(
            _("Файл «%(name)s» больше %(limit)d МБ. Уменьшите размер или разделите на части.")
            % {"name": name, "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = _sniff(data[:8192])
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected(
            _("Файл «%(name)s» не принят: подходят изображения (JPG, PNG), PDF, DOCX, ODT и текст.")
            % {"name": name}
        )
    _check_structure(name, content_type, data)
    verdict = clamav.scan(data)
    if verdict.infected:
        logger.warning("attachment refused: malware signature %s", verdict.signature)
        raise _refuse(name, _("антивирус нашёл в нём вредоносную программу"))
    if verdict.unavailable and settings.ATTACHMENT_SCAN_REQUIRED:
        raise AttachmentRejected(_("Проверка файлов на вирусы временно недоступна. Попробуйте через несколько "
                                   "минут или отправьте обращение без файла."))
    content = _reencode_image(name, content_type, data) if content_type in IMAGE_TYPES else data
    return CheckedFile(
        upload=upload,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        safe_name=safe_filename(name, ALLOWED_TYPES[content_type]),
        content=content,
    )


def attachments_check(uploads: list[UploadedFile]) -> list[CheckedFile]:
    if len(uploads) > settings.ATTACHMENT_MAX_COUNT:
        raise AttachmentRejected(
            _("Можно приложить не больше %(count)d файлов.") % {"count": settings.ATTACHMENT_MAX_COUNT}
        )
    if sum(upload.size or 0 for upload in uploads) > settings.ATTACHMENT_MAX_TOTAL_BYTES:
        raise AttachmentRejected(
            _("Все файлы вместе — не больше %(limit)d МБ.")
            % {"limit": settings.ATTACHMENT_MAX_TOTAL_BYTES // (1024 * 1024)}
        )
    return [attachment_check(upload) for upload in uploads]
