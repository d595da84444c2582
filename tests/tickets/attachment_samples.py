"""Real files for the attachment tests: made by the libraries that make them in the wild (Pillow, python-docx,
odfpy, pikepdf), and then poisoned the way attackers do it."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from odf.opendocument import OpenDocumentText
from odf.text import P
from PIL import Image

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SECRET = "SECRET-GPS-MARKER-55.7558N"  # put in every metadata field; must not survive re-encoding


def upload(data: bytes, name: str = "файл") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def photo(image_format: str = "JPEG", *, orientation: int = 1, size=(40, 20), mode: str = "RGB") -> bytes:
    """A picture with GPS, camera, owner, XMP, comment and text chunks — all carrying SECRET."""
    image = Image.new(mode, size, "red" if mode in ("RGB", "RGBA") else 200)
    if mode in ("RGB", "RGBA"):
        image.paste((0, 0, 255), (0, 0, size[0] // 2, size[1]))  # the left half blue: shows the rotation
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x013B] = "Иван Петров " + SECRET  # Artist
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPSInfo: Moscow
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>{SECRET}</rdf:RDF></x:xmpmeta>'.encode()
    out = io.BytesIO()
    options: dict = {"exif": exif.tobytes()}
    if image_format == "JPEG":
        options.update(comment=SECRET.encode(), xmp=xmp)
    elif image_format == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SECRET)
        info.add_itxt("Author", SECRET)
        options.update(pnginfo=info)
    elif image_format == "WEBP":
        options.update(xmp=xmp)
    elif image_format == "GIF":
        options = {"comment": SECRET.encode()}
        image = image.convert("P")
    elif image_format == "TIFF":
        options.update(description=SECRET)
    image.save(out, format=image_format, **options)
    data = out.getvalue()
    assert SECRET.encode() in data or image_format in ("WEBP",)  # the sample really carries the secret
    return data


def png(size=(8, 8), color="green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def word_document(text: str = "Прошу восстановить доступ к личному кабинету.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_document(text: str = "Прошу восстановить доступ к личному кабинету.") -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def repack(data: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """The same ZIP-based document with entries added or replaced (what a macro or exploit kit does)."""
    add, replace = add or {}, replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = replace.get(item.filename, source.read(item.filename))
            target.writestr(item, content, compress_type=item.compress_type)
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_archive(entries: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (entries or {"readme.txt": b"hello", "tool.exe": windows_program()}).items():
            archive.writestr(name, content)
    return out.getvalue()


def windows_program() -> bytes:
    """The smallest shape of a PE file: an MZ header whose e_lfanew points at «PE\\0\\0»."""
    header = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 0x38)
    header += struct.pack("<I", 0x80)
    header += b"\x00" * (0x80 - len(header))
    return bytes(header) + b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 200


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + struct.pack("<HHI", 2, 0x3E, 1) + b"\x00" * 100


def pdf(*, javascript: str | None = None, launch: bool = False, attachment: bytes | None = None,
        object_streams: bool = False) -> bytes:
    """A one-page PDF written by qpdf; optionally with an OpenAction script, a Launch action or an embedded file."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    if javascript is not None:
        document.Root.OpenAction = document.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(javascript))
        )
    if launch:
        document.Root.OpenAction = document.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        )
    if attachment is not None:
        spec = pikepdf.AttachedFileSpec(document, attachment, filename="invoice.exe")
        document.attachments["invoice.exe"] = spec
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.preserve
    document.save(out, object_stream_mode=mode, compress_streams=True)
    return out.getvalue()
