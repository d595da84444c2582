"""Deflection: articles suggested while a request is typed, and «Эта статья помогла?» votes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from knowledgebase.models import Article, ArticleFeedback
from knowledgebase.search import vocabulary_cache
from knowledgebase.selectors import deflection_count
from knowledgebase.services import article_upsert, category_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    vocabulary_cache.clear()
    category = category_upsert(slug="help", name="Помощь")[0]
    return article_upsert(slug="parol", category=category, title="Как восстановить пароль",
                          summary="Нажмите «Забыли пароль?» на странице входа.", body="Восстановление пароля.")[0]


def test_typing_a_request_suggests_articles_that_open_in_a_new_tab(client, article):
    page = client.post(reverse("knowledgebase:suggest"), {"q": "Забыл пароль от госулуг"}).text

    assert "Возможно, ответ уже есть" in page
    assert f'href="{reverse("knowledgebase:article", args=["parol"])}?from=request" target="_blank"' in page


def test_a_few_letters_suggest_nothing_yet(client, article):
    assert "Возможно" not in client.post(reverse("knowledgebase:suggest"), {"q": "пар"}).text
    assert client.post(reverse("knowledgebase:suggest")).status_code == 200


def test_the_typed_words_are_never_read_from_the_address(client, article):
    # a query string lands in every access log on the way (AI6): the suggestions take the words only in a POST
    assert client.get(reverse("knowledgebase:suggest"), {"q": "Забыл пароль от госулуг"}).status_code == 405


def test_suggestions_are_protected_against_cross_site_requests(article):
    strict = Client(enforce_csrf_checks=True)

    assert strict.post(reverse("knowledgebase:suggest"), {"q": "Забыл пароль от госулуг"}).status_code == 403


def test_the_request_form_has_the_live_region_and_the_script(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("tickets:citizen_new")).text

    assert 'id="kb-suggestions"' in page and 'aria-live="polite"' in page and "js/kb-suggest.js" in page


def test_a_yes_from_the_request_form_counts_as_a_deflected_request(client, article):
    page = client.get(reverse("knowledgebase:article", args=["parol"]), {"from": "request"}).text
    assert "Эта статья ответила на ваш вопрос?" in page and 'name="from" value="request"' in page

    response = client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "yes", "from": "request"},
                           follow=True)

    article.refresh_from_db()
    assert (article.helpful_count, article.unhelpful_count, article.deflected_count) == (1, 0, 1)
    event = ArticleFeedback.objects.get()
    assert event.article == article and event.is_deflection
    assert "Спасибо! Рады, что ответ нашёлся." in response.text
    assert "Спасибо, ваша оценка учтена." in response.text


def test_one_vote_per_article_and_session_and_votes_do_not_touch_the_article(client, article):
    updated = article.updated_at
    for _ in range(3):
        client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "no"})

    article.refresh_from_db()
    assert (article.helpful_count, article.unhelpful_count, article.deflected_count) == (0, 1, 0)
    assert article.updated_at == updated  # a vote is not an edit: freshness ranking stays honest


def test_a_vote_must_say_yes_or_no(client, article):
    response = client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "maybe"}, follow=True)

    assert response.status_code == 200 and "Выберите «Да» или «Нет»." in response.text
    assert Article.objects.get(pk=article.pk).helpful_count == 0


def test_votes_on_hidden_articles_are_refused(client, article):
    Article.objects.filter(pk=article.pk).update(is_public=False)

    assert client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "yes"}).status_code == 404
    assert client.get(reverse("knowledgebase:feedback", args=["parol"])).status_code == 405


def test_deflections_are_counted_by_time_for_analytics(client, article):
    from datetime import timedelta

    from django.utils import timezone

    before = timezone.now()
    client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "yes", "from": "request"})
    client.cookies.clear()  # another citizen's browser: one vote per session
    client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "yes"})  # read the help, no request
    client.cookies.clear()
    client.post(reverse("knowledgebase:feedback", args=["parol"]), {"helpful": "no", "from": "request"})

    assert ArticleFeedback.objects.count() == 3
    assert deflection_count(since=before) == 1
    assert deflection_count(since=before, until=before) == 0
    assert deflection_count(since=timezone.now() + timedelta(seconds=1)) == 0
