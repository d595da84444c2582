"""A citizen who wrote by mail and has no account reads their request and gets the operator's files: in the
reply itself while they fit, otherwise by a signed, expiring link; without the link nothing is shown."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.mail.conftest import letter
from tests.mail.test_mail_intake import PNG
from tickets.attachments import attachment_check
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LINK = re.compile(r"https?://\S+/requests/by-link/[^/\s]+/")


def _files(*named: tuple[str, bytes]):
    return [attachment_check(SimpleUploadedFile(name, data)) for name, data in named]


def _answer(ticket, operator, capture, *, body="Справка готова, она во вложении.", files=(), internal=False):
    with capture(execute=True):
        return message_post(ticket=ticket, author=operator, body=body, author_kind=TicketMessage.AuthorKind.AGENT,
                            channel=Channel.EMAIL, attachments=files, is_internal=internal)[0]


def _link(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(0).removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def mailed_request(receive):
    receive(letter(subject="Нужна справка об отсутствии задолженности"))
    return Ticket.objects.get()


def test_the_acknowledgment_of_a_citizen_without_an_account_carries_a_link_to_the_request(mailed_request, client):
    [acknowledgment] = mail.outbox
    until = (timezone.now() + timedelta(days=30)).astimezone(timezone.get_fixed_timezone(180)).strftime("%d.%m.%Y")
    assert f"по ссылке (она действует до {until}" in acknowledgment.body
    assert f"/requests/{mailed_request.number}/" not in acknowledgment.body  # the account page they cannot open

    response = client.get(_link(acknowledgment.body))

    page = response.content.decode()
    assert response.status_code == 200
    assert mailed_request.number in page and "Нужна справка об отсутствии задолженности" in page
    assert "Здравствуйте! Не могу подать заявление" in page  # their own letter, in the conversation
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_operators_files_come_in_the_reply_and_by_the_link(mailed_request, operator, client,
                                                               django_capture_on_commit_callbacks):
    mail.outbox.clear()
    _answer(mailed_request, operator, django_capture_on_commit_callbacks,
            files=_files(("Справка.pdf", PDF), ("Скриншот.png", PNG)))

    [reply] = mail.outbox
    stored = {attachment.original_name: attachment.file.read() for attachment in mailed_request.attachments.all()}
    assert stored["Справка.pdf"] == PDF  # images are re-encoded on the way in (SEC4): compare with what is kept
    assert sorted((name, data) for name, data, _type in reply.attachments) == sorted(stored.items())
    assert "- Справка.pdf" in reply.body and "во вложении к этому письму" in reply.body
    page = client.get(_link(reply.body)).content.decode()
    download = re.search(r'href="(/requests/by-link/[^"]+/files/\d+/)"[^>]*>Справка\.pdf<', page).group(1)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]


def test_files_over_the_letters_size_cap_are_sent_as_links(mailed_request, operator, client, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    monkeypatch.setattr("tickets.notifications.OUTBOUND_FILES_MAX_BYTES", len(PDF) + 10)
    mail.outbox.clear()
    _answer(mailed_request, operator, django_capture_on_commit_callbacks,
            files=_files(("Справка.pdf", PDF), ("Скриншот.png", PNG)))

    [reply] = mail.outbox
    assert [name for name, _data, _type in reply.attachments] == ["Справка.pdf"]
    file_link = re.search(r"- Скриншот\.png \([^)]*\): (http\S+)", reply.body).group(1)
    response = client.get(file_link.removeprefix("http://127.0.0.1:8000"))
    screenshot = mailed_request.attachments.get(original_name="Скриншот.png").file.read()
    assert response.status_code == 200 and b"".join(response.streaming_content) == screenshot


def test_a_registered_citizen_gets_links_into_the_personal_account(receive, citizen, operator, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    receive(letter(sender=f"Анна <{citizen.email}>"))
    ticket = Ticket.objects.get()
    monkeypatch.setattr("tickets.notifications.OUTBOUND_FILES_MAX_BYTES", 10)
    mail.outbox.clear()
    attachment_id = _answer(ticket, operator, django_capture_on_commit_callbacks,
                            files=_files(("Справка.pdf", PDF))).attachments.get().pk

    [reply] = mail.outbox
    assert f"/requests/{ticket.number}/attachments/{attachment_id}/" in reply.body
    assert "by-link" not in reply.body


@pytest.mark.parametrize("damage", ["cut", "forged", "other-request"])
def test_a_damaged_link_shows_nothing_of_the_request(mailed_request, client, receive, damage):
    link = _link(mail.outbox[0].body)
    token = link.split("/")[-2]
    if damage == "cut":
        link = link.replace(token, token[:-5])
    elif damage == "forged":  # the payload of another request with the signature of this one
        receive(letter(subject="Другой вопрос", sender="Пётр <petrov@example.ru>"))
        other = _link(mail.outbox[-1].body).split("/")[-2]
        link = link.replace(token, other.split(":")[0] + token[token.index(":"):])
    else:  # a file of another request through this request's link
        receive(letter(subject="Со сканом", sender="Пётр <petrov@example.ru>", files=[("scan.png", PNG, "image/png")]))
        other_file = Ticket.objects.get(subject="Со сканом").attachments.get()
        link = f"{link}files/{other_file.pk}/"

    response = client.get(link)

    page = response.content.decode()
    assert response.status_code == 404
    assert mailed_request.number not in page and "Не могу подать заявление" not in page
    if damage != "other-request":
        assert "Ссылка не открывается" in page


def test_an_expired_link_says_so_and_shows_nothing(mailed_request, client):
    link = _link(mail.outbox[0].body)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get(link)

    page = response.content.decode()
    assert response.status_code == 410
    assert "Срок действия ссылки истёк" in page and mailed_request.number not in page


def test_a_changed_contact_address_retires_the_old_links(mailed_request, client):
    link = _link(mail.outbox[0].body)
    Ticket.objects.filter(pk=mailed_request.pk).update(contact_email="new-address@example.ru")

    assert client.get(link).status_code == 404


def test_internal_notes_and_their_files_stay_off_the_link_page(mailed_request, operator, client,
                                                              django_capture_on_commit_callbacks):
    note = _answer(mailed_request, operator, django_capture_on_commit_callbacks, internal=True,
                   body="Гражданин звонил, должник по ФССП", files=_files(("Внутреннее.pdf", PDF)))
    link = _link(mail.outbox[0].body)

    page = client.get(link).content.decode()

    assert "должник по ФССП" not in page and "Внутреннее.pdf" not in page
    assert client.get(f"{link}files/{note.attachments.get().pk}/").status_code == 404
