"""The walking skeleton in a real browser: a citizen opens a request, an operator answers it, the citizen reads it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.conftest import TOTP_KEY
from tests.e2e.conftest import CITIZEN_PASSWORD, OPERATOR_PASSWORD

TIMEOUT_MS = 15_000  # a loaded 2-core machine; the server renders the first page cold
NUMBER = re.compile(r"SD-\d{4}-\d{6}")


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


def sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label(re.compile(r"^Пароль:?$")).fill(password)
    page.get_by_role("main").get_by_role("button", name="Войти").click()


def test_citizen_request_is_answered_by_an_operator_and_the_citizen_reads_the_answer(people, new_context, base_url):
    citizen_page = new_context().new_page()
    citizen_page.set_default_timeout(TIMEOUT_MS)

    # the citizen signs in and opens a request
    sign_in(citizen_page, email="e2e.citizen@example.ru", password=CITIZEN_PASSWORD)
    citizen_page.goto(reverse("tickets:citizen_new"))
    citizen_page.get_by_label("Кратко о проблеме").fill("Не приходит СМС с кодом")
    citizen_page.get_by_label("Подробное описание").fill(
        "При входе на портал жду СМС с кодом подтверждения уже 20 минут, код не приходит."
    )
    citizen_page.get_by_role("button", name="Отправить обращение").click()

    # the confirmation names the request's number; the page is the request itself
    heading = citizen_page.get_by_role("heading", level=1)
    expect(heading).to_have_text(NUMBER)
    number = NUMBER.search(heading.inner_text()).group(0)
    expect(citizen_page.get_by_text(f"Обращение {number} зарегистрировано")).to_be_visible()

    # the operator signs in with the second factor
    operator_page = new_context().new_page()
    operator_page.set_default_timeout(TIMEOUT_MS)
    sign_in(operator_page, email="e2e.operator@support.example", password=OPERATOR_PASSWORD)
    expect(operator_page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))
    code = f"{TOTP(bytes.fromhex(TOTP_KEY), digits=6).token():06d}"
    operator_page.get_by_label("Код из приложения-аутентификатора").fill(code)
    operator_page.get_by_role("button", name="Подтвердить").click()

    # goes on the line (only an operator on the line takes requests), finds the request, opens it and answers
    operator_page.goto(reverse("desk:queue"))
    operator_page.get_by_label("на линии").check()
    operator_page.get_by_role("button", name="Сохранить статус").click()
    expect(operator_page.get_by_text("Ваш статус: «на линии».")).to_be_visible()
    operator_page.get_by_role("link", name=number).click()
    expect(operator_page.get_by_role("heading", level=1)).to_contain_text(number)
    answer = "Здравствуйте! Проверьте, что номер телефона в профиле указан верно, и запросите код повторно."
    operator_page.get_by_label(re.compile(r"^Ответ:?$")).fill(answer)
    operator_page.get_by_role("button", name="Отправить", exact=True).click()
    expect(operator_page.locator("#conversation, .conversation").first).to_contain_text(answer)

    # the citizen's open page receives the answer live over the websocket, without a reload
    conversation = citizen_page.locator("#conversation")
    expect(conversation).to_contain_text(answer)
    # and it is stored: a fresh load shows it too
    citizen_page.reload()
    expect(conversation).to_contain_text(answer)


def test_the_first_tab_reaches_the_skip_link_and_it_moves_focus_to_the_content(page: Page, base_url):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_have_text("Перейти к содержимому")
    expect(focused).to_be_visible()  # a skip link shown only on focus must really show

    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")
