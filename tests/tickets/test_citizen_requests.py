"""Opening a request from the portal form (CH3 acknowledgment) and answering in it, through the test client."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OperatorProfile
from tests.conftest import topic
from tests.tickets.test_citizen_pages import (
    fake_png_upload,
    open_request,
    png_bytes,
    png_upload,
    same_picture,
    sign_in,
)
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db

NEW_URL = "tickets:citizen_new"


def reply_url(ticket: Ticket) -> str:
    return reverse("tickets:citizen_reply", args=[ticket.number])


# --- the form ---


def test_form_groups_active_topics_and_lets_the_citizen_leave_the_choice_to_us(client, citizen):
    inactive = topic("data-transfer")
    inactive.is_active = False
    inactive.save()
    sign_in(client, citizen)

    page = client.get(reverse(NEW_URL)).content.decode()

    assert '<optgroup label="Регистрация и вход">' in page
    assert '<optgroup label="Технические проблемы">' in page
    assert "Не знаю / определите сами" in page
    assert "Восстановление пароля" in page
    assert "Передача данных в ведомства" not in page
    assert "Ошибка при загрузке заявления" in page  # the recommended subject format is the hint
    assert 'aria-describedby="id_subject_helptext"' in page
    assert 'enctype="multipart/form-data"' in page and "multiple" in page


# --- opening a request ---


def test_opening_a_request_confirms_the_number_and_the_expected_answer_time(client, citizen):
    sign_in(client, citizen)

    response = client.post(
        reverse(NEW_URL),
        {
            "topic": topic("upload-error").pk,
            "subject": "Ошибка при загрузке заявления",
            "body": "При загрузке скана паспорта страница зависает",
        },
        follow=True,
    )

    ticket = Ticket.objects.get(citizen=citizen)
    assert response.redirect_chain == [(reverse("tickets:citizen_detail", args=[ticket.number]), 302)]
    assert ticket.channel == Channel.WEB
    assert ticket.topic == topic("upload-error")
    assert ticket.subject == "Ошибка при загрузке заявления"
    assert ticket.messages.get().body == "При загрузке скана паспорта страница зависает"
    due = ticket.due_at.astimezone(ZoneInfo("Europe/Moscow")).strftime("%d.%m.%Y %H:%M")
    page = response.content.decode()
    assert f"Обращение {ticket.number} зарегистрировано. Ожидаемое время ответа — до {due} (МСК)." in page


def test_the_acknowledgment_email_carries_the_number_and_shows_in_the_history(
    client, citizen, django_capture_on_commit_callbacks
):
    sign_in(client, citizen)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(NEW_URL), {"subject": "Ошибка при загрузке заявления", "body": "Не грузится скан"})

    ticket = Ticket.objects.get(citizen=citizen)
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert ticket.number in mail.outbox[0].subject
    page = client.get(reverse("tickets:citizen_detail", args=[ticket.number])).content.decode()
    assert "Подтверждение с номером обращения отправлено на вашу электронную почту." in page


def test_an_empty_post_shows_what_is_missing(client, citizen):
    sign_in(client, citizen)

    response = client.post(reverse(NEW_URL), {})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_subject"' in page and 'href="#id_body"' in page
    assert not Ticket.objects.filter(citizen=citizen).exists()


def test_without_a_topic_the_request_is_still_registered_for_triage(client, citizen):
    sign_in(client, citizen)

    client.post(reverse(NEW_URL), {"topic": "", "subject": "Не понимаю, куда писать", "body": "Помогите"})

    ticket = Ticket.objects.get(citizen=citizen)
    assert ticket.topic is None
    assert ticket.events.filter(kind=TicketEvent.Kind.CREATED).exists()


def test_opening_a_request_with_a_real_screenshot_keeps_the_file(client, citizen):
    sign_in(client, citizen)

    client.post(
        reverse(NEW_URL),
        {
            "subject": "Ошибка при загрузке заявления",
            "body": "Вот скриншот",
            "attachments": [png_upload(), png_upload("второй.png")],
        },
    )

    ticket = Ticket.objects.get(citizen=citizen)
    attachments = list(ticket.attachments.order_by("pk"))
    assert [a.original_name for a in attachments] == ["скриншот ошибки.png", "второй.png"]
    assert all(a.content_type == "image/png" and a.message == ticket.messages.get() for a in attachments)
    with attachments[0].file.open("rb") as stored:
        assert same_picture(stored.read(), png_bytes())


def test_an_executable_renamed_to_png_is_refused_and_the_typed_text_is_kept(client, citizen):
    sign_in(client, citizen)

    response = client.post(
        reverse(NEW_URL),
        {
            "subject": "Ошибка при загрузке заявления",
            "body": "Текст, который нельзя потерять",
            "attachments": [fake_png_upload()],
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert not Ticket.objects.filter(citizen=citizen).exists()
    assert "Файл «screenshot.png» не принят" in page
    assert 'id="id_attachments_error"' in page and 'aria-invalid="true"' in page
    assert 'href="#id_attachments"' in page  # the error summary links to the field
    assert "Текст, который нельзя потерять" in page
    assert 'value="Ошибка при загрузке заявления"' in page
    assert "выберите их ещё раз" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"subject": "", "body": "Описание есть"}, "subject", "Напишите кратко, в чём проблема."),
        ({"subject": "Тема есть", "body": "   "}, "body", "Опишите проблему"),
        ({"subject": "Тема", "body": "Текст", "topic": "999999"}, "topic", "Выберите корректный вариант"),
        ({"subject": "Тема", "body": "Текст", "topic": "не число"}, "topic", "Выберите корректный вариант"),
        ({"subject": "Т" * 201, "body": "Текст"}, "subject", "не более 200"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_in_the_summary(client, citizen, data, field, message):
    sign_in(client, citizen)

    response = client.post(reverse(NEW_URL), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert not Ticket.objects.filter(citizen=citizen).exists()
    assert 'id="error-summary"' in page and f'href="#id_{field}"' in page
    assert f'id="id_{field}_error"' in page
    assert message in page


def test_too_many_files_are_refused_with_the_limit(client, citizen, settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    sign_in(client, citizen)

    response = client.post(
        reverse(NEW_URL),
        {
            "subject": "Сканы",
            "body": "Три скана",
            "attachments": [png_upload("1.png"), png_upload("2.png"), png_upload("3.png")],
        },
    )

    assert "Можно приложить не больше 2 файлов." in response.content.decode()
    assert not Ticket.objects.filter(citizen=citizen).exists()


# --- answering ---


def test_citizen_reply_is_added_to_the_conversation(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    response = client.post(reply_url(ticket), {"body": "Дополняю: ошибка 502"}, follow=True)

    message = ticket.messages.last()
    assert message.body == "Дополняю: ошибка 502"
    assert message.author_kind == TicketMessage.AuthorKind.CITIZEN and message.channel == ticket.channel
    assert response.redirect_chain[-1][0].endswith(f"#message-{message.pk}")
    page = response.content.decode()
    assert "Сообщение отправлено." in page and "Дополняю: ошибка 502" in page


def test_reply_with_a_screenshot_only_is_accepted(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    client.post(reply_url(ticket), {"body": "", "attachments": [png_upload()]})

    assert ticket.messages.last().attachments.get().original_name == "скриншот ошибки.png"


def test_empty_reply_gets_a_clear_error_and_nothing_is_posted(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    response = client.post(reply_url(ticket), {"body": "   "})

    assert response.status_code == 200
    assert "Сообщение пустое: напишите текст или приложите файл." in response.content.decode()
    assert ticket.messages.count() == 1


def test_rejected_reply_attachment_keeps_the_typed_text(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    response = client.post(reply_url(ticket), {"body": "Мой длинный ответ", "attachments": [fake_png_upload()]})

    page = response.content.decode()
    assert "не принят" in page and "Мой длинный ответ" in page
    assert ticket.messages.count() == 1


def test_replying_to_a_resolved_request_reopens_it(client, citizen, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # the reply takes it
    ticket = open_request(citizen)
    message_post(
        ticket=ticket, author=operator, body="Готово, попробуйте снова", author_kind="agent", channel=Channel.WEB
    )
    ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)
    sign_in(client, citizen)
    assert (
        "обращение снова откроется"
        in client.get(reverse("tickets:citizen_detail", args=[ticket.number])).content.decode()
    )

    response = client.post(reply_url(ticket), {"body": "Не помогло"}, follow=True)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS
    page = response.content.decode()
    assert "Обращение снова открыто — специалист продолжит работу." in page
    assert "Обращение снова открыто, статус «в работе»." in page  # the public history
    assert f'data-ticket-status="{Ticket.Status.IN_PROGRESS}"' in page


@pytest.mark.parametrize("final_status", [Ticket.Status.CLOSED, Ticket.Status.CANCELLED])
def test_reply_to_a_closed_request_is_refused_with_the_reason(client, citizen, operator, final_status):
    ticket = open_request(citizen)
    if final_status == Ticket.Status.CLOSED:
        ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)
    ticket_change_status(ticket=ticket, status=final_status, actor=operator)
    sign_in(client, citizen)

    response = client.post(reply_url(ticket), {"body": "А ещё вопрос"}, follow=True)

    assert response.redirect_chain == [(reverse("tickets:citizen_detail", args=[ticket.number]), 302)]
    assert "Обращение закрыто: создайте новое, если вопрос остался." in response.content.decode()
    assert not ticket.messages.filter(body="А ещё вопрос").exists()


def test_reply_needs_post(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    assert client.get(reply_url(ticket)).status_code == 405
