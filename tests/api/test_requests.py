"""A citizen's requests through the app: open (JSON or with scans and signatures), list, read, answer, download."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.api.conftest import API, executable_upload, scan_upload, signature_upload
from tests.chat.conftest import on_the_line
from tests.conftest import registration_request, topic
from tickets.models import Attachment, Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db

REQUESTS = f"{API}/requests/"


def detail_url(ticket_or_number) -> str:
    number = getattr(ticket_or_number, "number", ticket_or_number)
    return f"{REQUESTS}{number}/"


def test_request_opened_from_json_goes_through_the_mobile_channel(citizen_api, citizen):
    response = citizen_api.post(
        REQUESTS,
        {"subject": "Не приходит код", "body": "Код подтверждения по СМС не приходит уже час", "topic": "registration"},
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert (ticket.channel, ticket.citizen, ticket.topic.code) == (Channel.MOBILE, citizen, "registration")
    assert response.json()["messages"][0]["body"] == "Код подтверждения по СМС не приходит уже час"
    assert response.json()["history"][0]["kind"] == "created"


def test_scans_and_signatures_are_attached_and_downloadable(citizen_api):
    response = citizen_api.post(
        REQUESTS,
        {
            "subject": "Заявление на загранпаспорт",
            "body": "Прикладываю скан паспорта и подпись",
            "attachments": [scan_upload(), signature_upload()],
        },
        format="multipart",
    )

    assert response.status_code == 201
    files = response.json()["messages"][0]["attachments"]
    assert [(file["name"], file["content_type"]) for file in files] == [
        ("скан паспорта.pdf", "application/pdf"),
        ("подпись.png", "image/png"),
    ]
    download = citizen_api.get(files[0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "no-store" in download["Cache-Control"]


def test_a_program_disguised_as_a_scan_is_rejected_with_a_clear_message(citizen_api):
    response = citizen_api.post(
        REQUESTS,
        {"subject": "Скан", "body": "Прикладываю скан", "attachments": [executable_upload("скан.pdf")]},
        format="multipart",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "attachment_rejected"
    assert "«скан.pdf» не принят" in body["detail"]
    assert body["fields"]["attachments"] == [body["detail"]]
    assert not Ticket.objects.exists()  # nothing half-created


def test_too_many_files_are_rejected(citizen_api, settings):
    settings.ATTACHMENT_MAX_COUNT = 1

    response = citizen_api.post(
        REQUESTS,
        {"subject": "Сканы", "body": "Два файла", "attachments": [scan_upload(), signature_upload()]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Можно приложить не больше 1 файлов."


def test_missing_text_and_unknown_topic_are_named_per_field(citizen_api):
    response = citizen_api.post(REQUESTS, {"subject": "", "topic": "no-such-topic"}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"subject", "body"}

    unknown_topic = {"subject": "Вопрос", "body": "Текст", "topic": "no-such-topic"}
    response = citizen_api.post(REQUESTS, unknown_topic, format="json")
    assert response.json()["fields"] == {"topic": ["Нет такой темы: выберите из списка /api/v1/topics/."]}


def test_suspicious_numbers_are_questioned_until_confirmed(citizen_api):
    request = {"subject": "СНИЛС", "body": "Мой СНИЛС 112-233-445 96, не проходит проверку"}

    questioned = citizen_api.post(REQUESTS, request, format="json")
    confirmed = citizen_api.post(REQUESTS, {**request, "entries_confirmed": True}, format="json")

    assert questioned.status_code == 400
    assert "112-233-445 96" in questioned.json()["fields"]["body"][0]
    assert confirmed.status_code == 201


def test_list_shows_only_own_requests_newest_first_in_cursor_pages(citizen_api, citizen, other_citizen):
    mine = [registration_request(citizen) for _ in range(5)]
    registration_request(other_citizen)

    first = citizen_api.get(REQUESTS, {"limit": 2}).json()
    second = citizen_api.get(REQUESTS, {"limit": 2, "cursor": first["next_cursor"]}).json()
    third = citizen_api.get(REQUESTS, {"limit": 2, "cursor": second["next_cursor"]}).json()

    numbers = [row["number"] for page in (first, second, third) for row in page["results"]]
    assert numbers == [ticket.number for ticket in reversed(mine)]
    assert third["next_cursor"] is None


def test_list_filters_by_status(citizen_api, citizen, operator):
    on_the_line(operator)  # an operator's first reply takes the request, by the routing rules
    open_one, resolved = registration_request(citizen), registration_request(citizen)
    message_post(ticket=resolved, author=operator, body="Готово", author_kind="agent", channel=Channel.WEB)
    ticket_change_status(ticket=resolved, status=Ticket.Status.RESOLVED, actor=operator)

    response = citizen_api.get(REQUESTS, {"status": "resolved"})

    assert [row["number"] for row in response.json()["results"]] == [resolved.number]
    assert open_one.number not in str(response.json())


def test_list_pages_take_the_same_queries_without_offset_or_count(citizen_api, citizen):
    for _ in range(3):
        registration_request(citizen)
    citizen_api.get(REQUESTS)  # warm up: the first request of a client loads content types and such

    with CaptureQueriesContext(connection) as small:
        citizen_api.get(REQUESTS)
    for _ in range(20):
        registration_request(citizen)
    with CaptureQueriesContext(connection) as large:
        citizen_api.get(REQUESTS)

    assert len(large) == len(small)
    sql = " ".join(query["sql"] for query in large).upper()
    assert " OFFSET " not in sql and "COUNT(" not in sql


def test_broken_cursor_is_a_clear_400(citizen_api):
    response = citizen_api.get(REQUESTS, {"cursor": "не-курсор"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_another_citizens_request_is_not_found(citizen_api, other_citizen):
    theirs = registration_request(other_citizen)

    for response in (
        citizen_api.get(detail_url(theirs)),
        citizen_api.post(f"{detail_url(theirs)}messages/", {"body": "Чужое"}, format="json"),
        citizen_api.get(f"{detail_url(theirs)}attachments/1/"),
    ):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": "Страница не найдена."}
    assert theirs.messages.count() == 1


def test_internal_notes_never_reach_the_citizen(citizen_api, citizen, operator):
    on_the_line(operator)  # an operator's first reply takes the request, by the routing rules
    ticket = registration_request(citizen)
    message_post(ticket=ticket, author=operator, body="Заметка: проверить СНИЛС", author_kind="agent",
                 channel=Channel.WEB, is_internal=True)
    message_post(ticket=ticket, author=operator, body="Проверьте папку «Спам»", author_kind="agent",
                 channel=Channel.WEB)

    body = citizen_api.get(detail_url(ticket)).json()

    assert [message["body"] for message in body["messages"]] == [
        "Код по СМС не приходит уже час",
        "Проверьте папку «Спам»",
    ]
    assert "Заметка" not in str(body)


def test_files_of_internal_notes_cannot_be_downloaded(citizen_api, citizen, operator):
    from tickets.attachments import attachments_check

    ticket = registration_request(citizen)
    note, _ = message_post(ticket=ticket, author=operator, body="Служебный скан", author_kind="agent",
                           channel=Channel.WEB, is_internal=True, attachments=attachments_check([scan_upload()]))
    attachment = Attachment.objects.get(message=note)

    assert citizen_api.get(f"{detail_url(ticket)}attachments/{attachment.pk}/").status_code == 404


def test_follow_up_message_with_a_signature_is_posted_once(citizen_api, citizen):
    ticket = registration_request(citizen)
    url = f"{detail_url(ticket)}messages/"
    message = {"body": "Подписанное заявление", "client_message_id": "m-1", "attachments": [signature_upload()]}

    first = citizen_api.post(url, message, format="multipart")
    resend = citizen_api.post(url, {**message, "attachments": [signature_upload()]}, format="multipart")

    assert (first.status_code, resend.status_code) == (201, 200)
    assert first.json()["id"] == resend.json()["id"]
    assert first.json()["attachments"][0]["name"] == "подпись.png"
    assert ticket.messages.filter(author_kind=TicketMessage.AuthorKind.CITIZEN).count() == 2


def test_empty_follow_up_is_refused(citizen_api, citizen):
    ticket = registration_request(citizen)

    response = citizen_api.post(f"{detail_url(ticket)}messages/", {"body": "  "}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "empty_message"


def test_closed_request_refuses_messages_with_409(citizen_api, citizen, operator):
    ticket = registration_request(citizen)
    ticket_change_status(ticket=ticket, status=Ticket.Status.CANCELLED, actor=operator)

    response = citizen_api.post(f"{detail_url(ticket)}messages/", {"body": "Ещё вопрос"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"


def test_staff_token_cannot_be_used_even_if_issued(operator):
    from tests.api.conftest import bearer_client

    response = bearer_client(operator).get(REQUESTS)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_topics_list_offers_codes_for_new_requests(citizen_api):
    codes = {row["code"] for row in citizen_api.get(f"{API}/topics/").json()}

    assert topic("registration").code in codes


def test_errors_are_russian_json_even_for_unsupported_media(citizen_api):
    response = citizen_api.post(REQUESTS, data="subject=x", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert "text/plain" in response.json()["detail"]


def test_english_is_served_when_the_app_chose_it(citizen_api, settings):
    citizen_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = APIClient().get(REQUESTS)  # no token, no cookie: Russian
    english = citizen_api.get(detail_url("SD-2026-999999"))

    assert response.json()["detail"] == "Учетные данные не были предоставлены."
    assert english.json()["detail"] == "Not found."


def test_a_form_with_hundreds_of_parts_is_a_400_not_a_crash(citizen_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"{index}.txt", b"x") for index in range(120)]

    response = citizen_api.post(REQUESTS, {"subject": "Много", "body": "Файлов", "attachments": files},
                                format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_an_oversized_json_body_is_refused_before_it_is_read(citizen_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = citizen_api.post(REQUESTS, {"subject": "Длинно", "body": "я" * 2000}, format="json")

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
