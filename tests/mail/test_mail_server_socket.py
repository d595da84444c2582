"""Push delivery over a real socket: the MTA's LMTP (or SMTP) client hands letters to the aiosmtpd endpoint."""

import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from mail.models import MailMessage
from mail.server import MailController
from tests.chat.conftest import child_database_url
from tests.mail.conftest import free_port, letter, port_wait
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db(transaction=True)  # the endpoint writes from its own thread
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def endpoint(request):
    protocol = getattr(request, "param", "lmtp")
    controller = MailController(protocol=protocol, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def _client(controller):
    if controller.protocol == "lmtp":
        client = smtplib.LMTP("127.0.0.1", controller.port)
        client.ehlo_or_helo_if_needed()
        return client
    return smtplib.SMTP("127.0.0.1", controller.port)


@pytest.mark.parametrize("endpoint", ["lmtp", "smtp"], indirect=True)
def test_a_delivered_letter_opens_a_request_and_is_acknowledged(endpoint):
    with _client(endpoint) as client:
        refused = client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"],
                                  letter(subject="Не грузится фото", charset="koi8-r"))

    assert refused == {}
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.EMAIL and ticket.subject == "Не грузится фото"
    assert MailMessage.objects.get(direction="in").source == endpoint.protocol
    assert len(mail.outbox) == 1 and ticket.number in mail.outbox[0].subject


def test_lmtp_answers_once_per_recipient(endpoint):
    with _client(endpoint) as client:
        client.mail("sokolova@example.ru")
        client.rcpt("support@gosuslugi.example")
        client.rcpt("help@gosuslugi.example")
        client.putcmd("data")
        assert client.getreply()[0] == 354
        client.send(letter().replace(b"\n.", b"\n..") + b"\r\n.\r\n")
        replies = [client.getreply()[0], client.getreply()[0]]

    assert replies == [250, 250]
    assert Ticket.objects.count() == 1  # one letter, however many recipients


def test_a_bounce_with_a_null_sender_is_recorded_and_not_answered(endpoint):
    with _client(endpoint) as client:
        client.sendmail("", ["support@gosuslugi.example"], letter(subject="Delivery Status Notification"))

    assert MailMessage.objects.get(direction="in").outcome == MailMessage.Outcome.BOUNCE
    assert not Ticket.objects.exists() and mail.outbox == []


def test_a_redelivered_letter_is_accepted_and_ignored(endpoint):
    raw = letter(message_id="<again@example.ru>")
    with _client(endpoint) as client:
        client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], raw)
        client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], raw)

    assert Ticket.objects.count() == 1 and len(mail.outbox) == 1


def test_a_letter_over_the_limit_is_refused_before_the_body_is_read(settings):
    settings.MAIL_MAX_BYTES = 4096
    controller = MailController(protocol="smtp", hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port) as client, pytest.raises(smtplib.SMTPException) as refusal:
            client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], letter(body="Длинный текст. " * 1000))
    finally:
        controller.stop()

    assert "552" in str(refusal.value)
    assert not MailMessage.objects.exists()


def test_a_database_failure_defers_the_letter_for_the_mta_to_retry(endpoint, monkeypatch):
    def database_down(**kwargs):
        raise ConnectionError("database is down")

    monkeypatch.setattr("mail.server.mail_receive", database_down)
    with _client(endpoint) as client, pytest.raises(smtplib.SMTPDataError) as deferred:
        client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], letter())

    assert deferred.value.smtp_code == 451


def test_a_lock_timeout_while_registering_defers_the_letter_and_the_retry_opens_the_request(
    endpoint, short_lock_timeout, requests_table_locked
):
    raw = letter(message_id="<locked@example.ru>")

    with requests_table_locked(), _client(endpoint) as client, pytest.raises(smtplib.SMTPDataError) as deferred:
        client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], raw)

    assert deferred.value.smtp_code == 451  # the MTA keeps the letter and tries again
    assert not MailMessage.objects.exists()  # nothing half-stored that would make the retry a «duplicate»
    with _client(endpoint) as client:
        assert client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], raw) == {}
    assert MailMessage.objects.get(direction="in").outcome == MailMessage.Outcome.OPENED
    assert Ticket.objects.count() == 1 and len(mail.outbox) == 1


def test_a_broken_letter_is_accepted_and_kept_as_failed(endpoint, monkeypatch):
    def crashing_intake(**kwargs):
        raise ValueError("a parser bug")  # not the database: retrying the delivery would not help

    monkeypatch.setattr("mail.services.ticket_intake", crashing_intake)
    with _client(endpoint) as client:
        assert client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], letter()) == {}

    record = MailMessage.objects.get()
    assert record.outcome == MailMessage.Outcome.FAILED and record.attempts == 1 and record.retry_at is not None


def test_the_mail_server_command_serves_lmtp(tmp_path):
    port = free_port()
    env = {
        **{name: value for name, value in os.environ.items() if name != "CELERY_BROKER_URL"},
        # the test database, also when it lives on the embedded server's unix socket (a quoted folder)
        "DATABASE_URL": child_database_url(),
        "REDIS_URL": "",  # tasks go to a filesystem broker under the temporary var dir, not a shared Redis
        "SUPPORTDESK_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    server = subprocess.Popen(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "mail_server", "--port", str(port)], cwd=REPO, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        port_wait(port, timeout=60)
        with smtplib.LMTP("127.0.0.1", port) as client:
            client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], letter(subject="Через LMTP"))
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")

    assert Ticket.objects.get().subject == "Через LMTP", output
    assert server.returncode == 0, output
    assert "LMTP on 127.0.0.1" in output

