"""A chat's transcript as a file: plain UTF-8 text or a self-contained HTML page.

Built from the stored messages, which are never edited: the conversation in the database is the archive,
and every download gives the same text for the same messages.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from chat.selectors import transcript_messages
from tickets.models import Ticket, TicketMessage

FORMATS = ("txt", "html")


def _author(message: TicketMessage, *, for_staff: bool) -> str:
    kind = message.author_kind
    if kind == TicketMessage.AuthorKind.CITIZEN:
        return _("Гражданин") if for_staff else _("Вы")
    if kind == TicketMessage.AuthorKind.AGENT:
        if for_staff and message.author is not None:
            return message.author.display_name
        return _("Специалист поддержки")
    if kind == TicketMessage.AuthorKind.ASSISTANT:
        return _("Помощник")
    return _("Система")


def transcript_text(*, ticket: Ticket, messages: list[TicketMessage], for_staff: bool) -> str:
    lines = [
        _("Переписка по обращению %(number)s") % {"number": ticket.number},
        _("Начата: %(when)s") % {"when": timezone.localtime(ticket.created_at).strftime("%d.%m.%Y %H:%M")},
        _("Выгружена: %(when)s") % {"when": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
        "",
    ]
    for message in messages:
        stamp = timezone.localtime(message.created_at).strftime("%d.%m.%Y %H:%M:%S")
        note = " [" + _("внутренняя заметка") + "]" if message.is_internal else ""
        lines.append(f"[{stamp}] {_author(message, for_staff=for_staff)}{note}:")
        lines.extend(f"  {line}" for line in message.body.splitlines() or [""])
        for attachment in message.attachments.all():
            lines.append("  " + _("Вложение: %(name)s (%(size)d байт)") % {"name": attachment.original_name,
                                                                           "size": attachment.size})
        lines.append("")
    return "\n".join(lines)


def transcript_response(*, ticket: Ticket, fmt: str, for_staff: bool) -> HttpResponse:
    """The download; internal notes only in the staff copy. The citizen's copy speaks the chat's language."""
    fmt = fmt if fmt in FORMATS else "txt"
    messages = transcript_messages(ticket=ticket, include_internal=for_staff)
    language = translation.get_language() if for_staff else ticket.language
    with translation.override(language):
        if fmt == "html":
            rows = [(message, _author(message, for_staff=for_staff)) for message in messages]
            body = render_to_string(
                "chat/transcript.html", {"ticket": ticket, "rows": rows, "language": language, "now": timezone.now()}
            )
            response = HttpResponse(body, content_type="text/html; charset=utf-8")
        else:
            body = transcript_text(ticket=ticket, messages=messages, for_staff=for_staff)
            response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chat-{ticket.number}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
