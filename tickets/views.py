"""Citizen pages: the support landing page, opening a request, following it (SS2), answering in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supportdesk.errors import DomainError
from tickets.citizen_details import citizen_details
from tickets.downloads import public_attachment_download
from tickets.forms import CitizenReplyForm, CitizenTicketForm
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.permissions import ticket_get_for_citizen
from tickets.recommendations import citizen_recommendations
from tickets.selectors import ticket_events, ticket_list_for_citizen, ticket_messages
from tickets.services import CITIZEN_VISIBLE_EVENT_KINDS, message_post, ticket_intake

MOSCOW = ZoneInfo("Europe/Moscow")  # answer times are promised in Moscow time, whatever the server's zone
LIST_PAGE_SIZE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def portal_home(request):
    return render(
        request,
        "portal/home.html",
        # the acknowledgments go out from this address, so replies to it thread into the request
        {"support_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1]},
    )


def citizen_required(view):
    """Signed-in citizens only; staff get a page that sends them to the desk instead of a bare 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_citizen:
            return render(request, "tickets/citizen_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(guarded)


def moscow_time(moment: datetime | None) -> str:
    return moment.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M") if moment else ""


@citizen_required
def citizen_new(request):
    details = citizen_details(request.user)
    if request.method != "POST":
        form = CitizenTicketForm(details=details)
        return render(request, "tickets/citizen_new.html", {"form": form, "details": details})
    form = CitizenTicketForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = ticket_intake(
                channel=Channel.WEB,
                citizen=request.user,
                subject=data["subject"],
                body=data["body"],
                topic=data["topic"],
                language=request.LANGUAGE_CODE,
                attachments=data["attachments"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Обращение %(number)s зарегистрировано. Ожидаемое время ответа — до %(due)s (МСК). "
                    "Следить за ответом можно на этой странице."
                )
                % {"number": ticket.number, "due": moscow_time(ticket.due_at)},
            )
            return redirect("tickets:citizen_detail", number=ticket.number)
    # a browser cannot refill a file input: the page says so when files were sent with bad input
    return render(
        request,
        "tickets/citizen_new.html",
        {"form": form, "details": details, "files_dropped": bool(request.FILES)},
    )


def _cursor_format(ticket: Ticket) -> str:
    """Keyset cursor (created_at, id) as plain digits: exact to the microsecond, safe in a URL."""
    return f"{(ticket.created_at - _EPOCH) // timedelta(microseconds=1)}-{ticket.pk}"


def _cursor_parse(value: str) -> tuple[datetime, int] | None:
    micros, _sep, pk = value.partition("-")
    if len(micros) > 18 or len(pk) > 18:
        return None
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except (ValueError, OverflowError):  # hand-edited or truncated links
        return None


@citizen_required
def citizen_list(request):
    """«Мои обращения», newest first, in keyset pages: no OFFSET and no COUNT, whatever the history's length."""
    tickets = ticket_list_for_citizen(request.user)
    before = request.GET.get("before", "")
    cursor = _cursor_parse(before) if before else None
    if before and cursor is None:
        messages.warning(request, _("Ссылка на страницу списка устарела; показаны последние обращения."))
    if cursor is not None:
        created_at, pk = cursor
        tickets = tickets.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    page = list(tickets[: LIST_PAGE_SIZE + 1])
    older_url = ""
    if len(page) > LIST_PAGE_SIZE:
        page = page[:LIST_PAGE_SIZE]
        older_url = reverse("tickets:citizen_list") + "?" + urlencode({"before": _cursor_format(page[-1])})
    return render(
        request,
        "tickets/citizen_list.html",
        {
            "tickets": page,
            "older_url": older_url,
            "is_first_page": cursor is None,
            # SS3: what to do next, from the citizen's applications on the portal and their open requests
            "recommendations": citizen_recommendations(request.user) if cursor is None else None,
        },
    )


def _status_label(value) -> str:
    try:
        return str(Ticket.Status(value).label)
    except ValueError:
        return str(value)


def event_description(event: TicketEvent) -> str:
    """What a journal row means to the citizen. Staff reasons are not shown: they may hold internal notes."""
    data = event.data or {}
    if event.kind == TicketEvent.Kind.CREATED:
        channel = data.get("channel")
        if channel in Channel.values:
            return _("Обращение зарегистрировано (канал: %(channel)s).") % {"channel": Channel(channel).label}
        return _("Обращение зарегистрировано.")
    if event.kind == TicketEvent.Kind.STATUS_CHANGED:
        new = _status_label(data.get("new", ""))
        if data.get("reopened"):
            return _("Обращение снова открыто, статус «%(new)s».") % {"new": new}
        if data.get("reason") == "auto-close":
            return _("Обращение закрыто автоматически: после решения новых сообщений не было.")
        if data.get("old"):
            return _("Статус изменён: «%(old)s» → «%(new)s».") % {"old": _status_label(data["old"]), "new": new}
        return _("Статус: «%(new)s».") % {"new": new}
    if event.kind == TicketEvent.Kind.TRANSFERRED:
        if data.get("tier"):
            return _("Обращение передано специалистам уровня L%(tier)s.") % {"tier": data["tier"]}
        return _("Обращение передано профильным специалистам.")
    if event.kind == TicketEvent.Kind.ACKNOWLEDGED:
        return _("Подтверждение с номером обращения отправлено на вашу электронную почту.")
    return str(event.get_kind_display())


def _detail_render(request, ticket: Ticket, reply_form: CitizenReplyForm):
    conversation = list(ticket_messages(ticket, include_internal=False))
    history = [(event, event_description(event)) for event in ticket_events(ticket, kinds=CITIZEN_VISIBLE_EVENT_KINDS)]
    return render(
        request,
        "tickets/citizen_detail.html",
        {
            "ticket": ticket,
            "conversation": conversation,
            "last_message_id": conversation[-1].pk if conversation else 0,
            "history": history,
            "reply_form": reply_form,
            "can_reply": ticket.status not in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED),
            "due_display": moscow_time(ticket.due_at),
        },
    )


@citizen_required
def citizen_detail(request, number: str):
    ticket = ticket_get_for_citizen(user=request.user, number=number)
    return _detail_render(request, ticket, CitizenReplyForm())


@citizen_required
@require_POST
def citizen_reply(request, number: str):
    ticket = ticket_get_for_citizen(user=request.user, number=number)
    form = CitizenReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        # the page again, with the typed text kept and the error next to the field
        return _detail_render(request, ticket, form)
    was_resolved = ticket.status == Ticket.Status.RESOLVED
    try:
        message, _created = message_post(
            ticket=ticket,
            author=request.user,
            body=form.cleaned_data["body"],
            author_kind=TicketMessage.AuthorKind.CITIZEN,
            channel=ticket.channel,
            attachments=form.cleaned_data["attachments"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("tickets:citizen_detail", number=ticket.number)
    if was_resolved:
        messages.success(request, _("Сообщение отправлено. Обращение снова открыто — специалист продолжит работу."))
    else:
        messages.success(request, _("Сообщение отправлено."))
    return redirect(reverse("tickets:citizen_detail", args=[ticket.number]) + f"#message-{message.pk}")


@citizen_required
def citizen_attachment(request, number: str, attachment_id: int):
    """Only the owner downloads, and only files of the public conversation; always as a download."""
    return public_attachment_download(ticket_get_for_citizen(user=request.user, number=number), attachment_id)
