"""Labels for the desk's long lists, translated once per language instead of once per row.

A queue page shows up to a hundred rows; each row's status, priority, channel, waiting time and SLA timer
asked gettext for a dozen strings (about 2,000 calls a page, a third of its rendering time). The strings
are the same Django translations, looked up once per process and language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from html import escape as html_escape

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from accounts.models import OperatorProfile
from tickets.models import Channel, Ticket
from tickets.routing import LANGUAGE_NAMES, QUEUED_CAUSES

register = template.Library()

CHOICES = {
    "status": Ticket.Status.choices,
    "priority": Ticket.Priority.choices,
    "channel": Channel.choices,
    "operator_status": OperatorProfile.Status.choices,
    "queued_cause": [("", _("ещё не распределялось")), *QUEUED_CAUSES.items()],
    "language": list(LANGUAGE_NAMES.items()),
}
SLA_TIMER_TEXT = {
    "first_response": _("Первый ответ"),
    "resolution": _("Решение"),
    "paused": _("пауза — ждём гражданина"),
    "left": _("осталось"),
    "late": _("просрочено на"),
    "breached": _("SLA нарушен"),
    "at_risk": _("под угрозой"),
    "until": _("до"),
}
QUEUE_ROW_TEXT = {
    "take": _("Взять"),
    "hidden": _("видно исполнителю"),
    "no_topic": _("не определена"),
    "queued": _("в очереди"),
}
# Abbreviations that Russian does not inflect, so the waiting time needs no plural forms.
WAIT_UNITS = {"minutes": _("мин"), "hours": _("ч"), "days": _("дн")}


@lru_cache(maxsize=32)
def _translated(kind: str, language: str) -> dict:
    with translation.override(language):
        if kind == "sla":
            return {key: str(text) for key, text in SLA_TIMER_TEXT.items()}
        if kind == "wait":
            return {key: str(text) for key, text in WAIT_UNITS.items()}
        if kind == "row":
            return {key: str(text) for key, text in QUEUE_ROW_TEXT.items()}
        return {value: str(label) for value, label in CHOICES[kind]}


def _labels(kind: str) -> dict:
    return _translated(kind, translation.get_language() or "ru")


@register.filter
def choice_label(value, kind: str) -> str:
    """{{ ticket.status|choice_label:"status" }}: the display name of a stored choice."""
    return _labels(kind).get(value, value)


@register.filter
def waited(since: datetime, now: datetime) -> str:
    """How long a request has waited, as «2 ч 5 мин» (the exact time is in the <time> element)."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    units = _labels("wait")
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} {units['days']} {hours} {units['hours']}" if hours else f"{days} {units['days']}"
    if hours:
        return f"{hours} {units['hours']} {minutes} {units['minutes']}"
    return f"{minutes} {units['minutes']}"


def _e(value) -> str:
    """HTML-escape a value, as Django's escape() does, minus its lazy-string checks (thousands a page)."""
    return html_escape(str(value), quote=True)


@register.simple_tag
def sla_timer_html(timer) -> str:
    """One SLA timer (tickets.sla.SLATimer or None), complete without scripts; desk-sla.js only re-counts the
    digits every second, and the ticking part is aria-live="off". Built here rather than in an included
    template: the queue shows up to a hundred of them, and an include costs more than the row around it."""
    if timer is None:
        return mark_safe('<span class="muted">—</span>')
    text = _labels("sla")
    classes = f"sla-timer sla-{_e(timer.state)}" + (" sla-late" if timer.is_late else "") + (
        " sla-paused" if timer.paused else ""
    )
    deadline_iso = _e(timer.deadline.isoformat()) if timer.deadline else ""
    target = text["first_response"] if timer.target == "first_response" else text["resolution"]
    if timer.paused:
        progress = f'<span class="sla-label">{_e(text["paused"])}</span>'
    else:
        progress = (
            f'<span class="sla-label" data-left="{_e(text["left"])}" data-late="{_e(text["late"])}">'
            f'{_e(text["late"] if timer.is_late else text["left"])}</span>\n'
            f'<time class="sla-clock" datetime="{deadline_iso}" aria-live="off">{_e(timer.clock)}</time>'
        )
    badge = ""
    if timer.state in ("breached", "at_risk"):
        css = "sla-badge-breached" if timer.state == "breached" else "sla-badge-at-risk"
        badge = f'<span class="badge {css}">{_e(text[timer.state])}</span>'
    until = localtime(timer.deadline).strftime("%H:%M:%S") if timer.deadline else ""
    paused = ' data-paused="1"' if timer.paused else ""
    return mark_safe(  # noqa: S308 — every value above is escaped
        f'<span class="{classes}" data-deadline="{deadline_iso}"{paused}>\n'
        f'<span class="sla-target">{_e(target)}:</span>\n{progress}\n{badge}\n'
        f'<span class="sla-until muted">({_e(text["until"])} {until})</span>\n</span>'
    )


def _cause_text(ticket) -> str:
    """Why an unassigned request waits («Не распределены»), naming the language when nobody speaks it."""
    cause = ticket.queued_cause or ""
    text = _labels("queued_cause").get(cause, cause)
    if cause == "no_language":
        text += f" ({_labels('language').get(ticket.language, ticket.language)})"
    return text


_PK_MARKER = 2_147_483_647  # a pk no row of the page has: it marks where the pk goes in the reversed URL


def pk_url(name: str) -> Callable[[int], str]:
    """reverse(name, args=[pk]) for the many rows of a page: reversed once, the pk put in the marker's place
    (a reverse() per row cost as much as the rest of the row's cells)."""
    head, tail = reverse(name, args=[_PK_MARKER]).rsplit(str(_PK_MARKER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


@register.simple_tag
def queue_rows(section, now: datetime) -> str:
    """The <tr> rows of one queue table (tickets.desk_views.QueueSection).

    Built here, not in the template: a queue page has up to a hundred rows of ten cells, and the template
    engine spent more on them than the database spent finding them (the page's 50 ms budget). Every value
    goes through _e().
    """
    text, channels, priorities, statuses = _labels("row"), _labels("channel"), _labels("priority"), _labels("status")
    muted = '<td><span class="muted">{}</span></td>'.format
    ticket_url, take_url_of = pk_url("desk:ticket"), pk_url("desk:ticket_take")
    rows = []
    for ticket in section.tickets:
        number = _e(ticket.number)
        if section.linkable:
            cells = [f'<th scope="row"><a href="{_e(ticket_url(ticket.pk))}">{number}</a></th>']
        else:
            cells = [f'<th scope="row">{number}</th>']
        cells.append(f"<td>{_e(ticket.subject)}</td>" if section.show_subject else muted(_e(text["hidden"])))
        cells.append(f"<td>{_e(ticket.topic.name)}</td>" if ticket.topic_id else muted(_e(text["no_topic"])))
        cells.append(f"<td>{_e(channels.get(ticket.channel, ticket.channel))}</td>")
        priority, status = int(ticket.priority), _e(ticket.status)
        priority_label = _e(priorities.get(priority, priority))
        cells.append(f'<td><span class="priority priority-{priority}">{priority_label}</span></td>')
        cells.append(f'<td><span class="badge status-{status}">{_e(statuses.get(ticket.status, status))}</span></td>')
        if section.show_assignee:
            assignee = ticket.assignee
            cells.append(f"<td>{_e(assignee.display_name)}</td>" if assignee else muted(_e(text["queued"])))
        created = _e(localtime(ticket.created_at).isoformat())
        cells.append(f'<td><time datetime="{created}">{_e(waited(ticket.created_at, now))}</time></td>')
        cells.append(f"<td>{sla_timer_html(ticket.sla_timer)}</td>")
        if section.show_cause:
            cells.append(f"<td>{_e(_cause_text(ticket))}</td>")
        if section.show_take:
            take_url = _e(take_url_of(ticket.pk))
            cells.append(
                f'<td><button type="submit" formaction="{take_url}" class="button button-small">{_e(text["take"])}'
                f'<span class="visually-hidden"> {number}</span></button></td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped
