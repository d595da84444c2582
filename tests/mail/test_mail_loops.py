"""Bounces and auto-replies never open a request and are never answered: no mail loops."""

import pytest
from django.core import mail

from mail.models import MailMessage
from mail.services import mail_reprocess
from tests.mail.conftest import letter
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

DSN = (
    b"From: Mail Delivery System <MAILER-DAEMON@mx.example.ru>\r\n"
    b"To: support@gosuslugi.example\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\n"
    b"Message-ID: <dsn-1@mx.example.ru>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: text/plain\r\n\r\nThe mail system: host said 550 user unknown\r\n"
    b"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.ru\r\n\r\n"
    b"Final-Recipient: rfc822; nobody@example.ru\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    b"--B--\r\n"
)


@pytest.mark.parametrize(
    ("raw", "envelope_sender", "outcome"),
    [
        (DSN, None, "bounce"),
        (letter(sender="MAILER-DAEMON@mx.example.ru", subject="Delivery failure"), None, "bounce"),
        (letter(headers={"Return-Path": "<>"}), None, "bounce"),
        (letter(), "", "bounce"),  # LMTP «MAIL FROM:<>»: the envelope of every delivery status notification
        (letter(headers={"Auto-Submitted": "auto-replied"}), None, "auto_reply"),
        (letter(headers={"X-Autoreply": "yes"}), None, "auto_reply"),
        (letter(headers={"Precedence": "bulk"}), None, "auto_reply"),
        (letter(headers={"Precedence": "junk"}), None, "auto_reply"),
        (letter(headers={"Precedence": "list"}), None, "auto_reply"),
        (letter(headers={"Precedence": "auto_reply"}), None, "auto_reply"),
        (letter(headers={"X-Autorespond": "vacation"}), None, "auto_reply"),
        (letter(headers={"X-Auto-Response-Suppress": "All"}), None, "auto_reply"),  # Exchange marks its own
        (letter(sender="Поддержка <support@gosuslugi.example>"), None, "auto_reply"),  # our own letter came back
    ],
    ids=["dsn", "mailer-daemon", "null-return-path", "null-envelope", "auto-submitted", "x-autoreply",
         "bulk", "junk", "list", "precedence-auto-reply", "x-autorespond", "x-auto-response-suppress",
         "own-address"],
)
def test_automatic_letters_are_recorded_without_a_request_or_an_answer(receive, raw, envelope_sender, outcome):
    record = receive(raw, envelope_sender=envelope_sender)

    assert record.outcome == outcome
    assert record.note
    assert not Ticket.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "subject",
    [
        "Отпуск по уходу за ребёнком: не приходит пособие",
        "Нет на месте паспорт",
        "Vacation pay question",
        "Away from home: cannot sign in",
        "Автоответчик портала не работает",
        "Вне офиса: не могу войти",
        "Автоответ: почему я получаю такие письма?",  # the prefix alone, not in reply to our letter
        "Out of office: how do I sign an application remotely?",
    ],
)
def test_a_citizens_question_is_never_taken_for_an_auto_reply_by_its_subject(receive, subject):
    record = receive(letter(subject=subject))

    ticket = Ticket.objects.get()
    assert record.outcome == MailMessage.Outcome.OPENED and record.ticket == ticket
    assert ticket.subject == subject
    [acknowledgment] = mail.outbox
    assert ticket.number in acknowledgment.subject


@pytest.mark.parametrize(
    "subject",
    ["Автоответ: я в отпуске до 10 марта", "Автоматический ответ: Ошибка при загрузке", "Auto reply: away",
     "Automatic reply: Обращение зарегистрировано", "Out of Office: back on Monday"],
)
def test_an_auto_reply_subject_answering_our_letter_without_headers_is_an_auto_reply(receive, subject):
    receive(letter())
    ticket = Ticket.objects.get()
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]

    record = receive(letter(subject=subject, in_reply_to=acknowledgment_id, references=acknowledgment_id))

    assert record.outcome == MailMessage.Outcome.AUTO_REPLY and record.ticket == ticket
    assert record.note == "auto-reply subject in reply to our letter"
    assert ticket.messages.count() == 1 and len(mail.outbox) == 1


def test_a_citizens_reply_with_a_vacation_word_in_the_subject_joins_the_request(receive):
    receive(letter())
    ticket = Ticket.objects.get()
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]

    record = receive(letter(subject="Re: Отпуск по уходу: добавляю справку", body="Справка во вложении.",
                            in_reply_to=acknowledgment_id, references=acknowledgment_id))

    assert record.outcome == MailMessage.Outcome.THREADED
    assert ticket.messages.last().body == "Справка во вложении."


def test_an_auto_reply_subject_answering_a_letter_we_did_not_send_opens_a_request(receive):
    record = receive(letter(subject="Автоответ: не понимаю, что делать", in_reply_to="<someone@else.example>"))

    assert record.outcome == MailMessage.Outcome.OPENED


def test_a_read_receipt_is_an_auto_reply_not_a_bounce(receive):
    receipt = DSN.replace(b"report-type=delivery-status", b"report-type=disposition-notification").replace(
        b"message/delivery-status", b"message/disposition-notification")

    record = receive(receipt.replace(b"MAILER-DAEMON@", b"sokolova@"))

    assert record.outcome == MailMessage.Outcome.AUTO_REPLY and record.note == "multipart/report"
    assert not Ticket.objects.exists() and mail.outbox == []


def test_auto_submitted_no_is_a_person_writing(receive):
    receive(letter(headers={"Auto-Submitted": "no"}))

    assert Ticket.objects.count() == 1


def test_an_autoreply_to_our_acknowledgment_is_linked_to_the_request_but_not_posted(receive):
    receive(letter())
    ticket = Ticket.objects.get()
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]

    record = receive(letter(subject="Автоответ: я в отпуске до 10 марта", in_reply_to=acknowledgment_id,
                            headers={"Auto-Submitted": "auto-replied"}))

    assert record.outcome == MailMessage.Outcome.AUTO_REPLY and record.ticket == ticket
    assert ticket.messages.count() == 1
    assert len(mail.outbox) == 1


def test_a_bounce_of_our_letter_is_linked_to_its_request(receive):
    receive(letter())
    ticket = Ticket.objects.get()
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]
    bounce = DSN.replace(b"--B--\r\n", b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                         + f"Message-ID: {acknowledgment_id}\r\nSubject: x\r\n".encode() + b"--B--\r\n")

    record = receive(bounce)

    assert record.outcome == MailMessage.Outcome.BOUNCE and record.ticket == ticket
    assert ticket.messages.count() == 1 and len(mail.outbox) == 1


def test_a_letter_without_a_sender_address_is_kept_and_not_answered(receive):
    record = receive(b"Subject: hello\r\n\r\nno from header at all\r\n")

    assert record.outcome == MailMessage.Outcome.REJECTED
    assert bytes(record.raw).startswith(b"Subject: hello")
    assert not Ticket.objects.exists() and mail.outbox == []


def test_a_processing_failure_keeps_the_raw_letter_and_can_be_retried(receive, monkeypatch):
    def broken_intake(**kwargs):
        raise RuntimeError("triage service crashed")

    monkeypatch.setattr("mail.services.ticket_intake", broken_intake)
    raw = letter(message_id="<fails@example.ru>")

    record = receive(raw)

    assert record.outcome == MailMessage.Outcome.FAILED and "RuntimeError" in record.note
    assert bytes(MailMessage.objects.get(pk=record.pk).raw) == raw
    assert not Ticket.objects.exists()

    monkeypatch.undo()
    assert mail_reprocess(record=record).outcome == MailMessage.Outcome.OPENED
    assert Ticket.objects.count() == 1
