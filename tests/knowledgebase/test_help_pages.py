"""Help pages (/help/): the index with search, the article page, who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from knowledgebase import selectors
from knowledgebase.models import Article, Category
from knowledgebase.services import article_upsert, category_upsert
from tests.conftest import topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def category() -> Category:
    return category_upsert(slug="registration-login", name="Регистрация и вход", position=0)[0]


def article(category: Category, slug: str, title: str, **fields) -> Article:
    values = {
        "summary": f"Кратко: {title}",
        "body": "Подробная инструкция.",
        "topic": topic("registration"),
        "regulation_as_of": date(2026, 10, 1),
        **fields,
    }
    return article_upsert(slug=slug, category=category, title=title, **values)[0]


def help_page(client, query: str | None = None):
    return client.get(reverse("knowledgebase:index"), {"q": query} if query is not None else {})


def test_search_finds_article_by_another_grammatical_form(client, category):
    article(category, "kak-vosstanovit-parol", "Как восстановить пароль", topic=topic("password-recovery"))
    article(category, "status", "Статусы заявления", body="Где смотреть статус заявления.")

    page = help_page(client, "пароля").text

    assert "Как восстановить пароль" in page
    assert "Статусы заявления" not in page


def test_search_ranks_a_title_match_above_a_body_match(client, category):
    article(category, "body-only", "Вход на портал", body="Если забыли пароль, нажмите «Восстановить».")
    article(category, "in-title", "Как восстановить пароль", body="Откройте страницу входа.")

    page = help_page(client, "пароль").text

    assert page.index("Как восстановить пароль") < page.index("Вход на портал")


def test_a_sentence_without_an_exact_match_offers_articles_with_some_of_its_words(client, category):
    article(category, "parol", "Как восстановить пароль")
    article(category, "kod", "Не приходит код подтверждения")

    page = help_page(client, "забыл пароль от госуслуг").text

    assert "Как восстановить пароль" in page
    assert "Не приходит код подтверждения" not in page
    assert "где встречается часть слов" in page


def test_search_ranks_only_a_capped_candidate_set(client, category, monkeypatch):
    for n in range(5):
        article(category, f"kod-{n}", f"Код подтверждения {n}")
    monkeypatch.setattr("knowledgebase.search.CANDIDATE_LIMIT", 2)

    results = selectors.article_search(user=None, query="код")

    assert len(results.articles) == 2


def test_search_shows_matches_highlighted_and_escaped(client, category):
    article(category, "html", "Загрузка файлов", body="Файл <b>больше</b> 10 МБ не загрузится: <script>x()</script>")

    page = help_page(client, "загрузится").text

    assert "<mark>загрузится</mark>" in page
    assert "<script>x()" not in page
    assert "<b>больше" not in page


def test_no_result_offers_a_request_the_chat_and_the_phone(client, category):
    article(category, "parol", "Как восстановить пароль")

    page = help_page(client, "квадрокоптер").text

    assert "готового ответа не нашлось" in page
    assert reverse("tickets:citizen_new") in page
    assert reverse("chat:start") in page
    assert "+7 495 777-77-77" in page


@pytest.mark.parametrize("query", ["как", '"', "!!! ((( :*", "пароль " * 200, "' OR 1=1 --"])
def test_any_query_text_gives_a_page_not_an_error(client, category, query):
    article(category, "parol", "Как восстановить пароль")

    response = help_page(client, query)

    assert response.status_code == 200


def test_drafts_and_internal_articles_are_never_shown_to_anonymous_users(client, category):
    article(category, "public", "Код подтверждения не приходит")
    article(category, "draft", "Код подтверждения: черновик", status=Article.Status.DRAFT)
    article(category, "review", "Код подтверждения: на проверке", status=Article.Status.REVIEW)
    article(category, "internal", "Код подтверждения: регламент для операторов", is_public=False)

    for page in (help_page(client).text, help_page(client, "код подтверждения").text):
        assert "Код подтверждения не приходит" in page
        assert "черновик" not in page
        assert "на проверке" not in page
        assert "регламент для операторов" not in page
    for slug in ("draft", "review", "internal"):
        assert client.get(reverse("knowledgebase:article", args=[slug])).status_code == 404


def test_internal_articles_are_shown_to_staff_only_after_their_second_factor(client, staff_client, operator, category):
    article(category, "internal", "Регламент: блокировка учётной записи", is_public=False)
    url = reverse("knowledgebase:article", args=["internal"])

    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")  # password only
    assert client.get(url).status_code == 404
    assert "Регламент" not in help_page(client, "блокировка").text

    verified = staff_client(operator)
    assert "Внутренняя инструкция для сотрудников" in verified.get(url).text
    assert "Регламент: блокировка учётной записи" in help_page(verified).text
    assert "Регламент: блокировка учётной записи" in help_page(verified, "блокировки").text


def test_signed_in_citizen_does_not_see_internal_articles(client, citizen, category):
    article(category, "internal", "Регламент: блокировка учётной записи", is_public=False)
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(reverse("knowledgebase:article", args=["internal"])).status_code == 404
    assert "Регламент" not in help_page(client).text


def test_unpublished_article_is_404_even_for_staff(staff_client, supervisor, category):
    article(category, "draft", "Черновик", status=Article.Status.DRAFT)

    response = staff_client(supervisor).get(reverse("knowledgebase:article", args=["draft"]))

    assert response.status_code == 404


def test_article_page_shows_summary_regulation_date_steps_and_related(client, category):
    main = article(
        category,
        "parol",
        "Как восстановить пароль",
        topic=topic("password-recovery"),
        summary="Нажмите «Восстановить» на странице входа.",
        body="## Шаги\n1. Откройте страницу входа.\n2. Нажмите «Восстановить».\n\nГотово.",
        regulation_as_of=date(2026, 10, 1),
    )
    article(category, "kod", "Не приходит код", topic=topic("password-recovery"))
    article(category, "hidden", "Скрытая", topic=topic("password-recovery"), status=Article.Status.DRAFT)

    page = client.get(reverse("knowledgebase:article", args=[main.slug])).text

    assert "<h1>Как восстановить пароль</h1>" in page
    assert "Нажмите «Восстановить» на странице входа." in page
    assert '<time datetime="2026-10-01">1 октября 2026</time>' in page
    assert '<ol class="kb-steps"><li>Откройте страницу входа.</li><li>Нажмите «Восстановить».</li></ol>' in page
    assert "<h2>Шаги</h2>" in page
    assert "Не приходит код" in page
    assert "Скрытая" not in page


def test_article_body_html_is_shown_as_text(client, category):
    article(category, "xss", "Статья", body='<img src=x onerror="alert(1)">\n1. <a href="javascript:x">шаг</a>')

    page = client.get(reverse("knowledgebase:article", args=["xss"])).text

    assert "<img src=x" not in page
    assert '<a href="javascript:x">' not in page
    assert "&lt;img src=x onerror=" in page


def test_missing_article_is_404(client):
    assert client.get(reverse("knowledgebase:article", args=["net-takoy"])).status_code == 404


def test_index_lists_categories_with_visible_articles_only(client, category):
    article(category, "public", "Как зарегистрироваться")
    empty = category_upsert(slug="for-operators", name="Для сотрудников поддержки", position=9)[0]
    article(empty, "internal", "Регламент", is_public=False)

    page = help_page(client).text

    assert "Как зарегистрироваться" in page
    assert "Для сотрудников поддержки" not in page


@pytest.mark.parametrize("per_category", [1, 15])
def test_index_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries, per_category):
    for c in range(3):
        category = category_upsert(slug=f"c{c}", name=f"Раздел {c}", position=c)[0]
        for n in range(per_category):
            article(category, f"a{c}-{n}", f"Статья {c}-{n}")

    with django_assert_max_num_queries(4):  # categories, articles, services, guides
        page = help_page(client).text

    assert page.count('class="kb-article-list"') == 3


def test_index_query_count_for_verified_staff(staff_client, operator, django_assert_max_num_queries, category):
    for n in range(10):
        article(category, f"a{n}", f"Статья {n}", is_public=n % 2 == 0)
    verified = staff_client(operator)

    # session, user, OTP device, group permissions, categories, articles, services, guides, role names
    with django_assert_max_num_queries(10):
        page = help_page(verified).text

    assert page.count("Для сотрудников</span>") == 5


def test_search_query_count_is_constant(client, category, django_assert_max_num_queries):
    for n in range(20):
        article(category, f"kod-{n}", f"Код подтверждения {n}")

    help_page(client, "код")  # the index's vocabulary (typo correction) is read once, then cached
    with django_assert_max_num_queries(2):  # ranked ids, then the articles with their highlights
        page = help_page(client, "код").text
    with django_assert_max_num_queries(3):  # all words, then any word, then the articles
        partial = help_page(client, "код от банка").text

    assert "Найдено статей: 20" in page
    assert "Найдено статей: 20" in partial
