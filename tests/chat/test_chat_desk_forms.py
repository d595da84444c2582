"""The chat desk's transfer form answers bad input in Russian and keeps what was typed, never a 500 (audit 3, A9);
the page adds chats live from two small endpoints; supervisors reach any chat's transcript from the request page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.services import staff_create
from privacy.models import AccessLogEntry
from tests.chat.conftest import on_the_line
from tests.conftest import TOTP_KEY, topic
from tickets.models import Channel, Ticket
from tickets.services import ticket_intake, ticket_take

pytestmark = pytest.mark.django_db


def chat(citizen, body="Не приходит код подтверждения"):
    return ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body=body, topic=topic("registration"))


@pytest.fixture
def held(operator, citizen):
    on_the_line(operator)
    return ticket_take(ticket=chat(citizen), agent=operator)


@pytest.fixture
def colleague(db):
    user = staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                        first_name="Вера", last_name="Ким", skills=[topic("registration")], totp_key=TOTP_KEY)
    on_the_line(user)
    return user


@pytest.mark.parametrize(
    ("to", "reason", "error"),
    [
        ("agent:²", "", "Выберите, кому передать чат: сотрудника на линии или уровень поддержки."),
        ("agent:٣", "", "Выберите, кому передать чат: сотрудника на линии или уровень поддержки."),
        ("agent:", "", "Выберите, кому передать чат: сотрудника на линии или уровень поддержки."),
        ("tier:9", "Нужен профильный отдел", "Выберите уровень поддержки: L1, L2 или L3."),
        ("agent:999999", "", "Такого сотрудника нет: выберите сотрудника из списка."),
        ("agent:99999999999999999999", "", "Выберите, кому передать чат: сотрудника на линии или уровень поддержки."),
        ("", "", "Выберите, кому передать чат."),
        ("agent\x00:1", "", "В тексте недопустимый символ (нулевой байт): уберите его."),
        ("tier:2", "Причина\x00с нулём", "В тексте недопустимый символ (нулевой байт): уберите его."),
        ("tier:2", "ж" * 501, "Причина слишком длинная: не более 500 символов (сейчас 501)."),
    ],
)
def test_bad_transfer_input_is_a_russian_error_at_the_form_and_changes_nothing(
    staff_client, operator, held, to, reason, error
):
    response = staff_client(operator).post(reverse("desk_chats:transfer", args=[held.pk]), {"to": to, "reason": reason})

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'id="chat-{held.pk}"' in html  # the desk again, with the chat's form open
    assert "<details class=\"desk-chat-transfer\" open>" in html
    assert Ticket.objects.get(pk=held.pk).assignee == operator and Ticket.objects.get(pk=held.pk).tier == 1


def test_the_typed_reason_and_choice_survive_a_refusal(staff_client, operator, held, other_operator):
    on_the_line(other_operator)

    response = staff_client(operator).post(
        reverse("desk_chats:transfer", args=[held.pk]), {"to": "tier:2", "reason": ""})

    html = response.content.decode()
    assert response.status_code == 409
    assert "Укажите причину передачи" in html
    assert '<option value="tier:2" selected>L2</option>' in html


def test_a_refused_colleague_keeps_the_reason_in_the_field(staff_client, operator, held, other_operator):
    response = staff_client(operator).post(
        reverse("desk_chats:transfer", args=[held.pk]), {"to": f"agent:{other_operator.pk}", "reason": "Конец смены"})

    html = response.content.decode()
    assert response.status_code == 409
    assert ">Конец смены</textarea>" in html
    assert Ticket.objects.get(pk=held.pk).assignee == operator


def test_a_good_transfer_tells_the_colleagues_desk_at_once(staff_client, operator, held, colleague,
                                                          django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch("tickets.broadcast.broadcast_many") as sent, django_capture_on_commit_callbacks(execute=True):
        response = staff_client(operator).post(reverse("desk_chats:transfer", args=[held.pk]),
                                               {"to": f"agent:{colleague.pk}", "reason": "Конец смены"})

    assert response.status_code == 302
    events = [(group, event) for call in sent.call_args_list for group, event in call.args[0]]
    assert (f"agent.{colleague.pk}", {"type": "ticket.assigned", "ticket_id": held.pk, "number": held.number,
                                      "priority": held.priority}) in events


# --- the page adds chats live ---


def test_the_pane_of_a_held_chat_is_the_desks_own_and_journaled(staff_client, operator, held):
    client = staff_client(operator)

    response = client.get(reverse("desk_chats:pane", args=[held.pk]))

    data = response.json()
    assert response.status_code == 200
    assert f'<section id="chat-{held.pk}"' in data["html"]
    assert f'data-ws-path="/ws/tickets/{held.pk}/"' in data["html"]
    assert "Не приходит код подтверждения" in data["html"]
    assert 'name="csrfmiddlewaretoken"' in data["html"]  # its forms work like the page's
    assert data["load_text"].startswith("Открытых обращений: 1 из ")
    assert AccessLogEntry.objects.filter(actor=operator, ticket=held, fields=["conversation"]).count() == 1


def test_no_pane_for_a_chat_someone_else_holds(staff_client, operator, colleague, citizen):
    theirs = ticket_take(ticket=chat(citizen), agent=colleague)

    assert staff_client(operator).get(reverse("desk_chats:pane", args=[theirs.pk])).status_code == 404
    assert not AccessLogEntry.objects.filter(actor=operator, ticket=theirs).exists()


def test_the_live_list_names_the_held_chats_only(staff_client, operator, held, colleague, citizen):
    ticket_take(ticket=chat(citizen), agent=colleague)

    data = staff_client(operator).get(reverse("desk_chats:live")).json()

    assert data["chat_ids"] == [held.pk]
    assert data["load_text"].startswith("Открытых обращений: 1 из ")
    assert not AccessLogEntry.objects.filter(actor=operator, fields=["conversation"]).exists()


def test_the_desk_page_follows_the_desk_socket(staff_client, operator):
    html = staff_client(operator).get("/desk/chats/").content.decode()

    assert 'data-desk-chats data-ws-path="/ws/desk/"' in html
    assert f'data-live-url="{reverse("desk_chats:live")}"' in html
    assert "Сейчас у вас нет чатов." in html


# --- a supervisor opens any chat's transcript from the request page ---


def test_a_supervisor_finds_the_transcript_links_on_a_chat_request(staff_client, supervisor, held):
    html = staff_client(supervisor).get(reverse("desk:ticket", args=[held.pk])).content.decode()

    assert f'href="{reverse("desk_chats:transcript", args=[held.pk])}?format=txt"' in html
    assert f'href="{reverse("desk_chats:transcript", args=[held.pk])}?format=html"' in html


def test_an_operator_and_a_web_request_have_no_transcript_link(staff_client, operator, supervisor, held, citizen):
    from tests.conftest import registration_request

    web = registration_request(citizen)

    assert "/transcript/" not in staff_client(operator).get(reverse("desk:ticket", args=[held.pk])).content.decode()
    assert "/transcript/" not in staff_client(supervisor).get(reverse("desk:ticket", args=[web.pk])).content.decode()


def test_the_transcript_from_the_request_page_is_journaled(staff_client, supervisor, held):
    response = staff_client(supervisor).get(reverse("desk_chats:transcript", args=[held.pk]) + "?format=txt")

    assert response.status_code == 200
    assert "Не приходит код подтверждения" in response.content.decode()
    assert AccessLogEntry.objects.filter(actor=supervisor, ticket=held, fields=["transcript"]).count() == 1
