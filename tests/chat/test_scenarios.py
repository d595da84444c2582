"""AU5 scenarios in the chat through the portal gateway: sign-in, applications, outages, uploads."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.sessions.backends.db import SessionStore

from chat.models import DialogueState
from chat.services import chat_message_send, chat_start
from portal.demo import portal_demo_seed
from portal.gateway import GatewayUnavailable, HttpGateway
from tickets.models import Ticket, TicketMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def portal():
    portal_demo_seed()


@pytest.fixture
def talk(citizen, django_capture_on_commit_callbacks):
    session, state = SessionStore(), {}

    def say(text: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            if "ticket" not in state:
                state["ticket"] = chat_start(session=session, citizen=citizen, body=text,
                                             client_message_id=str(uuid.uuid4()))
            else:
                chat_message_send(ticket=state["ticket"], author=citizen, as_staff=False, body=text,
                                  client_message_id=str(uuid.uuid4()))
        state["ticket"].refresh_from_db()
        return (state["ticket"].messages.filter(author_kind=TicketMessage.AuthorKind.ASSISTANT, is_internal=False)
                .order_by("-created_at", "-pk").values_list("body", flat=True).first() or "")

    say.ticket = lambda: state["ticket"]
    return say


def test_sign_in_failure_asks_for_the_phone_then_names_the_block_and_the_fix(talk):
    assert "Напишите номер телефона" in talk("Не могу войти в личный кабинет")

    answer = talk("+7 916 000-00-02")

    assert "заблокирована: пять неверных попыток ввода пароля подряд" in answer
    assert "https://www.gosuslugi.ru/recovery" in answer and "Это помогло?" in answer


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+79160000003", "не подтверждена"),
        ("+79160000004", "уже привязан к другой учётной записи"),
        ("+79160000005", "СНИЛС не совпадает с данными ведомства"),
        ("+79160000001", "Учётная запись в порядке"),
        ("+79169999999", "Учётной записи с номером +79169999999 нет"),
    ],
)
def test_each_account_state_gets_its_concrete_fix(talk, phone, expected):
    assert expected in talk(f"Не получается войти, мой телефон {phone}")


def test_application_status_names_status_date_and_what_to_correct(talk):
    assert "Напишите номер заявления" in talk("Какой статус заявления?")

    answer = talk("2234567890")

    assert "требуется исправление: приложите справку о доходах" in answer and "Исправьте до" in answer


def test_a_known_outage_is_reported_with_its_recovery_time(talk):
    answer = talk("Запись к врачу не работает, сайт выдаёт ошибку")

    assert "«Запись к врачу»" in answer and "восстановим примерно к" in answer


def test_upload_errors_get_format_size_and_browser(talk):
    answer = talk("Не загружается файл со сканом паспорта")

    assert "PDF, JPG или PNG" in answer and "МБ" in answer and "браузер" in answer


def test_a_portal_that_does_not_answer_hands_over(talk, settings):
    settings.PORTAL_GATEWAY, settings.PORTAL_GATEWAY_URL = "http", "http://127.0.0.1:9/"  # nothing listens there

    talk("Не могу войти, телефон +7 916 000-00-02")

    ticket = talk.ticket()
    assert ticket.status == Ticket.Status.TRIAGED
    assert DialogueState.objects.get(ticket=ticket).handover_reason == "scenario_failed"


class PortalStub(BaseHTTPRequestHandler):
    """The HTTP contract of docs/portal-gateway.md, answered by a local server."""

    def do_GET(self):
        if self.headers.get("Authorization") != "Bearer secret":
            return self._send(401, {"error": "unauthorized"})
        routes = {
            "/accounts/status?phone=%2B79160000002": {"status": "blocked", "block_reason": "решение ведомства"},
            "/accounts/password-reset-link?phone=%2B79160000002": {"url": "https://example.test/reset"},
            "/applications/1234567890": {"number": "1234567890", "service": "Загранпаспорт", "status": "in_review",
                                         "submitted_on": "2026-11-01", "due_on": "2026-12-01"},
            "/applications/broken": {"number": "x"},
            "/incidents": {"incidents": [{"service": "ЕПГУ", "description": "медленно",
                                          "expected_recovery_at": "2026-11-25T12:00:00+03:00"}]},
        }
        if self.path in routes:
            return self._send(200, routes[self.path])
        return self._send(404, {"error": "not found"})

    def _send(self, code, payload):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def portal_stub():
    server = HTTPServer(("127.0.0.1", 0), PortalStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_http_gateway_speaks_the_documented_contract(portal_stub):
    gateway = HttpGateway(portal_stub, "secret")

    assert gateway.account_status(phone="+79160000002").block_reason == "решение ведомства"
    assert gateway.password_reset_link(phone="+79160000002") == "https://example.test/reset"
    assert gateway.account_status(phone="+70000000000") is None
    assert gateway.application(number="1234567890").status == "in_review"
    assert gateway.incidents()[0].service == "ЕПГУ"
    with pytest.raises(GatewayUnavailable):
        gateway.application(number="broken")  # a malformed answer is an unavailable portal
    with pytest.raises(GatewayUnavailable):
        HttpGateway(portal_stub, "wrong").incidents()  # 401
