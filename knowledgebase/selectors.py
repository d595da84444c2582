"""Reads of the knowledge base. Every query a citizen can trigger goes through `articles_visible_to`."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from knowledgebase.article_text import HIGHLIGHT_START, HIGHLIGHT_STOP
from knowledgebase.models import SEARCH_CONFIG, Article, Category

# Broad queries match thousands of articles and ranking each dominates p95 (research/performance.md §B-e):
# only this many matches are ranked. With a few hundred articles today the cap never bites.
SEARCH_CANDIDATE_LIMIT = 200
SEARCH_RESULT_LIMIT = 20
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 12  # for the any-word fallback; a pasted paragraph must not become a huge OR query
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


def article_search(*, user, query: str, limit: int = SEARCH_RESULT_LIMIT) -> SearchResults:
    """Full-text search over title (A), summary (B) and body (C), best first.

    Articles with every word come first; when there are none, articles with any of the words are
    offered, because citizens type whole sentences («забыл пароль от госуслуг»). Each article carries
    `rank` and `headline` (matches wrapped in HIGHLIGHT_START/STOP markers).
    """
    query = search_query_clean(query)
    if not query:
        return SearchResults(articles=[])
    articles = _ranked(user, SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG), limit)
    if articles:
        return SearchResults(articles=articles)
    words = _WORD.findall(query)[:SEARCH_MAX_WORDS]
    if len(words) < 2:
        return SearchResults(articles=[])
    any_word = reduce(operator.or_, (SearchQuery(word, config=SEARCH_CONFIG) for word in words))
    return SearchResults(articles=_ranked(user, any_word, limit), is_partial=True)


def _ranked(user, search: SearchQuery, limit: int) -> list[Article]:
    candidates = articles_visible_to(user).filter(search_vector=search).values("pk")[:SEARCH_CANDIDATE_LIMIT]
    return list(
        Article.objects.filter(pk__in=candidates)
        .select_related("category")
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            headline=SearchHeadline(
                "body",
                search,
                config=SEARCH_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=30,
                min_words=12,
                max_fragments=1,
            ),
        )
        .order_by("-rank", "title")[:limit]
    )
