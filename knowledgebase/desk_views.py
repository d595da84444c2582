"""The knowledge base in the back-office: what citizens read and whether it helped, and what needs review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboards.forms import DateRangeForm
from knowledgebase.models import Article
from knowledgebase.selectors import article_analytics, articles_due_for_review, articles_in_editing
from knowledgebase.services import REVIEW_NOTICE_DAYS, article_review_confirm


@login_required
@permission_required("knowledgebase.change_article", raise_exception=True)
@require_GET
def analytics(request):
    bound = any(name in request.GET for name in ("date_from", "date_to"))
    form = DateRangeForm(request.GET if bound else DateRangeForm.defaults())
    today = timezone.localdate()
    context = {
        "form": form,
        "today": today,
        "due": articles_due_for_review(today=today, within_days=REVIEW_NOTICE_DAYS),
        "in_editing": articles_in_editing(),
        "rows": None,
    }
    if form.is_valid():
        context["rows"] = article_analytics(since=form.cleaned_data["date_from"], until=form.cleaned_data["date_to"])
    return render(request, "knowledgebase/desk/analytics.html", context)


@login_required
@permission_required("knowledgebase.change_article", raise_exception=True)
@require_POST
def article_reviewed(request, pk: int):
    """«Статья актуальна»: the editor re-read it against the regulation; the next review is half a year on."""
    article = get_object_or_404(Article, pk=pk, status=Article.Status.PUBLISHED)
    article_review_confirm(article=article, today=timezone.localdate())
    messages.success(
        request,
        _("«%(title)s»: следующий пересмотр до %(date)s.")
        % {"title": article.title, "date": article.review_due_on.strftime("%d.%m.%Y")},
    )
    return redirect("kb_desk:analytics")
