"""Writes to the knowledge base. Imports and the demo seed go through here, like the admin will."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F

from knowledgebase.models import Article, ArticleFeedback, Category


def category_upsert(*, slug: str, name: str, description: str = "", position: int = 0) -> tuple[Category, bool]:
    """Create the category at `slug` or bring it to the given values; returns (category, changed)."""
    return _upsert(Category, slug=slug, values={"name": name, "description": description, "position": position})


@transaction.atomic
def article_upsert(
    *,
    slug: str,
    category: Category,
    title: str,
    summary: str,
    body: str,
    topic=None,
    status: str = Article.Status.PUBLISHED,
    is_public: bool = True,
    language: str = "ru",
    regulation_as_of: date | None = None,
) -> tuple[Article, bool]:
    """Create the article at `slug` or bring it to the given values; returns (article, changed).

    An unchanged article is not saved, so `updated_at` keeps meaning «last edited».
    """
    return _upsert(
        Article,
        slug=slug,
        values={
            "category": category,
            "topic": topic,
            "title": title.strip(),
            "summary": summary.strip(),
            "body": body.strip(),
            "status": status,
            "is_public": is_public,
            "language": language,
            "regulation_as_of": regulation_as_of,
        },
    )


def _upsert(model, *, slug: str, values: dict):
    instance = model.objects.filter(slug=slug).first()
    if instance is None:
        return model.objects.create(slug=slug, **values), True
    changed = [name for name, value in values.items() if _current(instance, name) != _comparable(value)]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()  # a full save: the generated search vector is refreshed by PostgreSQL either way
    return instance, True


def _current(instance, name: str):
    field = instance._meta.get_field(name)
    # compare foreign keys by id: reading the related object would cost a query per field
    return getattr(instance, field.attname) if field.is_relation else getattr(instance, name)


def _comparable(value):
    return value.pk if hasattr(value, "_meta") else value


@transaction.atomic
def article_vote(*, article: Article, helpful: bool, deflected: bool = False) -> ArticleFeedback:
    """A reader's «Помогла / не помогла» (`deflected`: they were contacting support — the request form, the
    chat): an event for analytics, and the article's counters for ranking, updated in place."""
    event = ArticleFeedback.objects.create(article=article, is_helpful=helpful, is_contacting_support=deflected)
    changes = {"helpful_count": F("helpful_count") + 1} if helpful else {"unhelpful_count": F("unhelpful_count") + 1}
    if helpful and deflected:
        changes["deflected_count"] = F("deflected_count") + 1
    # .update(): no save(), so the vote neither re-indexes the article nor makes it look freshly edited
    Article.objects.filter(pk=article.pk).update(**changes)
    return event
