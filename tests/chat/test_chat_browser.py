"""chat.js on a request's page in Chromium against the real server: live answers, socket sends, reconnects.

Async Playwright, so these tests share the process with the other asyncio tests (the sync API clashes).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from playwright.async_api import async_playwright
from websockets.asyncio.client import connect

from tests.chat.conftest import on_the_line
from tests.chat.test_live_server import receive_until, say, session_cookie
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_assign

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
WAIT_MS = 40_000  # reconnects back off up to several seconds; the machine is slow and shared


@pytest.fixture
async def browser_page(asgi_server):
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true but Chromium is missing: apt-get install chromium (see TESTING.md)")
        pytest.skip("needs Chromium at /usr/bin/chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        page = await browser.new_page()
        page.set_default_timeout(WAIT_MS)
        yield page
        await browser.close()


async def open_chat(page, server, question: str) -> Ticket:
    await page.goto(f"{server.origin}/chat/")
    await page.get_by_label("Опишите вопрос").fill(question)
    await page.get_by_role("button", name="Начать чат").click()
    await page.wait_for_selector("#ticket-live[data-live-connection=open]")
    return await database_sync_to_async(Ticket.objects.get)(channel=Channel.CHAT)


def conversation_item(page, text: str):
    return page.locator("#conversation li[data-message-id]", has_text=text)


async def test_visitor_gets_the_operators_answer_live_and_replies_over_the_socket(browser_page, asgi_server, operator):
    page = browser_page
    ticket = await open_chat(page, asgi_server, "Не приходит СМС с кодом")
    await database_sync_to_async(on_the_line)(operator)  # the first reply takes the chat, by the routing rules
    cookie = await database_sync_to_async(session_cookie)(operator, verified=True)
    url_before = page.url

    async with connect(
        f"ws://127.0.0.1:{asgi_server.port}/ws/tickets/{ticket.pk}/",
        origin=asgi_server.origin,
        additional_headers={"Cookie": cookie},
    ) as operator_ws:
        await say(operator_ws, "Проверьте, верно ли указан номер телефона")
        await conversation_item(page, "Проверьте, верно ли указан номер телефона").wait_for()
        await page.get_by_label("Ваше сообщение").fill("Номер верный")
        await page.get_by_role("button", name="Отправить").click()
        heard = await receive_until(operator_ws, lambda f: f["type"] == "message" and "Номер верный" in f["html"])

    await conversation_item(page, "Номер верный").wait_for()
    assert heard[-1]["author_kind"] == "citizen"
    assert page.url == url_before  # sent over the socket, no page reload
    assert await conversation_item(page, "Номер верный").count() == 1  # the live copy is not doubled
    assert await page.locator("li[data-pending]").count() == 0
    assert await page.get_by_label("Ваше сообщение").input_value() == ""
    assert await page.evaluate(f"localStorage.getItem('ticket-live-outbox:/ws/tickets/{ticket.pk}/')") is None
    assert await page.locator("[data-ticket-status]").text_content() == "в работе"


async def test_after_a_server_restart_the_page_catches_up_and_resends_its_outbox(browser_page, asgi_server, operator):
    page = browser_page
    ticket = await open_chat(page, asgi_server, "Ошибка при загрузке заявления")
    # the chat is the operator's (a supervisor's assignment): its topic, read from the words, is not one of theirs
    await database_sync_to_async(ticket_assign)(ticket=ticket, assignee=operator, actor=None)
    outbox_key = f"ticket-live-outbox:/ws/tickets/{ticket.pk}/"

    asgi_server.stop()
    await page.wait_for_selector("#ticket-live[data-live-connection=reconnecting]")
    for body in ("Какой формат у файла?", "Попробуйте PDF до 10 МБ"):
        await database_sync_to_async(message_post)(
            ticket=ticket, author=operator, body=body, author_kind="agent", channel=Channel.CHAT
        )
    # a message the visitor sent just before the drop, whose acknowledgment never came
    pending_id = str(uuid.uuid4())
    await page.evaluate(
        "([key, item]) => localStorage.setItem(key, JSON.stringify([item]))",
        [outbox_key, {"id": pending_id, "body": "Файл в формате JPG", "internal": False}],
    )
    asgi_server.start()

    await page.wait_for_selector("#ticket-live[data-live-connection=open]")
    await conversation_item(page, "Файл в формате JPG").wait_for()
    texts = await page.locator("#conversation li[data-message-id] .body").all_text_contents()
    assert texts == [
        "Ошибка при загрузке заявления",
        "Какой формат у файла?",
        "Попробуйте PDF до 10 МБ",
        "Файл в формате JPG",
    ]
    saved = await database_sync_to_async(
        lambda: list(TicketMessage.objects.filter(ticket=ticket, client_message_id=pending_id).values_list("body"))
    )()
    assert saved == [("Файл в формате JPG",)]
    assert await page.evaluate(f"localStorage.getItem({json.dumps(outbox_key)})") is None
