"""Reads of the knowledge base. Every query a citizen can trigger goes through `articles_visible_to`."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from knowledgebase import search
from knowledgebase.article_text import HIGHLIGHT_START, HIGHLIGHT_STOP
from knowledgebase.models import (
    SEARCH_CONFIG,
    Article,
    ArticleFeedback,
    ArticleTranslation,
    ArticleViewDay,
    Category,
    GovernmentService,
    Guide,
    Tag,
)

SEARCH_RESULT_LIMIT = 20
SEARCH_QUERY_MAX_LENGTH = 200
RELATED_LIMIT = 5
_WORD = re.compile(r"\w+")


def user_sees_internal(user) -> bool:
    """Internal articles are operator instructions: staff only, and only after their second factor (SEC2)."""
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return False
    return user.has_perm("knowledgebase.view_article")


def articles_visible_to(user) -> QuerySet[Article]:
    """Published articles the user may read: public ones for everyone, internal ones for verified staff."""
    articles = Article.objects.filter(status=Article.Status.PUBLISHED)
    if not user_sees_internal(user):
        articles = articles.filter(is_public=True)
    return articles


def category_list_with_articles(*, user) -> list[Category]:
    """Categories that have something to show this user, each with `visible_articles` (2 queries)."""
    categories = Category.objects.prefetch_related(
        Prefetch(
            "articles",
            queryset=articles_visible_to(user).order_by("title"),
            to_attr="visible_articles",
        )
    )
    # a handful of categories: dropping the empty ones here is cheaper than a second aggregate query
    return [category for category in categories if category.visible_articles]


def article_get_for_user(*, user, slug: str) -> Article | None:
    """The article at `slug` if this user may read it; drafts and hidden ones look the same as missing."""
    return articles_visible_to(user).select_related("category", "topic").filter(slug=slug).first()


def article_list_related(*, article: Article, user, limit: int = RELATED_LIMIT) -> list[Article]:
    """Other articles on the same topic first, then from the same category, to continue reading."""
    others = articles_visible_to(user).exclude(pk=article.pk)
    if article.topic_id:
        same_topic_first = Case(
            When(topic_id=article.topic_id, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        others = others.filter(Q(topic_id=article.topic_id) | Q(category_id=article.category_id)).order_by(
            same_topic_first, "title"
        )
    else:
        others = others.filter(category_id=article.category_id).order_by("title")
    return list(others[:limit])


def search_query_clean(raw: str | None) -> str:
    """What the citizen typed, trimmed to a sane length; websearch syntax never raises on any input."""
    return " ".join((raw or "").split())[:SEARCH_QUERY_MAX_LENGTH]


@dataclass(frozen=True)
class SearchResults:
    articles: list[Article]
    # True when no article has every word and these match only some of them
    is_partial: bool = False
    # typed word → the indexed word searched instead («пороль» → «пароль»)
    corrected: dict[str, str] = field(default_factory=dict)


# The articles as knowledgebase.search ranks them: its generic names for the votes, our visibility columns.
_ARTICLE_DOCUMENTS = (
    f"(SELECT id, lemma_vector, updated_at, helpful_count AS helpful, unhelpful_count AS unhelpful, status,"  # noqa: S608
    f" is_public FROM {Article._meta.db_table})"
)


def published_vocabulary() -> search.Vocabulary:
    """The words of the published articles (cached per process for a minute): typo corrections and the
    reading of Latin words check against it."""
    return search.table_vocabulary(Article._meta.db_table, "status = 'published'")


def article_search(*, user, query: str, limit: int = SEARCH_RESULT_LIMIT) -> SearchResults:
    """Russian search over lemmas of title (A), summary (B) and body (C), best first (knowledgebase.search).

    Articles with every word come first; when there are none, articles with any of the words are
    offered, because citizens type whole sentences («забыл пароль от госуслуг»). Each article carries
    `headline` (matches wrapped in HIGHLIGHT_START/STOP markers).
    """
    query = search_query_clean(query)
    if not query:
        return SearchResults(articles=[])
    parsed = search.parse_query(query, published_vocabulary())
    condition = "doc.status = 'published' AND (doc.is_public OR %s)"
    ids, is_partial = search.ranked_ids(
        table=_ARTICLE_DOCUMENTS, condition=condition, params=[user_sees_internal(user)], parsed=parsed, limit=limit
    )
    if not ids:
        return SearchResults(articles=[], corrected=parsed.corrected)
    # the typed words and every alternative searched (corrections, synonyms), stemmed the way the snippet is read
    lexemes = [lexeme for group in parsed.groups for alternative in group for lexeme in alternative]
    words = dict.fromkeys(word.lower() for word in _WORD.findall(" ".join([query, *lexemes])))
    highlight = reduce(operator.or_, (SearchQuery(word, config=SEARCH_CONFIG) for word in words))
    found = Article.objects.filter(pk__in=ids).select_related("category").annotate(
        headline=SearchHeadline(
            "body",
            highlight,
            config=SEARCH_CONFIG,
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_words=30,
            min_words=12,
            max_fragments=1,
        )
    )
    by_id = {article.pk: article for article in found}
    return SearchResults(
        articles=[by_id[pk] for pk in ids if pk in by_id], is_partial=is_partial, corrected=parsed.corrected
    )


def deflection_count(*, since, until=None) -> int:
    """Requests the knowledge base answered instead of a person: «yes» votes of citizens who were contacting
    support (the request form's suggestions, the chat assistant) in [since, until)."""
    events = ArticleFeedback.objects.filter(is_helpful=True, is_contacting_support=True, created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events.count()


def article_translations(*, article: Article) -> dict[str, ArticleTranslation]:
    """The article's published translations by language (one query)."""
    published = article.translations.filter(status=Article.Status.PUBLISHED).order_by("language")
    return {translation.language: translation for translation in published}


def article_translation_for(*, article: Article, language: str) -> ArticleTranslation | None:
    """The published translation of the article into `language`; None for Russian, the original."""
    if language == article.language:
        return None
    return article_translations(article=article).get(language)


def tag_get_with_articles(*, user, slug: str) -> tuple[Tag | None, list[Article]]:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return None, []
    return tag, list(articles_visible_to(user).filter(tags=tag).select_related("category").order_by("title"))


def service_list() -> list[GovernmentService]:
    return list(GovernmentService.objects.filter(status=Article.Status.PUBLISHED).order_by("name"))


def service_get(*, user, slug: str) -> GovernmentService | None:
    """The published service with its documents, steps and the articles this user may read."""
    return (
        GovernmentService.objects.filter(status=Article.Status.PUBLISHED, slug=slug)
        .prefetch_related(
            "documents",
            "steps",
            Prefetch("articles", queryset=articles_visible_to(user).order_by("title"), to_attr="visible_articles"),
        )
        .first()
    )


def guide_list() -> list[Guide]:
    return list(Guide.objects.filter(status=Article.Status.PUBLISHED).order_by("title"))


def guide_get(*, slug: str) -> Guide | None:
    return (
        Guide.objects.filter(status=Article.Status.PUBLISHED, slug=slug)
        .select_related("article")
        .prefetch_related("steps")
        .first()
    )


def guide_fills_a_service_form(*, guide: Guide) -> bool:
    """The guide walks through a published service's form (its article belongs to one)."""
    return guide.article_id is not None and GovernmentService.objects.filter(
        status=Article.Status.PUBLISHED, articles=guide.article_id
    ).exists()


def guides_for_article(*, article: Article) -> list[Guide]:
    return list(article.guides.filter(status=Article.Status.PUBLISHED).order_by("title"))


def services_for_article(*, article: Article) -> list[GovernmentService]:
    return list(article.services.filter(status=Article.Status.PUBLISHED).order_by("name"))


@dataclass(frozen=True)
class ArticleFigures:
    article: Article
    views: int
    helpful: int
    unhelpful: int
    deflections: int

    @property
    def helpful_share(self) -> float | None:
        votes = self.helpful + self.unhelpful
        return self.helpful / votes if votes else None


def article_analytics(*, since: date, until: date, limit: int = 200) -> list[ArticleFigures]:
    """Per-article figures for the days since..until (inclusive), most read first (3 queries in all).

    Views come from the daily counters, votes from the feedback events: summed apart, so one join cannot
    multiply the other.
    """
    views = dict(
        ArticleViewDay.objects.filter(day__range=(since, until))
        .values("article_id")
        .annotate(total=Sum("views"))
        .values_list("article_id", "total")
    )
    start = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    votes = {
        row["article_id"]: row
        for row in ArticleFeedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("article_id")
        .annotate(
            helpful=Count("id", filter=Q(is_helpful=True)),
            unhelpful=Count("id", filter=Q(is_helpful=False)),
            deflections=Count("id", filter=Q(is_helpful=True, is_contacting_support=True)),
        )
    }
    articles = Article.objects.filter(status=Article.Status.PUBLISHED).only("id", "slug", "title", "is_public")
    rows = [
        ArticleFigures(
            article=article,
            views=views.get(article.pk, 0),
            helpful=votes.get(article.pk, {}).get("helpful", 0),
            unhelpful=votes.get(article.pk, {}).get("unhelpful", 0),
            deflections=votes.get(article.pk, {}).get("deflections", 0),
        )
        for article in articles
    ]
    rows.sort(key=lambda row: (-row.views, -(row.helpful + row.unhelpful), row.article.title))
    return rows[:limit]


def articles_due_for_review(*, today: date, within_days: int) -> list[Article]:
    """Published articles whose review date has passed or comes within `within_days`, the most overdue first."""
    return list(
        Article.objects.filter(status=Article.Status.PUBLISHED, review_due_on__lte=today + timedelta(days=within_days))
        .select_related("editor", "category")
        .order_by("review_due_on", "title")
    )


def articles_in_editing() -> list[Article]:
    """Drafts and articles waiting for a check before publication: the editors' work in progress, those waiting
    for a check first."""
    in_review_first = Case(When(status=Article.Status.REVIEW, then=Value(0)), default=Value(1))
    return list(
        Article.objects.exclude(status=Article.Status.PUBLISHED)
        .select_related("editor", "category")
        .order_by(in_review_first, "-updated_at", "title")
    )
