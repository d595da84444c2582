"""The chat assistant in a real browser: it answers with an article, then hands over when asked (issue #4)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from knowledgebase.services import article_upsert, category_upsert
from tests.e2e.test_accessibility import violations
from tickets.models import Ticket, TicketMessage

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def password_article(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        category = category_upsert(slug="e2e-help", name="Справка для проверки")[0]
        article_upsert(slug="e2e-parol", category=category, title="Как восстановить пароль",
                       summary="Нажмите «Забыли пароль?» на странице входа и следуйте подсказкам.",
                       body="Восстановить пароль можно по телефону, почте или СНИЛС.")


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


def test_a_visitor_gets_an_article_at_once_and_a_person_on_request(page: Page, base_url, password_article,
                                                                   db_access):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("chat:start"))
    page.get_by_role("textbox").first.fill("Забыла пароль от госуслуг, как восстановить?")
    page.get_by_role("button", name="Начать чат").click()

    conversation = page.locator("#conversation")
    answer = conversation.locator("li.from-assistant").first
    expect(answer).to_contain_text("Забыли пароль?")
    expect(answer.get_by_role("link", name="/help/e2e-parol/")).to_be_visible()
    assert violations(page) == []

    page.get_by_label("Ваше сообщение").fill("Не помогло, позовите оператора")
    page.get_by_role("button", name="Отправить").click()
    expect(conversation.locator("li.from-assistant").last).to_contain_text("Передаю ваш вопрос специалисту")

    ticket = Ticket.objects.filter(messages__body="Не помогло, позовите оператора").get()
    assert ticket.status in (Ticket.Status.TRIAGED, Ticket.Status.ASSIGNED)
    note = ticket.messages.get(author_kind=TicketMessage.AuthorKind.ASSISTANT, is_internal=True)
    assert "гражданин попросил специалиста" in note.body
    expect(conversation).not_to_contain_text("Передано помощником")  # the operator's note stays internal
