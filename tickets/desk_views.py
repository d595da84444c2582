"""The staff back-office (OP2): the queue, one request with its history and the citizen's context, actions.

accounts.middleware has already demanded a TOTP-verified session for every /desk/ URL. Each read of a
citizen's personal data here writes one access-journal row (SEC5) naming exactly the fields shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import OperatorProfile, User
from accounts.services import operator_set_status
from accounts.validators import format_snils, mask_email, mask_phone, mask_snils

# views share names with services (ticket_take, ticket_assign): call the services through their module
from knowledgebase.selectors import article_get_for_user
from privacy.selectors import cursor_to_timestamp, timestamp_to_cursor
from privacy.services import access_log_record
from supportdesk.errors import DomainError
from tickets import lifecycle, services
from tickets.assist import article_answer_text, assist_for
from tickets.attachments import attachments_check
from tickets.desk_forms import (
    AssignForm,
    OperatorStatusForm,
    PriorityForm,
    QueueFilterForm,
    ReplyForm,
    SavedReplyChoiceForm,
    StatusForm,
    TechnicalResolutionForm,
    TransferForm,
)
from tickets.errors import AttachmentRejected
from tickets.models import Attachment, Channel, SavedReply, Ticket, TicketEvent, TicketMessage, Topic
from tickets.permissions import ticket_can_change, ticket_get_for_staff
from tickets.routing import QUEUED_CAUSES, REASONS, AssignmentRefused, load_of, routing_claim_next
from tickets.selectors import (
    agent_scope,
    saved_replies_for,
    team_roster,
    ticket_events,
    ticket_list_assigned,
    ticket_list_at_risk,
    ticket_list_team,
    ticket_list_unassigned,
    ticket_messages,
    ticket_queue_unassigned,
    tickets_filter,
    tickets_visible_to_staff,
    topic_options,
)
from tickets.sla import sla_timer

QUEUE_PAGE_SIZE = 25
OTHER_REQUESTS_SHOWN = 10


def desk_agent_required(view):
    """Staff who work on requests (operators, specialists, technicians, supervisors); anyone else gets 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm("tickets.view_ticket"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(guarded)


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's word, not a fact (the proxy sets REMOTE_ADDR)
    return request.META.get("REMOTE_ADDR") or None


def _access_purpose(ticket: Ticket) -> str:
    # the journal is a legal record: its wording stays Russian whatever the employee's interface language
    return f"Обработка обращения {ticket.number}"


def _back_to_ticket(ticket: Ticket, anchor: str = ""):
    return redirect(reverse("desk:ticket", args=[ticket.pk]) + anchor)


# --- The queue -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSection:
    key: str
    title: str
    description: str
    tickets: list[Ticket]
    next_url: str | None
    first_url: str | None = None
    show_assignee: bool = False
    show_take: bool = False
    # the team section shows agents requests they may not open: no link, and no subject (SEC3: only what is needed)
    linkable: bool = True
    show_subject: bool = True
    # «Не распределены»: why each request still waits (its last routing decision, tickets.routing.QUEUED_CAUSES)
    show_cause: bool = False


def _ticket_cursor(ticket: Ticket) -> str:
    return f"{ticket.priority}.{timestamp_to_cursor(ticket.created_at)}.{ticket.pk}"


def _after_cursor(tickets: QuerySet[Ticket], raw: str) -> QuerySet[Ticket]:
    """Keyset paging in queue order (priority desc, created_at, id): no OFFSET, no COUNT (research/performance)."""
    try:
        priority, micros, pk = (int(part) for part in raw.split("."))
        created_at = cursor_to_timestamp(micros)
    except (ValueError, OverflowError):
        return tickets  # a damaged link shows the first page rather than an error
    return tickets.filter(
        Q(priority__lt=priority)
        | Q(priority=priority, created_at__gt=created_at)
        | Q(priority=priority, created_at=created_at, id__gt=pk)
    )


# What a queue row shows (and its SLA timer and paging cursor need): loading whole rows of requests, topics
# and users cost more than the four queries of the page together.
QUEUE_ROW_FIELDS = (
    "id", "number", "subject", "channel", "priority", "status", "created_at", "topic", "language",
    "first_response_at", "first_response_due_at", "due_at", "sla_paused_at", "sla_state",
)
QUEUE_ASSIGNEE_FIELDS = ("assignee__first_name", "assignee__last_name", "assignee__patronymic", "assignee__email")


def _section(request, key: str, title: str, description: str, tickets: QuerySet[Ticket], **extra) -> QueueSection:
    param = f"{key}_after"
    raw = request.GET.get(param, "")
    if raw:
        tickets = _after_cursor(tickets, raw)
    # No join with topics: a joined row count the planner misjudges turns «first 26 in queue order» into
    # «sort all open requests» (40 ms at a million); _queue_sections reads the topics in one query instead.
    if extra.get("show_assignee"):
        tickets = tickets.select_related("assignee").only(*QUEUE_ROW_FIELDS, *QUEUE_ASSIGNEE_FIELDS)
    else:
        tickets = tickets.only(*QUEUE_ROW_FIELDS)
    rows = list(tickets[: QUEUE_PAGE_SIZE + 1])
    now = timezone.now()
    for ticket in rows:
        ticket.sla_timer = sla_timer(ticket, now)  # computed from the row itself: no query
    next_url = None
    if len(rows) > QUEUE_PAGE_SIZE:
        rows = rows[:QUEUE_PAGE_SIZE]
        query = request.GET.copy()
        query[param] = _ticket_cursor(rows[-1])
        next_url = f"{reverse('desk:queue')}?{query.urlencode()}#section-{key}"
    first_url = None
    if raw:
        query = request.GET.copy()
        query.pop(param)
        first_url = f"{reverse('desk:queue')}?{query.urlencode()}#section-{key}"
    return QueueSection(
        key=key, title=title, description=description, tickets=rows, next_url=next_url, first_url=first_url, **extra
    )


def _queue_sections(request, profile: OperatorProfile | None, filters: dict | None = None) -> list[QueueSection]:
    user = request.user
    filters = filters or {}
    supervisor = user.is_superuser or user.has_perm("tickets.view_all_tickets")

    def filtered(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
        return tickets_filter(tickets, **filters) if filters else tickets

    sections = [
        _section(
            request, "mine", _("Мои"), _("Открытые обращения, назначенные мне."), filtered(ticket_list_assigned(user))
        ),
        _section(
            request,
            "at_risk",
            _("Под угрозой срока"),
            _("Открытые обращения, у которых срок под угрозой или уже нарушен: сначала срочные, затем давние."),
            filtered(ticket_list_at_risk(user)),
            show_assignee=True,
        ),
    ]
    if profile is not None:
        sections.append(
            _section(
                request,
                "queue",
                _("Очередь"),
                _("Свободные обращения, которые покрывают мой уровень и компетенции."),
                filtered(ticket_queue_unassigned(user)),
                show_take=True,
            )
        )
    if supervisor:
        sections.append(
            _section(
                request,
                "unassigned",
                _("Не распределены"),
                _("Обращения в очереди, которые никому не назначены: сначала срочные, затем давние. "
                  "Причина — из последнего решения распределения."),
                filtered(ticket_list_unassigned()),
                show_cause=True,
            )
        )
    if profile is not None or supervisor:
        sections.append(
            _section(
                request,
                "team",
                _("Команда"),
                _("Обращения, которые ведут коллеги")
                + (
                    _(": все назначенные.")
                    if supervisor
                    else _(" по моим компетенциям. Открыть их может исполнитель или супервизор.")
                ),
                filtered(ticket_list_team(user)),
                show_assignee=True,
                linkable=supervisor,
                show_subject=supervisor,
            )
        )
    if supervisor:
        all_open = (
            tickets_visible_to_staff(user)
            .filter(status__in=Ticket.OPEN_STATUSES)
            .order_by("-priority", "created_at", "id")
        )
        sections.append(
            _section(
                request,
                "all",
                _("Все открытые"),
                _("Все открытые обращения службы."),
                filtered(all_open),
                show_assignee=True,
            )
        )
    prefetch_related_objects([ticket for section in sections for ticket in section.tickets], "topic")
    return sections


FILTER_KEYS = ("q", "channel", "topic", "priority", "sla", "language")


@login_required
@require_GET
def queue(request):
    if not request.user.has_perm("tickets.view_ticket"):
        # the «Рабочее место» link leads the security officer to their own desk page
        if request.user.has_perm("privacy.view_accesslogentry"):
            return redirect("privacy:journal")
        raise PermissionDenied
    profile, _topics = agent_scope(request.user)  # read once: the lists ask for it too
    filtering = any(request.GET.get(key) for key in FILTER_KEYS)
    # the live refresh of an unfiltered page needs no form (its topic options are a query)
    filter_form = QueueFilterForm(request.GET) if filtering else None
    filters = filter_form.filters() if filter_form else {}
    context = {
        "sections": _queue_sections(request, profile, {k: v for k, v in filters.items() if v}),
        "now": timezone.now(),
        "filtering": filtering,
    }
    if request.headers.get("HX-Request"):
        return render(request, "tickets/desk/_queue_sections.html", context)
    if filter_form is None:
        # the unbound form's HTML is cached under its options' key: built only when that entry is missing,
        # from the same read of the options, so the key always names what the entry holds
        options = topic_options()
        context["filter_form"] = SimpleLazyObject(lambda: QueueFilterForm(options=options))
        context["filter_form_key"] = QueueFilterForm.render_key(options)
    else:
        context["filter_form"] = filter_form
    context["profile"] = profile
    context["status_form"] = OperatorStatusForm(initial={"status": profile.status}) if profile else None
    return render(request, "tickets/desk/queue.html", context)


@desk_agent_required
@require_POST
def take_next(request):
    """«Взять следующее»: the most urgent, oldest request of my queue, by the routing rules (one transaction)."""
    profile, _topics = agent_scope(request.user)
    if profile is None:
        raise PermissionDenied  # supervisors without a line profile assign, they do not take
    if profile.status != OperatorProfile.Status.ONLINE:
        messages.error(request, _("Чтобы брать обращения, выберите статус «на линии»."))
        return redirect("desk:queue")
    ticket = routing_claim_next(agent=request.user, reason="claim")
    if ticket is None:
        if load_of(request.user.pk) >= profile.max_concurrent_chats:
            messages.info(request, _("У вас уже %(count)s открытых обращений — это ваш предел. Завершите одно из них.")
                          % {"count": profile.max_concurrent_chats})
        else:
            messages.info(request, _("В вашей очереди нет свободных обращений."))
        return redirect("desk:queue")
    messages.success(request, _("Обращение %(number)s взято в работу.") % {"number": ticket.number})
    return _back_to_ticket(ticket)


@desk_agent_required
@require_GET
def team(request):
    """Who is on the line and how loaded: its own page, so the queue's live refreshes stay light."""
    return render(request, "tickets/desk/team.html", {"roster": team_roster(request.user)})


@desk_agent_required
@require_POST
def operator_status(request):
    profile = OperatorProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied  # only agents have a line status
    form = OperatorStatusForm(request.POST)
    if form.is_valid():
        operator_set_status(profile=profile, status=form.cleaned_data["status"])
        messages.success(request, _("Ваш статус: «%(status)s».") % {"status": profile.get_status_display()})
    else:
        messages.error(request, _("Выберите статус из списка."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("desk:queue")
    return redirect(target)


# --- One request ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonItem:
    label: str
    value: str
    masked: bool = False


@dataclass
class PersonContext:
    """The citizen's context as shown, and the journal codes of exactly what was shown."""

    heading: str
    items: list[PersonItem]
    fields: list[str]
    can_reveal: bool
    other_count: int = 0
    other_visible: list[Ticket] | None = None


def _person_context(request, ticket: Ticket, *, reveal: bool) -> PersonContext:
    citizen = ticket.citizen
    if citizen is not None:
        profile = getattr(citizen, "citizen_profile", None)  # None when the citizen has no profile row
        name, email = citizen.display_name, citizen.email
        phone, snils = (profile.phone, profile.snils) if profile else ("", "")
        heading = _("Гражданин")
    else:
        name, email, phone, snils = ticket.contact_name, ticket.contact_email, ticket.contact_phone, ""
        heading = _("Обратившийся (без учётной записи)")
    items: list[PersonItem] = []
    fields = ["conversation"]
    if name:
        items.append(PersonItem(_("ФИО"), name))
        fields.append("name")
    if email:
        items.append(PersonItem(_("Эл. почта"), mask_email(email), masked=True))
        fields.append("email:masked")
    if phone:
        if reveal:
            items.append(PersonItem(_("Телефон"), phone))
            fields.append("phone")
        else:
            items.append(PersonItem(_("Телефон"), mask_phone(phone), masked=True))
            fields.append("phone:masked")
    if snils:
        if reveal:
            items.append(PersonItem(_("СНИЛС"), format_snils(snils)))
            fields.append("snils")
        else:
            items.append(PersonItem(_("СНИЛС"), mask_snils(snils), masked=True))
            fields.append("snils:masked")
    context = PersonContext(heading=heading, items=items, fields=fields, can_reveal=bool(phone or snils) and not reveal)
    if citizen is not None:
        others = Ticket.objects.filter(citizen=citizen).exclude(pk=ticket.pk)
        context.other_count = others.count()  # one citizen's requests: a small, indexed set
        if context.other_count:
            context.other_visible = list(
                tickets_visible_to_staff(request.user)
                .filter(citizen=citizen)
                .exclude(pk=ticket.pk)
                .order_by("-created_at", "-id")[:OTHER_REQUESTS_SHOWN]
            )
            fields.append("other_requests")
    return context


def _status_label(value) -> str:
    try:
        return str(Ticket.Status(value).label)
    except ValueError:
        return str(value)


def _priority_label(value) -> str:
    try:
        return str(Ticket.Priority(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


@dataclass(frozen=True)
class JournalRow:
    event: TicketEvent
    actor: str
    text: str


def _journal_rows(ticket: Ticket) -> list[JournalRow]:
    """The request's journal (AU7) in words. Names and topics referred to by id are fetched once per page."""
    events = list(ticket_events(ticket))
    user_ids = {
        value
        for event in events
        for key in ("assignee_id", "previous_id")
        if isinstance(value := (event.data or {}).get(key), int)
    }
    people = {user.pk: user.display_name for user in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    topic_ids = {
        value
        for event in events
        if event.kind == TicketEvent.Kind.TOPIC_CHANGED
        for key in ("old", "new")
        if isinstance(value := (event.data or {}).get(key), int)
    }
    topics = {topic.pk: str(topic) for topic in Topic.objects.filter(pk__in=topic_ids)} if topic_ids else {}
    files = {}
    if any(event.kind == TicketEvent.Kind.ATTACHMENT_ADDED for event in events):
        files = dict(Attachment.objects.filter(ticket=ticket).values_list("pk", "original_name"))

    def person(pk) -> str:
        return people.get(pk, _("сотрудник №%(id)s") % {"id": pk})

    def topic_name(value) -> str:
        return topics.get(value, str(value)) if value else _("без темы")

    rows = []
    for event in events:
        data = event.data or {}
        kind = event.kind
        K = TicketEvent.Kind
        if kind == K.CREATED:
            channel = data.get("channel")
            label = Channel(channel).label if channel in Channel.values else _("неизвестен")
            text = _("Обращение зарегистрировано, канал: %(channel)s.") % {"channel": label}
        elif kind == K.MESSAGE:
            author_kind = data.get("author_kind")
            if data.get("internal"):
                text = _("Внутренняя заметка сотрудника.")
            elif author_kind == TicketMessage.AuthorKind.CITIZEN:
                text = _("Сообщение гражданина.")
            elif author_kind == TicketMessage.AuthorKind.AGENT:
                text = _("Ответ сотрудника гражданину.")
            elif author_kind == TicketMessage.AuthorKind.ASSISTANT:
                text = _("Ответ помощника.")
            else:
                text = _("Системное сообщение.")
            if data.get("message_id"):
                text += " " + _("Сообщение №%(id)s.") % {"id": data["message_id"]}
        elif kind == K.STATUS_CHANGED:
            text = _("Статус: «%(old)s» → «%(new)s».") % {
                "old": _status_label(data.get("old", "")),
                "new": _status_label(data.get("new", "")),
            }
            if data.get("reopened"):
                text += " " + _("Обращение открыто повторно.")
            if data.get("reason") == "auto-close":
                text += " " + _("Закрыто автоматически: после решения гражданин не писал.")
            elif data.get("reason"):
                text += " " + _("Причина: %(reason)s") % {"reason": data["reason"]}
        elif kind == K.ASSIGNED:
            text = _("Исполнитель: %(name)s.") % {"name": person(data.get("assignee_id"))}
            if data.get("previous_id"):
                text += " " + _("Ранее: %(name)s.") % {"name": person(data["previous_id"])}
        elif kind == K.UNASSIGNED:
            text = _("Исполнитель %(name)s снят, обращение вернулось в очередь.") % {
                "name": person(data.get("previous_id"))
            }
        elif kind == K.TRANSFERRED:
            tier = data.get("tier") or data.get("to_tier")
            text = (
                _("Передано на уровень L%(tier)s.") % {"tier": tier}
                if tier
                else _("Передано на другой уровень поддержки.")
            )
            if data.get("reason"):
                text += " " + _("Причина: %(reason)s") % {"reason": data["reason"]}
        elif kind == K.PRIORITY_CHANGED:
            text = _("Приоритет: «%(old)s» → «%(new)s».") % {
                "old": _priority_label(data.get("old")),
                "new": _priority_label(data.get("new")),
            }
            if data.get("reason"):
                text += " " + _("Причина: %(reason)s") % {"reason": data["reason"]}
        elif kind == K.TOPIC_CHANGED:
            text = _("Тема: «%(old)s» → «%(new)s».") % {
                "old": topic_name(data.get("old")),
                "new": topic_name(data.get("new")),
            }
        elif kind == K.ATTACHMENT_ADDED:
            name = files.get(data.get("attachment_id"))
            text = _("Добавлено вложение «%(name)s».") % {"name": name} if name else _("Добавлено вложение.")
        elif kind == K.ACKNOWLEDGED:
            text = _("Гражданину отправлено подтверждение с номером обращения (эл. почта).")
        elif kind == K.CITIZEN_NOTIFIED:
            if data.get("message_id"):
                text = _("Гражданину отправлен ответ по эл. почте.")
            else:
                text = _("Гражданин уведомлён по эл. почте: статус «%(status)s».") % {
                    "status": _status_label(data.get("status", ""))
                }
        elif kind in (K.MAIL_BOUNCED, K.MAIL_AUTO_REPLY):
            text = _mail_journal_text(kind, data)
        elif kind in (K.SLA_AT_RISK, K.SLA_BREACHED, K.ESCALATED):
            text = _sla_journal_text(kind, data, person)
        elif kind in (K.ROUTED, K.QUEUED, K.RESOLUTION_REPORTED):
            text = _routing_journal_text(kind, data, person)
        else:
            text = str(event.get_kind_display())

        if event.actor_id is None:
            actor = _("Система")
        elif event.actor_id == ticket.citizen_id:
            actor = _("Гражданин")
        else:
            actor = event.actor.display_name
        rows.append(JournalRow(event=event, actor=actor, text=text))
    return rows


SLA_TARGET_LABELS = {
    "first_response": gettext_lazy("первый ответ"),
    "resolution": gettext_lazy("решение"),
    "hard_cap": gettext_lazy("предельный срок"),
}


def _mail_journal_text(kind: str, data: dict) -> str:
    """A bounce, a relay's refusal or an auto-reply (mail/); the addresses are stored masked already."""
    addresses = ", ".join(str(address) for address in data.get("addresses") or []) or "***"
    if kind == TicketEvent.Kind.MAIL_AUTO_REPLY:
        return _("На письмо гражданину пришёл автоответ с адреса %(address)s.") % {"address": addresses}
    if data.get("refused_by_relay"):
        text = _("Почтовый сервер не принял письмо гражданину: адрес %(address)s.") % {"address": addresses}
    else:
        text = _("Письмо не доставлено: адрес %(address)s.") % {"address": addresses}
    if data.get("status"):
        text += " " + _("Код ошибки: %(status)s.") % {"status": data["status"]}
    return text


def _sla_journal_text(kind: str, data: dict, person) -> str:
    target = str(SLA_TARGET_LABELS.get(data.get("target"), data.get("target") or ""))
    if kind == TicketEvent.Kind.SLA_AT_RISK:
        return _("Срок под угрозой: %(target)s.") % {"target": target}
    if kind == TicketEvent.Kind.SLA_BREACHED:
        return _("Срок нарушен: %(target)s.") % {"target": target}
    text = _("Эскалировано: %(name)s (L%(level)s).") % {
        "name": person(data.get("assignee_id")),
        "level": data.get("to_level", "?"),
    }
    if data.get("reason") == "sla_breached":
        text += " " + _("Причина: нарушен срок SLA.")
    return text


def _saved_reply_text(reply: SavedReply, ticket: Ticket) -> str:
    # the one placeholder saved replies may use; personal data is never filled in automatically
    return reply.body.replace("{номер}", ticket.number)


def _render_ticket(
    request,
    ticket: Ticket,
    *,
    reply_form: ReplyForm | None = None,
    reveal: bool = False,
    saved_reply_form: SavedReplyChoiceForm | None = None,
    tier_forms: dict | None = None,
):
    user = request.user
    person = _person_context(request, ticket, reveal=reveal)
    conversation = list(ticket_messages(ticket, include_internal=True))
    journal = _journal_rows(ticket)
    # Written before the response leaves: a page that shows personal data is never unjournaled.
    access_log_record(
        actor=user,
        subject=ticket.citizen,
        ticket=ticket,
        fields=person.fields,
        purpose=_access_purpose(ticket),
        ip_address=_client_ip(request),
    )
    can_change = ticket_can_change(user=user, ticket=ticket)
    # AU6: the technical group resolves with its report (what was done, how to avoid it), not with the picker
    resolved_by_report = ticket.is_open and ticket.tier >= services.TECHNICAL_TIER
    replies = list(saved_replies_for(ticket))
    assist = assist_for(ticket=ticket, user=user) if ticket.is_open else None
    insertable = {str(reply.pk): _saved_reply_text(reply, ticket) for reply in replies}
    for article in assist.articles if assist else ():
        insertable[f"article-{article.pk}"] = _article_text(request, article)
    context = {
        "ticket": ticket,
        "person": person,
        "revealed": reveal,
        "conversation": conversation,
        "last_message_id": conversation[-1].pk if conversation else 0,
        "journal": journal,
        "can_change": can_change,
        "can_take": ticket.is_open and ticket.assignee_id is None,
        "can_assign": ticket.is_open and user.has_perm("tickets.assign_ticket"),
        "reply_form": reply_form or ReplyForm(),
        "status_form": StatusForm(initial={"status": ticket.status}),
        "status_choices": [
            (value, label)
            for value, label in Ticket.Status.choices
            if value in lifecycle.ALLOWED_TRANSITIONS.get(ticket.status, ())
            and not (value == Ticket.Status.RESOLVED and resolved_by_report)
        ],
        "resolved_by_report": resolved_by_report,
        "priority_form": PriorityForm(initial={"priority": ticket.priority}),
        "assign_form": AssignForm(initial={"agent": ticket.assignee_id}),
        "now": timezone.now(),
        "is_overdue": ticket.is_open and ticket.due_at is not None and ticket.due_at < timezone.now(),
        "sla_timer": sla_timer(ticket, timezone.now()),
        "saved_replies": replies,
        "saved_replies_data": insertable,
        "assist": assist,
        "saved_reply_form": saved_reply_form or SavedReplyChoiceForm(replies=saved_replies_for(ticket)),
    }
    context.update(_tier_context(user, ticket, can_change=can_change, forms=tier_forms or {}))
    return render(request, "tickets/desk/ticket_detail.html", context)


@desk_agent_required
@require_http_methods(["GET", "POST"])
def ticket_detail(request, pk: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    reveal = False
    if request.method == "POST" and request.POST.get("reveal"):
        # Unmasked data only for whoever works on the request (SEC3): viewing a queued one is not enough.
        if not ticket_can_change(user=request.user, ticket=ticket):
            messages.error(request, _("Полные данные доступны исполнителю: сначала возьмите обращение в работу."))
            return _back_to_ticket(ticket)
        reveal = True
    if request.method == "GET" and "saved_reply" in request.GET:
        return _insert_saved_reply(request, ticket)
    if request.method == "GET" and "article" in request.GET:
        return _insert_article_answer(request, ticket)
    return _render_ticket(request, ticket, reveal=reveal)


def _article_text(request, article) -> str:
    url = reverse("knowledgebase:article", args=[article.slug])
    return article_answer_text(article=article, url=request.build_absolute_uri(url))


def _insert_article_answer(request, ticket: Ticket):
    """Without scripts, «Вставить ответ» of a suggested article reloads the page with it in the answer field."""
    article = article_get_for_user(user=request.user, slug=request.GET.get("article", ""))
    if article is None:
        messages.error(request, _("Статья не найдена или снята с публикации."))
        return _back_to_ticket(ticket)
    return _render_ticket(request, ticket, reply_form=ReplyForm(initial={"body": _article_text(request, article)}))


def _insert_saved_reply(request, ticket: Ticket):
    """Without scripts, «Вставить» reloads the page with the chosen saved reply in the answer field."""
    form = SavedReplyChoiceForm(request.GET, replies=saved_replies_for(ticket))
    if not form.is_valid():
        return _render_ticket(request, ticket, saved_reply_form=form)
    reply = form.cleaned_data["saved_reply"]
    return _render_ticket(
        request, ticket, reply_form=ReplyForm(initial={"body": _saved_reply_text(reply, ticket)}), saved_reply_form=form
    )


@desk_agent_required
@require_POST
def ticket_reply(request, pk: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_ticket(request, ticket, reply_form=form)  # the typed text stays in the form
    owns = ticket_can_change(user=request.user, ticket=ticket)
    if not owns and ticket.assignee_id is not None:
        messages.error(request, _("Обращение ведёт другой сотрудник: ответить может только исполнитель."))
        return _back_to_ticket(ticket)
    try:
        files = attachments_check(form.cleaned_data["attachments"])
    except AttachmentRejected as error:
        form.add_error("attachments", str(error))
        return _render_ticket(request, ticket, reply_form=form)
    is_internal = form.cleaned_data["is_internal"]
    try:
        # Replying to a queued request takes it: the answer and the ownership commit together or not at all.
        with transaction.atomic():
            if not owns:
                services.ticket_take(ticket=ticket, agent=request.user)
            message, _created = services.message_post(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                author_kind=TicketMessage.AuthorKind.AGENT,
                channel=ticket.channel,
                is_internal=is_internal,
                attachments=files,
            )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_ticket(request, ticket, reply_form=form)
    if is_internal:
        messages.success(request, _("Заметка сохранена. Гражданин её не видит."))
    else:
        messages.success(request, _("Ответ отправлен гражданину."))
    if not owns:
        messages.info(request, _("Обращение %(number)s теперь ваше.") % {"number": ticket.number})
    return _back_to_ticket(ticket, f"#message-{message.pk}")


@desk_agent_required
@require_POST
def ticket_status(request, pk: int):
    """Status (and, from its own form on the page, priority) of a request: the owner's or a supervisor's call."""
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    if not ticket_can_change(user=request.user, ticket=ticket):
        messages.error(
            request,
            _("Статус и приоритет меняет исполнитель: сначала возьмите обращение в работу кнопкой «Взять в работу»."),
        )
        return _back_to_ticket(ticket)
    if f"{PriorityForm().prefix}-priority" in request.POST:
        return _change_priority(request, ticket)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите статус из списка."))
    else:
        try:
            ticket = services.ticket_change_status(
                ticket=ticket,
                status=form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Статус обращения: «%(status)s».") % {"status": ticket.get_status_display()})
    return _back_to_ticket(ticket)


def _change_priority(request, ticket: Ticket):
    form = PriorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите приоритет из списка."))
        return _back_to_ticket(ticket)
    try:
        ticket = services.ticket_change_priority(
            ticket=ticket,
            priority=form.cleaned_data["priority"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Приоритет: «%(priority)s».") % {"priority": ticket.get_priority_display()})
    return _back_to_ticket(ticket)


@desk_agent_required
@require_POST
def ticket_take(request, pk: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    if ticket.assignee_id == request.user.pk:
        messages.info(request, _("Это обращение уже ваше."))
        return _back_to_ticket(ticket)
    try:
        services.ticket_take(ticket=ticket, agent=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Обращение %(number)s взято в работу.") % {"number": ticket.number})
    return _back_to_ticket(ticket)


@desk_agent_required
@require_POST
def ticket_assign(request, pk: int):
    if not request.user.has_perm("tickets.assign_ticket"):
        raise PermissionDenied
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите сотрудника из списка."))
        return _back_to_ticket(ticket)
    agent = form.cleaned_data["agent"]
    try:
        services.ticket_assign(
            ticket=ticket,
            assignee=agent,
            actor=request.user,
            enforce_rules=True,  # a supervisor's choice follows the routing rules, unless they confirm
            override=form.cleaned_data["override"],
        )
    except AssignmentRefused as error:
        text = str(error)
        if error.overridable:
            text += " " + _("Чтобы назначить всё равно, отметьте «%(label)s» и нажмите «Назначить» ещё раз.") % {
                "label": AssignForm.base_fields["override"].label
            }
        messages.error(request, text)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Исполнитель: %(name)s.") % {"name": agent.display_name})
    return _back_to_ticket(ticket)


@desk_agent_required
@require_GET
def ticket_attachment(request, pk: int, attachment_id: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, ticket=ticket)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    access_log_record(
        actor=request.user,
        subject=ticket.citizen,
        ticket=ticket,
        fields=["attachment"],
        purpose=_access_purpose(ticket),
        ip_address=_client_ip(request),
    )
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


# --- Routing and tiers: journal wording, transfer and the L3 resolution report (issue #3) --------------


def _routing_journal_text(kind: str, data: dict, person) -> str:
    reason = data.get("reason", "")
    reason_text = str(REASONS.get(reason, reason))
    if kind == TicketEvent.Kind.ROUTED:
        text = _("Направлено: %(name)s (L%(level)s).") % {
            "name": person(data.get("assignee_id")),
            "level": data.get("level", "?"),
        }
        if data.get("department"):
            text += " " + _("Подразделение: %(department)s.") % {"department": data["department"]}
        if data.get("previous_id"):
            text += " " + _("Ранее: %(name)s.") % {"name": person(data["previous_id"])}
        if "load" in data and "capacity" in data:
            text += " " + _("Загрузка до назначения: %(load)s из %(capacity)s.") % {
                "load": data["load"],
                "capacity": data["capacity"],
            }
    elif kind == TicketEvent.Kind.QUEUED:
        cause = str(QUEUED_CAUSES.get(data.get("cause"), data.get("cause") or ""))
        text = _("Ждёт в очереди: %(cause)s.") % {"cause": cause}
        if data.get("previous_id"):
            text += " " + _("Снято с сотрудника %(name)s.") % {"name": person(data["previous_id"])}
    else:
        return _("Отчёт технической группы отправлен гражданину. Что сделано: %(what)s Как избежать: %(how)s") % {
            "what": data.get("what_was_done", ""),
            "how": data.get("how_to_avoid", ""),
        }
    if reason_text:
        text += " " + _("Повод: %(reason)s.") % {"reason": reason_text}
    return text


def _tier_context(user, ticket: Ticket, *, can_change: bool, forms: dict) -> dict:
    can_transfer = can_change and ticket.is_open
    can_report = can_transfer and ticket.tier >= services.TECHNICAL_TIER and services.is_technical_group_member(user)
    return {
        "can_transfer": can_transfer,
        "transfer_form": forms.get("transfer")
        or (TransferForm(initial={"to_tier": min(ticket.tier + 1, 3)}) if can_transfer else None),
        "can_report_resolution": can_report,
        "resolution_form": forms.get("resolution") or (TechnicalResolutionForm() if can_report else None),
    }


@desk_agent_required
@require_POST
def ticket_transfer(request, pk: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    if not ticket_can_change(user=request.user, ticket=ticket):
        messages.error(request, _("Передать обращение может его исполнитель: сначала возьмите его в работу."))
        return _back_to_ticket(ticket)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.ticket_transfer(
                ticket=ticket,
                to_tier=form.cleaned_data["to_tier"],
                topic=form.cleaned_data["topic"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            text = _("Обращение %(number)s передано на уровень L%(tier)s.")
            messages.success(request, text % {"number": ticket.number, "tier": ticket.tier})
            # the sender keeps read access only: the page is still theirs to look at
            return _back_to_ticket(ticket)
    return _render_ticket(request, ticket, tier_forms={"transfer": form})  # the typed reason stays


@desk_agent_required
@require_POST
def ticket_resolve_technical(request, pk: int):
    ticket = ticket_get_for_staff(user=request.user, ticket_id=pk)
    if not ticket_can_change(user=request.user, ticket=ticket):
        messages.error(request, _("Отчёт о решении оформляет исполнитель: сначала возьмите обращение в работу."))
        return _back_to_ticket(ticket)
    form = TechnicalResolutionForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.ticket_resolve_technical(
                ticket=ticket,
                actor=request.user,
                what_was_done=form.cleaned_data["what_was_done"],
                how_to_avoid=form.cleaned_data["how_to_avoid"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Отчёт отправлен гражданину, обращение решено."))
            return _back_to_ticket(ticket)
    return _render_ticket(request, ticket, tier_forms={"resolution": form})  # what was typed stays

