"""The live chat in a real browser: the widget, the assistant's handover, an operator's answer, typing, a file."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY
from tests.e2e.chat_helpers import off_the_loop, on_the_line
from tests.e2e.conftest import OPERATOR_PASSWORD
from tests.e2e.servers import child_environment, free_port, uvicorn_server
from tests.e2e.test_accessibility import violations
from tickets.models import Attachment, Ticket, Topic
from tickets.services import ticket_take

TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")  # pytest-base-url checks it from a session-scoped fixture
def base_url(e2e_database, tmp_path_factory):
    """This module's own server: as the session's, but files are accepted without a clamd on the machine
    (the malware scan has its own tests with a real clamd: tests/tickets/test_attachments_security.py)."""
    folder = tmp_path_factory.mktemp("chat-server")
    env = child_environment(database_url=e2e_database, var_dir=folder / "var", DJANGO_DEBUG="false",
                            SUPPORTDESK_ATTACHMENT_SCAN_REQUIRED="false")
    with uvicorn_server(env=env, port=free_port(), log_path=folder / "uvicorn.log") as url:
        yield url


CHAT_OPERATOR = "e2e.chats@support.example"


@pytest.fixture(scope="module")
def chat_operator(e2e_database, django_db_blocker):
    """An operator of this module's own: a TOTP code is accepted once, so personas don't share codes."""
    with django_db_blocker.unblock():
        user = staff_create(email=CHAT_OPERATOR, password=OPERATOR_PASSWORD, role=Role.OPERATOR,
                            first_name="Ольга", last_name="Чатова", totp_key=TOTP_KEY,
                            skills=list(Topic.objects.filter(parent__isnull=True)))
        on_the_line(user)  # only an operator on the line takes a chat (tickets.routing.assignment_check)
        return user


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


def operator_signs_in(page: Page) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("Электронная почта").fill(CHAT_OPERATOR)
    page.get_by_label(re.compile(r"^Пароль:?$")).fill(OPERATOR_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))
    code = f"{TOTP(bytes.fromhex(TOTP_KEY), digits=6).token():06d}"
    page.get_by_label("Код из приложения-аутентификатора").fill(code)
    page.get_by_role("button", name="Подтвердить").click()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 20), "green").save(out, format="PNG")
    return out.getvalue()


def test_widget_chat_with_an_operator_typing_and_a_screenshot(chat_operator, new_context, base_url, db_access):
    citizen_page = new_context().new_page()
    citizen_page.set_default_timeout(TIMEOUT_MS)
    citizen_page.goto(reverse("portal-home"))

    # one click on the widget opens the chat panel with the question field focused
    launcher = citizen_page.get_by_role("button", name="Чат с поддержкой")
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = citizen_page.frame_locator("iframe[title='Чат с поддержкой']")
    question = chat.get_by_label("Опишите вопрос")
    expect(question).to_be_focused()
    question.fill("Не могу войти на портал, позовите оператора")
    chat.get_by_role("button", name="Начать чат").click()
    expect(chat.locator("section[data-chat]")).to_have_attribute("data-live-connection", "open")
    expect(chat.locator("#conversation")).to_contain_text("Передаю ваш вопрос специалисту")
    expect(chat.locator("[data-queue]")).to_contain_text("очеред")

    ticket = Ticket.objects.filter(messages__body="Не могу войти на портал, позовите оператора").get()
    operator = User.objects.get(email=CHAT_OPERATOR)
    off_the_loop(ticket_take, ticket=ticket, agent=operator)

    operator_page = new_context().new_page()
    operator_page.set_default_timeout(TIMEOUT_MS)
    operator_signs_in(operator_page)
    operator_page.goto(reverse("desk_chats:index"))
    pane = operator_page.locator(f"#chat-{ticket.pk}")
    expect(pane).to_have_attribute("data-live-connection", "open")
    expect(pane.locator("[data-conversation]")).to_contain_text("позовите оператора")

    # the operator types: the citizen sees it; then the answer arrives live
    pane.get_by_label("Ответ").press_sequentially("Здравствуйте", delay=50)
    expect(chat.locator("[data-typing-indicator]")).to_have_text("Специалист печатает…")
    pane.get_by_label("Ответ").fill("Здравствуйте! Какую ошибку показывает портал?")
    pane.get_by_role("button", name="Отправить").click()
    expect(chat.locator("#conversation")).to_contain_text("Какую ошибку показывает портал?")
    expect(chat.locator("[data-queue]")).to_be_hidden()

    # the citizen answers with a screenshot; it reaches the operator over the socket
    chat.get_by_label("Файлы и снимки экрана").set_input_files(
        files=[{"name": "ошибка.png", "mimeType": "image/png", "buffer": png()}]
    )
    chat.get_by_label("Ваше сообщение").fill("Вот снимок экрана")
    chat.get_by_role("button", name="Отправить").click()
    expect(pane.locator("[data-conversation]")).to_contain_text("ошибка.png")
    expect(pane.locator("[data-read-state]")).to_have_text("Гражданин прочитал ваши сообщения.")
    assert Attachment.objects.filter(ticket=ticket, original_name="ошибка.png").exists()

    # the whole chat page passes axe with the conversation on it
    citizen_page.goto(reverse("chat:start"))
    expect(citizen_page.locator("section[data-chat]")).to_have_attribute("data-live-connection", "open")
    assert violations(citizen_page) == []
    assert violations(operator_page) == []
