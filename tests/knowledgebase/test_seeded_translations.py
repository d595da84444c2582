"""Every public article of the demo knowledge base reads in English and in Tatar (ACC2), and its pages open."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from knowledgebase.demo import knowledgebase_demo_seed
from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.services import article_upsert
from tickets.models import Topic

pytestmark = pytest.mark.django_db

TATAR_LETTERS = re.compile(r"[әөүҗңһ]", re.IGNORECASE)  # letters Tatar has and Russian has not
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def seed() -> None:
    knowledgebase_demo_seed({topic.code: topic for topic in Topic.objects.all()})


def public_articles():
    return Article.objects.filter(status=Article.Status.PUBLISHED, is_public=True).prefetch_related("translations")


def test_every_public_article_has_an_english_and_a_tatar_translation_of_the_whole_text():
    seed()

    articles = list(public_articles())
    assert len(articles) >= 60
    for article in articles:
        translations = {translation.language: translation for translation in article.translations.all()}
        assert set(translations) == {"en", "tt"}, article.slug
        for language, translation in translations.items():
            assert translation.status == Article.Status.PUBLISHED
            assert translation.title and translation.summary and translation.body
            assert not translation.is_behind_original, (article.slug, language)
            # the same sections, steps and lists as the Russian original
            for marker in (r"(?m)^## ", r"(?m)^\d+\. ", r"(?m)^- "):
                assert len(re.findall(marker, translation.body)) == len(re.findall(marker, article.body)), (
                    article.slug, language, marker,
                )
        english, tatar = translations["en"], translations["tt"]
        # English outside the quoted Russian buttons; Tatar in Cyrillic with its own letters
        assert not CYRILLIC.search(re.sub(r"«[^»]*»", "", english.title + english.summary)), article.slug
        assert TATAR_LETTERS.search(tatar.title + tatar.summary + tatar.body), article.slug
        assert tatar.body != article.body and english.body != article.body


def test_every_public_article_opens_in_both_languages(client):
    seed()

    for article in public_articles():
        for translation in article.translations.all():
            response = client.get(reverse("knowledgebase:article", args=[article.slug]), {"lang": translation.language})
            page = html.unescape(response.text)
            assert response.status_code == 200, (article.slug, translation.language)
            assert translation.title in page and translation.summary in page


def test_a_translation_is_marked_behind_once_the_russian_original_is_edited(client):
    seed()
    article = Article.objects.get(slug="zapis-k-vrachu")

    article_upsert(slug=article.slug, category=article.category, topic=article.topic, title=article.title,
                   summary=article.summary, body=article.body + "\n\nЗапись открывается в 8:00.",
                   regulation_as_of=article.regulation_as_of)

    tatar = ArticleTranslation.objects.get(article=article, language="tt")
    assert tatar.is_behind_original
    assert not ArticleTranslation.objects.get(article__slug="polis-oms", language="tt").is_behind_original
