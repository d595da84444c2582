"""The hotline in the back office: one call with the caller's context (screen pop target), the call log for
supervisors, the callbacks owed to citizens. Reads of personal data are journaled as on the request page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from privacy.services import access_log_record
from supportdesk.errors import DomainError
from telephony import services
from telephony.desk_forms import CallbackDoneForm, CallbackRequestForm, CallLogFilterForm
from telephony.models import Call, Callback
from telephony.permissions import call_can_act, call_get_for_staff, callback_can_complete, callback_get_for_staff
from telephony.phone_numbers import phone_masked
from telephony.selectors import (
    call_log,
    call_log_page,
    callbacks_of_ticket,
    callbacks_pending_for,
    caller_open_requests,
    is_supervisor,
)

# the request page's citizen panel and its journal wording, reused so both pages show and record the same
from tickets.desk_views import (
    PersonContext,
    PersonItem,
    _access_purpose,
    _client_ip,
    _person_context,
    desk_agent_required,
)
from tickets.permissions import ticket_can_change

CALL_LOG_PAGE_SIZE = 50


def _back_to_call(call: Call):
    return redirect("telephony:call", pk=call.pk)


def _caller_context(request, call: Call, *, reveal: bool) -> PersonContext:
    if call.ticket is not None:
        person = _person_context(request, call.ticket, reveal=reveal)
    else:
        person = PersonContext(heading=_("Звонящий"), items=[], fields=[], can_reveal=False)
    if call.phone and call.phone != _profile_phone(call):
        # the number of this call, when the request's panel does not show it already
        value = call.phone if reveal else phone_masked(call.phone)
        person.items.append(PersonItem(_("Номер звонка"), value, masked=not reveal))
        person.fields.append("call_phone" if reveal else "call_phone:masked")
    if not call.phone:
        person.items.append(PersonItem(_("Номер звонка"), _("скрыт")))
    return person


def _profile_phone(call: Call) -> str:
    ticket = call.ticket
    if ticket is None:
        return ""
    if ticket.citizen is not None:
        profile = getattr(ticket.citizen, "citizen_profile", None)
        return profile.phone if profile else ""
    return ticket.contact_phone


@desk_agent_required
@require_http_methods(["GET", "POST"])
def call_detail(request, pk: int):
    call = call_get_for_staff(user=request.user, call_id=pk)
    can_act = call_can_act(user=request.user, call=call)
    reveal = False
    if request.method == "POST":
        if not can_act:
            messages.error(request, _("Полный номер доступен оператору звонка и исполнителю обращения."))
            return _back_to_call(call)
        reveal = True
    person = _caller_context(request, call, reveal=reveal)
    fields = list(person.fields)
    if call.transcript:
        fields.append("call_transcript")
    if call.recording_url:
        fields.append("call_recording")
    open_requests, open_total = caller_open_requests(user=request.user, call=call)
    if open_total:
        fields.append("other_requests")
    if fields:  # written before the response leaves, as on the request page
        access_log_record(
            actor=request.user,
            subject=call.citizen or (call.ticket.citizen if call.ticket else None),
            ticket=call.ticket,
            fields=fields,
            purpose=_access_purpose(call.ticket) if call.ticket else "Обработка звонка на горячую линию",
            ip_address=_client_ip(request),
        )
    callbacks = list(callbacks_of_ticket(call.ticket_id)) if call.ticket_id else []
    pending = next((callback for callback in callbacks if callback.status == Callback.Status.PENDING), None)
    context = {
        "call": call,
        "person": person,
        "revealed": reveal,
        "can_act": can_act,
        # the panel's own «Показать полностью» posts to the request page, for whoever works on the request
        "ticket": call.ticket,
        "can_change": call.ticket is not None and ticket_can_change(user=request.user, ticket=call.ticket),
        "open_requests": open_requests,
        "open_total": open_total,
        "callbacks": callbacks,
        "pending_callback": pending,
        "can_plan_callback": can_act and pending is None and call.ticket is not None and call.ticket.is_open
        and bool(call.phone),
        "callback_form": CallbackRequestForm(),
        "done_form": CallbackDoneForm(prefix=f"callback-{pending.pk}") if pending else None,
        "can_complete": pending is not None and callback_can_complete(user=request.user, callback=pending),
        "now": timezone.now(),
    }
    return render(request, "telephony/call_detail.html", context)


@desk_agent_required
@require_POST
def call_callback_request(request, pk: int):
    call = call_get_for_staff(user=request.user, call_id=pk)
    if not call_can_act(user=request.user, call=call):
        raise PermissionDenied
    form = CallbackRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Комментарий — не более 1000 символов."))
        return _back_to_call(call)
    try:
        callback = services.callback_request(call=call, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Обратный звонок запланирован до %(due)s.")
            % {"due": timezone.localtime(callback.due_at).strftime("%H:%M")},
        )
    return _back_to_call(call)


@desk_agent_required
@require_GET
def callback_list(request):
    """The operator's callbacks to make: their own and unassigned ones they can see, soonest due first."""
    callbacks = list(callbacks_pending_for(request.user)[:100])
    rows = [
        {"callback": callback, "form": CallbackDoneForm(prefix=f"callback-{callback.pk}"),
         "can_complete": callback_can_complete(user=request.user, callback=callback)}
        for callback in callbacks
    ]
    return render(request, "telephony/callback_list.html", {"rows": rows, "now": timezone.now()})


@desk_agent_required
@require_POST
def callback_done(request, pk: int):
    callback = callback_get_for_staff(user=request.user, callback_id=pk)
    back = request.POST.get("back") == "call"
    target = reverse("telephony:call", args=[callback.call_id]) if back else reverse("telephony:callbacks")
    if not callback_can_complete(user=request.user, callback=callback):
        messages.error(request, _("Этот обратный звонок поручен другому сотруднику."))
        return redirect(target)
    form = CallbackDoneForm(request.POST, prefix=f"callback-{callback.pk}")
    if not form.is_valid():
        messages.error(request, _("Выберите итог звонка из списка."))
        return redirect(target)
    try:
        services.callback_complete(callback=callback, actor=request.user, result=form.cleaned_data["result"],
                                   note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Итог обратного звонка записан в обращение %(number)s.")
                         % {"number": callback.ticket.number})
    return redirect(target)


@desk_agent_required
@require_GET
def call_list(request):
    """Supervisors' call log: every call with its times, outcome and request; personal data only on a call's page."""
    if not is_supervisor(request.user):
        raise PermissionDenied
    form = CallLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    calls = call_log(outcome=filters.get("outcome", ""), direction=filters.get("direction", ""),
                     day=filters.get("day"))
    page = call_log_page(calls, before=request.GET.get("before", ""), after=request.GET.get("after", ""),
                         size=CALL_LOG_PAGE_SIZE)
    query = request.GET.copy()
    for name in ("before", "after", "page"):
        query.pop(name, None)
    context = {"form": form, "page": page, "query": query.urlencode(),
               "paged": bool(request.GET.get("before") or request.GET.get("after"))}
    return render(request, "telephony/call_list.html", context)
