"""The operators' chat desk (/desk/chats/): every chat an operator holds, side by side, within their capacity.

accounts.middleware has already demanded a TOTP-verified session for /desk/ URLs. Messages go over each
chat's socket (chat.consumers); files by HTTP POST here; take and transfer call tickets/chat services.
The page follows the operator's desk socket (/ws/desk/): a chat given to them (routing, a colleague's
transfer) arrives as a new pane from `pane`; `live` lists the chats they hold, for a page that missed an event.
Showing a conversation to staff is a read of personal data: one access-journal row per chat shown.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import OperatorProfile, User
from chat.models import ChatReadMark
from chat.selectors import (
    chats_active_for_operator,
    chats_queued_for_operator,
    operators_for_transfer,
    read_marks,
    transcript_messages,
)
from chat.services import chat_transfer_to_operator, chat_transfer_to_tier
from chat.transcripts import transcript_response
from chat.uploads import chat_upload_response
from privacy.services import access_log_record
from supportdesk.errors import DomainError
from tickets import services as ticket_services
from tickets.desk_views import desk_agent_required
from tickets.models import Channel, Ticket
from tickets.permissions import ticket_can_change, ticket_get_for_staff
from tickets.routing import load_of

TRANSFER_REASON_MAX = 500
_TARGET = re.compile(r"(agent|tier):([0-9]{1,9})")  # ASCII digits only: «²» or «٣» are no id


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _journal(request, ticket: Ticket, fields: list[str]) -> None:
    # the journal is a legal record: its wording stays Russian whatever the employee's interface language
    access_log_record(
        actor=request.user,
        subject=ticket.citizen,
        ticket=ticket,
        fields=fields,
        purpose=f"Обработка обращения {ticket.number}",
        ip_address=_client_ip(request),
    )


def _staff_chat(request, ticket_id: int) -> Ticket:
    ticket = ticket_get_for_staff(user=request.user, ticket_id=ticket_id)
    if ticket.channel != Channel.CHAT:
        raise Http404
    return ticket


class ChatTransferForm(forms.Form):
    """«agent:<id>» (a colleague) or «tier:<n>» (a support tier), and the reason; every bad value is a clear error."""

    to = forms.CharField(
        max_length=40, error_messages={"required": gettext_lazy("Выберите, кому передать чат.")}
    )
    reason = forms.CharField(
        required=False,
        max_length=TRANSFER_REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "max_length": gettext_lazy(
                "Причина слишком длинная: не более %(limit_value)d символов (сейчас %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # Django's own wording of this one is English-only in spirit
            field.validators = [
                ProhibitNullCharactersValidator(
                    message=gettext_lazy("В тексте недопустимый символ (нулевой байт): уберите его.")
                ) if isinstance(validator, ProhibitNullCharactersValidator) else validator
                for validator in field.validators
            ]

    def clean_to(self) -> tuple[str, object]:
        match = _TARGET.fullmatch(self.cleaned_data["to"])
        if match is None:
            raise ValidationError(_("Выберите, кому передать чат: сотрудника на линии или уровень поддержки."))
        kind, number = match.group(1), int(match.group(2))
        if kind == "agent":
            colleague = User.objects.filter(pk=number, is_active=True).first()
            if colleague is None:
                raise ValidationError(_("Такого сотрудника нет: выберите сотрудника из списка."))
            return kind, colleague
        if number not in ticket_services.SUPPORT_TIERS:
            raise ValidationError(_("Выберите уровень поддержки: L1, L2 или L3."))
        return kind, number


def _pane(request, ticket: Ticket, *, transfer_form: ChatTransferForm | None = None) -> dict:
    """One chat's pane; journaled as a read of the conversation before the page leaves."""
    conversation = transcript_messages(ticket=ticket, include_internal=True)
    marks = read_marks(ticket_id=ticket.pk)
    _journal(request, ticket, ["conversation"])
    colleagues = operators_for_transfer(ticket=ticket, exclude_user_id=request.user.pk) if ticket.is_open else []
    for profile in colleagues:
        profile.transfer_value = f"agent:{profile.user_id}"
    return {
        "ticket": ticket,
        "conversation": conversation,
        "last_message_id": conversation[-1].pk if conversation else 0,
        "citizen_read_up_to": marks[ChatReadMark.Side.CITIZEN],
        "colleagues": colleagues,
        "tiers_above": [(f"tier:{tier}", tier) for tier in ticket_services.SUPPORT_TIERS if tier > ticket.tier],
        "transfer_form": transfer_form,
        "transfer_to": transfer_form.data.get("to", "") if transfer_form is not None else "",
    }


def _capacity(user) -> tuple[int, int, OperatorProfile | None]:
    profile = OperatorProfile.objects.filter(user=user).first()
    return load_of(user.pk), (profile.max_concurrent_chats if profile is not None else 0), profile


def _load_text(load: int, capacity: int) -> str:
    return _("Открытых обращений: %(load)s из %(capacity)s.") % {"load": load, "capacity": capacity}


def _pane_context() -> dict:
    return {"reason_max": TRANSFER_REASON_MAX}


def _render_desk(request, *, failed: tuple[int, ChatTransferForm] | None = None, status: int = 200):
    user = request.user
    panes = []
    for ticket in chats_active_for_operator(user):
        form = failed[1] if failed is not None and failed[0] == ticket.pk else None
        panes.append(_pane(request, ticket, transfer_form=form))
    load, capacity, profile = _capacity(user)
    context = {
        **_pane_context(),
        "panes": panes,
        "queued": chats_queued_for_operator(user),
        "load_text": _load_text(load, capacity),
        "has_room": profile is not None and load < capacity,
    }
    return render(request, "chat/desk.html", context, status=status)


@desk_agent_required
@require_GET
def index(request):
    return _render_desk(request)


@desk_agent_required
@require_GET
def pane(request, ticket_id: int):
    """A chat the operator holds, as the pane the desk page adds live: {"html", "load_text"}; 404 otherwise."""
    ticket = _staff_chat(request, ticket_id)
    if ticket.pk not in {held.pk for held in chats_active_for_operator(request.user)}:
        raise Http404
    html = render_to_string(
        "chat/_desk_pane.html", {**_pane_context(), "pane": _pane(request, ticket)}, request=request
    )
    load, capacity, _profile = _capacity(request.user)
    return JsonResponse({"html": html, "load_text": _load_text(load, capacity)})


@desk_agent_required
@require_GET
def live(request):
    """The chats the operator holds now (ids only, nothing personal): the page fetches panes it is missing."""
    load, capacity, _profile = _capacity(request.user)
    return JsonResponse(
        {"chat_ids": [ticket.pk for ticket in chats_active_for_operator(request.user)],
         "load_text": _load_text(load, capacity)}
    )


@desk_agent_required
@require_POST
def take(request, ticket_id: int):
    ticket = _staff_chat(request, ticket_id)
    try:  # capacity, line status and fit are ticket_take's to refuse, in Russian
        ticket_services.ticket_take(ticket=ticket, agent=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Чат %(number)s взят в работу.") % {"number": ticket.number})
    return redirect("desk_chats:index")


@desk_agent_required
@require_POST
def transfer(request, ticket_id: int):
    """To a colleague («agent:<id>») or a support tier («tier:<n>»); the citizen sees a system message.

    Bad input re-renders the desk with the error at the chat's form and the typed reason kept (400); a transfer
    the services refuse (colleague offline or full, no reason for a tier) is told the same way (409).
    """
    ticket = _staff_chat(request, ticket_id)
    if not ticket_can_change(user=request.user, ticket=ticket):
        messages.error(request, _("Передать чат может его исполнитель."))
        return redirect("desk_chats:index")
    form = ChatTransferForm(request.POST)
    if not form.is_valid():
        return _render_desk(request, failed=(ticket.pk, form), status=400)
    (kind, target), reason = form.cleaned_data["to"], form.cleaned_data["reason"]
    try:
        if kind == "agent":
            chat_transfer_to_operator(ticket=ticket, to_agent=target, actor=request.user, reason=reason)
            messages.success(request, _("Чат %(number)s передан сотруднику %(name)s.")
                             % {"number": ticket.number, "name": target.display_name})
        else:
            ticket = chat_transfer_to_tier(ticket=ticket, to_tier=target, actor=request.user, reason=reason)
            messages.success(request, _("Чат %(number)s передан на уровень L%(tier)s.")
                             % {"number": ticket.number, "tier": ticket.tier})
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_desk(request, failed=(ticket.pk, form), status=409)
    return redirect("desk_chats:index")


@desk_agent_required
@require_POST
def attachments(request, ticket_id: int):
    """The operator's files for a chat they hold: JSON like the citizen's endpoint (chat.views.attachments)."""
    ticket = _staff_chat(request, ticket_id)
    if not ticket_can_change(user=request.user, ticket=ticket):
        return JsonResponse({"error": _("Файлы в чат отправляет его исполнитель.")}, status=403)
    return chat_upload_response(request, ticket=ticket, as_staff=True)


@desk_agent_required
@require_GET
def transcript(request, ticket_id: int) -> HttpResponse:
    """Any chat's transcript for a supervisor (internal notes included), journaled as a read of personal data."""
    if not (request.user.is_superuser or request.user.has_perm("tickets.view_all_tickets")):
        raise PermissionDenied
    ticket = _staff_chat(request, ticket_id)
    _journal(request, ticket, ["transcript"])
    return transcript_response(ticket=ticket, fmt=request.GET.get("format", "txt"), for_staff=True)
