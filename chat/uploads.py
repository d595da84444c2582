"""Files sent into a chat over HTTP by either side: one JSON answer for the chat's script (chat.js)."""

from __future__ import annotations

import uuid

from django.http import JsonResponse
from django.utils.translation import gettext as _

from chat.services import chat_message_send
from supportdesk.errors import DomainError
from tickets.attachments import attachments_check
from tickets.errors import AttachmentRejected
from tickets.models import Ticket


def chat_upload_response(request, *, ticket: Ticket, as_staff: bool) -> JsonResponse:
    """200 {"message_id", "duplicate"} once saved (the message then arrives over the socket); 400 {"error"} in
    Russian (type, size, count) with nothing saved; 409 {"error"} when the chat has ended."""
    uploads = request.FILES.getlist("files")
    if not uploads:
        return JsonResponse({"error": _("Выберите файл: изображение, PDF, DOCX, ODT или текст.")}, status=400)
    try:
        client_message_id = str(uuid.UUID(request.POST.get("client_message_id") or ""))
    except ValueError:
        client_message_id = ""  # no resend protection for this one, but the files are still taken
    try:
        message, created = chat_message_send(
            ticket=ticket,
            author=request.user,
            as_staff=as_staff,
            body=(request.POST.get("body") or "").strip(),
            client_message_id=client_message_id,
            attachments=attachments_check(uploads),
        )
    except AttachmentRejected as error:
        return JsonResponse({"error": str(error)}, status=400)
    except DomainError as error:
        return JsonResponse({"error": str(error)}, status=409)
    return JsonResponse({"message_id": message.pk, "duplicate": not created})
