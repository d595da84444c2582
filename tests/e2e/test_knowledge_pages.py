"""The knowledge base's new pages in a real browser: services, a guide walked with the keyboard alone, an article
switched to Tatar, a tag — each passing axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from knowledgebase.services import (
    article_tags_set,
    article_translation_upsert,
    article_upsert,
    category_upsert,
    guide_upsert,
    service_upsert,
)
from tests.e2e.test_accessibility import violations
from tests.e2e.test_request_answered import TIMEOUT_MS
from tests.knowledgebase.test_content_model import GUIDE, SERVICE


@pytest.fixture(scope="module")
def knowledge(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        category = category_upsert(slug="e2e-kb", name="Проверка справки")[0]
        article = article_upsert(
            slug="e2e-parol",
            category=category,
            title="Как восстановить пароль",
            summary="Нажмите «Восстановить» на странице входа.",
            body="## Шаги\n1. Откройте страницу входа.\n2. Нажмите «Восстановить».",
            regulation_as_of=date(2026, 10, 1),
        )[0]
        article_translation_upsert(
            article=article,
            language="tt",
            title="Серсүзне ничек торгызырга",
            summary="Керү битендә «Восстановить» төймәсенә басыгыз.",
            body="## Адымнар\n1. Керү битен ачыгыз.",
        )
        article_tags_set(article=article, names=["пароль", "вход"])
        service_upsert(spec={**SERVICE, "slug": "e2e-pasport"}, articles=[article])
        guide_upsert(spec={**GUIDE, "slug": "e2e-guide"}, article=article)
    return article


def test_service_guide_tag_and_translated_article_pages_pass_axe(page: Page, base_url, knowledge):
    page.set_default_timeout(TIMEOUT_MS)
    for path in (
        reverse("knowledgebase:services"),
        reverse("knowledgebase:service", args=["e2e-pasport"]),
        reverse("knowledgebase:guides"),
        reverse("knowledgebase:guide", args=["e2e-guide"]) + "?step=2",
        reverse("knowledgebase:guide", args=["e2e-guide"]) + "?all=1",
        reverse("knowledgebase:tag", args=["пароль"]),
        reverse("knowledgebase:article", args=["e2e-parol"]) + "?lang=tt",
    ):
        page.goto(path)
        assert violations(page) == [], path


def test_a_guide_is_walked_to_its_end_with_the_keyboard_alone(page: Page, base_url, knowledge):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("knowledgebase:guide", args=["e2e-guide"]))

    for number in (2, 3):
        next_link = page.get_by_role("link", name="Далее →")
        next_link.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Шаг {number} из 3", exact=True)).to_be_visible()

    expect(page.get_by_role("heading", name=GUIDE["steps"][2]["title"])).to_be_visible()
    expect(page.get_by_text("Готово — это последний шаг.")).to_be_visible()
    assert page.get_by_role("link", name="Далее →").count() == 0


def test_the_reader_switches_an_article_to_tatar_and_back(page: Page, base_url, knowledge):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("knowledgebase:article", args=["e2e-parol"]))

    page.get_by_role("link", name="Татарча").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Серсүзне ничек торгызырга")
    assert page.locator("article.kb-article").get_attribute("lang") == "tt"

    page.get_by_role("link", name="Русский").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Как восстановить пароль")
