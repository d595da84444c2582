"""A citizen without an account reads their request and downloads its files by the link from a desk letter."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from mail.citizen_links import LinkExpired, LinkInvalid, citizen_link_ticket
from tickets.downloads import public_attachment_download
from tickets.selectors import ticket_messages


def _private(response):
    """A page or file reached by a secret in its URL: not cached, not indexed, the URL not passed on."""
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request, *, expired: bool):
    context = {"expired": expired, "support_phone": settings.SUPPORT_PHONE}
    return _private(render(request, "mail/link_refused.html", context, status=410 if expired else 404))


@require_safe
def request_by_link(request, token: str):
    try:
        ticket = citizen_link_ticket(token=token)
    except LinkExpired:
        return _refused(request, expired=True)
    except LinkInvalid:
        return _refused(request, expired=False)
    context = {
        "ticket": ticket,
        "token": token,
        "conversation": list(ticket_messages(ticket, include_internal=False)),
        "support_phone": settings.SUPPORT_PHONE,
    }
    # the letters were in the request's language; the language switcher's choice still wins
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ticket.language or "ru"
    with translation.override(language if language in dict(settings.LANGUAGES) else "ru"):
        return _private(render(request, "mail/request_by_link.html", context))


@require_safe
def attachment_by_link(request, token: str, attachment_id: int):
    try:
        ticket = citizen_link_ticket(token=token)
    except LinkExpired:
        return _refused(request, expired=True)
    except LinkInvalid:
        return _refused(request, expired=False)
    return _private(public_attachment_download(ticket, attachment_id))
