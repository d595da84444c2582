"""The access journal for the security officer (SEC5): who read whose personal data, when and why.

Reading the journal is not itself journaled (it holds no personal data beyond names and emails of
staff and citizens, and only the officer's role may open it); the page says who is reading.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import User
from privacy.selectors import (
    JournalFilter,
    access_log_actors_for_subject,
    access_log_page,
    field_labels,
    subject_find,
)
from privacy.services import access_log_verify

JOURNAL_PAGE_SIZE = 50
TICKET_NUMBER = re.compile(r"^SD-\d{4}-\d{6}$", re.IGNORECASE)
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class JournalFilterForm(forms.Form):
    actor = forms.EmailField(label=gettext_lazy("Сотрудник (эл. почта)"), required=False)
    subject = forms.CharField(
        label=gettext_lazy("Чьи данные"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Эл. почта гражданина или номер обращения, например SD-2026-000001."),
    )
    date_from = forms.DateField(
        label=gettext_lazy("С даты"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("По дату включительно"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_subject(self) -> str:
        value = self.cleaned_data["subject"].strip()
        if value and "@" not in value and not TICKET_NUMBER.match(value):
            raise forms.ValidationError(_("Введите эл. почту гражданина или номер обращения вида SD-2026-000001."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return data

    def journal_filter(self) -> JournalFilter:
        data = self.cleaned_data
        subject = data.get("subject", "")
        is_number = bool(TICKET_NUMBER.match(subject))
        return JournalFilter(
            actor_email=data.get("actor") or "",
            subject_email="" if is_number else subject,
            ticket_number=subject.upper() if is_number else "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _next_url(request, path: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["after"] = cursor
    return f"{path}?{query.urlencode()}"


def _rows(entries):
    return [(entry, field_labels(entry.fields)) for entry in entries]


def officer_required(view):
    return login_required(permission_required("privacy.view_accesslogentry", raise_exception=True)(view))


@officer_required
@require_GET
def journal(request):
    form = JournalFilterForm(request.GET if any(key in request.GET for key in JournalFilterForm.base_fields) else None)
    filter_valid = form.is_valid() if form.is_bound else True
    journal_filter = form.journal_filter() if form.is_bound and filter_valid else JournalFilter()
    page = access_log_page(journal_filter, after=request.GET.get("after", ""), limit=JOURNAL_PAGE_SIZE)
    path = reverse("privacy:journal")
    return render(
        request,
        "privacy/journal.html",
        {
            "form": form,
            "filter_valid": filter_valid,
            "chain": access_log_verify(),
            "rows": _rows(page.entries) if filter_valid else [],
            "next_url": _next_url(request, path, page.next_cursor) if filter_valid else None,
            "is_paged": bool(request.GET.get("after")),
            "first_url": f"{path}?{_without_cursor(request)}",
            "subject_user": subject_find(email=journal_filter.subject_email),
        },
    )


def _without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


@officer_required
@require_GET
def subject_journal(request, user_id: int):
    """«Кто смотрел мои данные»: one citizen's data, every employee who read it, and each read."""
    subject = get_object_or_404(User, pk=user_id)
    page = access_log_page(
        JournalFilter(), subject=subject, after=request.GET.get("after", ""), limit=JOURNAL_PAGE_SIZE
    )
    path = reverse("privacy:subject", args=[subject.pk])
    return render(
        request,
        "privacy/subject.html",
        {
            "subject": subject,
            "chain": access_log_verify(),
            "readers": access_log_actors_for_subject(subject),
            "rows": _rows(page.entries),
            "next_url": _next_url(request, path, page.next_cursor),
            "is_paged": bool(request.GET.get("after")),
            "first_url": path,
        },
    )
