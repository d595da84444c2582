"""The knowledge base in the app: public articles only, whole texts for offline reading, Russian search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from knowledgebase.models import Article, Category
from knowledgebase.services import article_upsert, category_upsert
from tests.api.conftest import API

pytestmark = pytest.mark.django_db

KB = f"{API}/kb"


@pytest.fixture
def category() -> Category:
    return category_upsert(slug="registration-login", name="Регистрация и вход")[0]


def article(category: Category, slug: str, title: str, **fields) -> Article:
    values = {"summary": f"Кратко: {title}", "body": "## Шаги\n1. Откройте портал.\n2. Нажмите «Войти».", **fields}
    return article_upsert(slug=slug, category=category, title=title, **values)[0]


def test_categories_list_public_articles_without_signing_in(category):
    article(category, "parol", "Как восстановить пароль")
    article(category, "instrukciya-operatora", "Инструкция оператора", is_public=False)
    article(category, "chernovik", "Черновик", status=Article.Status.DRAFT)

    response = APIClient().get(f"{KB}/categories/")

    assert response.status_code == 200
    assert [(row["slug"], [a["slug"] for a in row["articles"]]) for row in response.json()] == [
        ("registration-login", ["parol"])
    ]


def test_article_comes_with_its_text_split_into_blocks(category, citizen_api):
    article(category, "parol", "Как восстановить пароль")

    body = citizen_api.get(f"{KB}/articles/parol/").json()

    assert body["title"] == "Как восстановить пароль"
    assert body["blocks"] == [
        {"kind": "heading", "lines": ["Шаги"]},
        {"kind": "steps", "lines": ["Откройте портал.", "Нажмите «Войти»."]},
    ]


@pytest.mark.parametrize("slug", ["instrukciya-operatora", "chernovik", "net-takoy", "пароль"])
def test_internal_draft_and_missing_articles_look_the_same(category, citizen_api, slug):
    article(category, "instrukciya-operatora", "Инструкция оператора", is_public=False)
    article(category, "chernovik", "Черновик", status=Article.Status.DRAFT)

    response = citizen_api.get(f"{KB}/articles/{slug}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_all_articles_are_paged_by_cursor_for_offline_reading(category):
    slugs = [article(category, f"statya-{index}", f"Статья {index}").slug for index in range(5)]
    article(category, "vnutrennyaya", "Внутренняя", is_public=False)
    client = APIClient()

    pages, cursor = [], None
    while True:
        page = client.get(f"{KB}/articles/", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        pages.append([row["slug"] for row in page["results"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert pages == [slugs[0:2], slugs[2:4], slugs[4:5]]
    assert all("body" in row for row in page["results"])


def test_article_pages_take_the_same_queries_whatever_their_size(category):
    client = APIClient()
    article(category, "pervaya", "Первая")
    client.get(f"{KB}/articles/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{KB}/articles/")
    for index in range(10):
        article(category, f"eshche-{index}", f"Ещё {index}")
    with CaptureQueriesContext(connection) as eleven:
        client.get(f"{KB}/articles/")

    assert len(eleven) == len(one)


def test_search_finds_other_word_forms_and_never_internal_articles(category, citizen_api):
    article(category, "parol", "Как восстановить пароль", body="Нажмите «Восстановить» и введите новый пароль.")
    article(category, "parol-operatoru", "Пароль: что делать оператору", is_public=False)

    body = citizen_api.get(f"{KB}/search/", {"q": "пароля"}).json()

    assert [hit["slug"] for hit in body["results"]] == ["parol"]
    assert any(fragment["is_match"] for fragment in body["results"][0]["headline"])


def test_search_needs_a_query(db):
    response = APIClient().get(f"{KB}/search/")

    assert response.status_code == 400
    assert "q" in response.json()["fields"]
