"""Hotline test helpers: a PBX with its token, and events posted the way a PBX posts them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from telephony.ivr_menu import ivr_menu_ensure
from telephony.models import IvrChoice
from telephony.services import pbx_token_issue
from tickets.models import Topic

EVENTS_URL = "/api/v1/cti/events/"
HOTLINE = "+74957777777"
CITIZEN_PHONE_AS_PBX_SENDS = "89123456789"  # the `citizen` persona's +7 912 345-67-89, as Asterisk prints it


@pytest.fixture(autouse=True)
def _ivr_menu(_reference_data, request):
    """The default menu comes from a data migration; transactional tests flush it, so put it back."""
    uses_db = request.node.get_closest_marker("django_db") is not None or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db:
        ivr_menu_ensure(IvrChoice, Topic)


@pytest.fixture
def pbx_token(db) -> str:
    _pbx, token = pbx_token_issue(name="Asterisk горячей линии")
    return token


@pytest.fixture
def post_event(client, pbx_token):
    """post_event(event="newCall", callId=…, …) → the response; at=seconds after a fixed start sets timestamp."""
    start = timezone.now() - timedelta(minutes=10)

    def post(*, at: float | None = None, token: str | None = None, **payload):
        if at is not None:
            payload["timestamp"] = (start + timedelta(seconds=at)).isoformat()
        return client.post(
            EVENTS_URL,
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token or pbx_token}",
        )

    post.start = start
    return post


def inbound(call_id: str, number: str = CITIZEN_PHONE_AS_PBX_SENDS, **extra) -> dict:
    return {"callId": call_id, "from": number, "to": HOTLINE, "direction": "in", **extra}
