"""Public help pages (AU3, TQ1–TQ3): the index with search, and one article. Reads only, via selectors."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from knowledgebase.article_text import body_blocks, highlight_fragments
from knowledgebase.selectors import (
    SEARCH_QUERY_MAX_LENGTH,
    article_get_for_user,
    article_list_related,
    article_search,
    category_list_with_articles,
    search_query_clean,
)


def index(request):
    query = search_query_clean(request.GET.get("q"))
    context = {"query": query, "query_max_length": SEARCH_QUERY_MAX_LENGTH}
    if query:
        found = article_search(user=request.user, query=query)
        context["is_partial"] = found.is_partial
        context["results"] = [(article, highlight_fragments(article.headline)) for article in found.articles]
    else:
        context["categories"] = category_list_with_articles(user=request.user)
    return render(request, "knowledgebase/index.html", context)


def article_detail(request, slug: str):
    article = article_get_for_user(user=request.user, slug=slug)
    if article is None:
        raise Http404
    return render(
        request,
        "knowledgebase/article_detail.html",
        {
            "article": article,
            "blocks": body_blocks(article.body),
            "related": article_list_related(article=article, user=request.user),
        },
    )
