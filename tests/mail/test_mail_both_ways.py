"""A letter that reaches the desk both ways (LMTP from the MTA and a copy in the polled IMAP mailbox) is one
request, even when it has no Message-ID: the two copies differ in their trace headers, not in what was written."""

import smtplib

import pytest
from django.core import mail

from mail.imap import mail_imap_poll
from mail.models import MailMessage
from mail.server import MailController
from tests.mail.conftest import free_port, imap_append, letter
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)  # the LMTP endpoint writes from its own thread


@pytest.fixture
def endpoint():
    controller = MailController(protocol="lmtp", hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def _as_the_mailbox_holds_it(raw: bytes) -> bytes:
    """What the delivery agent wrote into the mailbox: trace headers on top of the same letter."""
    return (
        b"Return-Path: <sokolova@example.ru>\r\n"
        b"Delivered-To: support@gosuslugi.example\r\n"
        b"Received: from mx.example.ru (mx.example.ru [192.0.2.10])\r\n"
        b"\tby imap.gosuslugi.example with ESMTPS id 4Xk2; Mon, 2 Mar 2026 10:00:03 +0300\r\n"
        + raw.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    )


@pytest.mark.parametrize("with_message_id", [True, False], ids=["message-id", "no-message-id"])
def test_a_letter_delivered_by_lmtp_and_imap_is_processed_once(endpoint, mailbox, with_message_id):
    raw = letter(subject="Не приходит код", body="Код подтверждения не приходит уже час.",
                 no_message_id=not with_message_id)
    with smtplib.LMTP("127.0.0.1", endpoint.port) as client:
        client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"], raw)
    imap_append(mailbox, _as_the_mailbox_holds_it(raw))

    result = mail_imap_poll()

    assert result.processed == 1
    assert Ticket.objects.count() == 1
    assert MailMessage.objects.filter(direction=MailMessage.Direction.INBOUND).count() == 1
    assert len(mail.outbox) == 1


def test_two_different_letters_without_message_id_are_two_requests(endpoint):
    with smtplib.LMTP("127.0.0.1", endpoint.port) as client:
        for body in ("Не приходит код подтверждения.", "Не открывается заявление на паспорт."):
            client.sendmail("sokolova@example.ru", ["support@gosuslugi.example"],
                            letter(subject="Помогите", body=body, no_message_id=True))

    assert Ticket.objects.count() == 2
