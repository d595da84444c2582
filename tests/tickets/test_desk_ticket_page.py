"""One request in the back-office: facts, conversation, journal, and the citizen's context (OP2, SEC3, SEC5)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import OperatorProfile
from privacy.models import AccessLogEntry
from tests.conftest import registration_request, topic
from tickets.attachments import attachments_check
from tickets.models import Channel, TicketMessage
from tickets.services import message_post, ticket_assign, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db

FULL_PHONE = "+79123456789"
FULL_SNILS = "112-233-445 95"



def test_page_shows_the_request_conversation_with_notes_and_the_journal(staff_client, operator, supervisor, citizen):
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    message_post(
        ticket=ticket,
        author=operator,
        body="Проверить блокировку учётной записи",
        author_kind=TicketMessage.AuthorKind.AGENT,
        channel=Channel.WEB,
        is_internal=True,
    )
    ticket_change_status(ticket=ticket, status="in_progress", actor=operator, reason="Проверяю журнал входа")

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert ticket.number in page
    assert "Не приходит код подтверждения" in page
    assert 'id="conversation"' in page
    assert f'data-ws-path="/ws/tickets/{ticket.pk}/"' in page
    assert "Код по СМС не приходит уже час" in page
    assert "Проверить блокировку учётной записи" in page
    assert "внутренняя заметка" in page
    # the journal in words, with who did it
    assert "Обращение зарегистрировано, канал: форма на портале." in page
    assert "Исполнитель: Смирнова Ольга." in page
    assert "Внутренняя заметка сотрудника." in page
    assert "Статус: «назначено» → «в работе». Причина: Проверяю журнал входа" in page
    assert "Волкова Елена" in page  # the supervisor who assigned it
    assert "js/chat.js" in page and "data-live-page" in page


def test_citizen_data_is_masked_and_the_view_is_journaled_once_with_the_fields_shown(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Другое", body="Ещё вопрос", topic=topic("services"))

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert "Иванова Анна Сергеевна" in page
    assert "i***@example.ru" in page
    assert "+7912***-**-89" in page
    assert "***-***-445 95" in page
    assert FULL_PHONE not in page and FULL_SNILS not in page and "ivanova@example.ru" not in page
    assert "Другие обращения гражданина: 1" in page
    entry = AccessLogEntry.objects.get()
    assert entry.actor == operator
    assert entry.subject == citizen
    assert entry.ticket == ticket
    assert entry.fields == sorted(
        ["conversation", "name", "email:masked", "phone:masked", "snils:masked", "other_requests"]
    )
    assert entry.purpose == f"Обработка обращения {ticket.number}"
    assert entry.ip_address == "127.0.0.1"


def test_each_render_writes_its_own_row(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    client = staff_client(operator)

    client.get(reverse("desk:ticket", args=[ticket.pk]))
    client.get(reverse("desk:ticket", args=[ticket.pk]))

    assert AccessLogEntry.objects.filter(ticket=ticket, actor=operator).count() == 2


def test_owner_reveals_full_phone_and_snils_and_the_reveal_is_journaled(staff_client, operator, citizen):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # to take it
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))
    client.get(reverse("desk:ticket", args=[ticket.pk]))

    response = client.post(reverse("desk:ticket", args=[ticket.pk]), {"reveal": "1"})

    assert response.status_code == 200
    assert FULL_PHONE in response.text and FULL_SNILS in response.text
    masked, revealed = AccessLogEntry.objects.order_by("id")
    assert "phone:masked" in masked.fields
    assert revealed.fields == sorted(["conversation", "name", "email:masked", "phone", "snils"])
    # the next ordinary view is masked again: the reveal was for that one request only
    again = client.get(reverse("desk:ticket", args=[ticket.pk])).text
    assert FULL_PHONE not in again


def test_reveal_is_refused_before_the_request_is_taken(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).post(reverse("desk:ticket", args=[ticket.pk]), {"reveal": "1"}, follow=True)

    assert FULL_PHONE not in response.text
    assert "сначала возьмите обращение в работу" in response.text
    assert all("phone" not in entry.fields for entry in AccessLogEntry.objects.all())


def test_email_contact_without_account_is_journaled_without_subject(staff_client, operator):
    ticket = ticket_intake(
        channel=Channel.EMAIL,
        subject="Ошибка при загрузке заявления",
        body="Файл не грузится",
        contact_name="Сидоров Пётр",
        contact_email="sidorov@example.ru",
        topic=topic("services"),
    )

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert "Сидоров Пётр" in page and "s***@example.ru" in page
    assert "sidorov@example.ru" not in page
    entry = AccessLogEntry.objects.get()
    assert entry.subject is None
    assert entry.ticket == ticket
    assert entry.fields == ["conversation", "email:masked", "name"]


def test_attachment_is_downloaded_as_a_file_and_journaled(staff_client, operator, other_operator, citizen):
    upload = SimpleUploadedFile("скриншот.txt", "Ошибка 500 на шаге 3".encode(), content_type="text/plain")
    ticket = registration_request(citizen, attachments=attachments_check([upload]))
    attachment = ticket.attachments.get()
    url = reverse("desk:ticket_attachment", args=[ticket.pk, attachment.pk])

    response = staff_client(operator).get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == "Ошибка 500 на шаге 3".encode()
    entry = AccessLogEntry.objects.get()
    assert (entry.fields, entry.subject, entry.ticket) == (["attachment"], citizen, ticket)


def test_attachment_of_an_invisible_request_is_404_and_not_journaled(staff_client, other_operator, citizen):
    upload = SimpleUploadedFile("скан.txt", b"scan", content_type="text/plain")
    ticket = registration_request(citizen, attachments=attachments_check([upload]))
    attachment = ticket.attachments.get()

    response = staff_client(other_operator).get(reverse("desk:ticket_attachment", args=[ticket.pk, attachment.pk]))

    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_page_queries_do_not_grow_with_the_conversation(staff_client, operator, citizen, django_assert_max_num_queries):
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))
    for number in range(15):
        message_post(
            ticket=ticket,
            author=citizen,
            body=f"Уточнение {number}",
            author_kind=TicketMessage.AuthorKind.CITIZEN,
            channel=Channel.WEB,
        )

    with django_assert_max_num_queries(30):
        response = client.get(reverse("desk:ticket", args=[ticket.pk]))

    assert "Уточнение 14" in response.text
