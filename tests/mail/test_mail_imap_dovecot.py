"""IMAP polling against a real Dovecot server: letters appended to the mailbox become requests and replies."""

import imaplib

import pytest
from django.core import mail

from mail.imap import mail_imap_poll
from mail.models import MailMessage
from tests.mail.conftest import imap_append, letter
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db


def _unseen(client: imaplib.IMAP4) -> list[bytes]:
    client.select("INBOX")
    return client.search(None, "UNSEEN")[1][0].split()


def poll(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return mail_imap_poll()


def test_polling_opens_a_request_acknowledges_it_and_marks_the_letter_seen(mailbox, django_capture_on_commit_callbacks):
    imap_append(mailbox, letter(subject="Не приходит код", body="Код подтверждения не приходит уже час.",
                            charset="windows-1251"))

    result = poll(django_capture_on_commit_callbacks)

    ticket = Ticket.objects.get()
    assert (result.processed, result.failed) == (1, 0)
    assert ticket.channel == Channel.EMAIL and ticket.contact_email == "sokolova@example.ru"
    assert ticket.subject == "Не приходит код"
    assert ticket.messages.get().body == "Код подтверждения не приходит уже час."
    assert len(mail.outbox) == 1 and ticket.number in mail.outbox[0].subject
    assert _unseen(mailbox) == []


def test_a_reply_in_the_mailbox_threads_into_its_request(mailbox, django_capture_on_commit_callbacks):
    imap_append(mailbox, letter(message_id="<first@example.ru>"))
    poll(django_capture_on_commit_callbacks)
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]
    imap_append(mailbox, letter(subject="Re: ответ", body="Добавляю скриншот ошибки.", message_id="<second@example.ru>",
                            in_reply_to=acknowledgment_id, references=f"<first@example.ru> {acknowledgment_id}"))

    poll(django_capture_on_commit_callbacks)

    ticket = Ticket.objects.get()
    assert [m.body for m in ticket.messages.all()][-1] == "Добавляю скриншот ошибки."
    assert MailMessage.objects.get(message_id="<second@example.ru>").outcome == MailMessage.Outcome.THREADED


def test_a_letter_polled_twice_is_processed_once(mailbox, django_capture_on_commit_callbacks):
    raw = letter(message_id="<twice@example.ru>")
    imap_append(mailbox, raw)
    imap_append(mailbox, raw)  # the same letter delivered twice (a client resent it, or a second poll saw it)

    result = poll(django_capture_on_commit_callbacks)

    assert result.processed == 2
    assert Ticket.objects.count() == 1
    assert len(mail.outbox) == 1


def test_auto_replies_and_garbage_do_not_stop_the_poll(mailbox, django_capture_on_commit_callbacks):
    imap_append(mailbox, letter(subject="Автоответ: в отпуске", headers={"Auto-Submitted": "auto-replied"}))
    imap_append(mailbox, b"\x00\xff garbage \xfe without any header at all\r\n\r\n\x89PNG")
    imap_append(mailbox, letter(message_id="<real@example.ru>"))

    result = poll(django_capture_on_commit_callbacks)

    assert (result.processed, result.failed) == (3, 0)
    assert Ticket.objects.count() == 1
    outcomes = sorted(MailMessage.objects.filter(direction="in").values_list("outcome", flat=True))
    assert outcomes == ["auto_reply", "opened", "rejected"]
    assert all(record.raw for record in MailMessage.objects.filter(direction="in"))  # audit copies kept
    assert _unseen(mailbox) == []


def test_a_letter_over_the_size_limit_is_recorded_by_its_header_only(mailbox, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.MAIL_MAX_BYTES = 2000
    imap_append(mailbox, letter(message_id="<huge@example.ru>", body="Очень длинное письмо. " * 200))

    poll(django_capture_on_commit_callbacks)

    record = MailMessage.objects.get(message_id="<huge@example.ru>")
    assert record.outcome == MailMessage.Outcome.REJECTED and record.size > 2000
    assert b"Message-ID: <huge@example.ru>" in bytes(record.raw) and "Очень" not in bytes(record.raw).decode()
    assert not Ticket.objects.exists()


def test_a_database_lock_timeout_leaves_the_letter_for_the_next_poll(mailbox, short_lock_timeout,
                                                                    requests_table_locked,
                                                                    django_capture_on_commit_callbacks):
    imap_append(mailbox, letter(message_id="<busy@example.ru>"))

    with requests_table_locked():
        result = poll(django_capture_on_commit_callbacks)

    assert (result.processed, result.failed) == (0, 1)
    assert not MailMessage.objects.exists()  # not stored as «failed»: the mailbox still holds it
    result = poll(django_capture_on_commit_callbacks)
    assert result.processed == 1
    assert MailMessage.objects.get(message_id="<busy@example.ru>").outcome == MailMessage.Outcome.OPENED
    assert Ticket.objects.count() == 1 and len(mail.outbox) == 1


def test_a_wrong_password_is_reported_not_crashed(mailbox, settings):
    from mail.tasks import mail_imap_poll_task

    settings.MAIL_IMAP_PASSWORD = "wrong"

    assert mail_imap_poll_task() == 0


def test_polling_is_off_without_a_host(settings):
    settings.MAIL_IMAP_HOST = ""

    assert mail_imap_poll().skipped
