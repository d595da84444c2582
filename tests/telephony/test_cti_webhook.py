"""The webhook's contract at the HTTP level: tokens, validation, clear 4xx answers, never a 500."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telephony.models import Call, PbxToken
from telephony.services import pbx_token_find, pbx_token_issue
from tests.telephony.conftest import EVENTS_URL, inbound

pytestmark = pytest.mark.django_db


def test_a_request_without_a_token_is_401_with_a_bearer_challenge(client):
    response = client.post(EVENTS_URL, data=json.dumps({"event": "newCall", "callId": "x"}),
                           content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Call.objects.exists()


@pytest.mark.parametrize("header", ["Bearer wrong-token-value", "Bearer", "Bearer a b", "Token abc", "Bearer ÿ"])
def test_a_wrong_or_malformed_token_is_refused(client, pbx_token, header):
    response = client.post(EVENTS_URL, data=json.dumps(inbound("x", event="newCall")),
                           content_type="application/json", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert not Call.objects.exists()


def test_a_token_differing_only_after_its_prefix_is_refused(post_event, pbx_token):
    forged = pbx_token[:8] + ("A" if pbx_token[8] != "A" else "B") + pbx_token[9:]

    assert post_event(token=forged, event="newCall", **inbound("x")).status_code == 401


def test_a_revoked_token_is_403(post_event, pbx_token):
    PbxToken.objects.update(is_active=False)

    response = post_event(event="newCall", **inbound("x"))

    assert response.status_code == 403
    assert "отозван" in response.json()["detail"]


def test_only_the_hash_of_the_token_is_stored_and_use_is_recorded(post_event, pbx_token):
    post_event(event="newCall", **inbound("x"))

    pbx = PbxToken.objects.get()
    assert pbx_token not in (pbx.token_hash, pbx.prefix) and len(pbx.token_hash) == 64
    assert pbx.last_used_at is not None
    assert pbx_token_find(pbx_token) == pbx and pbx_token_find("") is None


def test_each_pbx_gets_its_own_token(db):
    _first, first_token = pbx_token_issue(name="Москва")
    second, second_token = pbx_token_issue(name="Новосибирск")

    assert first_token != second_token
    assert pbx_token_find(second_token) == second


def test_malformed_json_is_400(client, pbx_token):
    response = client.post(EVENTS_URL, data='{"event": "newCall", "callId": ', content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {pbx_token}")

    assert response.status_code == 400


@pytest.mark.parametrize("body", ["[]", '"newCall"', "null", "42"])
def test_json_that_is_not_an_object_is_400(client, pbx_token, body):
    response = client.post(EVENTS_URL, data=body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {pbx_token}")

    assert response.status_code == 400


def test_a_form_encoded_body_is_415(client, pbx_token):
    response = client.post(EVENTS_URL, data={"event": "newCall", "callId": "x"},
                           HTTP_AUTHORIZATION=f"Bearer {pbx_token}")

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"callId": "x"}, "event"),
        ({"event": "ring", "callId": "x"}, "event"),
        ({"event": "newCall"}, "callId"),
        ({"event": "newCall", "callId": "   "}, "callId"),
        ({"event": "newCall", "callId": "x" * 251}, "callId"),
        ({"event": "newCall", "callId": "x", "direction": "sideways"}, "direction"),
        ({"event": "hangup", "callId": "x"}, "cause"),
        ({"event": "hangup", "callId": "x", "cause": "exploded"}, "cause"),
        ({"event": "newCall", "callId": "x", "digits": "12a"}, "digits"),
        ({"event": "newCall", "callId": "x", "recordingUrl": "http://pbx/rec.ogg"}, "recordingUrl"),
        ({"event": "newCall", "callId": "x", "recordingUrl": "javascript:alert(1)"}, "recordingUrl"),
        ({"event": "newCall", "callId": "x", "timestamp": "вчера"}, "timestamp"),
        ({"event": "newCall", "callId": "x", "timestamp": "2026-01-01T10:00:00"}, "timestamp"),
        ({"event": "newCall", "callId": "x", "timestamp": "1999-01-01T10:00:00+03:00"}, "timestamp"),
        ({"event": "newCall", "callId": "x", "timestamp": 10**20}, "timestamp"),
        ({"event": "newCall", "callId": "x", "timestamp": True}, "timestamp"),
        ({"event": "newCall", "callId": "x", "from": {"number": 1}}, "from"),
        ({"event": "newCall", "callId": "x", "transcript": "a\x00b"}, "transcript"),
    ],
)
def test_invalid_fields_are_400_naming_the_field(post_event, payload, field):
    response = post_event(**payload)

    assert response.status_code == 400
    assert field in response.json()
    assert not Call.objects.exists()


def test_a_timestamp_too_far_in_the_future_is_refused_in_russian(post_event):
    future = (timezone.now() + timedelta(hours=1)).isoformat()

    response = post_event(event="newCall", timestamp=future, **inbound("x"))

    assert response.status_code == 400
    assert "Время события вне допустимого окна" in response.json()["timestamp"][0]


def test_unix_seconds_and_zulu_timestamps_are_accepted(post_event):
    moment = timezone.now().replace(microsecond=0) - timedelta(seconds=30)

    post_event(event="newCall", timestamp=int(moment.timestamp()), **inbound("unix"))
    post_event(event="newCall", timestamp=moment.strftime("%Y-%m-%dT%H:%M:%SZ"), **inbound("zulu"))

    assert Call.objects.get(call_id="unix").started_at == moment
    assert Call.objects.get(call_id="zulu").started_at == moment


def test_a_zammad_style_answering_number_names_the_operator(post_event, citizen, operator):
    post_event(event="newCall", **inbound("z"))

    post_event(event="answer", answeringNumber=operator.email.upper(), **inbound("z"))

    assert Call.objects.get(call_id="z").operator == operator


FIELD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=300),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
PAYLOADS = st.one_of(
    st.fixed_dictionaries(
        {
            "event": st.sampled_from(["newCall", "answer", "hangup", "bogus"]),
            "callId": st.text(min_size=1, max_size=20),
        },
        optional={
            "from": FIELD_VALUES, "to": FIELD_VALUES, "direction": st.sampled_from(["in", "out", "x"]),
            "user": FIELD_VALUES, "cause": st.sampled_from(["noAnswer", "cancel", "normalClearing", "??"]),
            "digits": FIELD_VALUES, "transcript": FIELD_VALUES, "recordingUrl": FIELD_VALUES,
            "timestamp": FIELD_VALUES, "queue": FIELD_VALUES, "answeringNumber": FIELD_VALUES,
        },
    ),
    st.dictionaries(st.text(max_size=10), FIELD_VALUES, max_size=5),
    FIELD_VALUES,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=PAYLOADS)
def test_random_payloads_never_cause_a_server_error(client, pbx_token, payload):
    response = client.post(EVENTS_URL, data=json.dumps(payload), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {pbx_token}")

    assert response.status_code in (200, 400), response.content
