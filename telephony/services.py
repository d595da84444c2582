"""Every write of the hotline: PBX tokens, call events (order-tolerant, idempotent), callbacks.

A call is a state machine fed by the PBX's events newCall / answer / hangup (the Generic CTI shape). Events
may repeat or arrive out of order; each one is stored once per (call, event), and the call's state, times and
outcome are recomputed from the timestamps the events carry, never from their arrival order.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CitizenProfile, User
from privacy.services import access_log_record
from supportdesk.errors import DomainError
from telephony.errors import CallbackNotPending, CallbackRefused
from telephony.models import Call, Callback, CallEvent, IvrChoice, PbxToken
from telephony.phone_numbers import e164, phone_masked
from tickets import services as ticket_services
from tickets.broadcast import agent_group, broadcast_on_commit
from tickets.models import Channel, Ticket, TicketMessage
from tickets.selectors import tickets_visible_to_staff
from tickets.triage import triage

logger = logging.getLogger(__name__)  # ids and codes only: numbers and transcripts are personal data

TOKEN_PREFIX_LENGTH = 8
# SLA2: a complex request is handled within 30 minutes; a citizen who could not get through waits no longer.
CALLBACK_WITHIN = timedelta(minutes=30)
CALLBACK_MAX_ATTEMPTS = 3
# A second call within a day about the same topic continues the open request instead of opening another.
REPEAT_CALL_WINDOW = timedelta(hours=24)
SCREEN_POP_REQUESTS = 5

# Generic CTI hang-up causes → what happened to an unanswered inbound call.
ABANDON_CAUSES = frozenset({"cancel", "normalClearing"})  # the caller hung up while waiting
HANGUP_CAUSES = ("normalClearing", "busy", "cancel", "noAnswer", "congestion", "notFound", "forwarded", "voicemail")
OUTCOME_TO_CALLBACK_REASON = {
    Call.Outcome.MISSED: Callback.Reason.MISSED,
    Call.Outcome.ABANDONED: Callback.Reason.ABANDONED,
    Call.Outcome.VOICEMAIL: Callback.Reason.VOICEMAIL,
}


# --- PBX tokens --------------------------------------------------------------------------------------------


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pbx_token_issue(*, name: str) -> tuple[PbxToken, str]:
    """Create a PBX's credentials; the plain token is returned once and never stored."""
    while True:
        token = secrets.token_urlsafe(32)
        prefix = token[:TOKEN_PREFIX_LENGTH]
        if not PbxToken.objects.filter(prefix=prefix).exists():
            break
    pbx = PbxToken.objects.create(name=name, prefix=prefix, token_hash=_token_digest(token))
    return pbx, token


def pbx_token_find(token: str) -> PbxToken | None:
    """The token's row, active or not, or None. The hash comparison takes the same time whatever matches."""
    pbx = PbxToken.objects.filter(prefix=token[:TOKEN_PREFIX_LENGTH]).first() if token else None
    expected = pbx.token_hash if pbx else _token_digest(secrets.token_urlsafe(32))
    matches = hmac.compare_digest(expected, _token_digest(token or ""))
    return pbx if pbx is not None and matches else None


def pbx_token_touch(pbx: PbxToken) -> None:
    PbxToken.objects.filter(pk=pbx.pk).update(last_used_at=timezone.now())


# --- Call events -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallEventData:
    """One validated event of the PBX (telephony.api checks the shape)."""

    event: str
    call_id: str
    occurred_at: datetime
    direction: str = Call.Direction.IN
    from_number: str = ""
    to_number: str = ""
    user: str = ""
    cause: str = ""
    digits: str = ""
    transcript: str = ""
    recording_url: str = ""
    queue: str = ""
    payload: dict = field(default_factory=dict)


@dataclass
class CallEventResult:
    call: Call
    duplicate: bool
    warnings: list[str] = field(default_factory=list)


def call_event_apply(*, pbx: PbxToken, data: CallEventData) -> CallEventResult:
    """Record one event of a call and bring the call, its request, the operator's screen and callbacks up to date.

    Idempotent: an event already recorded for the call changes nothing. Tolerant to order: an answer before its
    newCall, or a hangup before its answer, give the same call as the usual order once all have arrived.
    """
    with transaction.atomic():
        call, _created = Call.objects.select_for_update().get_or_create(
            call_id=data.call_id, defaults={"pbx": pbx, "direction": data.direction}
        )
        if CallEvent.objects.filter(call=call, event=data.event).exists():
            return CallEventResult(call=call, duplicate=True)
        CallEvent.objects.create(call=call, event=data.event, occurred_at=data.occurred_at, payload=data.payload)
        result = CallEventResult(call=call, duplicate=False)
        _merge(call, data)
        _identify(call)
        operator = _operator_resolve(call, data, result.warnings)
        previous_state = call.state
        _state_recompute(call)
        if call.ticket_id is None:
            _ticket_attach(call)
        call.save()
        if operator is not None and data.event == CallEvent.Kind.ANSWER:
            _assign_answering_operator(call, operator, result.warnings)
        if operator is not None and (
            data.event == CallEvent.Kind.ANSWER
            or (data.event == CallEvent.Kind.NEW_CALL and call.direction == Call.Direction.IN
                and call.state == Call.State.RINGING)
        ):
            _screen_pop(call, operator, ringing=data.event == CallEvent.Kind.NEW_CALL)
        if call.state == Call.State.ENDED and call.outcome != call.logged_outcome:
            _call_log(call, corrected=bool(call.logged_outcome))
            _callbacks_follow_outcome(call)
    logger.info("call event call=%s event=%s state=%s->%s outcome=%s ticket=%s", call.pk, data.event,
                previous_state, call.state, call.outcome or "-", call.ticket_id or "-")
    return result


def _merge(call: Call, data: CallEventData) -> None:
    """Facts the PBX repeats in every event fill what is still empty; each event owns its own timestamp."""
    call.from_number = call.from_number or data.from_number[:64]
    call.to_number = call.to_number or data.to_number[:64]
    call.queue = call.queue or data.queue[:120]
    call.ivr_digits = call.ivr_digits or data.digits
    if data.transcript and (not call.transcript or data.event == CallEvent.Kind.HANGUP):
        call.transcript = data.transcript  # the post-call transcript is the complete one
    if data.recording_url:
        call.recording_url = data.recording_url
    if data.event == CallEvent.Kind.NEW_CALL:
        call.started_at = data.occurred_at
    elif data.event == CallEvent.Kind.ANSWER:
        call.answered_at = data.occurred_at
    else:
        call.ended_at = data.occurred_at
        call.cause = data.cause


def _identify(call: Call) -> None:
    """The citizen's side of the call (the caller, or whom an operator dials) names the citizen."""
    if not call.phone:
        call.phone = e164(call.from_number if call.direction == Call.Direction.IN else call.to_number)
    if call.citizen_id is None and call.phone:
        profile = CitizenProfile.objects.filter(phone=call.phone).select_related("user").first()
        call.citizen = profile.user if profile else None


def _operator_resolve(call: Call, data: CallEventData, warnings: list[str]) -> User | None:
    """The PBX names an operator by e-mail or user id; names we don't know are kept as text, not refused."""
    ref = data.user.strip()
    if not ref:
        return None
    call.operator_ref = call.operator_ref or ref[:254]
    users = User.objects.filter(is_active=True, operator_profile__isnull=False)
    operator = (users.filter(pk=int(ref)) if ref.isdigit() else users.filter(email__iexact=ref)).first()
    if operator is None:
        warnings.append(
            _("Оператор «%(ref)s» не найден среди сотрудников линии: звонок записан без него.") % {"ref": ref[:254]}
        )
        return None
    if data.event == CallEvent.Kind.ANSWER or (call.direction == Call.Direction.OUT and call.operator_id is None):
        call.operator = operator
    return operator


def _state_recompute(call: Call) -> None:
    if call.ended_at is not None:
        call.state = Call.State.ENDED
        call.outcome = _outcome(call)
    elif call.answered_at is not None:
        call.state = Call.State.ANSWERED
    else:
        call.state = Call.State.RINGING


def _outcome(call: Call) -> str:
    if call.cause == "voicemail":
        return Call.Outcome.VOICEMAIL
    if call.answered_at is not None:
        return Call.Outcome.ANSWERED
    if call.direction == Call.Direction.IN and call.cause in ABANDON_CAUSES:
        return Call.Outcome.ABANDONED
    return Call.Outcome.MISSED


def _topic_for(call: Call):
    """IVR keys first (the caller chose), else what the assistant reads in the transcript, else none."""
    if call.ivr_digits:
        choice = IvrChoice.objects.filter(digits=call.ivr_digits, is_active=True).select_related("topic").first()
        if choice is not None and choice.topic.is_active:
            return choice.topic, Call.TopicSource.IVR
    if call.transcript:
        found = triage(text=call.transcript, language="ru")
        if found.topic is not None:
            return found.topic, Call.TopicSource.TRANSCRIPT
    return None, ""


def _open_phone_requests(call: Call):
    tickets = Ticket.objects.filter(channel=Channel.PHONE, status__in=Ticket.STAFF_OPEN_STATUSES)
    if call.citizen_id is not None:
        return tickets.filter(citizen_id=call.citizen_id)
    if len(call.phone) <= 12:  # Ticket.contact_phone holds Russian numbers
        return tickets.filter(citizen__isnull=True, contact_phone=call.phone)
    return tickets.none()


def _ticket_attach(call: Call) -> None:
    """Link the call to a request: the one owed a callback, a recent one on the same topic, or a new one."""
    if call.direction == Call.Direction.IN:
        call.topic, call.topic_source = _topic_for(call)
    if not call.phone and call.direction == Call.Direction.OUT:
        return
    if call.phone:
        candidates = _open_phone_requests(call).order_by("-updated_at", "-id")
        owed = candidates.filter(callbacks__status=Callback.Status.PENDING).first()
        if owed is not None:
            call.ticket = owed
            return
        recent = candidates.filter(updated_at__gte=timezone.now() - REPEAT_CALL_WINDOW)
        if call.topic is not None:
            recent = recent.filter(topic__isnull=True) | recent.filter(topic=call.topic)
        call.ticket = recent.first()
        if call.ticket is not None or call.direction == Call.Direction.OUT:
            return  # an operator's outgoing call without a request to continue is only logged
    call.ticket = ticket_services.ticket_intake(
        channel=Channel.PHONE,
        subject=_subject(call),
        body=call.transcript or _call_description(call),
        citizen=call.citizen,
        contact_phone=call.phone if call.citizen is None and len(call.phone) <= 12 else "",
        topic=call.topic,
    )


# Texts stored in requests are records: they stay Russian whatever the interface language.
def _subject(call: Call) -> str:
    return f"Звонок на горячую линию: {call.topic.name}" if call.topic else "Звонок на горячую линию"


def _call_description(call: Call) -> str:
    if call.topic is not None:
        return f"Входящий звонок на горячую линию. Выбор в голосовом меню: «{call.topic.name}»."
    return "Входящий звонок на горячую линию. Тема в голосовом меню не выбрана."


def _assign_answering_operator(call: Call, operator: User, warnings: list[str]) -> None:
    ticket = call.ticket
    if ticket is None:
        return
    try:
        if ticket.assignee_id != operator.pk:
            ticket_services.ticket_assign(ticket=ticket, assignee=operator, actor=None)
        # the operator is talking with the citizen: the first contact, whatever the messages say (SLA1)
        ticket_services.ticket_first_contact(ticket=ticket, agent=operator, at=call.answered_at)
    except DomainError as error:  # the request was closed meanwhile: the call is still logged
        warnings.append(str(error))
    call.ticket.refresh_from_db()


def _screen_pop(call: Call, operator: User, *, ringing: bool) -> None:
    """Tell the operator's desk who is calling, with the citizen's open requests; journaled like any read."""
    citizen = call.citizen
    open_requests = []
    total_open = 0
    if citizen is not None:
        citizen_open = Ticket.objects.filter(citizen=citizen, status__in=Ticket.OPEN_STATUSES)
        total_open = citizen_open.count()
        visible = (tickets_visible_to_staff(operator).filter(citizen=citizen, status__in=Ticket.OPEN_STATUSES)
                   .order_by("-created_at", "-id")[:SCREEN_POP_REQUESTS])
        open_requests = [
            {"id": ticket.pk, "number": ticket.number, "subject": ticket.subject, "status": ticket.status,
             "url": reverse("desk:ticket", args=[ticket.pk])}
            for ticket in visible
        ]
    fields = ["phone:masked"] if call.phone else []
    if citizen is not None:
        fields += ["name", "other_requests"]
    if fields:
        access_log_record(
            actor=operator,
            subject=citizen,
            ticket=call.ticket,
            fields=fields,
            purpose=f"Звонок на горячую линию{f', обращение {call.ticket.number}' if call.ticket else ''}",
        )
    broadcast_on_commit(
        agent_group(operator.pk),
        {
            "type": "call.screen_pop",
            "call_id": call.pk,
            "state": "ringing" if ringing else "answered",
            "url": reverse("telephony:call", args=[call.pk]),
            "caller": citizen.display_name if citizen else "",
            "phone": phone_masked(call.phone) if call.phone else "",
            "known_citizen": citizen is not None,
            "topic": call.topic.name if call.topic else "",
            "ticket_id": call.ticket_id,
            "ticket_number": call.ticket.number if call.ticket else "",
            "open_requests": open_requests,
            "open_total": total_open,
        },
    )


def _duration_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} мин {rest:02d} с" if minutes else f"{rest} с"


def call_log_text(call: Call) -> str:
    """The call as the request's history keeps it (an internal note: the recording is for staff only)."""
    local = timezone.localtime
    lines = [
        f"{'Входящий' if call.direction == Call.Direction.IN else 'Исходящий'} звонок: "
        f"{Call.Outcome(call.outcome).label}.",
    ]
    if call.started_at:
        lines.append(f"Начало: {local(call.started_at):%d.%m.%Y %H:%M:%S}.")
    if call.answered_at:
        lines.append(f"Ответ: {local(call.answered_at):%H:%M:%S}, ожидание {_duration_text(call.wait_seconds)}.")
    if call.ended_at:
        lines.append(f"Завершение: {local(call.ended_at):%d.%m.%Y %H:%M:%S}.")
    if call.outcome == Call.Outcome.ANSWERED:
        lines.append(f"Длительность разговора: {_duration_text(call.talk_seconds)}.")
    elif call.wait_seconds is not None:
        lines.append(f"Ожидание до завершения: {_duration_text(call.wait_seconds)}.")
    if call.operator_id:
        lines.append(f"Оператор: {call.operator.display_name}.")
    if call.topic_id:
        source = Call.TopicSource(call.topic_source).label if call.topic_source else ""
        lines.append(f"Тема: {call.topic.name}" + (f" (определена: {source})." if source else "."))
    if call.recording_url:
        lines.append(f"Запись разговора: {call.recording_url}")
    if call.transcript and not (call.ticket and call.ticket.messages.filter(body=call.transcript).exists()):
        lines.append(f"Расшифровка:\n{call.transcript}")
    return "\n".join(lines)


def _call_log(call: Call, *, corrected: bool) -> None:
    call.logged_outcome = call.outcome
    Call.objects.filter(pk=call.pk).update(logged_outcome=call.outcome)
    if call.ticket is None:
        return
    body = call_log_text(call)
    if corrected:
        body = "Уточнение по звонку (событие АТС пришло с опозданием).\n" + body
    try:
        ticket_services.message_post(
            ticket=call.ticket,
            author=None,
            body=body,
            author_kind=TicketMessage.AuthorKind.SYSTEM,
            channel=Channel.PHONE,
            is_internal=True,
            client_message_id=f"call-{call.pk}-{call.outcome}",
        )
    except DomainError:  # the request was closed before the hang-up arrived; the call log page keeps it
        logger.info("call log not added: request closed call=%s ticket=%s", call.pk, call.ticket_id)


def _callbacks_follow_outcome(call: Call) -> None:
    """A citizen left without an answer is owed a call; an answered call settles what was owed."""
    if call.direction != Call.Direction.IN or call.ticket is None:
        return
    reason = OUTCOME_TO_CALLBACK_REASON.get(call.outcome)
    pending = Callback.objects.select_for_update().filter(ticket=call.ticket, status=Callback.Status.PENDING).first()
    if reason is not None:
        if not call.phone:
            _hidden_number_request_cancel(call)
        elif pending is None and call.ticket.is_open:
            _callback_create(call=call, reason=reason, assignee=call.ticket.assignee)
        return
    if pending is None or (pending.call_id == call.pk and pending.reason == Callback.Reason.UNRESOLVED):
        return  # the operator of this very call promised to call back: that stands
    pending.completed_at = timezone.now()
    if pending.call_id == call.pk:  # a late «answer» event: the call was not missed after all
        pending.status = Callback.Status.CANCELLED
        pending.note = "Звонок был принят: событие АТС об ответе пришло позже завершения."
    else:
        pending.status, pending.result = Callback.Status.DONE, Callback.Result.CITIZEN_CALLED
        pending.completed_by = call.operator
        pending.note = "Гражданин дозвонился сам."
    pending.save(update_fields=["status", "result", "note", "completed_at", "completed_by"])


def _hidden_number_request_cancel(call: Call) -> None:
    """An unanswered call from a hidden number leaves nobody to call back: its own request is cancelled."""
    ticket = call.ticket
    if ticket.assignee_id is not None or not ticket.is_open or ticket.calls.exclude(pk=call.pk).exists():
        return
    if ticket.messages.exclude(author_kind=TicketMessage.AuthorKind.SYSTEM).count() > 1:
        return  # someone wrote in it meanwhile: it is a real request now
    ticket_services.ticket_change_status(
        ticket=ticket, status=Ticket.Status.CANCELLED, actor=None,
        reason="Звонок со скрытого номера не принят: перезвонить невозможно.",
    )


def _callback_create(*, call: Call, reason: str, assignee=None, attempt: int = 1, note: str = "") -> Callback:
    return Callback.objects.create(
        call=call,
        ticket=call.ticket,
        phone=call.phone,
        reason=reason,
        due_at=timezone.now() + CALLBACK_WITHIN,
        assignee=assignee,
        attempt=attempt,
        note=note,
    )


# --- Callbacks --------------------------------------------------------------------------------------------


@transaction.atomic
def callback_request(*, call: Call, actor: User, note: str = "") -> Callback:
    """The operator ends a talk with the question still open: they owe the citizen a call back."""
    call = Call.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=call.pk)
    if call.ticket is None or not call.phone:
        raise CallbackRefused(_("Для этого звонка нет номера или обращения: перезвонить некуда."))
    if not call.ticket.is_open:
        raise CallbackRefused(_("Обращение уже закрыто: обратный звонок по нему не нужен."))
    if Callback.objects.filter(ticket=call.ticket, status=Callback.Status.PENDING).exists():
        raise CallbackRefused(_("По этому обращению обратный звонок уже запланирован."))
    callback = _callback_create(call=call, reason=Callback.Reason.UNRESOLVED, assignee=actor, note=note.strip())
    ticket_services.message_post(
        ticket=call.ticket, author=actor, body=f"Запланирован обратный звонок до "
        f"{timezone.localtime(callback.due_at):%d.%m.%Y %H:%M}." + (f" {note.strip()}" if note.strip() else ""),
        author_kind=TicketMessage.AuthorKind.AGENT, channel=Channel.PHONE, is_internal=True,
    )
    return callback


@transaction.atomic
def callback_complete(*, callback: Callback, actor: User, result: str, note: str = "") -> Callback:
    """Record how the callback went; a citizen who did not pick up gets another attempt, up to three."""
    callback = Callback.objects.select_for_update(of=("self",)).select_related("call", "ticket").get(pk=callback.pk)
    if callback.status != Callback.Status.PENDING:
        raise CallbackNotPending
    now = timezone.now()
    callback.status, callback.result, callback.note = Callback.Status.DONE, result, note.strip()
    callback.completed_at, callback.completed_by = now, actor
    callback.save(update_fields=["status", "result", "note", "completed_at", "completed_by"])
    text = f"Обратный звонок (попытка {callback.attempt}): {Callback.Result(result).label}."
    retry = result == Callback.Result.NO_ANSWER and callback.attempt < CALLBACK_MAX_ATTEMPTS and callback.ticket.is_open
    if retry:
        again = _callback_create(call=callback.call, reason=callback.reason, assignee=callback.assignee or actor,
                                 attempt=callback.attempt + 1)
        text += f" Следующая попытка до {timezone.localtime(again.due_at):%d.%m.%Y %H:%M}."
    if callback.note:
        text += f"\n{callback.note}"
    if callback.ticket.is_open:
        ticket_services.message_post(
            ticket=callback.ticket, author=actor, body=text, author_kind=TicketMessage.AuthorKind.AGENT,
            channel=Channel.PHONE, is_internal=True,
        )
    return callback
