"""Letters to the citizen go out once (B3): the tasks run with acks_late, so a worker restart or a redelivery
runs them again, and two workers may run the same one at once. A letter that may have gone out before a crash
goes out again under the same Message-ID, so the citizen's mail client shows it once."""

import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from mail.models import MailMessage
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.notifications import ticket_acknowledge, ticket_notify_citizen
from tickets.services import ticket_change_status, ticket_intake
from tickets.tasks import ticket_acknowledge_task, ticket_notify_citizen_task


class SlowBackend(EmailBackend):
    """The SMTP server takes its time: long enough for a second worker to arrive while the first sends."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """The SMTP relay is overloaded: 421, try again later."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _email_request() -> Ticket:
    """An email request whose acknowledgment is not queued yet: each test runs the notifications itself."""
    ticket = ticket_intake(channel=Channel.EMAIL, subject="Не грузится фото", body="Фото не загружается.",
                           contact_name="Мария")
    Ticket.objects.filter(pk=ticket.pk).update(contact_email="sokolova@example.ru")
    ticket.refresh_from_db()
    return ticket


def _operator_answer(ticket: Ticket) -> TicketMessage:
    return TicketMessage.objects.create(ticket=ticket, author_kind=TicketMessage.AuthorKind.AGENT,
                                        body="Уменьшите фото до 5 МБ.", channel=Channel.EMAIL)


def _in_parallel(function, **kwargs) -> None:
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            function(**kwargs)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


@pytest.mark.django_db
def test_the_reply_task_run_twice_sends_one_letter():
    ticket = _email_request()
    answer = _operator_answer(ticket)

    ticket_notify_citizen_task(ticket_id=ticket.pk, message_id=answer.pk)
    ticket_notify_citizen_task(ticket_id=ticket.pk, message_id=answer.pk)

    assert [message.body.count("Уменьшите фото до 5 МБ.") for message in mail.outbox] == [1]
    assert ticket.events.filter(kind=TicketEvent.Kind.CITIZEN_NOTIFIED, data__message_id=answer.pk).count() == 1


@pytest.mark.django_db
def test_the_acknowledgment_task_run_twice_sends_one_letter():
    ticket = _email_request()

    ticket_acknowledge_task(ticket_id=ticket.pk)
    ticket_acknowledge_task(ticket_id=ticket.pk)

    assert len(mail.outbox) == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.ACKNOWLEDGED).count() == 1


@pytest.mark.django_db
def test_a_status_notice_goes_once_per_change(operator):
    ticket = _email_request()
    Ticket.objects.filter(pk=ticket.pk).update(assignee=operator, status=Ticket.Status.IN_PROGRESS)
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)

    ticket_notify_citizen(ticket_id=ticket.pk)
    ticket_notify_citizen(ticket_id=ticket.pk)
    assert len(mail.outbox) == 1

    ticket_change_status(ticket=ticket, status=Ticket.Status.IN_PROGRESS, actor=operator)
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)
    ticket_notify_citizen(ticket_id=ticket.pk)

    assert len(mail.outbox) == 2  # the same status again, after a new change: a new notice
    assert mail.outbox[0].extra_headers["Message-ID"] != mail.outbox[1].extra_headers["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_reply_task_at_once_send_one_letter(settings):
    settings.EMAIL_BACKEND = "tests.tickets.test_notifications_once.SlowBackend"
    ticket = _email_request()
    answer = _operator_answer(ticket)

    _in_parallel(ticket_notify_citizen, ticket_id=ticket.pk, message_id=answer.pk)

    assert len(mail.outbox) == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.CITIZEN_NOTIFIED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_acknowledging_at_once_send_one_letter(settings):
    settings.EMAIL_BACKEND = "tests.tickets.test_notifications_once.SlowBackend"
    ticket = _email_request()

    _in_parallel(ticket_acknowledge, ticket_id=ticket.pk)

    assert len(mail.outbox) == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.ACKNOWLEDGED).count() == 1


@pytest.mark.django_db
def test_a_letter_sent_before_a_crash_is_sent_again_under_the_same_message_id(monkeypatch):
    from mail import outbound

    ticket = _email_request()
    answer = _operator_answer(ticket)
    real_mark = outbound._sent_mark

    def worker_dies(*args, **kwargs):
        raise SystemExit("worker killed after the SMTP server took the letter")

    monkeypatch.setattr(outbound, "_sent_mark", worker_dies)
    with pytest.raises(SystemExit):
        ticket_notify_citizen(ticket_id=ticket.pk, message_id=answer.pk)
    assert MailMessage.objects.get(direction="out").outcome == MailMessage.Outcome.PENDING

    monkeypatch.setattr(outbound, "_sent_mark", real_mark)
    ticket_notify_citizen(ticket_id=ticket.pk, message_id=answer.pk)  # acks_late: the task runs again

    first, again = mail.outbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert first.body == again.body
    assert ticket.events.filter(kind=TicketEvent.Kind.CITIZEN_NOTIFIED).count() == 1


@pytest.mark.django_db
def test_a_relay_outage_keeps_the_letter_and_the_retry_sends_it(settings, monkeypatch):
    from mail.tasks import mail_failed_retry_task

    ticket = _email_request()
    answer = TicketMessage.objects.create(ticket=ticket, author_kind=TicketMessage.AuthorKind.AGENT,
                                          body="Ответ с файлом.", channel=Channel.EMAIL)
    settings.EMAIL_BACKEND = "tests.tickets.test_notifications_once.RefusingBackend"

    ticket_notify_citizen(ticket_id=ticket.pk, message_id=answer.pk)

    record = MailMessage.objects.get(direction=MailMessage.Direction.OUTBOUND)
    assert record.outcome == MailMessage.Outcome.PENDING and record.attempts == 1 and record.retry_at
    assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MailMessage.objects.filter(pk=record.pk).update(retry_at=timezone.now())

    mail_failed_retry_task()

    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == record.message_id and "Ответ с файлом." in sent.body
    assert sent.to == ["sokolova@example.ru"]
    record.refresh_from_db()
    assert record.outcome == MailMessage.Outcome.SENT and record.retry_at is None
    assert ticket.events.filter(kind=TicketEvent.Kind.CITIZEN_NOTIFIED, data__message_id=answer.pk).count() == 1
