"""Files in the chat: uploaded by HTTP POST, checked by tickets.attachments, delivered over the socket."""

from __future__ import annotations

import io
import uuid

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.chat.conftest import TIMEOUT, next_frame, ticket_socket
from tickets.models import Attachment, TicketMessage

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, format="PNG")
    return out.getvalue()


def upload(client: Client, ticket, *files, body: str = "", client_message_id: str = ""):
    return client.post(
        reverse("chat:attachments", args=[ticket.pk]),
        {"files": list(files), "body": body, "client_message_id": client_message_id or str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )


def test_a_pasted_screenshot_is_saved_with_its_message(client, citizen, chat_ticket):
    client.force_login(citizen)

    response = upload(client, chat_ticket, SimpleUploadedFile("Снимок экрана.png", png_bytes()), body="Вот ошибка")

    assert response.status_code == 200
    message = TicketMessage.objects.get(pk=response.json()["message_id"])
    assert message.body == "Вот ошибка"
    assert [a.original_name for a in message.attachments.all()] == ["Снимок экрана.png"]


def test_a_program_is_refused_in_russian_and_nothing_is_saved(client, citizen, chat_ticket):
    client.force_login(citizen)
    before = TicketMessage.objects.filter(ticket=chat_ticket).count()

    response = upload(client, chat_ticket, SimpleUploadedFile("счёт.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200))

    assert response.status_code == 400
    assert "не принят" in response.json()["error"]
    assert TicketMessage.objects.filter(ticket=chat_ticket).count() == before
    assert not Attachment.objects.filter(ticket=chat_ticket).exists()


def test_too_large_a_file_is_refused_with_the_limit(client, citizen, chat_ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(citizen)

    response = upload(client, chat_ticket, SimpleUploadedFile("scan.png", png_bytes() + b"\x00" * 2048))

    assert response.status_code == 400
    assert "МБ" in response.json()["error"]


def test_no_file_is_a_clear_error(client, citizen, chat_ticket):
    client.force_login(citizen)

    response = client.post(reverse("chat:attachments", args=[chat_ticket.pk]), {"body": "без файла"})

    assert response.status_code == 400
    assert response.json()["error"].startswith("Выберите файл")


def test_another_citizen_can_neither_upload_nor_download(client, citizen, other_citizen, chat_ticket):
    client.force_login(citizen)
    saved = upload(client, chat_ticket, SimpleUploadedFile("a.png", png_bytes())).json()["message_id"]
    attachment = Attachment.objects.get(message_id=saved)
    intruder = Client()
    intruder.force_login(other_citizen)

    assert upload(intruder, chat_ticket, SimpleUploadedFile("b.png", png_bytes())).status_code == 404
    download = reverse("chat:attachment", args=[chat_ticket.pk, attachment.pk])
    assert intruder.get(download).status_code == 404
    own = client.get(download)
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"


def test_the_no_script_reply_form_takes_files_too(client, citizen, chat_ticket):
    client.force_login(citizen)

    response = client.post(
        reverse("chat:send", args=[chat_ticket.pk]),
        {"body": "", "client_message_id": str(uuid.uuid4()), "files": [SimpleUploadedFile("a.png", png_bytes())]},
    )

    assert response.status_code == 302
    assert Attachment.objects.filter(ticket=chat_ticket).count() == 1


@pytest.mark.django_db(transaction=True)
async def test_the_message_carrying_the_file_arrives_over_the_socket(citizen, operator):
    from tests.chat.conftest import averified_session
    from tickets.models import Channel
    from tickets.services import ticket_intake

    ticket = await database_sync_to_async(ticket_intake)(
        channel=Channel.CHAT, citizen=citizen, subject="", body="Не приходит код"
    )
    staff = ticket_socket(ticket.pk, user=operator, session=await averified_session(operator))
    assert (await staff.connect(timeout=TIMEOUT))[0]

    def post():
        client = Client()
        client.force_login(citizen)
        return upload(client, ticket, SimpleUploadedFile("screen.png", png_bytes()))

    response = await database_sync_to_async(post)()
    frame = await next_frame(staff, "message")

    assert frame["message_id"] == response.json()["message_id"]
    assert "screen.png" in frame["html"]
    assert f"/desk/tickets/{ticket.pk}/attachments/" in frame["html"]
    await staff.disconnect()
