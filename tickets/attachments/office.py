"""DOCX and ODT are ZIP archives by nature: accepted only when the archive really is such a document, and harmless.

Refused: a package without the parts a Word (OOXML) or OpenDocument file must have; encrypted entries; zip bombs;
macros (vbaProject.bin, macro-enabled content types, OpenDocument Basic/Scripts); ActiveX; programs or foreign
archives inside; OLE packages that carry files (Ole10Native) or the Equation Editor exploited since 2017;
links that run something when the document opens — remote templates and objects (the «Follina» trick),
DDE fields, macro: and vnd.sun.star.script: addresses.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from tickets.attachments.embedded import hidden_program
from tickets.attachments.refusal import Unsafe
from tickets.attachments.sniffing import DOCX, ODT

MAX_MEMBERS = 2000
MAX_RATIO = 100  # unpacked ÷ packed: a document never compresses a hundredfold, a zip bomb does
MAX_UNPACKED = 200 * 1024 * 1024
MAX_DEPTH = 2  # a document may embed another (a spreadsheet in a report), which may not embed a third
# OpenDocument: Basic/<library>/<module>.xml holds macro code (script-lb.xml only lists an empty library);
# Scripts/ holds Python, JavaScript or BeanShell macros.
_MACRO_MEMBERS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)|^Basic/[^/]+/(?!script-lb\.xml$)[^/]+$|^Scripts/.", re.IGNORECASE
)
_PROGRAM_NAMES = re.compile(r"\.(exe|dll|com|scr|pif|msi|js|jse|vbs|vbe|wsf|hta|bat|cmd|ps1|jar|lnk|sh)$", re.I)
_MACRO_CONTENT_TYPES = re.compile(rb"macroEnabled|vbaProject|activeX|vnd\.ms-office\.vba", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_DANGEROUS = re.compile(  # OLE stream names are UTF-16: a packaged file, or the exploited Equation Editor
    b"|".join(re.escape(name.encode("utf-16-le")) for name in ("\x01Ole10Native", "Equation Native"))
)
_RUNNING_SCHEMES = re.compile(r"^\s*(vnd\.sun\.star\.script|macro|ms-[\w-]+|mhtml|javascript|vbscript):", re.I)
_DDE = re.compile(r"\bDDE(AUTO)?\b", re.IGNORECASE)
_HYPERLINK_TYPE = "/relationships/hyperlink"
# Entity declarations (an internal DTD subset) are how XML bombs and external-entity reads work; a DOCTYPE that only
# names a public DTD (OpenOffice's Basic libraries and old manifests do) is harmless: the parser never fetches it.
_ENTITY_DECLARATIONS = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def check_office(data: bytes, content_type: str) -> None:
    try:
        _check_package(data, content_type, depth=0, budget=[min(MAX_UNPACKED, MAX_RATIO * len(data))])
    except Unsafe:
        raise
    except Exception as error:  # zipfile, zlib, bz2, lzma and expat each raise their own kinds on damaged bytes
        raise Unsafe(_("документ повреждён"), code="office_broken") from error


def _check_package(data: bytes, content_type: str | None, *, depth: int, budget: list[int]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or any(member.flag_bits & 0x1 for member in members):
            raise Unsafe(_("документ повреждён или зашифрован"), code="office_encrypted")
        names = {member.filename for member in members}
        if not _is_document(archive, names, content_type):
            raise Unsafe(_("это архив, а не документ"), code="office_not_document")
        if any(_MACRO_MEMBERS.search(name) for name in names) or _macro_content_types(archive, names):
            raise Unsafe(_("документ содержит макросы; сохраните его как обычный документ без макросов"),
                         code="office_macros")
        if any(_PROGRAM_NAMES.search(name) for name in names):
            raise _programs()
        unpacked = sum(member.file_size for member in members)
        budget[0] -= unpacked
        if budget[0] < 0:
            raise Unsafe(_("документ распаковывается в слишком большой объём"), code="office_bomb")
        instructions: list[str] = []
        for member in members:
            if not member.is_dir():
                _check_member(member.filename, archive.read(member), instructions, depth=depth, budget=budget)
        if _DDE.search("".join(instructions)):  # Word splits a field code over runs: " DD" + "EAUTO …"
            raise Unsafe(_("документ запускает внешние команды (поле DDE)"), code="office_dde")


def _is_document(archive: zipfile.ZipFile, names: set[str], content_type: str | None) -> bool:
    """OOXML: [Content_Types].xml and the package relationships; ODF: the mimetype entry and the manifest.
    content_type None (an embedded part) accepts any office document: a chart's spreadsheet, a slide."""
    is_ooxml = "[Content_Types].xml" in names and "_rels/.rels" in names
    is_odf = (
        "mimetype" in names
        and "META-INF/manifest.xml" in names
        and archive.getinfo("mimetype").file_size < 100
        and archive.read("mimetype").strip().startswith(b"application/vnd.oasis.opendocument.")
    )
    if content_type == DOCX:
        return is_ooxml and "word/document.xml" in names
    if content_type == ODT:
        return is_odf and archive.read("mimetype").strip() == ODT.encode() and "content.xml" in names
    return is_ooxml or is_odf


def _macro_content_types(archive: zipfile.ZipFile, names: set[str]) -> bool:
    for name in ("[Content_Types].xml", "META-INF/manifest.xml"):
        if name in names and _MACRO_CONTENT_TYPES.search(archive.read(name)):
            return True
    return False


def _check_member(name: str, content: bytes, instructions: list[str], *, depth: int, budget: list[int]) -> None:
    if hidden_program(content):
        raise _programs()
    if content.startswith(b"PK\x03\x04"):
        if depth >= MAX_DEPTH:
            raise Unsafe(_("внутри документа спрятан архив"), code="office_nested")
        _check_package(content, None, depth=depth + 1, budget=budget)
    elif content.startswith(_OLE_MAGIC) and _OLE_DANGEROUS.search(content):
        raise Unsafe(_("документ содержит встроенный объект, который может запустить программу"),
                     code="office_ole")
    elif name.endswith((".xml", ".rels")):
        _check_xml(content, instructions)


def _check_xml(content: bytes, instructions: list[str]) -> None:
    """Relationships, attributes and field codes, read by a real XML parser so character references can't hide them."""
    if _ENTITY_DECLARATIONS.search(content):
        raise Unsafe(_("документ повреждён"), code="office_dtd")
    # expat (≥ 2.4) also limits entity expansion; with entities refused above, defusedxml would add nothing here
    for _event, element in ElementTree.iterparse(io.BytesIO(content), events=("end",)):  # noqa: S314
        tag = element.tag.rsplit("}", 1)[-1]
        attributes = element.attrib
        external = tag == "Relationship" and attributes.get("TargetMode", "").lower() == "external"
        if external and not attributes.get("Type", "").endswith(_HYPERLINK_TYPE):
            raise _remote()  # a template, an object or a picture fetched from elsewhere when the document opens
        if any(_RUNNING_SCHEMES.match(value) for value in attributes.values()):
            raise _remote()
        if tag == "instrText" and element.text:
            instructions.append(element.text)
        for key, value in attributes.items():
            if key.endswith("}instr") or key == "instr":
                instructions.append(value)
        element.clear()


def _programs() -> Unsafe:
    return Unsafe(_("документ содержит программы или сценарии"), code="office_programs")


def _remote() -> Unsafe:
    return Unsafe(_("документ загружает шаблон, объект или сценарий из внешнего источника при открытии"),
                  code="office_remote")
