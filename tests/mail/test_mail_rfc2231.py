"""Attachment names in RFC 2231 form (filename*=charset''…, continuations filename*0*=…): real samples and
the Cyrillic charsets Russian mail clients still use."""

import base64
from urllib.parse import quote

import pytest

from assistant.datasets import datasets_dir
from mail.parsing import mail_parse
from tests.mail.conftest import IN_CI

NAME = "Заявление на паспорт.pdf"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def samples():
    folder = datasets_dir() / "emails_mime"
    if not folder.exists():
        if IN_CI:
            pytest.fail(f"CI=true but {folder} is missing: the mail tests read the real messages there")
        pytest.skip(f"{folder} is missing: set SUPPORTDESK_DATASETS to the shared datasets folder")
    return folder


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # filename*=utf-8''…%C3%A9… next to plain names (SwiftMailer)
        ("php_mime_mail_parser/issue274.eml", "Cours-Tutoriels-Serge-Tahé-1568x268.png"),
        # a continuation, filename*0*=utf-8''nyan%20cat%20%E2%9C%94.gif (Nodemailer)
        ("nodemailer_mailparser/nodemailer.eml", "nyan cat ✔.gif"),
        # ISO-8859-1 in a folded parameter: filename*=ISO-8859-1''Eelanal%FC%FCsi%20p%E4ring.jpg
        ("mikel_mail/attachment_emails/attachment_with_quoted_filename.eml", "Eelanalüüsi päring.jpg"),
    ],
)
def test_real_rfc2231_names_are_decoded(samples, path, expected):
    names = [file.filename for file in mail_parse((samples / path).read_bytes()).files]

    assert expected in names


def _letter_with(part_headers: str) -> bytes:
    return (
        "From: sokolova@example.ru\r\nTo: support@gosuslugi.example\r\nSubject: =?utf-8?b?"
        "0JfQsNGP0LLQu9C10L3QuNC1?=\r\nMessage-ID: <rfc2231@example.ru>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
        "Заявление во вложении.\r\n--B\r\n" + part_headers + "\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + base64.encodebytes(PDF).replace(b"\n", b"\r\n") + b"--B--\r\n"


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
@pytest.mark.parametrize(
    "form",
    ["single", "quoted", "continuation", "content-type-name"],
)
def test_cyrillic_rfc2231_names_are_decoded(charset, form):
    encoded = quote(NAME.encode(charset))
    cut = encoded.index("%20")  # a continuation splits between escapes, never inside one
    part_headers = {
        "single": f"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*={charset}''{encoded}",
        "quoted": f"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
                  f"filename*=\"{charset}''{encoded}\"",
        "continuation": f"Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                        f" filename*0*={charset}''{encoded[:cut]};\r\n filename*1*={encoded[cut:]}",
        # no filename at all: the name parameter of Content-Type
        "content-type-name": f"Content-Type: application/pdf; name*={charset}''{encoded}\r\n"
                             "Content-Disposition: attachment",
    }[form]
    raw = _letter_with(part_headers)

    [attached] = mail_parse(raw).files

    assert attached.filename == NAME
    assert attached.data == PDF
