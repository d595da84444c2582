"""A request's files as the citizen's side receives them: the portal, a mail link, the API and the chat."""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from tickets.models import Ticket


def public_attachment_download(ticket: Ticket, attachment_id: int) -> FileResponse:
    """A file of the request's public conversation (files of internal notes stay inside), always as a download
    the browser does not sniff, kept out of shared caches. Http404 when there is no such file."""
    attachment = (
        ticket.attachments.filter(pk=attachment_id)
        .filter(Q(message__isnull=True) | Q(message__is_internal=False))
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except OSError as error:  # the row outlived its file (restore from backup, storage fault)
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)  # personal documents stay out of shared caches
    return response
