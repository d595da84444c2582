"""The /chat/ page: one click starts a chat for a visitor or a citizen; the reply form works without JavaScript."""

from __future__ import annotations

import re
import uuid

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.chat.conftest import on_the_line
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db

START = "/chat/"


def start_chat(client, body="Не приходит код подтверждения", **extra):
    return client.post(START, {"body": body, "client_message_id": str(uuid.uuid4()), **extra})


def only_chat() -> Ticket:
    return Ticket.objects.get(channel=Channel.CHAT)


def test_start_url_is_named_chat_start():
    assert reverse("chat:start") == START


def test_visitor_sees_a_one_field_start_form(client):
    response = client.get(START)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<label for="id_body">Опишите вопрос</label>' in html
    assert '<label for="id_topic">Тема (необязательно)</label>' in html
    assert 'id="ticket-live"' not in html


def test_anonymous_visitor_starts_a_chat_bound_to_the_session(client):
    response = start_chat(client)

    assert response.status_code == 302
    assert response["Location"] == f"{START}#conversation"
    ticket = only_chat()
    assert (ticket.citizen, ticket.status, ticket.session_key) == (
        None, Ticket.Status.ASSISTANT, client.session.session_key)  # the assistant answers first
    assert client.session["chat_ticket_ids"] == [ticket.pk]
    assert list(ticket.messages.values_list("body", "author_kind")) == [("Не приходит код подтверждения", "citizen")]


def test_started_chat_is_shown_live_with_the_conversation(client):
    start_chat(client, topic=topic("registration").pk)
    ticket = only_chat()

    html = client.get(START).content.decode()

    first = ticket.messages.get()
    assert f'data-ws-path="/ws/tickets/{ticket.pk}/"' in html
    assert f'data-last-message-id="{first.pk}"' in html
    assert f'id="message-{first.pk}"' in html
    assert "Не приходит код подтверждения" in html
    assert 'data-ticket-status="assistant"' in html
    assert "data-live-form" in html
    assert f'action="/chat/{ticket.pk}/send/"' in html
    assert ticket.topic == topic("registration")


def test_signed_in_citizen_chat_belongs_to_the_citizen(client, citizen):
    client.force_login(citizen)

    start_chat(client)

    assert only_chat().citizen == citizen
    assert "Не приходит код подтверждения" in client.get(START).content.decode()


def test_double_submit_of_the_start_form_opens_one_chat_with_one_message(client):
    form = {"body": "Заблокировали учётную запись", "client_message_id": str(uuid.uuid4())}

    client.post(START, form)
    client.post(START, form)

    ticket = only_chat()
    assert ticket.messages.count() == 1


def test_another_start_while_a_chat_is_open_continues_that_chat(client):
    start_chat(client, body="Первый вопрос")
    start_chat(client, body="И ещё одно")

    ticket = only_chat()
    assert list(ticket.messages.values_list("body", flat=True)) == ["Первый вопрос", "И ещё одно"]


def test_empty_start_is_refused_with_a_linked_error(client):
    response = start_chat(client, body="   ")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_body-hint id_body-error"' in html
    assert 'id="id_body-error"' in html
    assert not Ticket.objects.exists()


def test_oversized_start_keeps_the_text_and_explains(client):
    text = "ж" * 4001

    response = start_chat(client, body=text)

    assert response.status_code == 400
    html = response.content.decode()
    assert "не более 4000 символов (сейчас 4001)" in html
    assert text in html  # nothing the visitor typed is lost
    assert not Ticket.objects.exists()


def test_reply_without_javascript_is_saved_and_shown(client):
    start_chat(client)
    ticket = only_chat()

    response = client.post(
        reverse("chat:send", args=[ticket.pk]), {"body": "Код пришёл", "client_message_id": str(uuid.uuid4())}
    )

    reply = ticket.messages.get(body="Код пришёл")
    assert response.status_code == 302
    assert response["Location"] == f"{START}#message-{reply.pk}"
    assert (reply.author_kind, reply.channel) == (TicketMessage.AuthorKind.CITIZEN, Channel.CHAT)
    assert f'id="message-{reply.pk}"' in client.get(START).content.decode()


def test_reply_resubmitted_with_the_same_id_is_saved_once(client):
    start_chat(client)
    ticket = only_chat()
    form = {"body": "Повтор", "client_message_id": str(uuid.uuid4())}

    client.post(reverse("chat:send", args=[ticket.pk]), form)
    client.post(reverse("chat:send", args=[ticket.pk]), form)

    assert ticket.messages.filter(body="Повтор").count() == 1


def test_empty_reply_is_refused_and_the_page_explains(client):
    start_chat(client)
    ticket = only_chat()

    response = client.post(reverse("chat:send", args=[ticket.pk]), {"body": ""})

    assert response.status_code == 400
    assert "Напишите сообщение" in response.content.decode()
    assert ticket.messages.count() == 1


def test_reply_to_an_ended_chat_moves_the_text_into_a_new_chat_form(client, supervisor):
    start_chat(client)
    ticket = only_chat()
    ticket_change_status(ticket=ticket, status=Ticket.Status.CANCELLED, actor=supervisor)

    response = client.post(reverse("chat:send", args=[ticket.pk]), {"body": "Я ещё здесь"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Обращение закрыто" in html
    assert re.search(r'<textarea id="id_body"[^>]*>Я ещё здесь</textarea>', html)
    assert ticket.messages.count() == 1


def test_another_visitor_cannot_post_into_the_chat(client):
    start_chat(client)
    ticket = only_chat()

    response = Client().post(reverse("chat:send", args=[ticket.pk]), {"body": "Чужой"})

    assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_send_only_accepts_post(client):
    start_chat(client)

    assert client.get(reverse("chat:send", args=[only_chat().pk])).status_code == 405


def test_staff_are_sent_to_the_desk(staff_client, operator):
    response = staff_client(operator).get(START)

    assert response.status_code == 302
    assert response["Location"] == reverse("desk_chats:index")


def test_operator_reply_appears_for_the_visitor_but_internal_notes_do_not(client, operator):
    on_the_line(operator)  # the first reply takes the chat, by the routing rules
    start_chat(client)
    ticket = only_chat()
    message_post(
        ticket=ticket,
        author=operator,
        body="Заметка для коллег",
        author_kind="agent",
        channel=Channel.CHAT,
        is_internal=True,
    )
    message_post(
        ticket=ticket, author=operator, body="Здравствуйте! Проверяю.", author_kind="agent", channel=Channel.CHAT
    )

    html = client.get(START).content.decode()

    assert "Здравствуйте! Проверяю." in html
    assert "Заметка для коллег" not in html
    assert "Специалист поддержки" in html
    assert 'data-ticket-status="in_progress"' in html


def test_resolved_chat_stays_on_the_page_with_a_new_question_form(client, supervisor):
    start_chat(client)
    ticket = only_chat()
    ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=supervisor)

    html = client.get(START).content.decode()

    assert f'data-ws-path="/ws/tickets/{ticket.pk}/"' in html
    assert "Новый вопрос" in html
    # the reply form and the new-question form share the page: their fields must not share ids
    assert (html.count('id="reply-body"'), html.count('id="id_body"')) == (1, 1)
    start_chat(client, body="Другой вопрос")
    assert Ticket.objects.filter(channel=Channel.CHAT).count() == 2


@pytest.mark.parametrize("n_messages", [1, 25])
def test_chat_page_query_count_does_not_grow_with_the_conversation(n_messages, client, django_assert_max_num_queries):
    start_chat(client)
    ticket = only_chat()
    for n in range(n_messages - 1):
        message_post(ticket=ticket, author=None, body=f"Сообщение {n}", author_kind="citizen", channel=Channel.CHAT)

    with django_assert_max_num_queries(6):
        response = client.get(START)

    assert response.content.decode().count('data-message-id="') == n_messages


def test_launcher_links_to_the_chat():
    html = render_to_string("chat/_launcher.html")

    assert 'href="/chat/"' in html
    assert "Чат с поддержкой" in html


def test_the_start_form_greets_and_says_an_automatic_assistant_answers(client, settings):
    settings.CHAT_ASSISTANT_FIRST = True

    html = client.get(START).content.decode()

    assert "Я автоматический помощник службы поддержки — программа, а не оператор." in html


def test_without_the_assistant_the_greeting_promises_a_person(client, settings):
    settings.CHAT_ASSISTANT_FIRST = False

    html = client.get(START).content.decode()

    assert "вам ответит специалист службы поддержки" in html
    assert "помощник" not in html.split('id="start-heading"')[1].split("</form>")[0]
