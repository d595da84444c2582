"""Public help pages (AU3, TQ1–TQ3): the index with search, and one article. Reads only, via selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from knowledgebase.article_text import body_blocks, highlight_fragments
from knowledgebase.selectors import (
    SEARCH_QUERY_MAX_LENGTH,
    article_get_for_user,
    article_list_related,
    article_search,
    category_list_with_articles,
    search_query_clean,
)
from knowledgebase.services import article_vote

SUGGESTIONS = 3
SUGGEST_MIN_LENGTH = 8  # a few words before suggesting: «не мо» would match half the knowledge base
VOTED_SESSION_KEY = "kb_voted"


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
            "from_request_form": request.GET.get("from") == "request",
            "voted": article.pk in request.session.get(VOTED_SESSION_KEY, []),
        },
    )


@require_POST
def article_feedback(request, slug: str):
    """«Эта статья помогла?»: one vote per article and browser session; a «yes» from a citizen who came from
    the request form counts as a request the knowledge base answered (deflection)."""
    article = article_get_for_user(user=request.user, slug=slug)
    if article is None:
        raise Http404
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        messages.error(request, _("Выберите «Да» или «Нет»."))
        return redirect("knowledgebase:article", slug=slug)
    voted = request.session.get(VOTED_SESSION_KEY, [])
    if article.pk not in voted:
        deflected = request.POST.get("from") == "request"
        article_vote(article=article, helpful=answer == "yes", deflected=deflected)
        request.session[VOTED_SESSION_KEY] = [*voted[-199:], article.pk]
    if answer == "yes":
        messages.success(request, _("Спасибо! Рады, что ответ нашёлся."))
    elif request.POST.get("from") == "request":
        messages.info(request, _("Спасибо за оценку. Вернитесь на вкладку с обращением и отправьте его — "
                                 "специалист ответит."))
    else:
        messages.info(request, _("Спасибо за оценку. Если вопрос остался, напишите нам — способы ниже."))
    return redirect("knowledgebase:article", slug=slug)


@require_GET
def suggest(request):
    """Articles that may answer what the citizen is typing in the request form (an HTML fragment)."""
    query = search_query_clean(request.GET.get("q"))
    articles = []
    if len(query) >= SUGGEST_MIN_LENGTH:
        articles = article_search(user=request.user, query=query, limit=SUGGESTIONS).articles
    return render(request, "knowledgebase/_suggestions.html", {"articles": articles, "query": query})
