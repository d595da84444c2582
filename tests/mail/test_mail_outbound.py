"""An operator's reply on an email request goes out by email, threaded, numbered, in the citizen's language."""

import pytest
from django.core import mail

from mail.models import MailMessage
from tests.mail.conftest import letter
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db


def _operator_reply(ticket, operator, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return message_post(ticket=ticket, author=operator, body=body, author_kind=TicketMessage.AuthorKind.AGENT,
                            channel=Channel.EMAIL)[0]


def test_an_operator_reply_is_emailed_under_the_citizens_last_letter(receive, operator,
                                                                     django_capture_on_commit_callbacks):
    receive(letter(message_id="<first@example.ru>"))
    ticket = Ticket.objects.get()
    receive(letter(subject=f"Re: [{ticket.number}]", body="Ещё деталь.", message_id="<second@example.ru>",
                   references="<first@example.ru>"))
    mail.outbox.clear()

    _operator_reply(ticket, operator, "Очистите кэш браузера и загрузите фото ещё раз.",
                    django_capture_on_commit_callbacks)

    [reply] = mail.outbox
    assert reply.to == ["sokolova@example.ru"]
    assert reply.subject == f"Re: Ошибка при загрузке заявления [{ticket.number}]"  # Gmail threads by subject too
    assert "Очистите кэш браузера" in reply.body
    assert reply.extra_headers["In-Reply-To"] == "<second@example.ru>"
    assert reply.extra_headers["References"] == "<first@example.ru> <second@example.ru>"
    assert "Auto-Submitted" not in reply.extra_headers  # a person wrote it
    assert MailMessage.objects.filter(message_id=reply.extra_headers["Message-ID"], ticket=ticket).exists()


def test_the_reply_is_in_english_for_an_english_request(receive, operator, django_capture_on_commit_callbacks):
    receive(letter(subject="Cannot upload a document", body="The upload fails with error 500."))
    ticket = Ticket.objects.get()
    mail.outbox.clear()

    _operator_reply(ticket, operator, "Please try again now.", django_capture_on_commit_callbacks)

    [reply] = mail.outbox
    assert reply.subject == f"Re: Cannot upload a document [{ticket.number}]"
    assert reply.body.startswith("Hello,") and "Please try again now." in reply.body


def test_the_citizens_answer_to_an_operator_reply_threads_back(receive, operator, django_capture_on_commit_callbacks):
    receive(letter())
    ticket = Ticket.objects.get()
    _operator_reply(ticket, operator, "Уточните браузер.", django_capture_on_commit_callbacks)
    reply_id = mail.outbox[-1].extra_headers["Message-ID"]

    receive(letter(subject="Re: ответ", body="Яндекс Браузер.", in_reply_to=reply_id, references=reply_id))

    assert Ticket.objects.count() == 1
    assert ticket.messages.last().body == "Яндекс Браузер."


def test_status_notices_are_marked_automatic(receive, operator, django_capture_on_commit_callbacks):
    receive(letter())
    ticket = Ticket.objects.get()
    _operator_reply(ticket, operator, "Проверяем.", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)

    [notice] = mail.outbox
    assert notice.extra_headers["Auto-Submitted"] == "auto-generated"
    assert notice.subject == f"Re: Ошибка при загрузке заявления [{ticket.number}]"
    assert "решено" in notice.body


def test_internal_notes_are_never_emailed(receive, operator, django_capture_on_commit_callbacks):
    receive(letter())
    ticket = Ticket.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message_post(ticket=ticket, author=operator, body="Гражданин звонил повторно.",
                     author_kind=TicketMessage.AuthorKind.AGENT, channel=Channel.EMAIL, is_internal=True)

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Не грузится фото", "Re: Не грузится фото [{number}]"),
        ("RE: Fwd: Не грузится фото", "Re: Не грузится фото [{number}]"),  # no «Re: RE: Fwd:» pile-up
        ("Ответ: Не грузится фото", "Re: Не грузится фото [{number}]"),
        ("Не грузится фото [SD-2025-000001]", "Re: Не грузится фото [{number}]"),  # one number, ours
        ("", "[{number}] Обращение зарегистрировано"),  # nothing to match: the plain subject
    ],
    ids=["plain", "prefixes", "russian-prefix", "old-number", "no-subject"],
)
def test_the_acknowledgment_answers_under_the_citizens_own_subject(receive, subject, expected):
    receive(letter(subject=subject))
    ticket = Ticket.objects.get()

    [acknowledgment] = mail.outbox

    assert acknowledgment.subject == expected.format(number=ticket.number)


def test_the_number_in_the_threaded_subject_brings_a_reply_back(receive):
    receive(letter(subject="Не грузится фото"))
    ticket = Ticket.objects.get()
    subject = mail.outbox[0].subject

    receive(letter(subject=f"Re: {subject}", body="Фото 3 МБ, формат JPEG."))  # no threading headers at all

    assert Ticket.objects.count() == 1 and ticket.messages.last().body == "Фото 3 МБ, формат JPEG."


def test_web_requests_keep_their_numbered_subjects(citizen, django_capture_on_commit_callbacks):
    from tests.conftest import registration_request

    with django_capture_on_commit_callbacks(execute=True):
        ticket = registration_request(citizen, contact_email=citizen.email)

    assert mail.outbox[0].subject == f"[{ticket.number}] Обращение зарегистрировано"


def test_web_requests_keep_the_desks_letters_in_one_thread(citizen, operator, django_capture_on_commit_callbacks):
    from tests.conftest import registration_request

    with django_capture_on_commit_callbacks(execute=True):
        ticket = registration_request(citizen, contact_email=citizen.email)
    first_id = mail.outbox[0].extra_headers["Message-ID"]

    _operator_reply(ticket, operator, "Проверьте папку «Спам».", django_capture_on_commit_callbacks)

    assert mail.outbox[-1].extra_headers["References"] == first_id
