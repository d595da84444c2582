"""Schemathesis against the published OpenAPI schema: every operation of /api/v1/, signed in as a citizen; the
PBX's CTI webhook with a PBX token; and every operation without a token or with a bad one.

Each operation gets generated requests (random path values, and real ones so the handlers run past the
404), sent through Django's WSGI handler. No answer may be a 5xx, and every answer must be one the schema
documents: status, content type, body and headers.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import token_issue
from knowledgebase.services import article_upsert, category_upsert
from telephony.ivr_menu import ivr_menu_ensure
from telephony.models import IvrChoice
from telephony.services import pbx_token_issue
from tests.api.conftest import scan_upload
from tests.conftest import registration_request
from tickets.attachments import attachments_check
from tickets.models import Channel, Topic
from tickets.services import message_post, ticket_intake

pytestmark = pytest.mark.django_db

# ~16 operations × (random + real path values): about 15 s on a loaded 2-core machine; the CTI and the
# token-less passes add about 10 s more. A deeper, random run for local hunting:
# API_FUZZ_EXAMPLES=200 pytest tests/api/test_schema_fuzz.py (the time bounds then lift).
DEEP_RUN = int(os.environ.get("API_FUZZ_EXAMPLES", "0"))
EXAMPLES_PER_STRATEGY = DEEP_RUN or 15
# without a token most operations stop at authentication: a few cases each show that nothing breaks there
EXAMPLES_WITHOUT_SIGN_IN = DEEP_RUN or 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def generous_rates(settings):
    """The fuzzer sends hundreds of requests; rate limits have their own tests (test_throttling.py)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "100000/min" for scope in
                                   ("api_anonymous", "api_citizen", "api_sign_in", "api_create")},
    }


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, keeping the test's database connection open between requests.

    Around each request Django closes old connections; that would close the test's transaction. The test
    client disconnects the same signal handler for the same reason.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def known_values(citizen):
    """Real path values, so generated requests also reach the handlers' happy paths."""
    ticket = registration_request(citizen)
    message, _ = message_post(ticket=ticket, author=citizen, body="Скан", author_kind="citizen",
                              channel=Channel.WEB, attachments=attachments_check([scan_upload()]))
    chat = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body="Вопрос в чате")
    category = category_upsert(slug="vhod", name="Вход")[0]
    article = article_upsert(slug="parol", category=category, title="Пароль", summary="Кратко", body="Текст")[0]
    return {
        "request": {"number": ticket.number, "attachment_id": message.attachments.get().pk},
        "chat": {"number": chat.number},
        "article": {"slug": article.slug},
    }


def _path_values(path: str, known: dict) -> dict:
    if path.startswith("/api/v1/chats/"):
        return known["chat"]
    if path.startswith("/api/v1/kb/"):
        return known["article"]
    values = known["request"]
    return {name: value for name, value in values.items() if "{" + name + "}" in path}


def _fuzz(strategy, headers, *, examples: int = EXAMPLES_PER_STRATEGY, checks=CHECKS, seen=None) -> None:
    """Run one strategy's generated cases; headers() gives each call's headers; seen collects the statuses."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not DEEP_RUN,  # the same cases on every run: a failure is reproducible
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call_and_check(case):
        response = case.call(headers=headers())
        if seen is not None:
            seen.append(response.status_code)
        case.validate_response(response, checks=checks)

    call_and_check()


def _operations(wsgi_app, path_regex: str) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    return [result.ok() for result in schema.include(path_regex=path_regex).get_all_operations()]


def test_every_operation_answers_as_documented(citizen, generous_rates, known_values, wsgi_app):
    operations = _operations(wsgi_app, r"^/api/v1/(?!cti/)")
    assert len(operations) >= 16  # every operation of the app is in the schema

    def signed_in() -> dict:
        # a fresh token each time: the fuzzer also calls DELETE /auth/token/, which revokes the one it used
        raw_key, _token = token_issue(user=citizen)
        return {"Authorization": f"Bearer {raw_key}"}

    started, negative_runs = time.monotonic(), 0
    for operation in operations:
        _fuzz(operation.as_strategy(), signed_in)
        if "{" in operation.path:
            _fuzz(operation.as_strategy(path_parameters=_path_values(operation.path, known_values)), signed_in)
        try:  # schema-breaking input: wrong types, missing fields, out-of-range values
            _fuzz(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), signed_in)
            negative_runs += 1
        except Unsatisfiable:  # nothing to break: e.g. only optional free-text query parameters
            continue

    assert negative_runs >= 10
    assert DEEP_RUN or time.monotonic() - started < 60


def test_the_cti_webhook_answers_as_documented(citizen, operator, wsgi_app):
    """The PBX's side: generated call events and routing questions with a valid PBX token."""
    ivr_menu_ensure(IvrChoice, Topic)
    _pbx, token = pbx_token_issue(name="Asterisk для проверки схемы")
    operations = _operations(wsgi_app, r"^/api/v1/cti/")
    assert {operation.path for operation in operations} == {"/api/v1/cti/events/", "/api/v1/cti/route/"}

    def pbx() -> dict:
        return {"Authorization": f"Bearer {token}"}

    started, statuses = time.monotonic(), []
    for operation in operations:
        _fuzz(operation.as_strategy(), pbx, seen=statuses)
        _fuzz(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), pbx, seen=statuses)

    assert {200, 400} <= set(statuses)  # the generated events reached the handlers, valid and not
    assert DEEP_RUN or time.monotonic() - started < 30


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer sdm_not-a-real-token", "Bearer", "Token abc", "Bearer sdm_\xff\xfe", "Bearer ключ"],
    ids=["no-token", "unknown-token", "no-key", "other-scheme", "raw-bytes", "non-latin"],
)
def test_without_a_valid_token_every_operation_answers_as_documented(
    authorization, citizen, generous_rates, known_values, wsgi_app
):
    """Anonymous callers and broken tokens: the app's own operations and the CTI webhook alike."""
    _pbx, _token = pbx_token_issue(name="АТС, чей токен никто не прислал")
    operations = _operations(wsgi_app, r"^/api/v1/")

    def headers() -> dict:
        return {} if authorization is None else {"Authorization": authorization}

    started = time.monotonic()
    for operation in operations:
        strategy = (operation.as_strategy(path_parameters=_path_values(operation.path, known_values))
                    if "{" in operation.path and "/cti/" not in operation.path else operation.as_strategy())
        _fuzz(strategy, headers, examples=EXAMPLES_WITHOUT_SIGN_IN)

    assert DEEP_RUN or time.monotonic() - started < 30
