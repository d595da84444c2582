"""What a file is, judged by its bytes: filetype's magic numbers, a look inside ZIPs, and a text test of our own."""

from __future__ import annotations

import io
import re
import zipfile

import filetype

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# What citizens send: scans, screenshots, documents; the value is the extension the stored file gets.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
    "application/pdf": "pdf",
    DOCX: "docx",
    ODT: "odt",
    "text/plain": "txt",
}
IMAGE_FORMATS = {  # the Pillow format each image type is decoded with and saved again in
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/tiff": "TIFF",
}
OFFICE_TYPES = {DOCX, ODT}
OTHER_OFFICE = "application/x-office-document"
ZIP_FAMILY = {
    "application/zip",
    "application/epub+zip",
    DOCX,
    ODT,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ARCHIVE_TYPES = ZIP_FAMILY - OFFICE_TYPES | {
    "application/x-tar",
    "application/x-rar-compressed",
    "application/gzip",
    "application/x-bzip2",
    "application/x-7z-compressed",
    "application/x-xz",
    "application/zstd",
    "application/x-lzip",
    "application/x-lz4",
    "application/x-lzop",
    "application/x-compress",
    "application/x-brotli",
    "application/vnd.ms-cab-compressed",
    "application/x-deb",
    "application/x-rpm",
    "application/x-unix-archive",
    "application/x-google-chrome-extension",
}
EXECUTABLE_TYPES = {"application/x-msdownload", "application/x-executable", "application/wasm",
                    "application/x-shockwave-flash"}
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tabs, line and page breaks are text


def sniff(data: bytes) -> str | None:
    """The MIME type the content really has (one of the keys above, an archive or program type), or None."""
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind is not None else None
    if mime == "image/apng":  # an animated PNG is a PNG; it is re-encoded frame by frame
        return "image/png"
    if mime in ZIP_FAMILY:
        return _zip_kind(data, mime)
    if mime in ALLOWED_TYPES:
        return mime
    # Two letters of magic match ordinary words ("BMW…" looks like a BMP, "MZ…" like a program): text wins,
    # because real BMPs, archives and programs are full of zero and control bytes and never pass as text.
    if looks_like_text(data):
        return "text/plain"
    return mime


def _zip_kind(data: bytes, guessed: str) -> str:
    """A DOCX or ODT is a ZIP by nature: the entries decide what it is, not the first bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype_small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            if mimetype_small and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names or mimetype_small:
                return OTHER_OFFICE  # a spreadsheet or slides: not accepted, but not called an archive either
    except Exception:  # a damaged document: office.py says so; a damaged archive is still an archive
        return guessed if guessed in OFFICE_TYPES else "application/zip"
    return "application/zip"


def looks_like_text(data: bytes) -> bool:
    """UTF-8 (the norm) or Windows-1251 (old Notepad files in Russia) without control characters."""
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            return False
    return _CONTROL_CHARACTERS.search(text) is None
