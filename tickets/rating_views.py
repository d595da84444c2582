"""The citizen's one-click rating of a resolved request (CSAT). Service in tickets/ratings.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from supportdesk.errors import DomainError
from tickets.permissions import ticket_get_for_citizen
from tickets.ratings import COMMENT_MAX_LENGTH, rating_submit
from tickets.views import citizen_required


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Оценка"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int,
        error_messages={"required": gettext_lazy("Выберите оценку от 1 до 5."),
                        "invalid_choice": gettext_lazy("Выберите оценку от 1 до 5.")},
    )
    comment = forms.CharField(label=gettext_lazy("Комментарий"), required=False, max_length=COMMENT_MAX_LENGTH)


@citizen_required
@require_POST
def citizen_rate(request, number: str):
    ticket = ticket_get_for_citizen(user=request.user, number=number)  # 404 for anyone but the owner
    form = RatingForm(request.POST)
    back = reverse("tickets:citizen_detail", args=[ticket.number]) + "#rating"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        rating_submit(ticket=ticket, citizen=request.user, score=form.cleaned_data["score"],
                      comment=form.cleaned_data["comment"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Спасибо за оценку! Она помогает нам работать лучше."))
    return redirect(back)
