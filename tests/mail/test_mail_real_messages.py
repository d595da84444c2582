"""The 340 real messages of shared/datasets/emails_mime: every one read, Cyrillic charsets decoded, none crashes.

Skipped outside CI when the datasets folder is absent; in CI (CI=true) a missing folder fails.
"""

import csv
import time
from pathlib import Path

import pytest

from assistant.datasets import datasets_dir
from mail.models import MailMessage
from mail.parsing import mail_parse
from tests.mail.conftest import IN_CI


@pytest.fixture(scope="module")
def emails_mime() -> Path:
    folder = datasets_dir() / "emails_mime"
    if not (folder / "manifest.csv").exists():
        if IN_CI:
            pytest.fail(f"CI=true but {folder} is missing: the mail tests read the real messages there")
        pytest.skip(f"{folder} is missing: set SUPPORTDESK_DATASETS to the shared datasets folder")
    return folder


@pytest.fixture(scope="module")
def manifest(emails_mime) -> list[dict]:
    with (emails_mime / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read(emails_mime: Path, path: str):
    return mail_parse((emails_mime / path).read_bytes())


def _has_lone_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def test_every_real_message_is_read_without_error_or_undecoded_bytes(emails_mime, manifest):
    slowest = 0.0
    for row in manifest:
        started = time.perf_counter()
        parsed = _read(emails_mime, row["path"])
        slowest = max(slowest, time.perf_counter() - started)
        fields = [parsed.subject, parsed.text, parsed.sender_name, *(f.filename for f in parsed.files)]
        assert not any(_has_lone_surrogates(value) for value in fields), row["path"]
        assert parsed.message_id.startswith("<") and len(parsed.message_id) <= 255, row["path"]
    assert len(manifest) == 340
    assert slowest < 10, "one message took too long: the poller must not stall on a torture message"


@pytest.mark.parametrize(
    ("path", "subject", "text"),
    [
        ("thunderbird/sample04.eml", "Алфавит", "Вопрос"),  # KOI8-R: base64 body and encoded-word subject
        ("thunderbird/sample05.eml", "Алфавит", "Вопрос"),  # windows-1251
        ("flanker/bilingual-simple.eml", "Simple text. How are you? Как ты поживаешь?", "А эта линия по-русски."),
        ("flanker/8bitmime.eml", "2 RCPT MIME", "Превел"),  # raw 8-bit UTF-8 body
        ("flanker/mailgun-pic.eml", "Mailgun rocks!", "Мейлган! Хахах!"),
    ],
)
def test_cyrillic_messages_are_decoded(emails_mime, path, subject, text):
    parsed = _read(emails_mime, path)

    assert parsed.subject == subject
    assert text in parsed.text


def test_windows_1251_encoded_words_in_subject_and_sender(emails_mime):
    subject = _read(emails_mime, "php_mime_mail_parser/m0021").subject
    sender = _read(emails_mime, "mikel_mail/plain_emails/raw_email_bad_time.eml")

    assert subject.startswith("occurs when divided into an array, and the last e of the array! Пут")
    assert sender.sender_name == "Атиковa"  # sic: the sample ends in a Latin «a»
    assert sender.text.startswith("Filter2: This message has been scanned")  # an unquoted «=» boundary, read anyway


def test_utf8_encoded_words_with_quotes_in_the_sender_name(emails_mime):
    parsed = _read(emails_mime, "php_mime_mail_parser/m0124")

    assert parsed.sender_email == "user@domain.ru"
    assert parsed.sender_name.startswith('ФГУП "СибНИА им.С.А.Чаплыгина"')


def test_named_attachments_are_found(emails_mime, manifest):
    """Named parts are kept as files, attached letters (message/rfc822) quoted in the text.

    The few misses are parts with nothing to keep: empty images, message/external-body pointers, uuencoded
    (non-MIME) bodies, an inline named text part that is the letter's own text, parts past MAX_PARTS.
    """
    missed = []
    for row in manifest:
        parsed = _read(emails_mime, row["path"])
        named = [f for f in parsed.files if not f.filename.startswith("attachment-")]
        if len(named) + len(parsed.forwarded) < int(row["n_named_attachments"]):
            missed.append(row["path"])
    with_attachments = sum(1 for row in manifest if int(row["n_named_attachments"]))
    assert with_attachments > 90
    assert len(missed) <= 25, missed
    assert "flanker/mailgun-pic.eml" not in missed and "flanker/enclosed.eml" not in missed


def test_encoded_word_and_rfc2231_filenames(emails_mime):
    encoded_word = _read(emails_mime, "mikel_mail/attachment_emails/attachment_with_base64_encoded_name.eml")

    assert [f.filename for f in encoded_word.files] == ["This is a test.pdf"]


def test_bounces_in_the_real_set_are_recognised(emails_mime):
    for path in ("flanker/bounce/mailbox-full.eml", "flanker/bounce/gmail-no-dns.eml", "mimekit/delivery-status.txt",
                 "nodemailer_mailparser/delivery-status.eml"):
        assert _read(emails_mime, path).automatic == "bounce", path


@pytest.mark.django_db
def test_every_real_message_is_delivered_without_a_processing_failure(emails_mime, manifest, receive):
    distinct_ids = set()
    for row in manifest:
        raw = (emails_mime / row["path"]).read_bytes()
        distinct_ids.add(mail_parse(raw).message_id)
        record = receive(raw)
        assert record.outcome != MailMessage.Outcome.FAILED, (row["path"], record.note)

    inbound = MailMessage.objects.filter(direction=MailMessage.Direction.INBOUND)
    assert inbound.count() == len(distinct_ids)  # samples copied between projects share a Message-ID: kept once
    assert inbound.filter(outcome=MailMessage.Outcome.BOUNCE).count() >= 20
    assert inbound.filter(outcome=MailMessage.Outcome.OPENED).count() >= 150
