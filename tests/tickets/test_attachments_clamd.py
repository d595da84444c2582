"""SEC4: the malware scan against a real clamd (../shared/TESTING.md «Malware scanning»).

clamd runs on a signature database written here (ClamAV's public databases cannot be downloaded on these machines);
production points DatabaseDirectory at the official ones, and the code path is the same. Without the clamd binary
the tests skip on a workstation and fail in CI, where .ci/run installs clamav-daemon.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.tickets.attachment_samples import EICAR, repack, upload, word_document
from tickets import clamav
from tickets.attachments import attachment_check
from tickets.errors import AttachmentRejected

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
SECURITY_LOGGER = "supportdesk.security.attachments"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    """A clamd listening on a unix socket and on TCP, knowing one signature: the EICAR test file's hash."""
    if not Path(CLAMD).exists():
        if IN_CI:
            pytest.fail(f"CI=true but {CLAMD} is missing: .ci/run must install clamav-daemon")
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    signature = f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Supportdesk.Test.EICAR\n"  # noqa: S324 (clamd's format)
    (database / "test.hdb").write_text(signature)
    socket_path, port = folder / "clamd.sock", _free_port()
    config = folder / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {database}\nLocalSocket {socket_path}\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"Foreground yes\nUser root\nLogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 90
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (folder / "clamd.log").read_text(errors="replace") if (folder / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start: {log[-2000:]}")
        time.sleep(0.2)
    yield {"socket": str(socket_path), "port": port}
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def scan_over_socket(settings, clamd):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.ATTACHMENT_SCAN_REQUIRED = clamd["socket"], "", True
    return clamd


def test_eicar_is_refused_and_logged_without_personal_data(scan_over_socket, caplog):
    with caplog.at_level(logging.INFO, logger=SECURITY_LOGGER), pytest.raises(AttachmentRejected) as caught:
        attachment_check(upload(EICAR, "Петров_выписка.txt"))

    assert str(caught.value) == "Файл «Петров_выписка.txt» не принят: антивирус нашёл в нём вредоносную программу."
    line = next(record for record in caplog.records if record.name == SECURITY_LOGGER)
    assert line.levelno == logging.WARNING and "signature=Supportdesk.Test.EICAR" in line.getMessage()
    assert "Петров" not in caplog.text and "выписка" not in caplog.text


def test_a_clean_file_passes_and_is_marked_scanned(scan_over_socket):
    checked = attachment_check(upload("Обычный текст обращения".encode(), "ok.txt"))
    assert checked.content_type == "text/plain" and checked.malware_scanned


def test_malware_inside_a_real_document_is_found_by_clamd(scan_over_socket):
    # our structure checks see nothing wrong; clamd unpacks the DOCX and recognises the file inside
    infected = repack(word_document(), add={"word/media/readme.txt": EICAR})
    with pytest.raises(AttachmentRejected, match="вредоносную программу"):
        attachment_check(upload(infected, "заявление.docx"))


def test_clamd_over_tcp(settings, clamd):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = "", "127.0.0.1", clamd["port"]
    settings.ATTACHMENT_SCAN_REQUIRED = True
    assert clamav.scan(EICAR).signature.startswith("Supportdesk.Test.EICAR")  # clamd adds «.UNOFFICIAL»
    assert clamav.scan(b"clean" * 100_000).outcome is clamav.Outcome.CLEAN  # several INSTREAM chunks
    with pytest.raises(AttachmentRejected, match="вредоносную программу"):
        attachment_check(upload(EICAR, "a.txt"))


# --- outages: these need no clamd, only a socket nobody listens on ---------------------------------------------


def test_an_outage_refuses_uploads_when_scanning_is_required(settings, tmp_path, caplog):
    settings.CLAMD_SOCKET, settings.ATTACHMENT_SCAN_REQUIRED = str(tmp_path / "gone.sock"), True
    with caplog.at_level(logging.ERROR, logger=SECURITY_LOGGER), pytest.raises(AttachmentRejected) as caught:
        attachment_check(upload(b"text", "a.txt"))
    assert "Проверка файлов на вирусы временно недоступна" in str(caught.value)
    assert "malware scan required but unavailable" in caplog.text


def test_an_outage_lets_files_through_with_a_warning_when_not_required(settings, tmp_path, caplog):
    settings.CLAMD_SOCKET, settings.ATTACHMENT_SCAN_REQUIRED = str(tmp_path / "gone.sock"), False
    with caplog.at_level(logging.WARNING):
        checked = attachment_check(upload(b"text", "a.txt"))
    assert checked.content == b"text" and not checked.malware_scanned
    assert "accepted without a malware scan: scanner unavailable" in caplog.text


def test_a_tcp_outage_is_an_outage_too(settings):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = "", "127.0.0.1", _free_port()
    settings.ATTACHMENT_SCAN_REQUIRED = True
    with pytest.raises(AttachmentRejected, match="временно недоступна"):
        attachment_check(upload(b"text", "a.txt"))


def test_without_a_scanner_configured_it_is_said_once_and_production_refuses(settings, caplog, monkeypatch):
    monkeypatch.setattr(clamav, "_off_logged", type(clamav._off_logged)())
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.ATTACHMENT_SCAN_REQUIRED = False
    with caplog.at_level(logging.WARNING, logger="tickets.clamav"):
        attachment_check(upload(b"one", "a.txt"))
        attachment_check(upload(b"two", "b.txt"))
    assert caplog.text.count("not scanned for malware") == 1

    settings.ATTACHMENT_SCAN_REQUIRED = True  # the production default (DEBUG off)
    with pytest.raises(AttachmentRejected, match="временно недоступна"):
        attachment_check(upload(b"three", "c.txt"))


def test_a_scanner_that_answers_an_error_counts_as_an_outage(settings, tmp_path):
    """A fake clamd that says what a real one says when the stream is too long."""
    import threading

    path = str(tmp_path / "err.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)

    def answer():
        connection, _address = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"INSTREAM size limit exceeded. ERROR\0")

    thread = threading.Thread(target=answer)
    thread.start()
    settings.CLAMD_SOCKET, settings.ATTACHMENT_SCAN_REQUIRED = path, True
    try:
        with pytest.raises(AttachmentRejected, match="временно недоступна"):
            attachment_check(upload(b"text", "a.txt"))
    finally:
        thread.join(timeout=10)
        server.close()
