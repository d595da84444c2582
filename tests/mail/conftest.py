"""Mail channel test setup: letters built as real MIME bytes, a real Dovecot IMAP server, free ports.

Dovecot (Debian's dovecot-imapd) runs as root in the foreground with its whole configuration in a temporary
folder: a passwd-file user, maildirs under tmp, listening on 127.0.0.1 only. In CI a missing binary fails.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from django.utils import timezone

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_wait(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def letter(
    *,
    body: str = "Здравствуйте! Не могу подать заявление на загранпаспорт: после загрузки фото страница зависает.",
    subject: str = "Ошибка при загрузке заявления",
    sender: str = "Мария Соколова <sokolova@example.ru>",
    charset: str = "utf-8",
    html: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    files: list[tuple[str, bytes, str]] = (),
    no_message_id: bool = False,
) -> bytes:
    """A letter as a mail client sends it; charset applies to the text part (encoded words in the subject)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@gosuslugi.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if not no_message_id:
        message["Message-ID"] = message_id or make_msgid(domain="example.ru")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html", charset=charset)
    else:
        message.set_content(body, charset=charset)
    for filename, data, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


@pytest.fixture
def receive(django_capture_on_commit_callbacks):
    """mail_receive as a delivery does it, with the after-commit work (routing, acknowledgment) run."""
    from mail.services import mail_receive

    def deliver(raw: bytes, *, source: str = "imap", envelope_sender: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return mail_receive(raw=raw, source=source, envelope_sender=envelope_sender)

    return deliver


@dataclass
class ImapAccount:
    host: str
    port: int
    user: str
    password: str


DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {owner}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%n
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _unprivileged_user() -> tuple[str, int, int]:
    """Dovecot runs neither the login process nor a mail user as root: Debian's package creates these users."""
    import pwd

    for name in ("dovenull", "dovecot", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_name, entry.pw_uid, entry.pw_gid
    raise RuntimeError("no unprivileged user for Dovecot")


@pytest.fixture
def dovecot() -> ImapAccount:
    """A real Dovecot IMAP server with one mailbox, support@gosuslugi.example."""
    if DOVECOT is None:
        if IN_CI:
            pytest.fail("CI=true but dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("needs Dovecot: apt-get install dovecot-imapd")
    import grp
    import pwd

    # not under pytest's 0700 tmp folder: the unprivileged login process must reach the sockets in base_dir
    root = Path(tempfile.mkdtemp(prefix="sd-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir()
    port = free_port()
    account = ImapAccount(host="127.0.0.1", port=port, user="support", password="Imap-test-2026")
    (root / "passwd").write_text(f"{account.user}:{{PLAIN}}{account.password}\n")
    login_user, uid, gid = _unprivileged_user()  # mail processes run as this user and own the maildirs
    for folder in ("mail", "home"):
        os.chown(root / folder, uid, gid)
    (root / "dovecot.conf").write_text(DOVECOT_CONF.format(
        root=root, port=port, uid=uid, gid=gid, login_user=login_user,
        owner=pwd.getpwuid(os.getuid()).pw_name, group=grp.getgrgid(os.getgid()).gr_name,
    ))
    process = subprocess.Popen(  # noqa: S603 — a fixed binary and our own config file
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        port_wait(port)
    except TimeoutError:
        process.kill()
        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
        output = process.stdout.read().decode(errors="replace") if process.stdout else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"Dovecot did not start:\n{output}\n{log}")
    yield account
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot, settings):
    """The desk polls the Dovecot mailbox; the test holds its own IMAP session to put letters there."""
    settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT = dovecot.host, dovecot.port
    settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD = dovecot.user, dovecot.password
    settings.MAIL_IMAP_SSL, settings.MAIL_IMAP_FOLDER = False, "INBOX"
    client = imaplib.IMAP4(dovecot.host, dovecot.port)
    client.login(dovecot.user, dovecot.password)
    yield client
    client.logout()


def imap_append(client: imaplib.IMAP4, raw: bytes, flags: str | None = None) -> None:
    status, _ = client.append("INBOX", flags, imaplib.Time2Internaldate(time.time()), raw)
    assert status == "OK"


@pytest.fixture
def short_lock_timeout():
    """Every database connection (this thread's and the LMTP endpoint's) gives up waiting for a lock after
    0.5 s, as a production lock_timeout would: the failure is a real PostgreSQL lock_not_available."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    def limit(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '500ms'")

    connection_created.connect(limit)
    for connection in connections.all():
        if connection.in_atomic_block:  # the test's own transaction (django_db without transaction=True)
            limit(None, connection)  # a SET inside it is undone with the test's rollback
        else:
            connection.close()  # reconnect with the limit
    yield
    connection_created.disconnect(limit)
    for connection in connections.all():
        if not connection.in_atomic_block:
            connection.close()


@pytest.fixture
def requests_table_locked():
    """A context manager: another session holds the requests table exclusively (a long migration, a stuck
    transaction), so registering a request cannot get its lock."""
    import contextlib

    import psycopg

    from tests.chat.conftest import child_database_url

    @contextlib.contextmanager
    def locked():
        with psycopg.connect(child_database_url()) as holder:
            holder.execute("LOCK TABLE tickets_ticket IN ACCESS EXCLUSIVE MODE")
            yield
            holder.rollback()

    return locked


@pytest.fixture
def operator(db):
    """The mail desk's operator: on the line, covering every first-line topic in Russian and English, because
    answering a request nobody holds takes it, by the rules of «Взять в работу»."""
    from accounts.models import OperatorProfile
    from accounts.roles import Role
    from accounts.services import staff_create
    from tests.conftest import TOTP_KEY, topic

    user = staff_create(
        email="operator@support.example", password="Operator-2026!", role=Role.OPERATOR, first_name="Ольга",
        last_name="Смирнова", skills=[topic("registration"), topic("services"), topic("technical")],
        languages=("ru", "en"), totp_key=TOTP_KEY,
    )
    OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.ONLINE)
    return user
