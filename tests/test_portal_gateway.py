"""The portal gateway: the demo tables, the HTTP contract of docs/portal-gateway.md against a real local server,
every way the portal can fail (each one is GatewayUnavailable), and the public status page."""

from __future__ import annotations

import json
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from portal import gateway as gateway_module
from portal.demo import DEMO_ACCOUNTS, portal_demo_seed
from portal.gateway import DemoGateway, GatewayUnavailable, HttpGateway, portal_gateway
from portal.models import PortalAccount, PortalApplication, ServiceIncident

TOKEN = "s3cret-token"


class PortalServer(BaseHTTPRequestHandler):
    """Speaks the contract of docs/portal-gateway.md; `answers` maps (method, path) to (status, body)."""

    answers: dict = {}
    requests_seen: list = []

    def do_GET(self):
        self._answer("GET")

    def do_POST(self):
        self._answer("POST")

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length)) if length else None
        url = urlsplit(self.path)
        self.requests_seen.append((method, url.path, parse_qs(url.query), payload, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "unauthorized"})
        status, body = self.answers.get((method, url.path), (404, {"error": "not found"}))
        if callable(body):
            status, body = body()
        return self._send(status, body)

    def _send(self, status: int, body) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def portal_server():
    """A real HTTP server on 127.0.0.1 in a thread; the test fills its answers."""
    PortalServer.answers, PortalServer.requests_seen = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PortalServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/support-api/v1"
    server.shutdown()
    server.server_close()


def contract_answers() -> dict:
    base = "/support-api/v1"
    application = {
        "number": "1234567890",
        "service": "Загранпаспорт",
        "status": "needs_correction",
        "submitted_on": "2026-11-01",
        "due_on": "2026-12-01",
        "correction_note": "приложите фото",
    }
    return {
        ("GET", f"{base}/accounts/status"): (200, {"status": "blocked", "block_reason": "решение ведомства"}),
        ("GET", f"{base}/accounts/identity-confirmation-options"): (
            200,
            {"options": [{"code": "mfc", "title": "МФЦ", "details": "с паспортом"}, {"code": "bank", "title": "Банк"}]},
        ),
        ("POST", f"{base}/accounts/password-reset-links"): (201, {"url": "https://portal.example/reset/abc"}),
        ("GET", f"{base}/accounts/registration-check"): (
            200,
            {"problems": [{"code": "phone_used"}, {"code": "data_mismatch", "field": "СНИЛС"}]},
        ),
        ("GET", f"{base}/applications"): (200, {"applications": [application]}),
        ("GET", f"{base}/applications/1234567890"): (200, application),
        ("GET", f"{base}/incidents"): (
            200,
            {
                "incidents": [
                    {"service": "ЕПГУ", "description": "медленно", "expected_recovery_at": "2026-11-25T12:00:00+03:00"},
                    {"service": "Запись к врачу", "description": "не открывается", "expected_recovery_at": None},
                ]
            },
        ),
    }


def test_the_http_gateway_reads_every_call_of_the_contract(portal_server):
    url = portal_server
    PortalServer.answers = contract_answers()
    gateway = HttpGateway(url, TOKEN)

    status = gateway.account_status(phone="+79160000002")
    options = gateway.identity_confirmation_options(phone="+79160000002")
    reset = gateway.password_reset_link(phone="+79160000002")
    problems = gateway.registration_problems(phone="+79160000004", email="a@b.ru")
    applications = gateway.applications(phone="+79160000001")
    application = gateway.application(number="1234567890")
    incidents = gateway.incidents()

    assert (status.status, status.block_reason) == ("blocked", "решение ведомства")
    assert [(option.code, option.details) for option in options] == [("mfc", "с паспортом"), ("bank", "")]
    assert reset == "https://portal.example/reset/abc"
    assert [(problem.code, problem.field) for problem in problems] == [("phone_used", ""), ("data_mismatch", "СНИЛС")]
    assert applications == [application]
    assert (application.status, application.due_on, application.correction_note) == (
        "needs_correction",
        date(2026, 12, 1),
        "приложите фото",
    )
    assert incidents[0].expected_recovery_at.utcoffset() == timedelta(hours=3)
    assert incidents[1].expected_recovery_at is None
    # what went over the wire: the phone as a query parameter, the reset as a POST with a JSON body, the token
    seen = {(method, path): (query, payload, auth) for method, path, query, payload, auth in PortalServer.requests_seen}
    assert seen[("GET", "/support-api/v1/accounts/status")][0] == {"phone": ["+79160000002"]}
    assert seen[("GET", "/support-api/v1/accounts/registration-check")][0] == {
        "phone": ["+79160000004"],
        "email": ["a@b.ru"],
    }
    assert seen[("POST", "/support-api/v1/accounts/password-reset-links")][1] == {"phone": "+79160000002"}
    assert {auth for *_rest, auth in PortalServer.requests_seen} == {f"Bearer {TOKEN}"}


def test_not_found_means_no_such_account_or_application(portal_server):
    url = portal_server
    gateway = HttpGateway(url, TOKEN)

    assert gateway.account_status(phone="+70000000000") is None
    assert gateway.application(number="0000000000") is None
    assert gateway.applications(phone="+70000000000") == []
    sent = len(PortalServer.requests_seen)
    assert gateway.application(number="../accounts/status") is None
    assert len(PortalServer.requests_seen) == sent  # not an application number: never sent to the portal


@pytest.mark.parametrize(
    ("call", "answer"),
    [
        ("status", (200, {"status": "frozen"})),  # a status outside the contract
        ("status", (200, b"<html>maintenance</html>")),  # not JSON
        ("status", (500, {"error": "internal"})),
        ("status", (503, {"error": "maintenance"})),
        ("reset", (201, {"url": "http://portal.example/reset"})),  # a reset link must be https
        ("reset", (201, {"link": "https://portal.example/reset"})),
        ("application", (200, {"number": "1234567890", "status": "done"})),  # fields missing
        (
            "application",
            (
                200,
                {
                    "number": "1234567890",
                    "service": "x",
                    "status": "done",
                    "submitted_on": "вчера",
                    "due_on": "2026-12-01",
                },
            ),
        ),
        (
            "incidents",
            (
                200,
                {"incidents": [{"service": "ЕПГУ", "description": "x", "expected_recovery_at": "2026-11-25T12:00:00"}]},
            ),
        ),  # no time zone
        ("incidents", (404, {"error": "not found"})),  # the list always exists: a wrong URL
        ("problems", (200, {"problems": [{"code": "unknown_problem"}]})),
    ],
)
def test_answers_outside_the_contract_mean_the_portal_is_unavailable(portal_server, call, answer):
    url = portal_server
    paths = {
        "status": ("GET", "/accounts/status"),
        "reset": ("POST", "/accounts/password-reset-links"),
        "application": ("GET", "/applications/1234567890"),
        "incidents": ("GET", "/incidents"),
        "problems": ("GET", "/accounts/registration-check"),
    }
    method, path = paths[call]
    PortalServer.answers = {(method, f"/support-api/v1{path}"): answer}
    gateway = HttpGateway(url, TOKEN)
    calls = {
        "status": lambda: gateway.account_status(phone="+79160000002"),
        "reset": lambda: gateway.password_reset_link(phone="+79160000002"),
        "application": lambda: gateway.application(number="1234567890"),
        "incidents": gateway.incidents,
        "problems": lambda: gateway.registration_problems(phone="+79160000002"),
    }

    with pytest.raises(GatewayUnavailable):
        calls[call]()


def test_a_wrong_token_is_an_unavailable_portal(portal_server):
    url = portal_server
    PortalServer.answers = contract_answers()

    with pytest.raises(GatewayUnavailable):
        HttpGateway(url, "wrong").incidents()  # 401


def test_a_portal_slower_than_the_timeout_is_unavailable(portal_server, monkeypatch):
    url = portal_server
    monkeypatch.setattr(gateway_module, "READ_TIMEOUT_SECONDS", 0.3)

    def slow():
        time.sleep(1.5)
        return 200, {"incidents": []}

    PortalServer.answers = {("GET", "/support-api/v1/incidents"): (200, slow)}
    started = time.monotonic()

    with pytest.raises(GatewayUnavailable):
        HttpGateway(url, TOKEN).incidents()
    assert time.monotonic() - started < 1.2  # the citizen is not kept waiting for the slow portal


def test_a_portal_that_does_not_listen_or_is_not_configured_is_unavailable():
    with pytest.raises(GatewayUnavailable):
        HttpGateway("http://127.0.0.1:9", TOKEN).account_status(phone="+79160000002")  # nothing listens on 9
    with pytest.raises(GatewayUnavailable):
        HttpGateway("", TOKEN).incidents()


def test_the_setting_chooses_the_implementation(settings):
    settings.PORTAL_GATEWAY, settings.PORTAL_GATEWAY_URL = "http", "https://portal.example/api"
    assert isinstance(portal_gateway(), HttpGateway)

    settings.PORTAL_GATEWAY = "demo"
    assert isinstance(portal_gateway(), DemoGateway)


# --- the demo implementation on local tables ---


@pytest.mark.django_db
def test_the_demo_seed_is_idempotent_and_covers_every_state():
    portal_demo_seed()
    portal_demo_seed()

    assert set(PortalAccount.objects.values_list("status", flat=True)) == set(PortalAccount.Status.values)
    assert set(PortalApplication.objects.values_list("status", flat=True)) == set(PortalApplication.Status.values)
    assert PortalAccount.objects.count() == len(DEMO_ACCOUNTS)
    assert ServiceIncident.objects.filter(resolved_at=None).count() == 1


@pytest.mark.django_db
def test_the_demo_gateway_answers_from_its_tables():
    portal_demo_seed()
    gateway = DemoGateway()

    assert gateway.account_status(phone="+79160000002").block_reason == "пять неверных попыток ввода пароля подряд"
    assert gateway.account_status(phone="+79169999999") is None
    assert {option.code for option in gateway.identity_confirmation_options(phone="+79160000003")} >= {"mfc", "bank"}
    assert gateway.password_reset_link(phone="+79160000002").startswith("https://")
    assert [p.code for p in gateway.registration_problems(phone="+79160000004", email="ivanov@mail")] == [
        "invalid_email",
        "phone_used",
    ]
    assert [(p.code, p.field) for p in gateway.registration_problems(phone="+79160000005")] == [
        ("data_mismatch", "СНИЛС")
    ]
    assert gateway.registration_problems(phone="+79169999999", email="new@mail.ru") == []
    assert [a.number for a in gateway.applications(phone="+79160000001")] == ["2234567890", "1234567890"]
    assert gateway.application(number="2234567890").correction_note.startswith("приложите справку")
    assert [incident.service for incident in gateway.incidents()] == ["Запись к врачу"]


# --- the public status page ---


@pytest.mark.django_db
def test_the_status_page_shows_outages_with_their_recovery_time(client):
    portal_demo_seed()
    ServiceIncident.objects.create(
        service="Старый сбой", description="починили", started_at=timezone.now(), resolved_at=timezone.now()
    )

    page = client.get("/status/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Запись к врачу" in text and "Ожидаемое время восстановления" in text
    assert "Старый сбой" not in text


@pytest.mark.django_db
def test_the_status_page_says_when_all_is_well_and_when_monitoring_is_silent(client, settings):
    assert "Все сервисы работают в обычном режиме" in client.get("/status/").content.decode()

    settings.PORTAL_GATEWAY, settings.PORTAL_GATEWAY_URL = "http", "http://127.0.0.1:9"
    page = client.get("/status/")

    assert page.status_code == 200 and "Сведения мониторинга сейчас недоступны" in page.content.decode()
