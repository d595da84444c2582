"""What staff do on a request from the desk: reply, note, take, assign, change status (OP2, AU7)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, registration_request, topic
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import ticket_assign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def operator_on_the_line(operator):
    """The persona takes requests from the queue, which only an operator on the line may (routing.assignment_check)."""
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)


def colleague_with_registration_skill():
    return staff_create(
        email="colleague@support.example",
        password="Colleague-2026!",
        role=Role.OPERATOR,
        first_name="Павел",
        last_name="Соколов",
        skills=[topic("registration")],
        totp_key=TOTP_KEY,
    )


def test_reply_to_a_queued_request_takes_it_and_emails_the_citizen_after_commit(
    staff_client, operator, citizen, django_capture_on_commit_callbacks
):
    ticket = registration_request(citizen)
    client = staff_client(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:ticket_reply", args=[ticket.pk]),
            {"body": "Проверьте, пожалуйста, номер телефона в профиле."},
        )

    ticket.refresh_from_db()
    message = ticket.messages.get(author_kind=TicketMessage.AuthorKind.AGENT)
    assert response.status_code == 302
    assert response.url == reverse("desk:ticket", args=[ticket.pk]) + f"#message-{message.pk}"
    assert (ticket.assignee, ticket.status) == (operator, Ticket.Status.IN_PROGRESS)
    assert ticket.first_response_at is not None
    assert (message.author, message.channel, message.is_internal) == (operator, Channel.WEB, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ivanova@example.ru"]
    assert "Проверьте, пожалуйста, номер телефона в профиле." in mail.outbox[0].body


def test_internal_note_is_not_sent_to_the_citizen(staff_client, operator, citizen, django_capture_on_commit_callbacks):
    ticket = registration_request(citizen)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client(operator).post(
            reverse("desk:ticket_reply", args=[ticket.pk]),
            {"body": "Похоже на сбой СМС-шлюза", "is_internal": "on"},
        )

    note = ticket.messages.get(author_kind=TicketMessage.AuthorKind.AGENT)
    assert note.is_internal
    assert mail.outbox == []
    ticket.refresh_from_db()
    assert ticket.assignee == operator  # writing a note on a queued request takes it too


def test_empty_reply_shows_the_error_next_to_the_field_and_posts_nothing(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).post(reverse("desk:ticket_reply", args=[ticket.pk]), {"body": "   "})

    assert response.status_code == 200
    assert "Напишите текст ответа или приложите файл." in response.text
    assert 'aria-invalid="true"' in response.text
    assert ticket.messages.count() == 1
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_rejected_attachment_keeps_the_typed_text(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    program = SimpleUploadedFile("инструкция.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", content_type="text/plain")

    response = staff_client(operator).post(
        reverse("desk:ticket_reply", args=[ticket.pk]),
        {"body": "Инструкция во вложении", "attachments": [program]},
    )

    assert response.status_code == 200
    assert "не принят" in response.text
    assert "Инструкция во вложении" in response.text
    assert ticket.messages.count() == 1


def test_reply_with_a_file_attaches_it(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    note = SimpleUploadedFile("памятка.txt", "Шаги входа".encode(), content_type="text/plain")

    staff_client(operator).post(reverse("desk:ticket_reply", args=[ticket.pk]), {"body": "", "attachments": [note]})

    message = ticket.messages.get(author_kind=TicketMessage.AuthorKind.AGENT)
    assert message.attachments.get().original_name == "памятка.txt"


def test_take_assigns_the_request_to_me(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).post(reverse("desk:ticket_take", args=[ticket.pk]), follow=True)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (operator, Ticket.Status.ASSIGNED)
    assert f"Обращение {ticket.number} взято в работу." in response.text
    assert ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED, actor=operator).exists()


def test_take_of_a_request_a_colleague_just_took_is_refused(staff_client, operator, citizen, supervisor):
    colleague = colleague_with_registration_skill()
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.get(reverse("desk:ticket", args=[ticket.pk]))  # the operator has the page open...
    # ...while the colleague takes it; the operator no longer sees it at all
    ticket_assign(ticket=ticket, assignee=colleague, actor=colleague)

    response = client.post(reverse("desk:ticket_take", args=[ticket.pk]))

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.assignee == colleague


def test_take_race_is_refused_by_the_service(operator, citizen):
    from tickets.errors import TicketAlreadyTaken
    from tickets.services import ticket_take

    colleague = colleague_with_registration_skill()
    OperatorProfile.objects.filter(user=colleague).update(status=OperatorProfile.Status.ONLINE)
    ticket = registration_request(citizen)
    stale_copy = Ticket.objects.get(pk=ticket.pk)
    ticket_take(ticket=ticket, agent=colleague)

    with pytest.raises(TicketAlreadyTaken):
        ticket_take(ticket=stale_copy, agent=operator)


def test_supervisor_assigns_an_agent(staff_client, supervisor, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(supervisor).post(
        reverse("desk:ticket_assign", args=[ticket.pk]), {"agent": operator.pk}, follow=True
    )

    ticket.refresh_from_db()
    assert ticket.assignee == operator
    assert "Исполнитель: Смирнова Ольга." in response.text


def test_operator_cannot_assign(staff_client, operator, other_operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).post(
        reverse("desk:ticket_assign", args=[ticket.pk]), {"agent": other_operator.pk}
    )

    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_assign_form_offers_agents_only(staff_client, supervisor, operator, security_officer, citizen):
    ticket = registration_request(citizen)

    page = staff_client(supervisor).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert f'value="{operator.pk}"' in page
    assert f'<option value="{security_officer.pk}"' not in page


def test_owner_changes_status_with_a_reason(staff_client, operator, citizen, django_capture_on_commit_callbacks):
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:ticket_status", args=[ticket.pk]),
            {"status": "waiting", "reason": "Запросил скриншот ошибки"},
            follow=True,
        )

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING
    assert "Статус обращения: «ждёт ответа гражданина»." in response.text
    event = ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).last()
    assert event.data["reason"] == "Запросил скриншот ошибки"
    assert len(mail.outbox) == 1  # the citizen hears about the status


def test_illegal_transition_shows_the_lifecycle_error(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))

    response = client.post(reverse("desk:ticket_status", args=[ticket.pk]), {"status": "closed"}, follow=True)

    assert "Нельзя перевести обращение из статуса «назначено» в «закрыто»." in response.text
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.ASSIGNED


def test_status_change_on_a_request_not_taken_is_refused(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).post(
        reverse("desk:ticket_status", args=[ticket.pk]), {"status": "in_progress"}, follow=True
    )

    assert "сначала возьмите обращение в работу" in response.text
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.NEW


def test_unknown_status_value_is_a_clear_error(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))

    response = client.post(reverse("desk:ticket_status", args=[ticket.pk]), {"status": "lost"}, follow=True)

    assert "Выберите статус из списка." in response.text


def test_actions_need_post(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    assert staff_client(operator).get(reverse("desk:ticket_take", args=[ticket.pk])).status_code == 405
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_owner_raises_priority_and_the_journal_says_why(staff_client, operator, citizen):
    ticket = registration_request(citizen)
    client = staff_client(operator)
    client.post(reverse("desk:ticket_take", args=[ticket.pk]))

    response = client.post(
        reverse("desk:ticket_status", args=[ticket.pk]),
        {"priority-priority": Ticket.Priority.URGENT, "priority-reason": "Срок подачи заявления истекает сегодня"},
        follow=True,
    )

    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status) == (Ticket.Priority.URGENT, Ticket.Status.ASSIGNED)
    assert "Приоритет: «срочный»." in response.text
    assert "Приоритет: «обычный» → «срочный». Причина: Срок подачи заявления истекает сегодня" in response.text


def test_priority_change_on_a_request_not_taken_is_refused(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    staff_client(operator).post(reverse("desk:ticket_status", args=[ticket.pk]), {"priority-priority": 4})

    assert Ticket.objects.get(pk=ticket.pk).priority == Ticket.Priority.NORMAL
