"""AI6 in a real browser: while a citizen types a request, the suggestions appear, and no address the page asks
for carries the words typed (addresses land in access logs; the words go in POST bodies)."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Request, expect

from knowledgebase.search import vocabulary_cache
from knowledgebase.services import article_upsert, category_upsert
from tests.e2e.conftest import CITIZEN_PASSWORD
from tests.e2e.test_request_answered import TIMEOUT_MS, sign_in

SUBJECT = "Забыл пароль от госуслуг"
BODY = "Меня зовут Анна Иванова, снилс 123-456-789 00, телефон 9161234567, пароль не подходит"


@pytest.fixture(scope="module")
def password_article(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        vocabulary_cache.clear()
        category = category_upsert(slug="e2e-private", name="Проверка подсказок")[0]
        return article_upsert(
            slug="e2e-zabyl-parol",
            category=category,
            title="Как восстановить забытый пароль",
            summary="Нажмите «Забыли пароль?» на странице входа.",
            body="Восстановить пароль можно по телефону, почте или СНИЛС.",
        )[0]


def test_suggestions_while_typing_never_put_the_typed_words_into_an_address(
    page: Page, base_url, people, password_article
):
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, email="e2e.citizen@example.ru", password=CITIZEN_PASSWORD)
    page.goto(reverse("tickets:citizen_new"))
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    page.get_by_label("Кратко о проблеме").press_sequentially(SUBJECT, delay=20)
    page.get_by_label("Подробное описание").press_sequentially(BODY, delay=5)

    suggestions = page.locator("#kb-suggestions")
    expect(suggestions.get_by_role("link", name="Как восстановить забытый пароль")).to_be_visible()
    asked = [request for request in requests if urlsplit(request.url).path == reverse("knowledgebase:suggest")]
    assert asked and all(request.method == "POST" for request in asked)
    assert "госуслуг" in unquote_plus(asked[-1].post_data or "")  # the words travel in the body
    for request in requests:
        address = unquote_plus(request.url)
        assert urlsplit(request.url).query == "", request.url
        for words in ("пароль", "госуслуг", "Иванова", "123-456-789", "9161234567"):
            assert words not in address, request.url
