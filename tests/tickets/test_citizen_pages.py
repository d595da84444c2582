"""The citizen's pages seen through the browser: landing page, «Мои обращения», a request, its files."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OperatorProfile
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- helpers shared with the other test_citizen_* modules ---


def png_bytes(width: int = 3, height: int = 2) -> bytes:
    """A real, decodable PNG (red pixels), built by hand so no image library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def same_picture(stored: bytes, original: bytes) -> bool:
    """Images are stored re-encoded without metadata (SEC4): the same pixels, not the same bytes."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(stored)) as left, Image.open(io.BytesIO(original)) as right:
        return left.size == right.size and left.convert("RGB").tobytes() == right.convert("RGB").tobytes()


def png_upload(name: str = "скриншот ошибки.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fake_png_upload(name: str = "screenshot.png") -> SimpleUploadedFile:
    """A Windows executable renamed to .png: the name and the declared type lie, the content does not."""
    body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
    return SimpleUploadedFile(name, body, content_type="image/png")


def sign_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def open_request(citizen, *, subject="Не приходит код", body="Код по СМС не приходит", **kwargs) -> Ticket:
    return ticket_intake(channel=Channel.WEB, citizen=citizen, subject=subject, body=body, **kwargs)


def detail_url(ticket: Ticket) -> str:
    return reverse("tickets:citizen_detail", args=[ticket.number])


# --- the landing page ---


def test_landing_page_answers_anonymous_visitors_with_every_way_to_reach_support(client):
    response = client.get(reverse("portal-home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for text in (
        "Написать в чат",
        "Новое обращение",
        "Мои обращения",
        "Справочный центр",
        "Ошибка при загрузке заявления",
        "30 секунд",
        "5 минут",
    ):
        assert text in page
    assert 'href="tel:+74957777777"' in page
    assert f'href="{reverse("tickets:citizen_new")}"' in page
    assert f'href="{reverse("tickets:citizen_list")}"' in page
    assert f'href="{reverse("knowledgebase:index")}"' in page
    assert f'href="{reverse("chat:start")}"' in page


# --- access rules ---


@pytest.mark.parametrize("name", ["tickets:citizen_list", "tickets:citizen_new"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_anonymous_visitor_opening_a_request_link_is_sent_to_sign_in(client, citizen):
    ticket = open_request(citizen)

    response = client.get(detail_url(ticket))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["tickets:citizen_list", "tickets:citizen_new"])
def test_staff_get_a_clear_forbidden_page_that_points_to_the_desk(staff_client, operator, name):
    client = staff_client(operator)

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "Этот раздел — для граждан" in response.content.decode()
    assert "рабочем месте" in response.content.decode()


def test_another_citizens_request_does_not_exist_for_them(client, citizen, other_citizen):
    ticket = open_request(citizen)
    sign_in(client, other_citizen)

    assert client.get(detail_url(ticket)).status_code == 404
    assert client.post(reverse("tickets:citizen_reply", args=[ticket.number]), {"body": "чужое"}).status_code == 404
    assert not ticket.messages.filter(body="чужое").exists()


def test_unknown_request_number_is_not_found(client, citizen):
    sign_in(client, citizen)

    assert client.get(reverse("tickets:citizen_detail", args=["SD-2026-999999"])).status_code == 404


# --- «Мои обращения» ---


def test_list_shows_only_own_requests_newest_first_with_status(client, citizen, other_citizen):
    older = open_request(citizen, subject="Первое обращение")
    newer = open_request(citizen, subject="Второе обращение", topic=topic("password-recovery"))
    foreign = open_request(other_citizen, subject="Чужое обращение")
    sign_in(client, citizen)

    response = client.get(reverse("tickets:citizen_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(newer.number) < page.index(older.number)
    assert foreign.number not in page and "Чужое обращение" not in page
    assert "Восстановление пароля" in page
    assert 'class="badge status-new"' in page and "новое" in page
    assert "Показать более ранние" not in page


def test_empty_list_invites_to_open_a_request(client, citizen):
    sign_in(client, citizen)

    page = client.get(reverse("tickets:citizen_list")).content.decode()

    assert "Обращений пока нет" in page
    assert f'href="{reverse("tickets:citizen_new")}"' in page


def test_older_requests_load_page_by_page_without_offset_or_count(client, citizen):
    tickets = [open_request(citizen, subject=f"Обращение {i}") for i in range(25)]
    # same creation time for a block of rows: the id must break ties, or rows would repeat or vanish
    same_moment = timezone.now() - timedelta(hours=1)
    Ticket.objects.filter(pk__in=[t.pk for t in tickets[10:20]]).update(created_at=same_moment)
    expected = list(
        Ticket.objects.filter(citizen=citizen).order_by("-created_at", "-id").values_list("number", flat=True)
    )
    sign_in(client, citizen)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("tickets:citizen_list"))
    older_url = first.context["older_url"]
    second = client.get(older_url)

    first_numbers = [t.number for t in first.context["tickets"]]
    second_numbers = [t.number for t in second.context["tickets"]]
    assert first_numbers + second_numbers == expected
    assert len(first_numbers) == 20
    assert second.context["older_url"] == ""
    assert "К последним обращениям" in second.content.decode()
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "OFFSET" not in sql and "COUNT(" not in sql


@pytest.mark.parametrize("before", ["abc-1", "1-99999999999999999999999", "²-1", "-5-3", "1-", "999999999999999999-1"])
def test_a_broken_page_link_shows_the_latest_requests_with_a_notice(client, citizen, before):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    response = client.get(reverse("tickets:citizen_list"), {"before": before})

    assert response.status_code == 200
    assert ticket.number in response.content.decode()
    assert "Ссылка на страницу списка устарела" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(client, citizen, django_assert_max_num_queries):
    open_request(citizen, topic=topic("upload-error"))
    sign_in(client, citizen)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("tickets:citizen_list"))
    for i in range(30):
        open_request(citizen, subject=f"Ещё {i}", topic=topic("form-filling" if i % 2 else "upload-error"))

    with django_assert_max_num_queries(len(one_row)):
        response = client.get(reverse("tickets:citizen_list"))

    assert len(response.context["tickets"]) == 20


# --- one request ---


def test_request_page_shows_status_answer_time_conversation_and_public_history(client, citizen, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # replies take it
    ticket = open_request(citizen, topic=topic("two-factor"))
    message_post(
        ticket=ticket,
        author=operator,
        body="Проверьте, верно ли указан номер",
        author_kind="agent",
        channel=Channel.WEB,
    )
    message_post(
        ticket=ticket,
        author=operator,
        body="Внутренняя заметка: проверить ЕСИА",
        author_kind="agent",
        channel=Channel.WEB,
        is_internal=True,
    )
    ticket.refresh_from_db()
    sign_in(client, citizen)

    response = client.get(detail_url(ticket))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1 and ticket.number in page
    assert f'data-ticket-status="{Ticket.Status.IN_PROGRESS}"' in page and "в работе" in page
    due = ticket.due_at.astimezone(ZoneInfo("Europe/Moscow")).strftime("%d.%m.%Y %H:%M")
    assert f"до {due} (МСК)" in page
    assert "Код подтверждения и двухфакторная защита" in page
    assert '<ol class="conversation" id="conversation" aria-live="polite">' in page
    assert f'data-ws-path="/ws/tickets/{ticket.pk}/"' in page
    last_public = ticket.messages.filter(is_internal=False).last()
    assert f'data-last-message-id="{last_public.pk}"' in page
    assert "Код по СМС не приходит" in page and "Проверьте, верно ли указан номер" in page
    assert "Внутренняя заметка" not in page and "ЕСИА" not in page
    assert "Обращение зарегистрировано (канал: форма на портале)" in page
    assert "Статус изменён: «новое» → «в работе»" in page
    assert "назначен исполнитель" not in page  # staff-side journal rows stay out of the citizen's history
    assert "js/chat.js" in page and "data-live-page" in page
    assert f'action="{reverse("tickets:citizen_reply", args=[ticket.number])}"' in page
    # the hooks static/js/chat.js looks for: the reply form it takes over and its error slot
    assert "data-live-form" in page and 'name="body"' in page and "data-live-error" in page


def test_request_page_query_count_does_not_grow_with_messages(client, citizen, operator, django_assert_max_num_queries):
    from tickets.attachments import attachments_check

    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # replies take it
    ticket = open_request(citizen)
    sign_in(client, citizen)
    with CaptureQueriesContext(connection) as short:
        client.get(detail_url(ticket))
    for i in range(15):
        message_post(ticket=ticket, author=operator, body=f"Ответ {i}", author_kind="agent", channel=Channel.WEB)
        message_post(
            ticket=ticket,
            author=citizen,
            body=f"Уточнение {i}",
            author_kind="citizen",
            channel=Channel.WEB,
            attachments=attachments_check([png_upload(f"скан {i}.png")]),
        )

    with django_assert_max_num_queries(len(short)):
        response = client.get(detail_url(ticket))

    page = response.content.decode()
    assert page.count('data-message-id="') == 31
    assert page.count("/attachments/") == 15


# --- files ---


def _ticket_with_png(citizen) -> Ticket:
    from tickets.attachments import attachments_check

    return open_request(citizen, attachments=attachments_check([png_upload()]))


def test_owner_downloads_an_attachment_as_a_file_that_is_never_sniffed(client, citizen):
    ticket = _ticket_with_png(citizen)
    attachment = ticket.attachments.get()
    sign_in(client, citizen)

    response = client.get(reverse("tickets:citizen_attachment", args=[ticket.number, attachment.pk]))

    assert response.status_code == 200
    assert same_picture(b"".join(response.streaming_content), png_bytes())
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # the Cyrillic stored name, encoded
    assert "no-store" in response["Cache-Control"]


def test_attachment_link_is_shown_in_the_conversation(client, citizen):
    ticket = _ticket_with_png(citizen)
    attachment = ticket.attachments.get()
    sign_in(client, citizen)

    page = client.get(detail_url(ticket)).content.decode()

    assert reverse("tickets:citizen_attachment", args=[ticket.number, attachment.pk]) in page
    assert "скриншот ошибки.png" in page


def test_other_citizens_cannot_download_the_attachment(client, citizen, other_citizen):
    ticket = _ticket_with_png(citizen)
    attachment = ticket.attachments.get()
    sign_in(client, other_citizen)

    response = client.get(reverse("tickets:citizen_attachment", args=[ticket.number, attachment.pk]))

    assert response.status_code == 404


def test_attachments_of_internal_notes_stay_hidden_from_the_citizen(client, citizen, operator):
    from tickets.attachments import attachments_check

    ticket = open_request(citizen)
    note, _ = message_post(
        ticket=ticket,
        author=operator,
        body="скан из ведомства",
        author_kind="agent",
        channel=Channel.WEB,
        is_internal=True,
        attachments=attachments_check([png_upload("x.png")]),
    )
    attachment = note.attachments.get()
    sign_in(client, citizen)

    response = client.get(reverse("tickets:citizen_attachment", args=[ticket.number, attachment.pk]))

    assert response.status_code == 404


def test_a_missing_file_gives_not_found_instead_of_an_error(client, citizen):
    ticket = _ticket_with_png(citizen)
    attachment = ticket.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    sign_in(client, citizen)

    response = client.get(reverse("tickets:citizen_attachment", args=[ticket.number, attachment.pk]))

    assert response.status_code == 404


def test_closed_request_page_offers_a_new_request_instead_of_a_reply_box(client, citizen, operator):
    ticket = open_request(citizen)
    ticket_change_status(ticket=ticket, status=Ticket.Status.CANCELLED, actor=operator)
    sign_in(client, citizen)

    page = client.get(detail_url(ticket)).content.decode()

    assert "Обращение закрыто" in page
    assert reverse("tickets:citizen_reply", args=[ticket.number]) not in page
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1
