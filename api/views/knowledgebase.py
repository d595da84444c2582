"""The knowledge base for the app: public articles only, readable without signing in and cached offline (CH4)."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import page_by_id
from api.serializers import (
    ArticleListQuery,
    ArticleOutput,
    ArticlePageOutput,
    CategoryOutput,
    SearchOutput,
    SearchQuery,
)
from api.views.base import ApiView
from knowledgebase.selectors import (
    article_get_for_user,
    article_search,
    articles_visible_to,
    category_list_with_articles,
)

# The selectors decide visibility by user; the app is a citizen's, so it always asks as nobody in particular:
# internal articles (operator instructions) are never served here, whoever holds the token.
PUBLIC = None
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


class _KnowledgeBaseView(ApiView):
    public_methods = frozenset({"GET", "HEAD", "OPTIONS"})


class CategoryListApi(_KnowledgeBaseView):
    @extend_schema(
        tags=["База знаний"],
        operation_id="kb_categories_list",
        summary="Разделы со статьями",
        responses={200: CategoryOutput(many=True)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        return Response(CategoryOutput(category_list_with_articles(user=PUBLIC), many=True).data)


class ArticleListApi(_KnowledgeBaseView):
    @extend_schema(
        tags=["База знаний"],
        operation_id="kb_articles_list",
        summary="Статьи целиком, для чтения без сети",
        description="Все опубликованные статьи страницами по курсору, с текстом; фильтр по разделу.",
        parameters=[ArticleListQuery],
        responses={200: ArticlePageOutput},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = ArticleListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        articles = articles_visible_to(PUBLIC).select_related("category", "topic")
        if query.validated_data.get("category"):
            articles = articles.filter(category__slug=query.validated_data["category"])
        rows, next_cursor = page_by_id(
            articles, cursor=query.validated_data.get("cursor"), limit=query.validated_data["limit"]
        )
        return Response(ArticlePageOutput({"results": rows, "next_cursor": next_cursor}).data)


class ArticleDetailApi(_KnowledgeBaseView):
    @extend_schema(
        tags=["База знаний"],
        operation_id="kb_article_retrieve",
        summary="Статья",
        responses={200: ArticleOutput},
        auth=[],
    )
    def get(self, request: Request, slug: str) -> Response:
        article = article_get_for_user(user=PUBLIC, slug=slug) if _SLUG.match(slug) else None
        if article is None:
            raise exceptions.NotFound
        return Response(ArticleOutput(article).data)


class ArticleSearchApi(_KnowledgeBaseView):
    @extend_schema(
        tags=["База знаний"],
        operation_id="kb_search",
        summary="Поиск по базе знаний",
        description="Поиск по-русски с учётом словоформ и опечаток; сначала статьи со всеми словами.",
        parameters=[SearchQuery],
        responses={200: SearchOutput},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = SearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = article_search(user=PUBLIC, query=query.validated_data["q"], limit=query.validated_data["limit"])
        return Response(
            SearchOutput({"results": found.articles, "is_partial": found.is_partial, "corrected": found.corrected}).data
        )
