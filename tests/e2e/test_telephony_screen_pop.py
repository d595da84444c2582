"""The hotline in a real browser: a PBX posts call events over HTTP, the answering operator's desk pops them."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.services import citizen_register, staff_create
from telephony.services import pbx_token_issue
from tests.conftest import TOTP_KEY
from tests.e2e.conftest import OPERATOR_PASSWORD
from tests.e2e.test_request_answered import TIMEOUT_MS, sign_in
from tickets.models import Topic

OPERATOR = "e2e.hotline@support.example"


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def hotline_operator(e2e_database, django_db_blocker):
    """An operator of this module's own: a TOTP code is accepted once, so personas don't share codes."""
    with django_db_blocker.unblock():
        return staff_create(email=OPERATOR, password=OPERATOR_PASSWORD, role=Role.OPERATOR, first_name="Ирина",
                            last_name="Звонкова", skills=[Topic.objects.get(code="registration")], totp_key=TOTP_KEY)


def post_event(base_url: str, token: str, payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 — the test's own server on 127.0.0.1
        base_url + reverse("cti:events"),
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def test_an_answered_call_pops_up_on_the_operators_desk_with_a_link_to_the_call(
    hotline_operator, db_access, page: Page, base_url
):
    citizen_register(email="e2e.caller@example.ru", password="Gosuslugi-2026!", first_name="Пётр",
                     last_name="Сидоров", phone="+7 903 111-22-33")
    _pbx, token = pbx_token_issue(name="Asterisk e2e")
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, email=OPERATOR, password=OPERATOR_PASSWORD)
    code = f"{TOTP(bytes.fromhex(TOTP_KEY), digits=6).token():06d}"
    page.get_by_label("Код из приложения-аутентификатора").fill(code)
    page.get_by_role("button", name="Подтвердить").click()
    page.goto(reverse("desk:queue"))
    page.wait_for_load_state("networkidle")  # desk-live.js has opened its socket

    call = {"callId": "e2e-call-1", "from": "89031112233", "to": "+74957777777", "direction": "in"}
    post_event(base_url, token, {"event": "newCall", "digits": "12", **call})
    answered = post_event(base_url, token, {"event": "answer", "user": OPERATOR, **call})

    alert = page.get_by_role("alert").filter(has_text="Вы приняли звонок")
    expect(alert).to_contain_text("Сидоров Пётр")
    expect(alert).to_contain_text("Восстановление пароля")
    expect(alert).not_to_contain_text("+79031112233")  # masked
    alert.get_by_role("link", name=re.compile(r"Карточка звонка SD-\d{4}-\d{6}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(answered["ticket"])
    expect(page.get_by_text("Сидоров Пётр")).to_be_visible()
