"""The demo knowledge base for `manage.py seed_demo`: sections, articles with tags and translations, services
and guides from the data modules beside this one. Idempotent: a second run changes nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from knowledgebase.demo_articles import DEMO_ARTICLES, DEMO_CATEGORIES
from knowledgebase.demo_guides import DEMO_GUIDES
from knowledgebase.demo_services import DEMO_SERVICES
from knowledgebase.demo_translations import DEMO_TRANSLATIONS
from knowledgebase.models import Article, GovernmentService, Guide
from knowledgebase.services import (
    article_tags_set,
    article_translation_upsert,
    article_upsert,
    category_upsert,
    guide_illustrate,
    guide_upsert,
    service_upsert,
)


def knowledgebase_demo_seed(topics: dict) -> dict[str, int]:
    """`topics`: Topic by code. Returns the counts seed_demo reports."""
    categories = {}
    for slug, name, description, position in DEMO_CATEGORIES:
        categories[slug], _changed = category_upsert(slug=slug, name=name, description=description, position=position)
    counts = Counter()
    articles = {}
    for spec in DEMO_ARTICLES:
        existed = Article.objects.filter(slug=spec["slug"]).exists()
        article, changed = article_upsert(
            slug=spec["slug"],
            category=categories[spec["category"]],
            topic=topics.get(spec.get("topic", "")),
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            status=spec.get("status", Article.Status.PUBLISHED),
            is_public=spec.get("is_public", True),
            regulation_as_of=date.fromisoformat(spec["regulation_as_of"]),
        )
        article_tags_set(article=article, names=spec.get("tags", []))
        articles[article.slug] = article
        counts["updated" if existed and changed else "created" if changed else "unchanged"] += 1
    for slug, languages in DEMO_TRANSLATIONS.items():
        for language, text in languages.items():
            article_translation_upsert(article=articles[slug], language=language, **text)
            counts["translations"] += 1
    for spec in DEMO_SERVICES:
        service_upsert(spec=spec, articles=[articles[slug] for slug in spec["articles"] if slug in articles])
    for spec in DEMO_GUIDES:
        guide, _created = guide_upsert(spec=spec, article=articles.get(spec.get("article", "")))
        # screen diagrams and the training video, drawn here: the demo has no photos of the real portal
        guide_illustrate(guide=guide, screens=spec["steps"])
    counts["total"] = Article.objects.count()
    counts["published"] = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    counts["services"] = GovernmentService.objects.count()
    counts["guides"] = Guide.objects.count()
    return counts
