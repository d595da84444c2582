"""A citizen's letter opens a request, is acknowledged in the same thread, and its replies join that request."""

import threading

import pytest
from django.core import mail
from django.db import connection

from mail.models import MailMessage
from mail.services import mail_receive
from tests.mail.conftest import letter
from tickets.models import Attachment, Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def test_a_letter_opens_an_email_request_with_the_sender_as_contact(receive):
    record = receive(letter(message_id="<new@example.ru>"))

    ticket = Ticket.objects.get()
    assert record.outcome == MailMessage.Outcome.OPENED and record.ticket == ticket
    assert ticket.channel == Channel.EMAIL
    assert (ticket.contact_name, ticket.contact_email) == ("Мария Соколова", "sokolova@example.ru")
    assert ticket.subject == "Ошибка при загрузке заявления"
    assert ticket.messages.get().body.startswith("Здравствуйте! Не могу подать заявление")
    assert ticket.citizen is None and ticket.language == "ru"


def test_the_acknowledgment_carries_number_due_time_and_threads_under_the_letter(receive):
    receive(letter(message_id="<new@example.ru>", references="<older@example.ru>"))

    ticket = Ticket.objects.get()
    [acknowledgment] = mail.outbox
    assert acknowledgment.to == ["sokolova@example.ru"]
    assert ticket.number in acknowledgment.subject
    assert ticket.number in acknowledgment.body and "Ожидаемое время рассмотрения" in acknowledgment.body
    headers = acknowledgment.extra_headers
    assert headers["In-Reply-To"] == "<new@example.ru>"
    assert headers["References"] == "<older@example.ru> <new@example.ru>"
    assert headers["Auto-Submitted"] == "auto-replied"  # RFC 3834: other autoresponders must not answer it
    sent = MailMessage.objects.get(direction=MailMessage.Direction.OUTBOUND)
    assert sent.message_id == headers["Message-ID"] and sent.ticket == ticket


def test_a_registered_citizen_is_recognised_by_address(receive, citizen):
    receive(letter(sender=f"Анна <{citizen.email.upper()}>"))

    assert Ticket.objects.get().citizen == citizen


def test_staff_addresses_do_not_become_citizens(receive, operator):
    receive(letter(sender=f"Ольга <{operator.email}>"))

    assert Ticket.objects.get().citizen is None


def test_an_english_letter_gets_an_english_request(receive):
    receive(letter(subject="Cannot sign in", body="Hello, the confirmation code never arrives."))

    ticket = Ticket.objects.get()
    assert ticket.language == "en"
    assert mail.outbox[0].subject == f"Re: Cannot sign in [{ticket.number}]"
    assert mail.outbox[0].body.startswith("Hello,")


@pytest.mark.parametrize("charset", ["utf-8", "windows-1251", "koi8-r"])
def test_cyrillic_letters_are_read_in_every_charset(receive, charset):
    receive(letter(subject="Не открывается заявление", body='Паспорт РФ: ошибка "Сервис недоступен"', charset=charset))

    ticket = Ticket.objects.get()
    assert ticket.subject == "Не открывается заявление"
    assert ticket.messages.get().body == 'Паспорт РФ: ошибка "Сервис недоступен"'


def test_raw_8bit_headers_and_an_undeclared_charset_are_read(receive):
    raw = (
        "From: =?windows-1251?B?wPLo6u7i4A==?= <atikova@example.ru>\r\n"
        "Subject: Ошибка оплаты пошлины\r\n"
        "Message-ID: <raw8bit@example.ru>\r\n"
        "Content-Type: text/plain\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        "Не проходит оплата госпошлины картой, деньги списались.\r\n"
    ).encode("cp1251")

    receive(raw)

    ticket = Ticket.objects.get()
    assert (ticket.contact_name, ticket.subject) == ("Атикова", "Ошибка оплаты пошлины")
    assert ticket.messages.get().body == "Не проходит оплата госпошлины картой, деньги списались."


def test_an_unknown_declared_charset_falls_back_to_detection(receive):
    raw = (
        b"From: citizen@example.ru\r\nSubject: =?x-unknown?Q?test?=\r\nMessage-ID: <unknown@example.ru>\r\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
        + "Здравствуйте, не могу войти в личный кабинет".encode()
    )

    receive(raw)

    assert Ticket.objects.get().messages.get().body == "Здравствуйте, не могу войти в личный кабинет"


def test_an_html_only_letter_is_read_as_plain_text_without_scripts(receive):
    html = (
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Здравствуйте!</p><p>Ошибка на <a href='https://gosuslugi.example/form'>странице формы</a>.<br>"
        "Спасибо</p><img src=x onerror=alert(1)></body></html>"
    )

    receive(letter(html=html))

    body = Ticket.objects.get().messages.get().body
    assert body == "Здравствуйте!\n\nОшибка на странице формы (https://gosuslugi.example/form).\nСпасибо"


def test_attachments_are_kept_with_rfc2231_and_encoded_word_names(receive):
    raw = letter(files=[("Скриншот ошибки.png", PNG, "image/png"), ("Заявление.txt", "Текст".encode(), "text/plain")])
    assert b"filename*=utf-8''" in raw  # RFC 2231, as Python and Thunderbird write it
    raw = raw.replace(b"filename*=utf-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5.txt",
                      b'filename="=?utf-8?B?0JfQsNGP0LLQu9C10L3QuNC1LnR4dA==?="')  # encoded word, as Outlook writes

    receive(raw)

    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["Заявление.txt", "Скриншот ошибки.png"]
    assert Attachment.objects.filter(message__isnull=False).count() == 2


def test_a_refused_attachment_keeps_the_letter_and_says_why(receive):
    record = receive(letter(body="Прикладываю программу.", files=[("setup.exe", b"MZ\x90\x00" + b"\x00" * 200,
                                                                         "application/octet-stream")]))

    message = Ticket.objects.get().messages.get()
    assert message.body.startswith("Прикладываю программу.")
    assert "Служба поддержки: не все вложения приняты." in message.body and "setup.exe" in message.body
    assert not Attachment.objects.exists()
    assert "setup.exe" in record.note
    [acknowledgment] = mail.outbox  # the sender learns it too, not only the operator
    assert "Принято не всё из вашего письма:" in acknowledgment.body and "setup.exe" in acknowledgment.body


def test_an_english_sender_is_told_of_a_refused_file_in_english(receive):
    receive(letter(subject="Application form", body="Please see the attached program.",
                   files=[("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream")]))

    [acknowledgment] = mail.outbox
    assert acknowledgment.body.startswith("Hello,")
    assert "- The file “setup.exe” was not accepted: programs are not accepted." in acknowledgment.body


def test_a_letter_with_only_an_attachment_still_opens_a_request(receive):
    receive(letter(body="", files=[("scan.png", PNG, "image/png")]))

    ticket = Ticket.objects.get()
    assert ticket.messages.get().body == "Ошибка при загрузке заявления"  # the subject stands in for the text
    assert ticket.attachments.count() == 1


def test_the_same_letter_twice_is_processed_once(receive):
    raw = letter(message_id="<same@example.ru>")

    first = receive(raw)
    second = receive(raw)

    assert first.pk == second.pk
    assert Ticket.objects.count() == 1 and TicketMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_letter_delivered_twice_at_the_same_moment_opens_one_request():
    raw = letter(message_id="<race@example.ru>")
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def deliver():
        try:
            barrier.wait()
            outcomes.append(mail_receive(raw=raw, source="lmtp").pk)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(outcomes)) == 1
    assert Ticket.objects.count() == 1 and MailMessage.objects.filter(direction="in").count() == 1


# --- Replies ---------------------------------------------------------------------------------------------


def test_a_reply_to_the_acknowledgment_joins_the_request(receive):
    receive(letter(message_id="<first@example.ru>"))
    acknowledgment_id = mail.outbox[0].extra_headers["Message-ID"]

    record = receive(letter(subject="Re: что-то другое", body="Вот номер заявления: 123.",
                            in_reply_to=acknowledgment_id, message_id="<second@example.ru>"))

    ticket = Ticket.objects.get()
    assert record.outcome == MailMessage.Outcome.THREADED and record.ticket == ticket
    assert list(ticket.messages.values_list("body", flat=True))[-1] == "Вот номер заявления: 123."
    assert len(mail.outbox) == 1  # replies are not acknowledged again


def test_a_reply_is_found_by_the_number_in_its_subject(receive):
    receive(letter())
    ticket = Ticket.objects.get()

    receive(letter(subject=f"Дополнение к {ticket.number}", body="Забыла приложить номер СНИЛС."))

    assert Ticket.objects.count() == 1
    assert ticket.messages.count() == 2


def test_quoted_history_is_trimmed_from_replies(receive):
    receive(letter())
    ticket = Ticket.objects.get()

    receive(letter(subject=f"Re: [{ticket.number}] Обращение зарегистрировано",
                   body="Спасибо, жду ответа.\n\nпн, 3 мар. 2026 г. в 10:00, Поддержка <support@gosuslugi.example>:\n"
                        "> Ваше обращение зарегистрировано\n> под номером"))

    assert ticket.messages.last().body == "Спасибо, жду ответа."


def test_a_stranger_cannot_write_into_someone_elses_request_by_its_number(receive):
    receive(letter())
    ticket = Ticket.objects.get()

    record = receive(letter(sender="intruder@example.com", subject=f"Re: {ticket.number}", body="Отмените заявку."))

    assert ticket.messages.count() == 1
    assert record.outcome == MailMessage.Outcome.OPENED and record.ticket != ticket
    assert ticket.number in record.note


def test_a_reply_to_a_waiting_request_brings_it_back_to_work(receive, operator):
    receive(letter())
    ticket = Ticket.objects.get()
    message_post(ticket=ticket, author=operator, body="Уточните номер заявления.",
                 author_kind=TicketMessage.AuthorKind.AGENT, channel=Channel.EMAIL)
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)

    receive(letter(subject=f"Re: [{ticket.number}]", body="Номер 12345."))

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS


def test_a_reply_to_a_closed_request_opens_a_new_one(receive, operator):
    receive(letter())
    ticket = Ticket.objects.get()
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.CLOSED)

    record = receive(letter(subject=f"Re: [{ticket.number}]", body="Проблема снова появилась."))

    assert Ticket.objects.count() == 2 and record.ticket != ticket
    assert ticket.number in record.note
    assert record.ticket.messages.get().body == "Проблема снова появилась."
