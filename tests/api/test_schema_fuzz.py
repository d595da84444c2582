"""Schemathesis against the published OpenAPI schema: every operation of /api/v1/, signed in as a citizen.

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
from tests.api.conftest import scan_upload
from tests.conftest import registration_request
from tickets.attachments import attachments_check
from tickets.models import Channel
from tickets.services import message_post, ticket_intake

pytestmark = pytest.mark.django_db

# ~15 operations × (random + real path values): about 15 s on a loaded 2-core machine. A deeper, random run
# for local hunting: API_FUZZ_EXAMPLES=200 pytest tests/api/test_schema_fuzz.py (the time bound then lifts).
DEEP_RUN = int(os.environ.get("API_FUZZ_EXAMPLES", "0"))
EXAMPLES_PER_STRATEGY = DEEP_RUN or 15
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


def test_every_operation_answers_as_documented(citizen, generous_rates, known_values, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.include(path_regex=r"^/api/v1/(?!cti/)").get_all_operations()]
    assert len(operations) >= 15  # every operation of the app is in the schema

    def fuzz(strategy) -> None:
        @settings(
            max_examples=EXAMPLES_PER_STRATEGY,
            deadline=None,
            database=None,
            derandomize=not DEEP_RUN,  # the same cases on every run: a failure is reproducible
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call_and_check(case):
            # a fresh token each time: the fuzzer also calls DELETE /auth/token/, which revokes the one it used
            raw_key, _token = token_issue(user=citizen)
            response = case.call(headers={"Authorization": f"Bearer {raw_key}"})
            case.validate_response(response, checks=CHECKS)

        call_and_check()

    started, negative_runs = time.monotonic(), 0
    for operation in operations:
        fuzz(operation.as_strategy())
        if "{" in operation.path:
            fuzz(operation.as_strategy(path_parameters=_path_values(operation.path, known_values)))
        try:  # schema-breaking input: wrong types, missing fields, out-of-range values
            fuzz(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
            negative_runs += 1
        except Unsatisfiable:  # nothing to break: e.g. only optional free-text query parameters
            continue

    assert negative_runs >= 10
    assert DEEP_RUN or time.monotonic() - started < 60
