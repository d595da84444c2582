"""Public help pages (AU3, TQ1–TQ3): the index with search, and one article. Reads only, via selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from knowledgebase.article_text import body_blocks, highlight_fragments
from knowledgebase.models import ArticleTranslation
from knowledgebase.selectors import (
    SEARCH_QUERY_MAX_LENGTH,
    article_get_for_user,
    article_list_related,
    article_search,
    article_translations,
    category_list_with_articles,
    guide_fills_a_service_form,
    guide_get,
    guide_list,
    guides_for_article,
    search_query_clean,
    service_get,
    service_list,
    services_for_article,
    tag_get_with_articles,
)
from knowledgebase.services import article_view_record, article_vote
from tickets.citizen_details import citizen_details

LANGUAGE_NAMES = {"ru": "Русский", **dict(ArticleTranslation.Language.choices)}

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
        context["services"] = service_list()
        context["guides"] = guide_list()
    return render(request, "knowledgebase/index.html", context)


def article_detail(request, slug: str):
    """The article in the language asked for (?lang=), else in the interface's, else the Russian original."""
    article = article_get_for_user(user=request.user, slug=slug)
    if article is None:
        raise Http404
    article_view_record(article=article)
    translations = article_translations(article=article)
    languages = [article.language, *translations]
    asked = request.GET.get("lang")
    language = asked if asked in languages else (get_language() or article.language)[:2]
    shown = translations.get(language, article)
    return render(
        request,
        "knowledgebase/article_detail.html",
        {
            "article": article,
            "shown": shown,
            "shown_language": getattr(shown, "language", article.language),
            "is_translation": shown is not article,
            "language_links": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
            "blocks": body_blocks(shown.body),
            "tags": list(article.tags.all()),
            "guides": guides_for_article(article=article),
            "services": services_for_article(article=article),
            "related": article_list_related(article=article, user=request.user),
            "from_request_form": request.GET.get("from") == "request",
            "voted": article.pk in request.session.get(VOTED_SESSION_KEY, []),
        },
    )


def tag_detail(request, slug: str):
    tag, articles = tag_get_with_articles(user=request.user, slug=slug)
    if tag is None:
        raise Http404
    return render(request, "knowledgebase/tag_detail.html", {"tag": tag, "articles": articles})


def service_index(request):
    return render(request, "knowledgebase/service_index.html", {"services": service_list()})


def service_detail(request, slug: str):
    service = service_get(user=request.user, slug=slug)
    if service is None:
        raise Http404
    documents = list(service.documents.all())
    return render(
        request,
        "knowledgebase/service_detail.html",
        {
            "service": service,
            "details": citizen_details(request.user),  # SS1: what the service's form takes from the profile
            "required_documents": [document for document in documents if document.is_required],
            "optional_documents": [document for document in documents if not document.is_required],
        },
    )


def guide_index(request):
    return render(request, "knowledgebase/guide_index.html", {"guides": guide_list()})


def guide_detail(request, slug: str):
    """One step at a time (?step=N, from 1) with «Назад» and «Далее»; ?all=1 shows every step on one page.

    Plain links, no script: the guide works with the keyboard, a screen reader and images off alike.
    """
    guide = guide_get(slug=slug)
    if guide is None:
        raise Http404
    steps = list(guide.steps.all())
    show_all = request.GET.get("all") == "1" or not steps
    try:
        number = min(max(int(request.GET.get("step", 1)), 1), len(steps) or 1)
    except ValueError:
        number = 1
    details = citizen_details(request.user)
    if details is not None and not guide_fills_a_service_form(guide=guide):
        details = None  # SS1: only a guide through a service's form shows what the form takes from the profile
    return render(
        request,
        "knowledgebase/guide_detail.html",
        {
            "guide": guide,
            "details": details,
            "steps": steps,
            "show_all": show_all,
            "number": number,
            "step": None if show_all else steps[number - 1],
            "previous_number": number - 1 if number > 1 else None,
            "next_number": number + 1 if number < len(steps) else None,
        },
    )


@require_GET
@cache_control(public=True, max_age=3600)
def guide_screenshot(request, slug: str, position: int):
    guide = guide_get(slug=slug)
    step = next((step for step in guide.steps.all() if step.position == position), None) if guide else None
    if step is None or not step.screenshot:
        raise Http404
    # the type follows the file's name, which GuideStepForm gave from the sniffed content (PNG, JPEG or WebP)
    return FileResponse(step.screenshot.open("rb"))


@require_GET
@cache_control(public=True, max_age=3600)
def guide_video(request, slug: str):
    """The guide's training video, a file the desk made itself (knowledgebase.guide_media): served, not linked."""
    guide = guide_get(slug=slug)
    if guide is None or not guide.video_file:
        raise Http404
    return FileResponse(guide.video_file.open("rb"), content_type="video/webm")


@require_GET
@cache_control(public=True, max_age=3600)
def guide_captions(request, slug: str):
    """The video's WebVTT captions: each step's text, in time with its slide."""
    guide = guide_get(slug=slug)
    if guide is None or not guide.video_captions:
        raise Http404
    return FileResponse(guide.video_captions.open("rb"), content_type="text/vtt; charset=utf-8")


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
        return _back_to_article(article, request.POST.get("lang"))
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
    return _back_to_article(article, request.POST.get("lang"))


def _back_to_article(article, language: str | None):
    url = reverse("knowledgebase:article", args=[article.slug])
    return redirect(f"{url}?lang={language}" if language in LANGUAGE_NAMES else url)


@require_POST
def suggest(request):
    """Articles that may answer what the citizen is typing in the request form (an HTML fragment).

    POST, not GET: the words typed so far are the citizen's own and may hold personal data, and a query
    string is written to every access log on the way (SPEC AI6). Only the script asks, so there is no
    page for GET; without scripts the form still works and /help/?q= searches."""
    query = search_query_clean(request.POST.get("q"))
    articles = []
    if len(query) >= SUGGEST_MIN_LENGTH:
        articles = article_search(user=request.user, query=query, limit=SUGGESTIONS).articles
    return render(request, "knowledgebase/_suggestions.html", {"articles": articles, "query": query})
