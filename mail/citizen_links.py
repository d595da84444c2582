"""Signed, expiring links for citizens who wrote by mail and have no account: they read their request and
download its files with the link from the desk's letter, and with nothing else.

The token names the request and a tag of its contact address (a changed address makes old links invalid),
signed with SECRET_KEY (django.core.signing, its own salt) and dated; it expires after CITIZEN_LINK_MAX_AGE.
Every letter about the request carries a fresh one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tickets.models import Attachment, Ticket

CITIZEN_LINK_MAX_AGE = timedelta(days=30)
_SALT = "mail.citizen-link"


class LinkInvalid(Exception):
    """Not a link the desk made (mistyped, cut, forged), or its request or address changed."""


class LinkExpired(LinkInvalid):
    pass


def _address_tag(ticket: Ticket) -> str:
    return salted_hmac(_SALT, (ticket.contact_email or "").lower()).hexdigest()[:16]


def citizen_link_token(*, ticket: Ticket) -> str:
    return signing.dumps({"t": ticket.pk, "e": _address_tag(ticket)}, salt=_SALT)


def citizen_link_expires(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + CITIZEN_LINK_MAX_AGE


def citizen_link_ticket(*, token: str) -> Ticket:
    """The request a token opens; raises LinkExpired or LinkInvalid."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=CITIZEN_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError) as error:  # ValueError: a token cut in the middle of its base64
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        raise LinkInvalid
    ticket = Ticket.objects.select_related("topic").filter(pk=payload["t"]).first()
    if ticket is None or not ticket.contact_email or not constant_time_compare(
        str(payload.get("e", "")), _address_tag(ticket)
    ):
        raise LinkInvalid
    return ticket


def citizen_link_url(*, ticket: Ticket, token: str | None = None) -> str:
    return settings.SITE_URL + reverse("mail:request_by_link", args=[token or citizen_link_token(ticket=ticket)])


def citizen_file_url(*, attachment: Attachment, token: str) -> str:
    return settings.SITE_URL + reverse("mail:attachment_by_link", args=[token, attachment.pk])
