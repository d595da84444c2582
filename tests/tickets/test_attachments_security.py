"""SEC4: one attachment service for every channel — content, structure, metadata, malware (real clamd)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from tickets.attachments import attachment_check, attachments_check, safe_filename
from tickets.errors import AttachmentRejected

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(data: bytes, name: str = "файл") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def photo_with_gps(orientation: int = 1) -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPSInfo: Moscow
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_photo_is_stored_without_its_metadata_and_upright():
    checked = attachment_check(upload(photo_with_gps(orientation=6), "IMG_0001.jpg"))

    with Image.open(io.BytesIO(checked.content)) as stored:
        assert not stored.getexif()  # GPS, camera and everything else gone
        assert stored.size == (20, 40)  # EXIF orientation 6 applied before it was dropped
    assert checked.content_type == "image/jpeg" and checked.size == len(checked.content)


def test_a_decompression_bomb_is_refused(settings):
    settings.ATTACHMENT_MAX_IMAGE_PIXELS = 1000
    out = io.BytesIO()
    Image.new("L", (200, 200)).save(out, format="PNG")

    with pytest.raises(AttachmentRejected, match="слишком большое по числу точек"):
        attachment_check(upload(out.getvalue(), "big.png"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF", "сценарии"),
        (b"%PDF-1.4\n%%EOF\n" + b"PK\x03\x04" + b"\x00" * 40, "спрятан архив"),
        (b"<html><script>alert(1)</script></html>", "веб-страница или скрипт"),
        (docx({"word/vbaProject.bin": b"macro"}), "макросы"),
        (docx({"payload.exe": b"MZ"}), "макросы или программы"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "повреждено"),
    ],
)
def test_polyglots_active_content_and_broken_images_are_refused(data, reason):
    with pytest.raises(AttachmentRejected, match=reason):
        attachment_check(upload(data))


def test_an_archive_posing_as_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", b"MZ")
    with pytest.raises(AttachmentRejected):
        attachment_check(upload(out.getvalue(), "договор.docx"))


def test_a_real_document_and_a_plain_text_pass():
    assert attachment_check(upload(docx(), "заявление.docx")).safe_name == "заявление.docx"
    assert attachment_check(upload("Привет, это текст".encode(), "x.exe")).safe_name == "x.txt"


def test_count_and_total_size_limits(settings):
    settings.ATTACHMENT_MAX_TOTAL_BYTES = 10
    with pytest.raises(AttachmentRejected, match="Все файлы вместе"):
        attachments_check([upload(b"a" * 6, "a.txt"), upload(b"b" * 6, "b.txt")])


def test_safe_names():
    assert safe_filename("../../etc/passwd", "txt") == "passwd.txt"
    assert safe_filename("CON.pdf", "pdf") == "file-CON.pdf"
    assert safe_filename(".env", "txt") == "env.txt"


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=600), st.text(max_size=40))
def test_any_bytes_and_names_are_accepted_or_refused_with_a_reason(data, name):
    try:
        checked = attachment_check(upload(data, name or "x"))
    except AttachmentRejected as refusal:
        assert str(refusal)
    else:
        assert checked.content and checked.safe_name


# --- a real clamd with a signature database made here (../shared/TESTING.md) --------------------------------


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    if not Path(CLAMD).exists():
        if IN_CI:
            pytest.fail(f"CI=true but {CLAMD} is missing: .ci/run installs clamav-daemon")
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    import hashlib

    (database / "test.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Supportdesk.Test.EICAR\n")  # noqa: S324
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(f"DatabaseDirectory {database}\nLocalSocket {socket_path}\nForeground yes\nUser root\n"
                      f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n")
    process = subprocess.Popen([CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"clamd did not start: {(folder / 'clamd.log').read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=15)


def test_clamd_refuses_eicar_and_passes_a_clean_file(settings, clamd_socket, caplog):
    settings.CLAMD_SOCKET, settings.ATTACHMENT_SCAN_REQUIRED = clamd_socket, True

    with pytest.raises(AttachmentRejected, match="вредоносную программу"):
        attachment_check(upload(EICAR, "test.txt"))
    assert "Supportdesk.Test.EICAR" in caplog.text
    assert attachment_check(upload("Обычный текст".encode(), "ok.txt")).content_type == "text/plain"


def test_a_scanner_outage_refuses_when_required_and_passes_when_not(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")
    settings.ATTACHMENT_SCAN_REQUIRED = True
    with pytest.raises(AttachmentRejected, match="временно недоступна"):
        attachment_check(upload(b"text", "a.txt"))

    settings.ATTACHMENT_SCAN_REQUIRED = False
    assert attachment_check(upload(b"text", "a.txt")).content == b"text"


@pytest.mark.django_db
def test_a_photo_sent_with_a_request_is_stored_without_gps(client, citizen):
    from django.urls import reverse

    from tickets.models import Ticket

    client.force_login(citizen)
    client.post(reverse("tickets:citizen_new"), {
        "subject": "Ошибка при загрузке", "body": "Фото экрана", "attachments": [upload(photo_with_gps(), "фото.jpg")],
    })

    attachment = Ticket.objects.get(citizen=citizen).attachments.get()
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    assert attachment.size == attachment.file.size
