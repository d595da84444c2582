"""IMAP polling against a real Dovecot server: letters appended to the mailbox become requests and replies."""

import imaplib

import pytest
from django.core import mail
from django.db.models import F

from mail.imap import mail_imap_poll
from mail.models import MailboxState, MailMessage
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


def test_a_letter_over_the_size_limit_opens_a_request_from_its_header_and_tells_the_sender(
    mailbox, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_MAX_BYTES = 2 * 1024 * 1024
    imap_append(mailbox, letter(message_id="<huge@example.ru>", subject="Сканы паспорта",
                                body="Очень длинное письмо. " * 120_000))

    poll(django_capture_on_commit_callbacks)

    record = MailMessage.objects.get(message_id="<huge@example.ru>")
    assert record.outcome == MailMessage.Outcome.OPENED and record.size > 2 * 1024 * 1024
    assert b"Message-ID: <huge@example.ru>" in bytes(record.raw) and "Очень" not in bytes(record.raw).decode()
    ticket = Ticket.objects.get()
    assert ticket.subject == "Сканы паспорта" and ticket.contact_email == "sokolova@example.ru"
    body = ticket.messages.get().body
    assert "Письмо получено не целиком" in body and "больше допустимых 2 МБ" in body
    [acknowledgment] = mail.outbox
    assert ticket.number in acknowledgment.subject
    assert "Письмо получено не целиком" in acknowledgment.body and "больше допустимых 2 МБ" in acknowledgment.body


def test_a_letter_opened_in_webmail_before_the_poll_is_still_taken(mailbox, django_capture_on_commit_callbacks):
    poll(django_capture_on_commit_callbacks)  # the desk already reads this mailbox
    imap_append(mailbox, letter(message_id="<read-first@example.ru>"), flags="(\\Seen)")
    imap_append(mailbox, letter(message_id="<opened-later@example.ru>", subject="Второе"))
    mailbox.select("INBOX")
    mailbox.store(b"2", "+FLAGS", "(\\Seen)")  # a colleague clicked it in Thunderbird

    result = poll(django_capture_on_commit_callbacks)

    assert result.processed == 2
    assert set(MailMessage.objects.filter(direction="in").values_list("message_id", flat=True)) == {
        "<read-first@example.ru>", "<opened-later@example.ru>"}
    assert Ticket.objects.count() == 2
    assert poll(django_capture_on_commit_callbacks).processed == 0  # nothing is taken twice


def test_the_first_poll_starts_at_the_first_unseen_letter_not_at_years_of_history(
    mailbox, django_capture_on_commit_callbacks
):
    imap_append(mailbox, letter(message_id="<handled-2024@example.ru>"), flags="(\\Seen)")
    imap_append(mailbox, letter(message_id="<new@example.ru>"))
    imap_append(mailbox, letter(message_id="<new-but-read@example.ru>"), flags="(\\Seen)")

    poll(django_capture_on_commit_callbacks)

    assert set(MailMessage.objects.filter(direction="in").values_list("message_id", flat=True)) == {
        "<new@example.ru>", "<new-but-read@example.ru>"}
    state = MailboxState.objects.get()
    assert state.last_uid == 3 and state.uidvalidity > 0


def test_a_renumbered_folder_is_read_again_without_taking_a_letter_twice(mailbox, django_capture_on_commit_callbacks):
    imap_append(mailbox, letter(message_id="<one@example.ru>"))
    poll(django_capture_on_commit_callbacks)
    MailboxState.objects.update(uidvalidity=F("uidvalidity") + 1)  # as after the server rebuilt its index
    imap_append(mailbox, letter(message_id="<two@example.ru>", subject="Другой вопрос"))

    result = poll(django_capture_on_commit_callbacks)

    assert result.processed == 2  # both looked at; the first is known by its Message-ID and not downloaded
    assert Ticket.objects.count() == 2 and len(mail.outbox) == 2
    assert MailboxState.objects.get().last_uid == 2


def test_a_letter_that_fails_on_its_own_is_tried_again_at_the_next_poll(mailbox, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from mail import imap

    poll(django_capture_on_commit_callbacks)
    imap_append(mailbox, letter(message_id="<flaky@example.ru>"))
    imap_append(mailbox, letter(message_id="<fine@example.ru>", subject="Другое"))
    real_fetch = imap._fetch

    def refuse_the_first(client, uid, item):
        if uid == 1 and item == "(BODY.PEEK[])":
            raise imaplib.IMAP4.error("FETCH refused")  # a server-side fault with this one message
        return real_fetch(client, uid, item)

    monkeypatch.setattr(imap, "_fetch", refuse_the_first)
    result = poll(django_capture_on_commit_callbacks)
    assert (result.processed, result.failed) == (1, 1)
    assert MailboxState.objects.get().retry_uids == {"1": 1}

    monkeypatch.undo()
    result = poll(django_capture_on_commit_callbacks)

    assert (result.processed, result.failed) == (1, 0)
    assert Ticket.objects.count() == 2 and MailboxState.objects.get().retry_uids == {}


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
