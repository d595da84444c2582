"""The operators' chat desk (/desk/chats/): every chat an operator holds, side by side, within their capacity.

accounts.middleware has already demanded a TOTP-verified session for /desk/ URLs. Messages go over each
chat's socket (chat.consumers); files by HTTP POST here; take and transfer call tickets/chat services.
Showing a conversation to staff is a read of personal data: one access-journal row per chat shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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


@desk_agent_required
@require_GET
def index(request):
    user = request.user
    profile = OperatorProfile.objects.filter(user=user).first()
    chats = chats_active_for_operator(user)
    panes = []
    for ticket in chats:
        conversation = transcript_messages(ticket=ticket, include_internal=True)
        marks = read_marks(ticket_id=ticket.pk)
        panes.append(
            {
                "ticket": ticket,
                "conversation": conversation,
                "last_message_id": conversation[-1].pk if conversation else 0,
                "citizen_read_up_to": marks[ChatReadMark.Side.CITIZEN],
                "colleagues": operators_for_transfer(ticket=ticket, exclude_user_id=user.pk) if ticket.is_open else [],
            }
        )
        _journal(request, ticket, ["conversation"])  # written before the page leaves
    load = load_of(user.pk)
    capacity = profile.max_concurrent_chats if profile is not None else 0
    context = {
        "panes": panes,
        "queued": chats_queued_for_operator(user),
        "load": load,
        "capacity": capacity,
        "has_room": profile is not None and load < capacity,
        "tiers": list(ticket_services.SUPPORT_TIERS),
        "reason_max": TRANSFER_REASON_MAX,
    }
    return render(request, "chat/desk.html", context)


@desk_agent_required
@require_POST
def take(request, ticket_id: int):
    ticket = _staff_chat(request, ticket_id)
    profile = OperatorProfile.objects.filter(user=request.user).first()
    if profile is None or load_of(request.user.pk) >= profile.max_concurrent_chats:
        messages.error(request, _("Все ваши места заняты: завершите или передайте один из чатов."))
        return redirect("desk_chats:index")
    try:
        ticket_services.ticket_take(ticket=ticket, agent=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Чат %(number)s взят в работу.") % {"number": ticket.number})
    return redirect("desk_chats:index")


@desk_agent_required
@require_POST
def transfer(request, ticket_id: int):
    """To a colleague («agent:<id>») or a support tier («tier:<n>»); the citizen sees a system message."""
    ticket = _staff_chat(request, ticket_id)
    if not ticket_can_change(user=request.user, ticket=ticket):
        messages.error(request, _("Передать чат может его исполнитель."))
        return redirect("desk_chats:index")
    target = request.POST.get("to", "")
    reason = (request.POST.get("reason") or "").strip()[:TRANSFER_REASON_MAX]
    kind, _sep, value = target.partition(":")
    try:
        if kind == "agent" and value.isdigit():
            colleague = User.objects.filter(pk=int(value)).first()
            chat_transfer_to_operator(ticket=ticket, to_agent=colleague, actor=request.user, reason=reason)
            messages.success(request, _("Чат %(number)s передан сотруднику %(name)s.")
                             % {"number": ticket.number, "name": colleague.display_name})
        elif kind == "tier" and value.isdigit():
            ticket = chat_transfer_to_tier(ticket=ticket, to_tier=int(value), actor=request.user, reason=reason)
            messages.success(request, _("Чат %(number)s передан на уровень L%(tier)s.")
                             % {"number": ticket.number, "tier": ticket.tier})
        else:
            messages.error(request, _("Выберите, кому передать чат."))
    except DomainError as error:
        messages.error(request, str(error))
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
