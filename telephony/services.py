"""Every write of the hotline: PBX tokens, call events (order-tolerant, idempotent), callbacks.

A call is a state machine fed by the PBX's events newCall / answer / hangup (the Generic CTI shape). Events
may repeat or arrive out of order; each one is stored once per call and kind (answers once per operator: a
second operator's answer is a transfer), and the call's state, times and outcome are recomputed from the
timestamps the events carry, never from their arrival order. A repeat that brings later fields (a recording)
is merged in; a true repeat changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CitizenProfile, User
from privacy.services import access_log_record
from supportdesk.errors import DomainError
from telephony.errors import CallbackNotPending, CallbackRefused, CallOfAnotherPbx
from telephony.models import Call, Callback, CallEvent, PbxToken
from telephony.phone_numbers import e164, phone_masked
from telephony.selectors import ivr_topic, phone_request_to_continue
from tickets import services as ticket_services
from tickets import sla
from tickets.broadcast import DESK_GROUP, agent_group, broadcast_on_commit
from tickets.lifecycle import QUEUE_STATUSES
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.selectors import tickets_visible_to_staff
from tickets.services import event_record
from tickets.tasks import ticket_route_task
from tickets.triage import triage

logger = logging.getLogger(__name__)  # ids and codes only: numbers and transcripts are personal data

TOKEN_PREFIX_LENGTH = 8
# SLA2: a complex request is handled within 30 minutes; a citizen who could not get through waits no longer.
CALLBACK_WITHIN = timedelta(minutes=30)
CALLBACK_MAX_ATTEMPTS = 3
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
    duration: int | None = None
    payload: dict = field(default_factory=dict)


@dataclass
class CallEventResult:
    call: Call
    duplicate: bool
    merged: bool = False  # a later event of a kind already recorded added fields the call lacked
    warnings: list[str] = field(default_factory=list)


def call_event_apply(*, pbx: PbxToken, data: CallEventData) -> CallEventResult:
    """Record one event of a call and bring the call, its request, the operator's screen and callbacks up to date.

    Idempotent: an event already recorded for the call changes nothing, unless it brings later fields the call
    lacks (a recording, the PBX's duration, a transcript, the menu keys), which are merged in. A second answer
    by another operator is a transfer. Tolerant to order: an answer before its newCall, or a hangup before its
    answer, give the same call as the usual order once all have arrived. Only the PBX that registered a call
    may post its events (CallOfAnotherPbx).
    """
    with transaction.atomic():
        call, created = Call.objects.select_for_update().get_or_create(
            call_id=data.call_id, defaults={"pbx": pbx, "direction": data.direction}
        )
        if not created and call.pbx_id != pbx.pk:
            raise CallOfAnotherPbx
        key = _dedupe_key(data)
        if CallEvent.objects.filter(call=call, dedupe_key=key).exists():
            return _later_fields_merge(call, data, key)
        event = CallEvent.objects.create(call=call, event=data.event, dedupe_key=key, occurred_at=data.occurred_at,
                                         payload=data.payload)
        result = CallEventResult(call=call, duplicate=False)
        _merge(call, data)
        _identify(call)
        operator = _operator_resolve(call, data, result.warnings)
        answered_last = False
        if data.event == CallEvent.Kind.ANSWER:
            answered_last = _is_latest_answer(event)
            if operator is not None:
                CallEvent.objects.filter(pk=event.pk).update(operator=operator)
                if answered_last:  # a transfer: the call is now with whoever answered last
                    call.operator = operator
        previous_state = call.state
        _state_recompute(call)
        if call.ticket_id is None:
            _ticket_attach(call)
        else:
            _topic_follow(call, data)
        call.save()
        if operator is not None and answered_last:
            _assign_answering_operator(call, operator, result.warnings)
        if operator is not None and (
            answered_last
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


def _dedupe_key(data: CallEventData) -> str:
    """One event of each kind per call; answers one per operator (each answer of a transfer counts)."""
    if data.event == CallEvent.Kind.ANSWER:
        return f"answer:{data.user.strip().lower()[:254]}"
    return data.event


def _is_latest_answer(event: CallEvent) -> bool:
    """Answers may arrive out of order: only the latest by its timestamp says who has the caller now."""
    return not (
        CallEvent.objects.filter(call_id=event.call_id, event=CallEvent.Kind.ANSWER, occurred_at__gt=event.occurred_at)
        .exclude(pk=event.pk)
        .exists()
    )


def _later_fields(call: Call, data: CallEventData) -> dict[str, object]:
    """What a repeated event adds that the call does not know yet; empty for a true repeat.

    Only fields a PBX fills in later count (the recording, its duration, a transcript, the menu keys): a
    different cause or timestamp in a repeat changes nothing, the first event's stand.
    """
    news: dict[str, object] = {}
    if data.recording_url and data.recording_url != call.recording_url:
        news["recording_url"] = data.recording_url
    if data.duration is not None and data.duration != call.duration_seconds:
        news["duration_seconds"] = data.duration
    if data.transcript and data.transcript != call.transcript and (
        not call.transcript or data.event == CallEvent.Kind.HANGUP
    ):
        news["transcript"] = data.transcript
    if data.digits and not call.ivr_digits:
        news["ivr_digits"] = data.digits
    return news


def _later_fields_merge(call: Call, data: CallEventData, key: str) -> CallEventResult:
    """A repeat with later fields: kept as its own event row, merged into the call and added to its log."""
    news = _later_fields(call, data)
    if not news:
        return CallEventResult(call=call, duplicate=True)
    digest = hashlib.sha256(json.dumps(news, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    CallEvent.objects.create(call=call, event=data.event, dedupe_key=f"{key}+{digest}",
                             occurred_at=data.occurred_at, payload=data.payload)
    for name, value in news.items():
        setattr(call, name, value)
    _topic_follow(call, data)
    call.save()
    if call.logged_outcome:  # the call's log is in the request already: these fields follow it there
        _call_log_addendum(call, news, digest)
    logger.info("call event merged call=%s event=%s fields=%s", call.pk, data.event, ",".join(sorted(news)))
    return CallEventResult(call=call, duplicate=False, merged=True)


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
    if data.duration is not None:
        call.duration_seconds = data.duration
    if data.event == CallEvent.Kind.NEW_CALL:
        call.started_at = data.occurred_at
    elif data.event == CallEvent.Kind.ANSWER:
        # the first answer starts the talk; later ones are transfers to colleagues
        call.answered_at = min(call.answered_at, data.occurred_at) if call.answered_at else data.occurred_at
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
    """The PBX names an operator by extension (SIP login), desk e-mail or user id, in that order; names we
    don't know are kept as text, not refused."""
    ref = data.user.strip()
    if not ref:
        return None
    call.operator_ref = call.operator_ref or ref[:254]
    operator = operator_by_pbx_name(ref)
    if operator is None:
        warnings.append(
            _("Оператор «%(ref)s» не найден среди сотрудников линии: звонок записан без него.") % {"ref": ref[:254]}
        )
        return None
    if call.direction == Call.Direction.OUT and call.operator_id is None:
        call.operator = operator  # who dials; an answer sets the operator in call_event_apply
    return operator


def operator_by_pbx_name(ref: str) -> User | None:
    """The active line operator the PBX means by `ref`: their extension, their e-mail, or their id."""
    users = User.objects.filter(is_active=True, operator_profile__isnull=False)
    operator = users.filter(pbx_extension__extension__iexact=ref).first()
    if operator is None and "@" in ref:
        operator = users.filter(email__iexact=ref).first()
    if operator is None and ref.isascii() and ref.isdigit() and len(ref) <= 9:  # an integer column's range
        operator = users.filter(pk=int(ref)).first()
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
    topic = ivr_topic(call.ivr_digits)
    if topic is not None:
        return topic, Call.TopicSource.IVR
    if call.transcript:
        found = triage(text=call.transcript, language="ru")
        if found.topic is not None:
            return found.topic, Call.TopicSource.TRANSCRIPT
    return None, ""


def _topic_follow(call: Call, data: CallEventData) -> None:
    """A later event brought the menu keys or a transcript (B4): the call takes the topic they name, and so does
    its request while its topic is only a guess; a request nobody holds is routed again by the new topic."""
    if call.direction != Call.Direction.IN or not (data.digits or data.transcript):
        return
    topic, source = _topic_for(call)
    if topic is None or not _topic_outranks(call, topic, source):
        return
    call.topic, call.topic_source = topic, source
    if call.ticket_id is not None:
        _ticket_topic_from_call(call)


def _topic_outranks(call: Call, topic, source: str) -> bool:
    """No topic yet, or the caller's own menu choice over what was read in the transcript."""
    if call.topic_id is None:
        return True
    return call.topic_source == Call.TopicSource.TRANSCRIPT and source == Call.TopicSource.IVR and (
        topic.pk != call.topic_id
    )


def _ticket_topic_from_call(call: Call) -> None:
    """Give the call's topic to its request, unless a person chose the request's topic or level, or an earlier
    call (of a request this call only continues) decided it. Journaled; the SLA targets follow the topic."""
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("topic").get(pk=call.ticket_id)
    topic = call.topic
    if not ticket.is_open or ticket.topic_id == topic.pk:
        return
    decided_by_people = ticket.events.filter(
        Q(kind=TicketEvent.Kind.TOPIC_CHANGED, actor__isnull=False) | Q(kind=TicketEvent.Kind.TRANSFERRED)
    ).exists()
    if decided_by_people:
        return
    if ticket.topic_id is not None:
        first_call = ticket.calls.order_by("created_at", "id").values_list("pk", flat=True).first()
        if first_call != call.pk:
            return  # an earlier call of this request set its topic
    event_record(ticket=ticket, kind=TicketEvent.Kind.TOPIC_CHANGED, old=ticket.topic_id, new=topic.pk,
                 by=f"call_{call.topic_source}", call_id=call.pk)
    ticket.topic, ticket.tier = topic, topic.tier
    ticket.save(update_fields=["topic", "tier", "updated_at"])
    sla.clocks_recompute(ticket=ticket)  # a complex topic has a longer target, a typical one a shorter
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    if ticket.assignee_id is None and ticket.status in QUEUE_STATUSES:
        ticket_id = ticket.pk
        transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket_id, reason="intake"))
    call.ticket = ticket


def _ticket_attach(call: Call) -> None:
    """Link the call to a request: the one owed a callback, a recent one on the same topic, or a new one."""
    if call.direction == Call.Direction.IN:
        call.topic, call.topic_source = _topic_for(call)
    if not call.phone and call.direction == Call.Direction.OUT:
        return
    if call.phone:
        call.ticket = phone_request_to_continue(citizen_id=call.citizen_id, phone=call.phone, topic=call.topic)
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
    answered_by = _operators_in_answer_order(call)
    if len(answered_by) > 1:
        lines.append(f"Перевод звонка: {' → '.join(answered_by)}.")
    if call.topic_id:
        source = Call.TopicSource(call.topic_source).label if call.topic_source else ""
        lines.append(f"Тема: {call.topic.name}" + (f" (определена: {source})." if source else "."))
    if call.recording_url:
        lines.append(f"Запись разговора: {call.recording_url}")
    if call.transcript and not (call.ticket and call.ticket.messages.filter(body=call.transcript).exists()):
        lines.append(f"Расшифровка:\n{call.transcript}")
    return "\n".join(lines)


def _operators_in_answer_order(call: Call) -> list[str]:
    events = (CallEvent.objects.filter(call=call, event=CallEvent.Kind.ANSWER, operator__isnull=False)
              .select_related("operator").order_by("occurred_at", "id"))
    return [event.operator.display_name for event in events]


def _call_log(call: Call, *, corrected: bool) -> None:
    call.logged_outcome = call.outcome
    Call.objects.filter(pk=call.pk).update(logged_outcome=call.outcome)
    if call.ticket is None:
        return
    # locked before the check: a request closed meanwhile would refuse the log (message_post locks it too)
    call.ticket = Ticket.objects.select_for_update(of=("self",)).select_related("topic").get(pk=call.ticket_id)
    if call.ticket.status in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED):
        _follow_up_open(call)
    body = call_log_text(call)
    if corrected:
        body = "Уточнение по звонку (событие АТС пришло с опозданием).\n" + body
    ticket_services.message_post(
        ticket=call.ticket,
        author=None,
        body=body,
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        channel=Channel.PHONE,
        is_internal=True,
        client_message_id=f"call-{call.pk}-{call.outcome}",
    )


def _follow_up_open(call: Call) -> None:
    """The call's request was closed or cancelled before the call ended. The lifecycle never reopens those (as a
    letter to a closed request, mail.services), so the call continues in a new request that names the old one:
    the operator who answered holds it, an unanswered caller is owed a callback in it, nothing is lost."""
    closed = call.ticket
    topic = call.topic or closed.topic
    call.ticket = ticket_services.ticket_intake(
        channel=Channel.PHONE,
        subject=f"Звонок на горячую линию (продолжение {closed.number})",
        body=f"Звонок продолжился после того, как обращение {closed.number} было закрыто; "
        f"разговор записан в это обращение.\n{call.transcript or _call_description(call)}",
        citizen=call.citizen,
        contact_phone=call.phone if call.citizen is None and len(call.phone) <= 12 else "",
        topic=topic,
    )
    Call.objects.filter(pk=call.pk).update(ticket=call.ticket)
    logger.info("call continues in a follow-up request call=%s closed=%s ticket=%s", call.pk, closed.pk,
                call.ticket.pk)
    if call.operator_id is not None and call.outcome == Call.Outcome.ANSWERED:
        warnings: list[str] = []
        _assign_answering_operator(call, call.operator, warnings)


def _call_log_addendum(call: Call, news: dict[str, object], digest: str) -> None:
    """Fields the PBX sent after the call's log (a recording ready later, its duration, the transcript)."""
    ticket = call.ticket
    if ticket is None or ticket.status in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED):
        return  # the call's card keeps them; a closed request's record stays as it was closed
    lines = ["Дополнение к звонку (АТС прислала позже):"]
    if "recording_url" in news:
        lines.append(f"Запись разговора: {call.recording_url}")
    if "duration_seconds" in news and call.answered_at is not None:
        lines.append(f"Длительность разговора по данным АТС: {_duration_text(call.duration_seconds)}.")
    if "ivr_digits" in news and call.topic_id and call.topic_source == Call.TopicSource.IVR:
        lines.append(f"Выбор в голосовом меню: «{call.topic.name}».")
    if "transcript" in news:
        lines.append(f"Расшифровка:\n{call.transcript}")
    if len(lines) == 1:
        return
    ticket_services.message_post(
        ticket=ticket,
        author=None,
        body="\n".join(lines),
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        channel=Channel.PHONE,
        is_internal=True,
        client_message_id=f"call-{call.pk}-more-{digest}",
    )


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
            callback = _callback_create(call=call, reason=reason, assignee=call.ticket.assignee)
            _callback_scheduled_note(callback)
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


def _callback_scheduled_note(callback: Callback) -> None:
    """AU7: the request's history says that a callback is owed, why, and by when (an internal system note and
    its «message» journal row; the request's journal has no kind of its own for callbacks)."""
    ticket_services.message_post(
        ticket=callback.ticket,
        author=None,
        body=f"Запланирован обратный звонок до {timezone.localtime(callback.due_at):%d.%m.%Y %H:%M} "
        f"(попытка {callback.attempt}): {Callback.Reason(callback.reason).label}.",
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        channel=Channel.PHONE,
        is_internal=True,
        client_message_id=f"callback-{callback.pk}",
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
    # the request first, then the callback: the order call events and the overdue sweep lock them in
    Ticket.objects.select_for_update().filter(pk=callback.ticket_id).values_list("pk").first()
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
