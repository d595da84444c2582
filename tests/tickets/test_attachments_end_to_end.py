"""SEC4 end to end: a citizen sends files through the request form; what is stored is the cleaned file."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.tickets.attachment_samples import SECRET, pdf, photo, upload, word_document
from tests.tickets.test_citizen_pages import open_request, sign_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_photo_sent_with_a_request_is_stored_without_gps_and_upright(client, citizen):
    sign_in(client, citizen)
    original, document_bytes = photo("JPEG", orientation=6), word_document()

    response = client.post(reverse("tickets:citizen_new"), {
        "subject": "Ошибка при загрузке", "body": "Фото экрана и заявление",
        "attachments": [upload(original, "IMG_2041.JPG"), upload(document_bytes, "заявление.docx")],
    })

    ticket = Ticket.objects.get(citizen=citizen)
    assert response.status_code == 302
    picture, document = ticket.attachments.order_by("pk")
    with picture.file.open("rb") as handle:
        stored = handle.read()
    assert SECRET.encode() not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (20, 40)
    assert (picture.original_name, picture.content_type) == ("IMG_2041.jpg", "image/jpeg")
    assert picture.size == len(stored) and picture.sha256 == hashlib.sha256(stored).hexdigest()
    with document.file.open("rb") as handle:
        assert handle.read() == document_bytes  # documents are stored as received
    assert document.original_name == "заявление.docx"

    # and the citizen downloads exactly the cleaned file
    download = client.get(reverse("tickets:citizen_attachment", args=[ticket.number, picture.pk]))
    assert b"".join(download.streaming_content) == stored


def test_a_photo_sent_in_a_reply_is_stored_cleaned_too(client, citizen):
    ticket = open_request(citizen)
    sign_in(client, citizen)

    client.post(reverse("tickets:citizen_reply", args=[ticket.number]),
                {"body": "Ещё снимок", "attachments": [upload(photo("PNG"), "снимок.png")]})

    attachment = ticket.messages.order_by("pk").last().attachments.get()
    with attachment.file.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif() and "Comment" not in image.info and "Author" not in image.info


def test_a_refused_file_is_explained_next_to_the_field_and_nothing_is_opened(client, citizen):
    sign_in(client, citizen)

    response = client.post(reverse("tickets:citizen_new"), {
        "subject": "Справка", "body": "Прикладываю справку",
        "attachments": [upload(pdf(javascript="app.launchURL('http://evil.example')"), "справка.pdf")],
    })

    assert response.status_code == 200
    page = response.content.decode()
    assert "Файл «справка.pdf» не принят: PDF содержит сценарии" in page
    assert 'id="id_attachments_error"' in page
    assert not Ticket.objects.filter(citizen=citizen).exists()
