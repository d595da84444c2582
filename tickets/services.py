"""Every write to requests goes through here: intake from all channels, messages, status, assignment."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tickets import sla
from tickets.attachments import CheckedFile
from tickets.broadcast import DESK_GROUP, broadcast_on_commit, ticket_group
from tickets.errors import EmptyMessage, TicketAlreadyTaken, TicketClosed, TierTransferRefused
from tickets.lifecycle import LOAD_STATUSES, QUEUE_STATUSES, transition_apply
from tickets.models import (
    Attachment,
    Channel,
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketUserObjectPermission,
    Topic,
)
from tickets.routing import assignee_is_away, assignment_check
from tickets.tasks import (
    routing_capacity_freed_task,
    ticket_acknowledge_task,
    ticket_notify_citizen_task,
    ticket_route_task,
)
from tickets.triage import Triage, triage

logger = logging.getLogger(__name__)  # ids only: personal data never reaches log lines

# A request without a detected topic is answered like a complex one until triage says otherwise.
DEFAULT_RESOLUTION_TARGET = timedelta(minutes=30)

S = Ticket.Status
# The lifecycle (allowed moves, timestamps, journal) lives in tickets.lifecycle; every status change
# below goes through its transition_apply().
CITIZEN_VISIBLE_EVENT_KINDS = frozenset(
    {
        TicketEvent.Kind.CREATED,
        TicketEvent.Kind.STATUS_CHANGED,
        TicketEvent.Kind.TRANSFERRED,
        TicketEvent.Kind.ACKNOWLEDGED,
        TicketEvent.Kind.RESOLUTION_REPORTED,
    }
)
AGENT_PERMS = ("tickets.view_ticket", "tickets.change_ticket")


def _next_ticket_number(now) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('tickets_ticket_number_seq')")
        (value,) = cursor.fetchone()
    return f"SD-{now:%Y}-{value:06d}"


def resolution_target(topic: Topic | None) -> timedelta:
    return sla.resolution_target(topic)


def event_record(*, ticket: Ticket, kind: str, actor=None, journal: list | None = None, **data) -> TicketEvent:
    """Append a journal row and tell everyone watching the request.

    journal: collect the row unsaved instead, for events_save() to write a step's rows in one statement
    (routing journals two rows per assignment on its hot path).
    """
    event = TicketEvent(ticket=ticket, kind=kind, actor=actor, data=data)
    if journal is not None:
        journal.append(event)
        return event
    event.save()
    event_broadcast(ticket, event)
    return event


def events_save(*, ticket: Ticket, events: list[TicketEvent]) -> None:
    TicketEvent.objects.bulk_create(events)
    for event in events:
        event_broadcast(ticket, event)


def event_broadcast(ticket: Ticket, event: TicketEvent) -> None:
    broadcast_on_commit(
        ticket_group(ticket.pk),
        {"type": "ticket.event", "kind": event.kind, "status": ticket.status, "event_id": event.pk},
    )


def _attach(*, ticket: Ticket, message: TicketMessage | None, files: Sequence[CheckedFile], actor) -> None:
    for checked in files:
        attachment = Attachment(
            ticket=ticket,
            message=message,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.safe_name, ContentFile(checked.content), save=False)  # the cleaned bytes
        attachment.save()
        event_record(
            ticket=ticket, kind=TicketEvent.Kind.ATTACHMENT_ADDED, actor=actor, attachment_id=attachment.pk
        )


def ticket_intake(
    *,
    channel: str,
    subject: str,
    body: str,
    citizen=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    topic: Topic | None = None,
    language: str = "ru",
    attachments: Sequence[CheckedFile] = (),
    session_key: str = "",
    client_message_id: str = "",
    assistant_first: bool = False,
) -> Ticket:
    """Register a request from any channel: number, first message, journal, acknowledgment, queue update.

    Without a topic the assistant reads the request first (outside the transaction: it takes milliseconds
    of CPU, no locks) and its topic and urgency decide where and how soon it is routed (AI2).
    assistant_first: a chat the assistant answers before any person (status «отвечает помощник»): not routed,
    no SLA clock until the assistant hands it over (chat.dialogue).
    """
    body = body.strip()
    if not body:
        raise EmptyMessage
    found = Triage() if topic is not None else triage(text=f"{subject}\n{body}", language=language)
    return _intake_save(
        channel=channel,
        subject=subject,
        body=body,
        citizen=citizen,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        topic=topic or found.topic,
        priority=found.priority,
        triage_facts=found.facts,
        language=language,
        attachments=attachments,
        session_key=session_key,
        client_message_id=client_message_id,
        assistant_first=assistant_first,
    )


@transaction.atomic
def _intake_save(
    *,
    channel: str,
    subject: str,
    body: str,
    citizen,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    topic: Topic | None,
    priority: int,
    triage_facts: dict,
    language: str,
    attachments: Sequence[CheckedFile],
    session_key: str,
    client_message_id: str,
    assistant_first: bool,
) -> Ticket:
    now = timezone.now()
    ticket = Ticket.objects.create(
        number=_next_ticket_number(now),
        channel=channel,
        citizen=citizen,
        contact_name=contact_name,
        contact_email=contact_email or (citizen.email if citizen else ""),
        contact_phone=contact_phone,
        subject=(subject.strip() or body[:80])[:200],
        topic=topic,
        tier=topic.tier if topic else 1,
        priority=priority,
        language=language,
        due_at=now + resolution_target(topic),
        session_key=session_key,
        status=S.ASSISTANT if assistant_first else S.NEW,
    )
    sla.clocks_start(ticket=ticket, now=now)  # policy deadlines replace the provisional due_at above
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=citizen,
        author_kind=TicketMessage.AuthorKind.CITIZEN,
        body=body,
        channel=channel,
        client_message_id=client_message_id,
    )
    facts = {"triage": triage_facts} if triage_facts else {}
    event_record(ticket=ticket, kind=TicketEvent.Kind.CREATED, actor=citizen, channel=channel, **facts)
    _attach(ticket=ticket, message=message, files=attachments, actor=citizen)
    logger.info("ticket registered id=%s channel=%s topic=%s", ticket.pk, channel, topic.code if topic else "-")
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    # Routing runs after commit in a worker: the request is saved whatever happens to the decision.
    if not assistant_first:
        transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="intake"))
    if ticket.contact_email and channel != Channel.CHAT:
        transaction.on_commit(lambda: ticket_acknowledge_task.delay(ticket_id=ticket.pk))
    return ticket


def _agent_touch(ticket: Ticket, agent, now) -> list[str]:
    """An agent's public reply is the first contact and starts the work.

    A reply to a request nobody holds takes it, by the same rules as «Взять в работу» (routing.
    assignment_check); a supervisor answering one (they have no line profile) becomes its assignee as before.
    """
    if ticket.assignee_id is None and not _is_supervisor(agent):
        assignment_check(ticket=ticket, user=agent, actor=agent)  # raises before anything below is written
    changed = []
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        changed.append("first_response_at")
        changed += sla.state_follow(ticket=ticket, now=now)  # the first-contact clock is met: «at risk» clears
    if ticket.assignee_id is None:
        ticket.assignee = agent
        changed.append("assignee")
        _grant(ticket, agent.pk)
        event_record(ticket=ticket, kind=TicketEvent.Kind.ASSIGNED, actor=agent, assignee_id=agent.pk)
    if ticket.status in (S.NEW, S.ASSISTANT, S.TRIAGED, S.ASSIGNED):
        changed += transition_apply(ticket=ticket, target=S.IN_PROGRESS, actor=agent, now=now)
    return changed


def _is_supervisor(user) -> bool:
    return bool(user.is_superuser or user.has_perm("tickets.view_all_tickets"))


@transaction.atomic
def ticket_first_contact(*, ticket: Ticket, agent, at=None) -> Ticket:
    """A person spoke with the citizen outside the request's messages (an answered phone call): that is the
    first contact (SLA1) and starts the work, as a public reply does."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not ticket.is_open:
        return ticket
    changed = _agent_touch(ticket, agent, at or timezone.now())
    if changed:
        ticket.save(update_fields=[*changed, "updated_at"])
    return ticket


def _message_resent(ticket: Ticket, client_message_id: str) -> TicketMessage | None:
    if not client_message_id:
        return None
    return TicketMessage.objects.filter(ticket=ticket, client_message_id=client_message_id).first()


_MESSAGE_FIELDS = (
    "ticket", "author", "author_kind", "body", "channel", "is_internal", "client_message_id", "created_at"
)


def _message_insert(message: TicketMessage) -> bool:
    """Save a new message with its journal row («message») in one statement; False when its client id is
    saved already (a resend), and then nothing is written.

    Every chat message takes this path, and on it the ORM spent more time building the three statements it
    used (the resend check, the two inserts) than PostgreSQL spent running them. The caller holds the
    request's row lock: a resend committed by a parallel connection committed before the lock was granted,
    so ON CONFLICT sees it. Values are prepared by the model fields, as bulk_create() does.
    """
    fields = [TicketMessage._meta.get_field(name) for name in _MESSAGE_FIELDS]
    params = [field.get_db_prep_save(getattr(message, field.attname), connection) for field in fields]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH saved AS (
                INSERT INTO {TicketMessage._meta.db_table} ({", ".join(quote(field.column) for field in fields)})
                VALUES ({", ".join(["%s"] * len(fields))})
                ON CONFLICT (ticket_id, client_message_id) WHERE NOT (client_message_id = '') DO NOTHING
                RETURNING id
            ),
            journal AS (
                INSERT INTO {TicketEvent._meta.db_table} (ticket_id, kind, actor_id, data, created_at)
                SELECT %s, %s, %s,
                       jsonb_build_object('message_id', saved.id, 'author_kind', %s::text, 'internal', %s::boolean), %s
                  FROM saved
            )
            SELECT id FROM saved
            """,  # noqa: S608 — names come from model metadata, every value is a parameter
            [
                *params,
                message.ticket_id,
                TicketEvent.Kind.MESSAGE,
                message.author_id,
                message.author_kind,
                message.is_internal,
                params[-1],
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    message.pk = row[0]
    message._state.adding, message._state.db = False, connection.alias  # as save() leaves a saved instance
    return True


@transaction.atomic
def message_post(
    *,
    ticket: Ticket,
    author,
    body: str,
    author_kind: str,
    channel: str,
    is_internal: bool = False,
    client_message_id: str = "",
    attachments: Sequence[CheckedFile] = (),
) -> tuple[TicketMessage, bool]:
    """Add a message; returns (message, created). A resent client id returns the saved copy."""
    body = body.strip()
    if not body and not attachments:
        raise EmptyMessage
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # replies and status changes race
    if ticket.status in (S.CLOSED, S.CANCELLED):
        existing = _message_resent(ticket, client_message_id)
        if existing is not None:  # saved before the request closed; the client had not heard the ack
            return existing, False
        raise TicketClosed
    now = timezone.now()
    message = TicketMessage(
        ticket=ticket,
        author=author,
        author_kind=author_kind,
        body=body,
        channel=channel,
        is_internal=is_internal,
        client_message_id=client_message_id,
        created_at=now,
    )
    if not _message_insert(message):
        return _message_resent(ticket, client_message_id), False
    changed: list[str] = []
    back_to_queue = False
    away_from = None
    if author_kind == TicketMessage.AuthorKind.AGENT and not is_internal:
        changed = _agent_touch(ticket, author, now)
    elif author_kind == TicketMessage.AuthorKind.CITIZEN and ticket.status in (S.WAITING, S.RESOLVED):
        # The citizen answered, or came back: the request is live again. If its operator left meanwhile
        # (routing took it from them) it goes back to the queue and is routed afresh; if they are away,
        # offline or switched off now, it is routed away from them, so the answer does not wait for them.
        back_to_queue = ticket.assignee_id is None
        if not back_to_queue and assignee_is_away(user_id=ticket.assignee_id, status=S.IN_PROGRESS):
            away_from = ticket.assignee_id
        target = S.TRIAGED if back_to_queue else S.IN_PROGRESS
        changed = transition_apply(ticket=ticket, target=target, actor=author, now=now)
    if changed:
        ticket.save(update_fields=[*changed, "updated_at"])
    if back_to_queue:
        transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="citizen_returned"))
    elif away_from is not None:
        transaction.on_commit(
            lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="citizen_returned", away_from=away_from)
        )
    _attach(ticket=ticket, message=message, files=attachments, actor=author)
    live_update = {
        "type": "ticket.message",
        "message_id": message.pk,
        "client_message_id": client_message_id,
        "author_kind": author_kind,
        "internal": is_internal,
    }
    if not attachments:  # every socket following the request would otherwise read the message back
        live_update["message"] = message.live_copy()
    broadcast_on_commit(ticket_group(ticket.pk), live_update)
    if author_kind == TicketMessage.AuthorKind.AGENT and not is_internal and ticket.channel != Channel.CHAT:
        transaction.on_commit(
            lambda: ticket_notify_citizen_task.delay(ticket_id=ticket.pk, message_id=message.pk)
        )
    return message, True


@transaction.atomic
def ticket_change_status(
    *, ticket: Ticket, status: str, actor, reason: str = "", resolution_reported: bool = False
) -> Ticket:
    """Move a request along its lifecycle; refuse moves the lifecycle does not allow; tell the citizen.

    A request of the technical group (L3) is resolved only with its report (AU6): ticket_resolve_technical
    sends the citizen what was done and how to avoid it, then resolves with resolution_reported=True.
    """
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if status == ticket.status:
        return ticket
    if status == S.RESOLVED and ticket.tier >= TECHNICAL_TIER and not resolution_reported:
        raise TierTransferRefused(
            _("Обращение технической группы (L3) решают отчётом: заполните «Что сделано» и «Как избежать в будущем» "
              "— гражданин получит оба текста.")
        )
    previous = ticket.status
    fields = transition_apply(ticket=ticket, target=status, actor=actor, reason=reason)
    ticket.save(update_fields=[*fields, "updated_at"])
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    transaction.on_commit(lambda: ticket_notify_citizen_task.delay(ticket_id=ticket.pk))
    _capacity_freed_on_commit(ticket, previous)
    return ticket


def _capacity_freed_on_commit(ticket: Ticket, previous_status: str, user_id: int | None = None) -> None:
    """An operator who just finished (or handed over) a request may take the next one from their queue."""
    user_id = user_id or ticket.assignee_id
    if user_id is None or previous_status not in LOAD_STATUSES:
        return
    if ticket.assignee_id == user_id and ticket.status in LOAD_STATUSES:
        return  # still theirs and still open: nothing was freed
    transaction.on_commit(lambda: routing_capacity_freed_task.delay(user_id=user_id))


def _agent_permissions(codenames=AGENT_PERMS) -> QuerySet[Permission]:
    return Permission.objects.filter(
        content_type__app_label="tickets", codename__in=[name.split(".")[1] for name in codenames]
    )


def grant_statement(*, ticket_id: int, agent_id: int) -> tuple[str, list]:
    """Guardian's direct-FK grants as one INSERT … SELECT (no separate permission lookup); ON CONFLICT:
    already granted (the request comes back to them). Routing embeds it in its assignment statement."""
    grants = TicketUserObjectPermission._meta
    sql = f"""
        INSERT INTO {grants.db_table} (permission_id, user_id, content_object_id)
        SELECT permission.id, %s, %s
          FROM {Permission._meta.db_table} permission
          JOIN django_content_type content_type ON content_type.id = permission.content_type_id
         WHERE content_type.app_label = 'tickets' AND permission.codename = ANY(%s)
        ON CONFLICT DO NOTHING
    """  # noqa: S608 — table names come from model metadata, values are parameters
    return sql, [agent_id, ticket_id, [name.split(".")[1] for name in AGENT_PERMS]]


def _grant(ticket: Ticket, agent_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(*grant_statement(ticket_id=ticket.pk, agent_id=agent_id))


def _revoke(ticket: Ticket, agent, codenames=AGENT_PERMS) -> None:
    TicketUserObjectPermission.objects.filter(
        content_object=ticket, user=agent, permission__in=_agent_permissions(codenames)
    ).delete()


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee, actor, enforce_rules: bool = False, override: bool = False) -> Ticket:
    """Hand a request to an agent, or (assignee None) back to the queue, where routing picks it up again;
    the previous assignee loses access.

    enforce_rules: a person chose the assignee (a take, a supervisor's assignment): their profile is locked
    and the routing rules apply (routing.assignment_check): on the line always; a free place, the language,
    level and skills unless override (the supervisor confirmed). System paths (escalation, the phone line)
    have decided by their own rules and leave it False.
    """
    # two operators may click «take» at once; the topic is read for the rules
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("topic").get(pk=ticket.pk)
    if not ticket.is_open:
        raise TicketClosed
    if ticket.assignee_id == getattr(assignee, "pk", None):
        return ticket
    if enforce_rules and assignee is not None:
        assignment_check(ticket=ticket, user=assignee, actor=actor, override=override)
    previous = ticket.assignee
    previous_status = ticket.status
    if previous is not None:
        _revoke(ticket, previous)
    ticket.assignee = assignee
    fields = ["assignee", "updated_at"]
    if assignee is None:
        event_record(ticket=ticket, kind=TicketEvent.Kind.UNASSIGNED, actor=actor, previous_id=previous.pk)
        if ticket.status in (S.ASSIGNED, S.IN_PROGRESS):
            fields += transition_apply(ticket=ticket, target=S.TRIAGED, actor=actor)  # back to the queue
        if ticket.status in QUEUE_STATUSES:  # one waiting for the citizen is routed when they answer
            transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="unassigned"))
    else:
        _grant(ticket, assignee.pk)
        event_record(
            ticket=ticket,
            kind=TicketEvent.Kind.ASSIGNED,
            actor=actor,
            assignee_id=assignee.pk,
            previous_id=previous.pk if previous else None,
        )
        if previous is not None:
            ticket.reassignment_count += 1  # SLA5: every handoff between people counts
            fields.append("reassignment_count")
        if ticket.status in (S.NEW, S.TRIAGED):
            fields += transition_apply(ticket=ticket, target=S.ASSIGNED, actor=actor)
    ticket.save(update_fields=fields)
    if previous is not None:
        _capacity_freed_on_commit(ticket, previous_status, user_id=previous.pk)
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    return ticket


@transaction.atomic
def ticket_take(*, ticket: Ticket, agent) -> Ticket:
    """An agent takes a request from the queue by the routing rules: on the line, under capacity, speaking its
    language, covering its tier and topic (routing.assignment_check raises AssignmentRefused, a DomainError,
    with the reason in Russian); refused when a colleague took it a moment earlier."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # the page the agent saw may be stale
    if ticket.assignee_id not in (None, agent.pk):
        raise TicketAlreadyTaken
    return ticket_assign(ticket=ticket, assignee=agent, actor=agent, enforce_rules=True)


@transaction.atomic
def ticket_change_priority(*, ticket: Ticket, priority: int, actor, reason: str = "") -> Ticket:
    """Re-rank an open request in the queue; journaled, and every open queue page refreshes."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if priority == ticket.priority:
        return ticket
    if not ticket.is_open:
        raise TicketClosed
    previous = ticket.priority
    ticket.priority = priority
    ticket.save(update_fields=["priority", "updated_at"])
    event_record(
        ticket=ticket, kind=TicketEvent.Kind.PRIORITY_CHANGED, actor=actor, old=previous, new=priority, reason=reason
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    return ticket


def tickets_close_resolved(*, older_than: timedelta = timedelta(days=3)) -> int:
    """Close requests resolved long enough ago that the citizen has not come back."""
    closed = 0
    cutoff = timezone.now() - older_than
    for ticket_id in Ticket.objects.filter(status=S.RESOLVED, resolved_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=ticket_id, status=S.RESOLVED).first()
            if ticket is None:
                continue
            fields = transition_apply(ticket=ticket, target=S.CLOSED, reason="auto-close")
            ticket.save(update_fields=[*fields, "updated_at"])
            closed += 1
    return closed


# --- Tiers: L1 → L2 (a profile department) → L3 (technical group); AU6 ---------------------------------

SUPPORT_TIERS = (1, 2, 3)
TECHNICAL_TIER = 3
RESOLUTION_REPORT_MAX_LENGTH = 4000


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, to_tier: int, actor, reason: str, topic: Topic | None = None) -> Ticket:
    """Hand a request to another support tier: the same request with its whole history, routed afresh.

    At L2 the topic picks the profile department (the operators whose skills cover it); L3 is the
    technical group. The operator who handed it on keeps read access to follow it, not ownership.
    """
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("topic").get(pk=ticket.pk)
    reason = (reason or "").strip()
    if not ticket.is_open:
        raise TierTransferRefused(_("Передать можно только открытое обращение."))
    if to_tier not in SUPPORT_TIERS:
        raise TierTransferRefused(_("Выберите уровень поддержки: L1, L2 или L3."))
    if not reason:
        raise TierTransferRefused(_("Укажите причину передачи: она попадёт в журнал обращения."))
    new_topic = topic or ticket.topic
    if to_tier == 2 and new_topic is None:
        raise TierTransferRefused(_("Для передачи на L2 выберите тему: по ней подбирается профильный отдел."))
    topic_changed = new_topic is not None and new_topic.pk != ticket.topic_id
    if to_tier == ticket.tier and not topic_changed:
        raise TierTransferRefused(_("Обращение уже на уровне L%(tier)s.") % {"tier": to_tier})

    previous = ticket.assignee
    previous_status = ticket.status
    from_tier = ticket.tier
    fields = ["tier", "updated_at"]
    if topic_changed:
        event_record(
            ticket=ticket, kind=TicketEvent.Kind.TOPIC_CHANGED, actor=actor, old=ticket.topic_id, new=new_topic.pk
        )
        ticket.topic = new_topic
        fields.append("topic")
    ticket.tier = to_tier
    if previous is not None:
        _revoke(ticket, previous, ["tickets.change_ticket"])  # view stays: they may follow what happens next
        ticket.assignee = None
        ticket.reassignment_count += 1
        fields += ["assignee", "reassignment_count"]
    if ticket.status != S.TRIAGED:
        fields += transition_apply(ticket=ticket, target=S.TRIAGED, actor=actor, reason=reason)
    ticket.save(update_fields=fields)
    if topic_changed:
        sla.clocks_recompute(ticket=ticket)  # the new topic may be complex: its target applies
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TRANSFERRED,
        actor=actor,
        from_tier=from_tier,
        tier=to_tier,
        reason=reason,
        previous_id=previous.pk if previous else None,
    )
    broadcast_on_commit(DESK_GROUP, {"type": "queue.changed", "ticket_id": ticket.pk})
    transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="transfer"))
    if previous is not None:
        _capacity_freed_on_commit(ticket, previous_status, user_id=previous.pk)
    return ticket


def is_technical_group_member(user) -> bool:
    profile = getattr(user, "operator_profile", None)
    return bool(
        (profile is not None and profile.level >= TECHNICAL_TIER)
        or user.is_superuser
        or user.has_perm("tickets.view_all_tickets")
    )


@transaction.atomic
def ticket_resolve_technical(*, ticket: Ticket, actor, what_was_done: str, how_to_avoid: str) -> Ticket:
    """AU6: the technical group resolves the request and tells the citizen what was done and how to avoid it.

    The notice is a public message of the conversation (emailed when the request did not come by chat);
    the journal keeps both texts as a RESOLUTION_REPORTED row; then the request is resolved.
    """
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    what_was_done, how_to_avoid = (what_was_done or "").strip(), (how_to_avoid or "").strip()
    if not ticket.is_open:
        raise TierTransferRefused(_("Отчёт о решении оформляют для открытого обращения."))
    if ticket.tier < TECHNICAL_TIER:
        raise TierTransferRefused(
            _("Отчёт о решении оформляет техническая группа (L3): сначала передайте обращение на L3.")
        )
    if not is_technical_group_member(actor):
        raise TierTransferRefused(_("Отчёт о решении оформляет сотрудник технической группы (L3)."))
    if not what_was_done or not how_to_avoid:
        raise TierTransferRefused(_("Заполните оба поля: что сделано и как избежать проблемы в будущем."))
    if max(len(what_was_done), len(how_to_avoid)) > RESOLUTION_REPORT_MAX_LENGTH:
        raise TierTransferRefused(
            _("Каждое поле отчёта — не более %(limit)d символов.") % {"limit": RESOLUTION_REPORT_MAX_LENGTH}
        )
    with translation.override(ticket.language or "ru"):
        body = _("Проблема устранена.\n\nЧто сделано: %(what)s\n\nКак избежать этого в будущем: %(how)s") % {
            "what": what_was_done,
            "how": how_to_avoid,
        }
    message, _created = message_post(
        ticket=ticket, author=actor, body=body, author_kind=TicketMessage.AuthorKind.AGENT, channel=ticket.channel
    )
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.RESOLUTION_REPORTED,
        actor=actor,
        message_id=message.pk,
        what_was_done=what_was_done,
        how_to_avoid=how_to_avoid,
    )
    # the journal is a legal record: its wording stays Russian whatever the interface language
    return ticket_change_status(
        ticket=ticket, status=S.RESOLVED, actor=actor, reason="Отчёт технической группы (L3)", resolution_reported=True
    )

