"""A bounce or an auto-reply to one of our letters, and a relay's refusal, go into the request's journal
(AU7) and show on the desk's request page, with the address masked as the desk shows addresses."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from mail.models import MailMessage
from tests.mail.conftest import letter
from tests.mail.test_mail_loops import DSN
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import message_post

pytestmark = pytest.mark.django_db


class MailboxUnknownBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"sokolova@example.ru": (550, b"5.1.1 No such user")})


def _bounce_of(message_id: str) -> bytes:
    return DSN.replace(b"Final-Recipient: rfc822; nobody@example.ru", b"Final-Recipient: rfc822; sokolova@example.ru") \
        .replace(b"--B--\r\n", b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                 + f"Message-ID: {message_id}\r\nSubject: x\r\n".encode() + b"--B--\r\n")


def _desk_page(staff_client, operator, ticket) -> str:
    return staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).content.decode()


def test_a_bounce_of_our_letter_is_journaled_and_shown_on_the_desk(receive, staff_client, operator):
    receive(letter())
    ticket = Ticket.objects.get()

    record = receive(_bounce_of(mail.outbox[0].extra_headers["Message-ID"]))

    event = ticket.events.get(kind=TicketEvent.Kind.MAIL_BOUNCED)
    assert event.data == {"mail_id": record.pk, "status": "5.1.1", "addresses": ["s***@example.ru"]}
    page = _desk_page(staff_client, operator, ticket)
    assert "Письмо не доставлено: адрес s***@example.ru. Код ошибки: 5.1.1." in page
    assert "sokolova@example.ru" not in page


def test_an_auto_reply_to_our_letter_is_journaled(receive, staff_client, operator):
    receive(letter())
    ticket = Ticket.objects.get()
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]

    receive(letter(subject="Автоответ: в отпуске до 10 марта", in_reply_to=acknowledgment_id))

    assert ticket.events.get(kind=TicketEvent.Kind.MAIL_AUTO_REPLY).data["addresses"] == ["s***@example.ru"]
    assert "На письмо гражданину пришёл автоответ с адреса s***@example.ru." in _desk_page(staff_client, operator,
                                                                                          ticket)


def test_a_bounce_linked_to_no_request_journals_nothing(receive):
    receive(letter())

    record = receive(_bounce_of("<not-ours@elsewhere.example>"))

    assert record.outcome == MailMessage.Outcome.BOUNCE and record.ticket is None
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.MAIL_BOUNCED).exists()


def test_a_relay_refusing_the_address_is_journaled(receive, settings, staff_client, operator,
                                                   django_capture_on_commit_callbacks):
    receive(letter())
    ticket = Ticket.objects.get()
    settings.EMAIL_BACKEND = "tests.mail.test_mail_journal.MailboxUnknownBackend"

    with django_capture_on_commit_callbacks(execute=True):
        message_post(ticket=ticket, author=operator, body="Проверьте, пожалуйста, адрес.",
                     author_kind=TicketMessage.AuthorKind.AGENT, channel=Channel.EMAIL)

    letter_record = MailMessage.objects.filter(direction="out").latest("created_at")
    assert letter_record.outcome == MailMessage.Outcome.FAILED and "550" in letter_record.note
    page = _desk_page(staff_client, operator, ticket)
    assert "Почтовый сервер не принял письмо гражданину: адрес s***@example.ru. Код ошибки: 550." in page
