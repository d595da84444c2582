"""Chat from the app: start, send with resend protection, poll for new messages; only one's own chats."""

from __future__ import annotations

import pytest

from tests.api.conftest import API
from tests.chat.conftest import on_the_line
from tests.conftest import registration_request
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post

pytestmark = pytest.mark.django_db

CHATS = f"{API}/chats/"


@pytest.fixture(autouse=True)
def _people_answer_first(settings):
    # the assistant's own replies are tested in tests/chat; here the messages are the citizen's and the operator's
    settings.CHAT_ASSISTANT_FIRST = False


def start_chat(client, body="Не могу войти на портал", **extra) -> dict:
    response = client.post(CHATS, {"body": body, **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_starting_a_chat_opens_a_chat_request_of_the_citizen(citizen_api, citizen):
    chat = start_chat(citizen_api, client_message_id="c-1")

    ticket = Ticket.objects.get(number=chat["number"])
    assert (ticket.channel, ticket.citizen, ticket.session_key) == (Channel.CHAT, citizen, "")
    assert chat["messages"][0]["client_message_id"] == "c-1"


def test_a_second_start_adds_to_the_unfinished_chat(citizen_api):
    first = start_chat(citizen_api)
    second = start_chat(citizen_api, body="Ещё вопрос")

    assert second["number"] == first["number"]
    assert [message["body"] for message in second["messages"]] == ["Не могу войти на портал", "Ещё вопрос"]


def test_a_resent_message_is_saved_once(citizen_api):
    chat = start_chat(citizen_api)
    url = f"{CHATS}{chat['number']}/messages/"

    first = citizen_api.post(url, {"body": "Код не приходит", "client_message_id": "m-7"}, format="json")
    resend = citizen_api.post(url, {"body": "Код не приходит", "client_message_id": "m-7"}, format="json")

    assert (first.status_code, resend.status_code) == (201, 200)
    assert resend.json()["id"] == first.json()["id"]
    assert TicketMessage.objects.filter(client_message_id="m-7").count() == 1


def test_polling_returns_only_newer_public_messages(citizen_api, operator):
    on_the_line(operator)  # the first reply takes the chat, by the routing rules
    chat = start_chat(citizen_api)
    ticket = Ticket.objects.get(number=chat["number"])
    last_seen = chat["messages"][-1]["id"]
    message_post(ticket=ticket, author=operator, body="Служебно: клиент VIP", author_kind="agent",
                 channel=Channel.CHAT, is_internal=True)
    message_post(ticket=ticket, author=operator, body="Здравствуйте! Проверяю.", author_kind="agent",
                 channel=Channel.CHAT)

    response = citizen_api.get(f"{CHATS}{chat['number']}/messages/", {"after": last_seen})

    assert [message["body"] for message in response.json()["results"]] == ["Здравствуйте! Проверяю."]


def test_too_long_message_is_refused_per_field(citizen_api):
    chat = start_chat(citizen_api)

    response = citizen_api.post(f"{CHATS}{chat['number']}/messages/", {"body": "я" * 4001}, format="json")

    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_another_citizens_chat_is_not_found(citizen_api, other_citizen_api):
    theirs = start_chat(other_citizen_api)

    assert citizen_api.get(f"{CHATS}{theirs['number']}/messages/").status_code == 404
    assert citizen_api.post(f"{CHATS}{theirs['number']}/messages/", {"body": "?"}, format="json").status_code == 404


def test_a_request_that_is_not_a_chat_is_not_a_chat(citizen_api, citizen):
    ticket = registration_request(citizen)

    assert citizen_api.get(f"{CHATS}{ticket.number}/messages/").status_code == 404


def test_the_assistant_answers_a_chat_started_from_the_app(citizen_api, settings, django_capture_on_commit_callbacks):
    settings.CHAT_ASSISTANT_FIRST = True

    with django_capture_on_commit_callbacks(execute=True):
        chat = start_chat(citizen_api, body="Как восстановить пароль от госуслуг?")
    polled = citizen_api.get(f"{CHATS}{chat['number']}/messages/").json()["results"]

    assert [message["author_kind"] for message in polled][:2] == ["citizen", "assistant"]


def test_a_scan_sent_into_the_chat_goes_through_the_attachment_checks(citizen_api):
    from tests.api.conftest import scan_upload

    chat = start_chat(citizen_api)
    url = f"{CHATS}{chat['number']}/messages/"

    response = citizen_api.post(url, {"body": "", "client_message_id": "scan-1", "attachments": [scan_upload()]},
                                format="multipart")
    resend = citizen_api.post(url, {"body": "", "client_message_id": "scan-1", "attachments": [scan_upload()]},
                              format="multipart")

    assert (response.status_code, resend.status_code) == (201, 200)
    [attachment] = response.json()["attachments"]
    assert attachment["name"] == "скан паспорта.pdf" and attachment["content_type"] == "application/pdf"
    assert citizen_api.get(attachment["url"]).status_code == 200
    assert TicketMessage.objects.filter(client_message_id="scan-1").get().attachments.count() == 1


def test_a_program_dressed_as_a_scan_is_refused_in_the_chat_and_nothing_is_saved(citizen_api):
    from tests.api.conftest import executable_upload

    chat = start_chat(citizen_api)

    response = citizen_api.post(f"{CHATS}{chat['number']}/messages/",
                                {"body": "Вот скан", "attachments": [executable_upload()]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "attachment_rejected" and "attachments" in response.json()["fields"]
    assert not TicketMessage.objects.filter(body="Вот скан").exists()


def test_the_chat_takes_no_more_files_than_the_widget(citizen_api, settings):
    from tests.api.conftest import signature_upload

    chat = start_chat(citizen_api)
    files = [signature_upload(f"{index}.png") for index in range(settings.ATTACHMENT_MAX_COUNT + 1)]

    response = citizen_api.post(f"{CHATS}{chat['number']}/messages/", {"attachments": files}, format="multipart")

    assert response.status_code == 400 and response.json()["code"] == "attachment_rejected"


def test_a_chat_message_without_text_or_files_is_refused(citizen_api):
    chat = start_chat(citizen_api)

    response = citizen_api.post(f"{CHATS}{chat['number']}/messages/", {"body": "  "}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "empty_message"
